import { Collaborative, LONG_TEXT, PATHWAY_PHASES, SHORT_TEXT } from '@ledger/domain';
import { IsCalendarDate, IsDecimal, IsIntegerIn, IsNested, IsOneOf, IsRecordId, IsText } from '../shared/dto';

export class FormCollaborativeDto {
  @IsRecordId({ example: 'upper-valley-partnership' })
  id: string;

  @IsText(SHORT_TEXT, { example: 'Upper Valley Health Partnership' })
  name: string;

  @IsText(SHORT_TEXT, { example: 'Upper Valley, Ontario' })
  region: string;

  @IsIntegerIn(PATHWAY_PHASES, { example: 5, description: '1–5; 5 is Integrate' })
  pathwayPhase: number;
}

export class AdmitMemberDto {
  @IsRecordId({ example: 'riverside-community-health' })
  organizationId: string;

  @IsOneOf(Collaborative.MEMBER_ROLES)
  role: string;
}

export class IndicatorDto {
  @IsText(SHORT_TEXT, { example: 'Emergency visits per 1 000 residents' })
  name: string;

  @IsText(SHORT_TEXT, { example: 'visits per 1 000' })
  unit: string;

  @IsOneOf(Collaborative.POLARITIES)
  polarity: string;
}

export class DatedValueDto {
  @IsDecimal({ example: '412' })
  value: string;

  @IsCalendarDate({ example: '2026-01-01' })
  date: string;
}

export class SharedGoalDto {
  @IsRecordId({ optional: true, example: 'reduce-ed-visits' })
  id?: string;

  @IsText(SHORT_TEXT, { example: 'Fewer avoidable emergency visits' })
  title: string;

  @IsNested(IndicatorDto)
  indicator: IndicatorDto;

  @IsNested(DatedValueDto)
  baseline: DatedValueDto;

  @IsNested(DatedValueDto)
  target: DatedValueDto;
}

export class MeasurementDto {
  @IsDecimal({ example: '388' })
  value: string;

  @IsCalendarDate({ example: '2026-06-30' })
  periodEnd: string;

  @IsText(LONG_TEXT, { optional: true, example: 'Regional ED surveillance, Q2' })
  source?: string;
}

export class MeasurementCorrectionDto {
  @IsCalendarDate({ example: '2026-06-30', description: 'the period end of the measurement corrected (a goal has one measurement per period)' })
  periodEnd: string;

  @IsDecimal({ example: '391', description: 'the corrected value, which replaces the one in force' })
  value: string;

  @IsText(LONG_TEXT, { example: 'Late discharge records from one hospital were added' })
  reason: string;

  @IsText(LONG_TEXT, { optional: true, example: 'Regional ED surveillance, Q2, revised' })
  source?: string;
}

export class DepartureDto {
  @IsText(LONG_TEXT, { optional: true, example: 'Merged into another health system' })
  reason?: string;
}

export class RoleChangeDto {
  @IsOneOf(Collaborative.MEMBER_ROLES)
  role: string;

  @IsText(LONG_TEXT, { optional: true, example: 'Leads the food-access work' })
  reason?: string;
}

export class GoalRevisionDto {
  @IsText(SHORT_TEXT, { optional: true, example: 'Fewer avoidable emergency visits, region-wide' })
  title?: string;

  @IsNested(DatedValueDto, { optional: true, description: 'a new target (value, date); the indicator and baseline stay, so measurements keep their meaning' })
  target?: DatedValueDto;

  @IsText(LONG_TEXT, { example: 'The first target was met a year early' })
  reason: string;
}

export class PhaseChangeDto {
  @IsIntegerIn(PATHWAY_PHASES, { example: 5, description: '1–5; 5 is Integrate' })
  pathwayPhase: number;

  @IsText(LONG_TEXT, { optional: true, example: 'The group now holds shared funds and adjudicates disputes' })
  reason?: string;
}
