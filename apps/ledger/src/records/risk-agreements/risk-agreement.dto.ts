import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ID, idMessage, IsCalendarDate, IsText, LONG_TEXT, MoneyDto, RATE, rateMessage } from '../shared/dto';

export class PeriodDto {
  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  start: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  end: string;
}

export class RiskShareDto {
  @ApiProperty({ example: 'upper-valley-health' })
  @IsString()
  @Matches(ID, idMessage)
  organizationId: string;

  @ApiProperty({ example: 5000, description: 'basis points; all parties sum to 10 000' })
  @IsInt()
  @Min(1)
  @Max(10000)
  shareBps: number;
}

export class ProposeRiskAgreementDto {
  @ApiProperty({ example: 'upper-valley-partnership' })
  @IsString()
  @Matches(ID, idMessage)
  collaborativeId: string;

  @ApiProperty({ example: 'Shared savings on avoidable emergency visits, 2026' })
  @IsText()
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(LONG_TEXT)
  scope?: string;

  @ApiProperty({ type: PeriodDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PeriodDto)
  period: PeriodDto;

  @ApiProperty({ enum: ['upside_only', 'two_sided'] })
  @IsIn(['upside_only', 'two_sided'])
  model: string;

  @ApiProperty({ type: MoneyDto, example: { currency: 'USD', amount: '12000000.00' } })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  benchmark: MoneyDto;

  @ApiProperty({ example: '2' })
  @IsString()
  @Matches(RATE, rateMessage)
  minimumSavingsRate: string;

  @ApiPropertyOptional({ example: '2' })
  @IsOptional()
  @IsString()
  @Matches(RATE, rateMessage)
  minimumLossRate?: string;

  @ApiProperty({ example: '50' })
  @IsString()
  @Matches(RATE, rateMessage)
  sharingRate: string;

  @ApiPropertyOptional({ example: '40' })
  @IsOptional()
  @IsString()
  @Matches(RATE, rateMessage)
  lossSharingRate?: string;

  @ApiPropertyOptional({ example: '10' })
  @IsOptional()
  @IsString()
  @Matches(RATE, rateMessage)
  savingsCap?: string;

  @ApiPropertyOptional({ example: '5' })
  @IsOptional()
  @IsString()
  @Matches(RATE, rateMessage)
  lossCap?: string;

  @ApiProperty({ type: [RiskShareDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RiskShareDto)
  parties: RiskShareDto[];
}

export class PeriodResultDto {
  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  periodEnd: string;

  @ApiProperty({ type: MoneyDto, example: { currency: 'USD', amount: '11400000.00' } })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  actualCost: MoneyDto;
}

export class SettlementPaymentDto {
  @ApiProperty({ example: 'upper-valley-health' })
  @IsString()
  @Matches(ID, idMessage)
  fromOrganizationId: string;

  @ApiPropertyOptional({ example: 'riverside-community-health' })
  @IsOptional()
  @IsString()
  @Matches(ID, idMessage)
  toOrganizationId?: string;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiProperty({ example: '2027-03-15' })
  @IsCalendarDate()
  paidOn: string;
}
