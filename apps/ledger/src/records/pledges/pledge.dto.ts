import { AMENDED_INSTALLMENTS, INSTALLMENTS, LONG_TEXT, SHORT_TEXT } from '@ledger/domain';
import { IsCalendarDate, IsListOf, IsMoney, IsParty, IsRecordId, IsText, IsTrueOrFalse, PartyRefDto, PositiveMoneyDto } from '../shared/dto';

export class InstallmentDto {
  @IsCalendarDate({ example: '2026-09-30' })
  dueDate: string;

  @IsMoney({ positive: true })
  amount: PositiveMoneyDto;
}

export class MakePledgeDto {
  @IsRecordId({ example: 'upper-valley-partnership' })
  collaborativeId: string;

  @IsParty({ example: { organizationId: 'riverside-community-health' } })
  recipient: PartyRefDto;

  @IsText(LONG_TEXT, { example: 'Community health worker salaries, year one' })
  purpose: string;

  @IsMoney({ positive: true, example: { currency: 'USD', amount: '250000.00' } })
  amount: PositiveMoneyDto;

  @IsTrueOrFalse({ example: true, description: 'false: indicative; true: a firm commitment of funds' })
  binding: boolean;

  @IsListOf(InstallmentDto, INSTALLMENTS, { optional: true })
  schedule?: InstallmentDto[];

  @IsText(LONG_TEXT, { optional: true, example: 'Released on receipt of the quarterly enrolment report' })
  conditions?: string;

  @IsCalendarDate({
    optional: true,
    example: '2026-01-15',
    description: 'the day the pledge was made, when before today (default: today); no disbursement may be dated before it',
  })
  madeOn?: string;
}

export class DisbursementDto {
  @IsMoney({ positive: true })
  amount: PositiveMoneyDto;

  @IsCalendarDate({ example: '2026-10-01' })
  disbursedOn: string;

  @IsText(SHORT_TEXT, { example: 'WIRE-2026-10-001' })
  reference: string;
}

export class ReceiptDto {
  @IsCalendarDate({ optional: true, example: '2026-10-03' })
  receivedOn?: string;
}

export class AmendmentDto {
  @IsMoney({ positive: true, optional: true })
  amount?: PositiveMoneyDto;

  @IsListOf(InstallmentDto, AMENDED_INSTALLMENTS, { optional: true })
  schedule?: InstallmentDto[];

  @IsText(LONG_TEXT, { example: 'Second-year budget approved' })
  reason: string;
}
