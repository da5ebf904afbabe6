import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { DATE, dateMessage, ID, idMessage, LONG, MoneyDto, PartyRefDto, SHORT } from '../shared/dto';

export class InstallmentDto {
  @ApiProperty({ example: '2026-09-30' })
  @IsString()
  @Matches(DATE, dateMessage)
  dueDate: string;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;
}

export class MakePledgeDto {
  @ApiProperty({ example: 'upper-valley-partnership' })
  @IsString()
  @Matches(ID, idMessage)
  collaborativeId: string;

  @ApiProperty({ type: PartyRefDto, example: { organizationId: 'riverside-community-health' } })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PartyRefDto)
  recipient: PartyRefDto;

  @ApiProperty({ example: 'Community health worker salaries, year one' })
  @IsString()
  @Length(1, SHORT)
  purpose: string;

  @ApiProperty({ type: MoneyDto, example: { currency: 'USD', amount: '250000.00' } })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiProperty({ example: true, description: 'false: indicative; true: a firm commitment of funds' })
  @IsBoolean()
  binding: boolean;

  @ApiPropertyOptional({ type: [InstallmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(240)
  @ValidateNested({ each: true })
  @Type(() => InstallmentDto)
  schedule?: InstallmentDto[];

  @ApiPropertyOptional({ example: 'Released on receipt of the quarterly enrolment report' })
  @IsOptional()
  @IsString()
  @Length(1, LONG)
  conditions?: string;
}

export class DisbursementDto {
  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiProperty({ example: '2026-10-01' })
  @IsString()
  @Matches(DATE, dateMessage)
  disbursedOn: string;

  @ApiProperty({ example: 'WIRE-2026-10-001' })
  @IsString()
  @Length(1, SHORT)
  reference: string;
}

export class ReceiptDto {
  @ApiPropertyOptional({ example: '2026-10-03' })
  @IsOptional()
  @IsString()
  @Matches(DATE, dateMessage)
  receivedOn?: string;
}

export class AmendmentDto {
  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount?: MoneyDto;

  @ApiPropertyOptional({ type: [InstallmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(240)
  @ValidateNested({ each: true })
  @Type(() => InstallmentDto)
  schedule?: InstallmentDto[];

  @ApiProperty({ example: 'Second-year budget approved' })
  @IsString()
  @Length(1, LONG)
  reason: string;
}
