import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { InvalidCommandError, LONG_TEXT, requireDate, requireText, SHORT_TEXT } from '@ledger/domain';

/** Shapes of values that recur in command bodies. The domain checks meaning; these check form. */
export const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
export const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
export const AMOUNT = /^-?\d{1,15}(\.\d{1,3})?$/;
export const RATE = /^\d{1,3}(\.\d{1,4})?$/;

export const idMessage = { message: '$property must be a lowercase slug (a-z, 0-9, -), 2 to 63 characters' };
export const decimalMessage = { message: '$property must be a decimal number as a string, e.g. "12.5"' };
export const rateMessage = { message: '$property must be a percentage as a decimal string, e.g. "2.5"' };

export { LONG_TEXT, SHORT_TEXT };

/**
 * A property checked by the domain's own rule (libs/domain/src/shared/validation.ts), so that a
 * body and the command it becomes get the same answer. One constraint per code the rule refuses
 * with, named by it: each entry of the problem's `errors` then carries the rule's code.
 */
function DomainRule(codes: readonly string[], check: (value: unknown, path: string) => unknown): PropertyDecorator {
  return (target, property) => {
    for (const code of codes) {
      registerDecorator({
        name: code,
        target: target.constructor,
        propertyName: String(property),
        validator: {
          validate: (value: unknown, args: ValidationArguments) => refusalOf(check, value, args.property)?.code !== code,
          defaultMessage: (args?: ValidationArguments) => (args && refusalOf(check, args.value, args.property)?.detail) ?? code,
        },
      });
    }
  };
}

function refusalOf(check: (value: unknown, path: string) => unknown, value: unknown, path: string): InvalidCommandError | null {
  try {
    check(value, path);
    return null;
  } catch (error) {
    if (error instanceof InvalidCommandError) return error;
    throw error;
  }
}

/** Text a person writes: a string, well-formed Unicode, with something visible, at most `max` characters. */
export const IsText = (max = SHORT_TEXT) => DomainRule(['required', 'invalid_unicode', 'text_too_long'], (value, path) => requireText(value, path, max));

/** A calendar date `YYYY-MM-DD` of a sane year (1900–2999). */
export const IsCalendarDate = () => DomainRule(['invalid_date', 'date_out_of_range'], requireDate);

export class MoneyDto {
  @ApiProperty({ example: 'USD', description: 'ISO 4217 code' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency: string;

  @ApiProperty({ example: '250000.00', description: 'decimal string, no more fraction digits than the currency has' })
  @IsString()
  @Matches(AMOUNT, { message: 'amount must be a decimal string such as "250000.00" (never a number)' })
  amount: string;
}

export class EvidenceDto {
  @ApiProperty({ example: 'https://example.org/reports/q3.pdf' })
  @IsText(2000)
  @Matches(/^https?:\/\/\S+$/, { message: 'uri must be an http(s) URL' })
  uri: string;

  @ApiProperty({ example: 'a'.repeat(64), description: 'SHA-256 of the evidence, hex' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256: string;
}

export class SignatoryDto {
  @ApiProperty({ example: 'Dr. Amina Rahman' })
  @IsText()
  name: string;

  @ApiProperty({ example: 'Chief Executive Officer' })
  @IsText()
  title: string;
}

export class SignatureDto {
  @ApiProperty({ type: SignatoryDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SignatoryDto)
  signatory: SignatoryDto;
}

@ValidatorConstraint({ name: 'exactlyOneParty' })
class ExactlyOneParty implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    const party = args.object as PartyRefDto;
    return (party.organizationId === undefined) !== (party.collaborativeId === undefined);
  }
  defaultMessage(): string {
    return 'give exactly one of organizationId or collaborativeId';
  }
}

/** `{ organizationId }` or `{ collaborativeId }`: a promisee or a recipient. */
export class PartyRefDto {
  @ApiPropertyOptional({ example: 'riverside-community-health' })
  @IsOptional()
  @IsString()
  @Matches(ID, idMessage)
  organizationId?: string;

  @ApiPropertyOptional({ example: 'upper-valley-partnership' })
  @IsOptional()
  @IsString()
  @Matches(ID, idMessage)
  collaborativeId?: string;

  @Validate(ExactlyOneParty)
  private readonly exactlyOne?: undefined;
}

export class ReasonDto {
  @ApiProperty({ example: 'Funding for the programme was not renewed' })
  @IsText(LONG_TEXT)
  reason: string;
}

export class RationaleDto {
  @ApiProperty({ example: 'The due date passed without a delivery claim' })
  @IsText(LONG_TEXT)
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
