import { LONG_TEXT, RISK_AGREEMENT_PARTIES, RiskAgreement, SHARE_BPS, SHORT_TEXT } from '@ledger/domain';
import { IsCalendarDate, IsIntegerIn, IsListOf, IsMoney, IsNested, IsOneOf, IsRate, IsRecordId, IsText, MoneyDto, PositiveMoneyDto } from '../shared/dto';

export class PeriodDto {
  @IsCalendarDate({ example: '2026-01-01' })
  start: string;

  @IsCalendarDate({ example: '2026-12-31' })
  end: string;
}

export class RiskShareDto {
  @IsRecordId()
  organizationId: string;

  @IsIntegerIn(SHARE_BPS, { example: 5000, description: 'basis points; all parties sum to 10 000' })
  shareBps: number;
}

export class ProposeRiskAgreementDto {
  @IsRecordId({ example: 'upper-valley-partnership' })
  collaborativeId: string;

  @IsText(SHORT_TEXT, { example: 'Shared savings on avoidable emergency visits, 2026' })
  title: string;

  @IsText(LONG_TEXT, { optional: true })
  scope?: string;

  @IsNested(PeriodDto)
  period: PeriodDto;

  @IsOneOf(RiskAgreement.RISK_MODELS)
  model: string;

  @IsMoney({ positive: true, example: { currency: 'USD', amount: '12000000.00' } })
  benchmark: PositiveMoneyDto;

  @IsRate({ example: '2' })
  minimumSavingsRate: string;

  @IsRate({ optional: true, example: '2' })
  minimumLossRate?: string;

  @IsRate({ example: '50' })
  sharingRate: string;

  @IsRate({ optional: true, example: '40' })
  lossSharingRate?: string;

  @IsRate({ optional: true, example: '10' })
  savingsCap?: string;

  @IsRate({ optional: true, example: '5' })
  lossCap?: string;

  @IsListOf(RiskShareDto, RISK_AGREEMENT_PARTIES)
  parties: RiskShareDto[];
}

export class PeriodResultDto {
  @IsCalendarDate({ example: '2026-12-31' })
  periodEnd: string;

  /** Never negative: the domain refuses a negative cost (negative_cost), a rule of the result. */
  @IsMoney({ example: { currency: 'USD', amount: '11400000.00' } })
  actualCost: MoneyDto;
}

export class SettlementPaymentDto {
  @IsRecordId({ example: 'upper-valley-health' })
  fromOrganizationId: string;

  @IsRecordId({ optional: true, example: 'riverside-community-health' })
  toOrganizationId?: string;

  @IsMoney({ positive: true })
  amount: PositiveMoneyDto;

  @IsCalendarDate({ example: '2027-03-15' })
  paidOn: string;
}
