import type { DomainEvent } from '../shared/decider';
import type { Signatory } from '../shared/signatory';
import type { ExternalMoney } from '../money/money';
import type { Period } from './commands';
import type { RiskModel, RiskShare } from './settlement';

type Data<T> = { agreementId: string } & T;

/** Rates are stored as canonical percentage strings, money as canonical `{ currency, amount }`. */
export type RiskAgreementProposed = DomainEvent<
  'RiskAgreementProposed',
  Data<{
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
  }>
>;
export type RiskAgreementSigned = DomainEvent<'RiskAgreementSigned', Data<{ organizationId: string; signatory: Signatory }>>;
/** Emitted by the ledger itself with the last party's signature. */
export type RiskAgreementTookEffect = DomainEvent<'RiskAgreementTookEffect', Data<{ period: Period }>>;
/** `by`: the steward, or the collaborative's id when a resolution (`resolutionId`) recorded it. */
export type PeriodResultRecorded = DomainEvent<'PeriodResultRecorded', Data<{ by: string; periodEnd: string; actualCost: ExternalMoney; resolutionId?: string }>>;
/** Emitted by the ledger itself with the result: computeSettlement of the terms and the actual cost. */
export type SettlementDetermined = DomainEvent<
  'SettlementDetermined',
  Data<{
    settlementId: string;
    periodEnd: string;
    savings: ExternalMoney;
    pool: ExternalMoney;
    parts: { organizationId: string; amount: ExternalMoney }[];
  }>
>;
export type SettlementPaymentRecorded = DomainEvent<
  'SettlementPaymentRecorded',
  Data<{
    settlementId: string;
    paymentId: string;
    fromOrganizationId: string;
    toOrganizationId?: string;
    amount: ExternalMoney;
    paidOn: string;
  }>
>;

export type RiskAgreementEvent =
  | RiskAgreementProposed
  | RiskAgreementSigned
  | RiskAgreementTookEffect
  | PeriodResultRecorded
  | SettlementDetermined
  | SettlementPaymentRecorded;

export const RISK_AGREEMENT_EVENT_SCHEMA_VERSIONS = {
  RiskAgreementProposed: 1,
  RiskAgreementSigned: 1,
  RiskAgreementTookEffect: 1,
  PeriodResultRecorded: 1,
  SettlementDetermined: 1,
  SettlementPaymentRecorded: 1,
} as const satisfies Record<RiskAgreementEvent['type'], number>;
