import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';

/** Shapes of values that recur in command bodies. The domain checks meaning; these check form. */
export const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
export const AMOUNT = /^-?\d{1,15}(\.\d{1,3})?$/;
export const RATE = /^\d{1,3}(\.\d{1,4})?$/;

export const idMessage = { message: '$property must be a lowercase slug (a-z, 0-9, -), 2 to 63 characters' };
export const dateMessage = { message: '$property must be a date YYYY-MM-DD' };
export const decimalMessage = { message: '$property must be a decimal number as a string, e.g. "12.5"' };
export const rateMessage = { message: '$property must be a percentage as a decimal string, e.g. "2.5"' };

export const SHORT = 200;
export const LONG = 5000;

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
  @IsString()
  @MaxLength(2000)
  @Matches(/^https?:\/\/\S+$/, { message: 'uri must be an http(s) URL' })
  uri: string;

  @ApiProperty({ example: 'a'.repeat(64), description: 'SHA-256 of the evidence, hex' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256: string;
}

export class SignatoryDto {
  @ApiProperty({ example: 'Dr. Amina Rahman' })
  @IsString()
  @Length(1, SHORT)
  name: string;

  @ApiProperty({ example: 'Chief Executive Officer' })
  @IsString()
  @Length(1, SHORT)
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
  @IsString()
  @Length(1, LONG)
  reason: string;
}

export class RationaleDto {
  @ApiProperty({ example: 'The due date passed without a delivery claim' })
  @IsString()
  @Length(1, LONG)
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
