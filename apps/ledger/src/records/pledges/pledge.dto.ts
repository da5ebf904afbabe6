import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { ID, idMessage, IsCalendarDate, IsText, LONG_TEXT, MoneyDto, PartyRefDto } from '../shared/dto';

export class InstallmentDto {
  @ApiProperty({ example: '2026-09-30' })
  @IsCalendarDate()
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
  @IsText(LONG_TEXT)
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
  @IsText(LONG_TEXT)
  conditions?: string;

  @ApiPropertyOptional({ example: '2026-01-15', description: 'the day the pledge was made, when before today (default: today); no disbursement may be dated before it' })
  @IsOptional()
  @IsCalendarDate()
  madeOn?: string;
}

export class DisbursementDto {
  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiProperty({ example: '2026-10-01' })
  @IsCalendarDate()
  disbursedOn: string;

  @ApiProperty({ example: 'WIRE-2026-10-001' })
  @IsText()
  reference: string;
}

export class ReceiptDto {
  @ApiPropertyOptional({ example: '2026-10-03' })
  @IsOptional()
  @IsCalendarDate()
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
  @IsText(LONG_TEXT)
  reason: string;
}
