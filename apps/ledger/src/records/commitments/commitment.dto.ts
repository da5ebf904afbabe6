import { Commitment, LONG_TEXT, SHORT_TEXT } from '@ledger/domain';
import { EvidenceDto, IsCalendarDate, IsDecimal, IsNested, IsOneOf, IsParty, IsRecordId, IsText, PartyRefDto } from '../shared/dto';

export class MeasureDto {
  @IsText(SHORT_TEXT, { example: 'Residents enrolled in care navigation' })
  indicator: string;

  @IsText(SHORT_TEXT, { example: 'people' })
  unit: string;

  @IsDecimal({ example: '400' })
  target: string;
}

export class MakeCommitmentDto {
  @IsRecordId({ example: 'upper-valley-partnership' })
  collaborativeId: string;

  @IsParty({ example: { collaborativeId: 'upper-valley-partnership' } })
  promisee: PartyRefDto;

  @IsText(SHORT_TEXT, { example: 'Enrol 400 residents in care navigation' })
  title: string;

  @IsText(LONG_TEXT, { optional: true, example: 'Community health workers enrol residents with two or more chronic conditions.' })
  description?: string;

  @IsText(LONG_TEXT, { optional: true, example: 'Quarterly enrolment report' })
  deliverable?: string;

  @IsNested(MeasureDto, { optional: true })
  measure?: MeasureDto;

  @IsCalendarDate({ example: '2027-06-30' })
  dueDate: string;

  @IsRecordId({ optional: true, example: 'reduce-ed-visits' })
  goalId?: string;

  @IsRecordId({ optional: true, example: '0190c6a4-6f8e-7cc1-9d2a-1f4b7d0e9a11' })
  partnershipId?: string;
}

export class ProgressDto {
  @IsText(LONG_TEXT, { example: '120 residents enrolled so far' })
  note: string;

  @IsDecimal({ optional: true, example: '120' })
  value?: string;

  @IsNested(EvidenceDto, { optional: true })
  evidence?: EvidenceDto;
}

export class RevisionDto {
  @IsCalendarDate({ optional: true, example: '2027-09-30' })
  dueDate?: string;

  @IsDecimal({ optional: true, example: '350' })
  target?: string;

  @IsText(LONG_TEXT, { optional: true })
  description?: string;

  @IsText(LONG_TEXT, { example: 'Recruitment of community health workers took longer than planned' })
  reason: string;
}

export class DeliveryDto {
  @IsCalendarDate({ example: '2027-06-20' })
  deliveredOn: string;

  @IsDecimal({ optional: true, example: '412' })
  value?: string;

  @IsNested(EvidenceDto, { optional: true })
  evidence?: EvidenceDto;
}

export class DisputeResolutionDto {
  @IsOneOf(Commitment.DISPUTE_OUTCOMES)
  outcome: Commitment.DisputeOutcome;

  @IsDecimal({ optional: true, example: '300', description: 'required for partially_delivered' })
  value?: string;

  @IsText(LONG_TEXT, { example: 'Enrolment records show 300 of 400 residents' })
  rationale: string;
}
