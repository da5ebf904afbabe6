import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { DECIMAL, decimalMessage, EvidenceDto, ID, idMessage, IsCalendarDate, IsText, LONG_TEXT, PartyRefDto, RECORD_ID } from '../shared/dto';

export class MeasureDto {
  @ApiProperty({ example: 'Residents enrolled in care navigation' })
  @IsText()
  indicator: string;

  @ApiProperty({ example: 'people' })
  @IsText()
  unit: string;

  @ApiProperty({ example: '400' })
  @IsString()
  @Matches(DECIMAL, decimalMessage)
  target: string;
}

export class MakeCommitmentDto {
  @ApiProperty({ example: 'upper-valley-partnership' })
  @IsString()
  @Matches(ID, idMessage)
  collaborativeId: string;

  @ApiProperty({ type: PartyRefDto, example: { collaborativeId: 'upper-valley-partnership' } })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PartyRefDto)
  promisee: PartyRefDto;

  @ApiProperty({ example: 'Enrol 400 residents in care navigation' })
  @IsText()
  title: string;

  @ApiPropertyOptional({ example: 'Community health workers enrol residents with two or more chronic conditions.' })
  @IsOptional()
  @IsText(LONG_TEXT)
  description?: string;

  @ApiPropertyOptional({ example: 'Quarterly enrolment report' })
  @IsOptional()
  @IsText(LONG_TEXT)
  deliverable?: string;

  @ApiPropertyOptional({ type: MeasureDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MeasureDto)
  measure?: MeasureDto;

  @ApiProperty({ example: '2027-06-30' })
  @IsCalendarDate()
  dueDate: string;

  @ApiPropertyOptional({ example: 'reduce-ed-visits' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID, { message: 'goalId must be a record id' })
  goalId?: string;

  @ApiPropertyOptional({ example: '0190c6a4-6f8e-7cc1-9d2a-1f4b7d0e9a11' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID, { message: 'partnershipId must be a record id' })
  partnershipId?: string;
}

export class ProgressDto {
  @ApiProperty({ example: '120 residents enrolled so far' })
  @IsText(LONG_TEXT)
  note: string;

  @ApiPropertyOptional({ example: '120' })
  @IsOptional()
  @IsString()
  @Matches(DECIMAL, decimalMessage)
  value?: string;

  @ApiPropertyOptional({ type: EvidenceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto;
}

export class RevisionDto {
  @ApiPropertyOptional({ example: '2027-09-30' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ example: '350' })
  @IsOptional()
  @IsString()
  @Matches(DECIMAL, decimalMessage)
  target?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(LONG_TEXT)
  description?: string;

  @ApiProperty({ example: 'Recruitment of community health workers took longer than planned' })
  @IsText(LONG_TEXT)
  reason: string;
}

export class DeliveryDto {
  @ApiProperty({ example: '2027-06-20' })
  @IsCalendarDate()
  deliveredOn: string;

  @ApiPropertyOptional({ example: '412' })
  @IsOptional()
  @IsString()
  @Matches(DECIMAL, decimalMessage)
  value?: string;

  @ApiPropertyOptional({ type: EvidenceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto;
}

export class DisputeResolutionDto {
  @ApiProperty({ enum: ['delivered', 'partially_delivered', 'not_delivered'] })
  @IsIn(['delivered', 'partially_delivered', 'not_delivered'])
  outcome: 'delivered' | 'partially_delivered' | 'not_delivered';

  @ApiPropertyOptional({ example: '300', description: 'required for partially_delivered' })
  @IsOptional()
  @IsString()
  @Matches(DECIMAL, decimalMessage)
  value?: string;

  @ApiProperty({ example: 'Enrolment records show 300 of 400 residents' })
  @IsText(LONG_TEXT)
  rationale: string;
}
