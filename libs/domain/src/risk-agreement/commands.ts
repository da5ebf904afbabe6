import type { Command } from '../shared/decider';
import type { Signatory } from '../shared/signatory';
import type { ExternalMoney } from '../money/money';
import type { RiskModel, RiskShare } from './settlement';

export interface Period {
  start: string;
  end: string;
}

/**
 * A party that is a current member or steward, or any steward. Rates are percentages as decimal
 * strings ("2.5" = 2.5 %); caps are percentages of the benchmark. The benchmark's currency is the
 * agreement's currency. Loss terms are for two_sided only (and required there).
 */
export type ProposeRiskAgreement = Command<
  'ProposeRiskAgreement',
  {
    id: string;
    collaborativeId: string;
    title: string;
    scope?: string;
    period: Period;
    model: RiskModel;
    benchmark: ExternalMoney;
    minimumSavingsRate: string;
    minimumLossRate?: string;
    sharingRate: string;
    lossSharingRate?: string;
    savingsCap?: string;
    lossCap?: string;
    parties: RiskShare[];
  }
>;
/** Each party, for itself, once. */
export type SignRiskAgreement = Command<'SignRiskAgreement', { signatory: Signatory }>;
/**
 * record_risk_result: a steward that is not a party, or a resolution; once the agreement is in
 * effect. periodEnd is the period's end.
 */
export type RecordPeriodResult = Command<'RecordPeriodResult', { periodEnd: string; actualCost: ExternalMoney }>;
/** A party (for a payment it makes or receives) or a steward. */
export type RecordSettlementPayment = Command<
  'RecordSettlementPayment',
  { settlementId: string; fromOrganizationId: string; toOrganizationId?: string; amount: ExternalMoney; paidOn: string }
>;

export type RiskAgreementCommand = ProposeRiskAgreement | SignRiskAgreement | RecordPeriodResult | RecordSettlementPayment;
