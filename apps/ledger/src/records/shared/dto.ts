import { IsEmpty } from 'class-validator';
import {
  CURRENCY_MINOR_UNITS,
  isCurrencyCode,
  LONG_TEXT,
  MONEY_AMOUNT,
  parseMoney,
  requireAmount,
  requireCurrency,
  requireOrganizationOrCollaborative,
  requirePositiveAmount,
  SHORT_TEXT,
} from '@ledger/domain';
import { DomainRule, IsNested, IsRecordId, IsSha256, IsText, IsUri, property, type PropertyOptions } from './rules';

/** Values that recur in command bodies, each property one rule of the domain (./rules.ts). */
export * from './rules';

const currencySchema = { type: 'string', enum: Object.keys(CURRENCY_MINOR_UNITS), example: 'USD', description: 'ISO 4217 code' } as const;
const amountSchema = {
  type: 'string',
  pattern: MONEY_AMOUNT.source,
  example: '250000.00',
  description: 'decimal string, no more fraction digits than the currency has',
} as const;

/**
 * The amount is checked against its currency's digits (requireAmount): "1.005" is refused in USD
 * with too_many_fraction_digits, as the domain refuses it; with a currency the ledger does not know,
 * only the currency is refused (the domain stops there too).
 */
const amountOf =
  (check: typeof requireAmount) =>
  (value: unknown, path: string, money: Record<string, unknown>): unknown =>
    isCurrencyCode(money.currency) ? check(value, money.currency, path) : undefined;

/** `{ currency, amount }`: any amount (an actual cost may be zero). */
export class MoneyDto {
  @property({}, currencySchema)
  @DomainRule(['unknown_currency'], requireCurrency)
  currency: string;

  @property({}, amountSchema)
  @DomainRule(['invalid_money_amount', 'too_many_fraction_digits'], amountOf(requireAmount))
  amount: string;
}

/** `{ currency, amount }` with an amount greater than zero (pledged, disbursed, paid, a benchmark). */
export class PositiveMoneyDto {
  @property({}, currencySchema)
  @DomainRule(['unknown_currency'], requireCurrency)
  currency: string;

  @property({}, { ...amountSchema, description: 'decimal string greater than zero, no more fraction digits than the currency has' })
  @DomainRule(['invalid_money_amount', 'too_many_fraction_digits', 'amount_not_positive'], amountOf(requirePositiveAmount))
  amount: string;
}

/** Money `{ currency, amount }` (parseMoney); `positive`: greater than zero (parsePositiveMoney). */
export const IsMoney = (options: PropertyOptions & { positive?: boolean } = {}) =>
  IsNested(options.positive ? PositiveMoneyDto : MoneyDto, options, ['invalid_money'], parseMoney);

export class EvidenceDto {
  @IsUri()
  uri: string;

  @IsSha256({ description: 'SHA-256 of the evidence, hex' })
  sha256: string;

  @IsText(SHORT_TEXT, { optional: true, example: 'enrolment-report-q2.pdf', description: 'the file’s name (the app hashes the file in the browser; the ledger keeps the digest, the name and the link, never the file)' })
  name?: string;
}

export class SignatoryDto {
  @IsText(SHORT_TEXT, { example: 'Dr. Amina Rahman' })
  name: string;

  @IsText(SHORT_TEXT, { example: 'Chief Executive Officer' })
  title: string;
}

export class SignatureDto {
  @IsNested(SignatoryDto)
  signatory: SignatoryDto;
}

/** `{ organizationId }` or `{ collaborativeId }`: a promisee or a recipient. */
export class PartyRefDto {
  @IsRecordId({ optional: true, example: 'riverside-community-health' })
  organizationId?: string;

  @IsRecordId({ optional: true, example: 'upper-valley-partnership' })
  collaborativeId?: string;
}

/** A promisee or a recipient: exactly one of organizationId and collaborativeId (requireOrganizationOrCollaborative). */
export const IsParty = (options: PropertyOptions = {}) =>
  IsNested(PartyRefDto, options, ['invalid_object', 'invalid_counterparty'], requireOrganizationOrCollaborative);

export class ReasonDto {
  @IsText(LONG_TEXT, { example: 'Funding for the programme was not renewed' })
  reason: string;
}

export class RationaleDto {
  @IsText(LONG_TEXT, { example: 'The due date passed without a delivery claim' })
  rationale: string;
}

/**
 * Commands with an empty body (`{}`, or no body). The one decorated property exists only so the
 * validator knows the class; sent with a value it is refused like any unknown property.
 */
export class EmptyDto {
  @IsEmpty({ message: 'property $property should not exist' })
  private readonly _?: never;
}

/** A validated DTO instance as plain data for a command. */
export function plain<T extends object>(dto: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(dto ?? {}));
}
