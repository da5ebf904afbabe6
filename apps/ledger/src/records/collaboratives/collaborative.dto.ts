import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DECIMAL, decimalMessage, ID, idMessage, IsCalendarDate, IsText, LONG_TEXT, RECORD_ID } from '../shared/dto';

export class FormCollaborativeDto {
  @ApiProperty({ example: 'upper-valley-partnership' })
  @IsString()
  @Matches(ID, idMessage)
  id: string;

  @ApiProperty({ example: 'Upper Valley Health Partnership' })
  @IsText()
  name: string;

  @ApiProperty({ example: 'Upper Valley, Ontario' })
  @IsText()
  region: string;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: '1–5; 5 is Integrate' })
  @IsInt()
  @Min(1)
  @Max(5)
  pathwayPhase: number;
}

export class AdmitMemberDto {
  @ApiProperty({ example: 'riverside-community-health' })
  @IsString()
  @Matches(ID, idMessage)
  organizationId: string;

  @ApiProperty({ enum: ['steward', 'member', 'auditor', 'observer'] })
  @IsIn(['steward', 'member', 'auditor', 'observer'])
  role: string;
}

export class IndicatorDto {
  @ApiProperty({ example: 'Emergency visits per 1 000 residents' })
  @IsText()
  name: string;

  @ApiProperty({ example: 'visits per 1 000' })
  @IsText()
  unit: string;

  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] })
  @IsIn(['higher_is_better', 'lower_is_better'])
  polarity: string;
}

export class DatedValueDto {
  @ApiProperty({ example: '412' })
  @IsString()
  @Matches(DECIMAL, decimalMessage)
  value: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  date: string;
}

export class SharedGoalDto {
  @ApiPropertyOptional({ example: 'reduce-ed-visits' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID, { message: 'id must be a record id' })
  id?: string;

  @ApiProperty({ example: 'Fewer avoidable emergency visits' })
  @IsText()
  title: string;

  @ApiProperty({ type: IndicatorDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => IndicatorDto)
  indicator: IndicatorDto;

  @ApiProperty({ type: DatedValueDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DatedValueDto)
  baseline: DatedValueDto;

  @ApiProperty({ type: DatedValueDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DatedValueDto)
  target: DatedValueDto;
}

export class MeasurementDto {
  @ApiProperty({ example: '388' })
  @IsString()
  @Matches(DECIMAL, decimalMessage)
  value: string;

  @ApiProperty({ example: '2026-06-30' })
  @IsCalendarDate()
  periodEnd: string;

  @ApiPropertyOptional({ example: 'Regional ED surveillance, Q2' })
  @IsOptional()
  @IsText(LONG_TEXT)
  source?: string;
}

export class DepartureDto {
  @ApiPropertyOptional({ example: 'Merged into another health system' })
  @IsOptional()
  @IsText(LONG_TEXT)
  reason?: string;
}

export class RoleChangeDto {
  @ApiProperty({ enum: ['steward', 'member', 'auditor', 'observer'] })
  @IsIn(['steward', 'member', 'auditor', 'observer'])
  role: string;

  @ApiPropertyOptional({ example: 'Leads the food-access work' })
  @IsOptional()
  @IsText(LONG_TEXT)
  reason?: string;
}

export class GoalRevisionDto {
  @ApiPropertyOptional({ example: 'Fewer avoidable emergency visits, region-wide' })
  @IsOptional()
  @IsText()
  title?: string;

  @ApiPropertyOptional({ type: DatedValueDto, description: 'a new target (value, date); the indicator and baseline stay, so measurements keep their meaning' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DatedValueDto)
  target?: DatedValueDto;

  @ApiProperty({ example: 'The first target was met a year early' })
  @IsText(LONG_TEXT)
  reason: string;
}

export class PhaseChangeDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: '1–5; 5 is Integrate' })
  @IsInt()
  @Min(1)
  @Max(5)
  pathwayPhase: number;

  @ApiPropertyOptional({ example: 'The group now holds shared funds and adjudicates disputes' })
  @IsOptional()
  @IsText(LONG_TEXT)
  reason?: string;
}
