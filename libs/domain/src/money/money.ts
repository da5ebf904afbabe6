/**
 * Money: an ISO 4217 currency and an integer number of minor units (bigint). Outside the domain,
 * and in stored events, money is `{ currency, amount }` with a decimal string, so it stays exact
 * and readable. Floats never appear: JSON numbers are refused on the way in.
 */
import { InvalidCommandError, RuleViolation } from '../shared/domain-error';
import { isCurrencyCode, minorUnitsOf } from './currencies';

export interface Money {
  readonly currency: string;
  readonly minor: bigint;
}

/** The external and stored form: `{ currency: "USD", amount: "250000.00" }`. */
export interface ExternalMoney {
  readonly currency: string;
  readonly amount: string;
}

/**
 * At most this many whole digits: generous for any real amount, and keeps absurd inputs from
 * becoming huge bigints. A limit on digits, not on characters, so that what the ledger writes — the
 * canonical form, with the currency's fraction digits added ("1" is stored "1.00"), or a figure it
 * computed (savings = benchmark − actual cost, negative when the cost is higher) — reads back under
 * the same rule when the record is loaded (evolve parses its stored amounts with parseMoney).
 */
export const MAX_AMOUNT_DIGITS = 40;
/** A decimal string: no sign but '-', no leading zeros, at most MAX_AMOUNT_DIGITS whole digits. */
export const MONEY_AMOUNT = new RegExp(`^(-?)(0|[1-9]\\d{0,${MAX_AMOUNT_DIGITS - 1}})(?:\\.(\\d+))?$`);

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : `${typeof value} ${String(value)}`;
}

/** An ISO 4217 code the ledger knows (currencies.ts): "USD", never "usd" or "XYZ". */
export function requireCurrency(value: unknown, path: string): string {
  if (!isCurrencyCode(value)) throw new InvalidCommandError('unknown_currency', `${path} must be an ISO 4217 code such as "USD", got ${describe(value)}`, path);
  return value;
}

/**
 * An amount of `currency` (a known code) as a decimal string, in minor units. Refuses numbers
 * (floats), exponent notation, '+', whitespace, leading zeros, more than MAX_AMOUNT_DIGITS whole
 * digits, and more fraction digits than the currency has — a rule that depends on the currency.
 */
export function requireAmount(value: unknown, currency: string, path: string): bigint {
  const match = typeof value === 'string' ? MONEY_AMOUNT.exec(value) : null;
  if (!match) {
    throw new InvalidCommandError('invalid_money_amount', `${path} must be a decimal string such as "250000.00" (not a number), got ${describe(value)}`, path);
  }
  const digits = minorUnitsOf(currency);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    throw new InvalidCommandError('too_many_fraction_digits', `${path} ${describe(value)} has ${fraction.length} fraction digits; ${currency} has ${digits}`, path);
  }
  const magnitude = BigInt(whole + fraction.padEnd(digits, '0'));
  return sign === '-' ? -magnitude : magnitude;
}

/** An amount greater than zero (pledges, disbursements, payments, benchmarks). */
export function requirePositiveAmount(value: unknown, currency: string, path: string): bigint {
  const minor = requireAmount(value, currency, path);
  if (minor <= 0n) {
    throw new InvalidCommandError('amount_not_positive', `${path} must be greater than zero, got ${formatAmount({ currency, minor })}`, path);
  }
  return minor;
}

function moneyInput(input: unknown, path: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidCommandError('invalid_money', `${path} must be an object { currency, amount }, got ${describe(input)}`, path);
  }
  return input as Record<string, unknown>;
}

/** Parses the external form `{ currency, amount }`: requireCurrency, then requireAmount. */
export function parseMoney(input: unknown, path = 'amount'): Money {
  const { currency: code, amount } = moneyInput(input, path);
  const currency = requireCurrency(code, `${path}.currency`);
  return { currency, minor: requireAmount(amount, currency, `${path}.amount`) };
}

/** The canonical decimal string: exactly the currency's fraction digits ("250000.00", JPY "1500"). */
export function formatAmount(money: Money): string {
  const digits = minorUnitsOf(money.currency);
  const negative = money.minor < 0n;
  const text = (negative ? -money.minor : money.minor).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export function formatMoney(money: Money): ExternalMoney {
  return { currency: money.currency, amount: formatAmount(money) };
}

/** Parses and re-formats, for storing an input in events in its canonical form. */
export function canonicalMoney(input: unknown, path?: string): ExternalMoney {
  return formatMoney(parseMoney(input, path));
}

export function money(currency: string, minor: bigint): Money {
  minorUnitsOf(currency);
  return { currency, minor };
}

export function zeroMoney(currency: string): Money {
  return money(currency, 0n);
}

/** Mixing currencies in arithmetic is refused: there is no implicit exchange rate. */
export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RuleViolation('currency_mismatch', `cannot combine ${a.currency} with ${b.currency}; amounts must be in one currency`);
  }
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { currency: a.currency, minor: a.minor + b.minor };
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { currency: a.currency, minor: a.minor - b.minor };
}

export function negateMoney(a: Money): Money {
  return { currency: a.currency, minor: -a.minor };
}

/** -1, 0 or 1, like a sort comparator. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

export function minMoney(a: Money, b: Money): Money {
  return compareMoney(a, b) <= 0 ? a : b;
}

export function sumMoney(currency: string, amounts: Iterable<Money>): Money {
  let total = zeroMoney(currency);
  for (const amount of amounts) total = addMoney(total, amount);
  return total;
}

export function isZero(a: Money): boolean {
  return a.minor === 0n;
}

export function isPositive(a: Money): boolean {
  return a.minor > 0n;
}

/** Parses a money input that must be strictly positive (pledges, disbursements, payments). */
export function parsePositiveMoney(input: unknown, path = 'amount'): Money {
  const { currency: code, amount } = moneyInput(input, path);
  const currency = requireCurrency(code, `${path}.currency`);
  return { currency, minor: requirePositiveAmount(amount, currency, `${path}.amount`) };
}
