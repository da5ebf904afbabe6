import type { Signatory } from '../shared/signatory';
import { sumMoney, type Money } from '../money/money';
import type { Period } from './commands';
import type { SettlementPart, SettlementTerms } from './settlement';

export interface SettlementPayment {
  readonly paymentId: string;
  readonly fromOrganizationId: string;
  readonly toOrganizationId?: string;
  readonly amount: Money;
  readonly paidOn: string;
}

export interface SettlementRecord {
  readonly settlementId: string;
  readonly periodEnd: string;
  readonly savings: Money;
  readonly pool: Money;
  readonly parts: readonly SettlementPart[];
  readonly payments: readonly SettlementPayment[];
}

export interface RiskAgreementState {
  readonly id: string;
  readonly collaborativeId: string;
  readonly title: string;
  readonly scope?: string;
  readonly period: Period;
  readonly terms: SettlementTerms;
  readonly status: 'awaiting_signatures' | 'in_effect';
  readonly signatures: ReadonlyMap<string, Signatory>;
  /** `by`: the steward, or the collaborative's id when a resolution (`resolutionId`) recorded it. */
  readonly result?: { readonly by: string; readonly periodEnd: string; readonly actualCost: Money; readonly resolutionId?: string };
  readonly settlements: readonly SettlementRecord[];
}

export function isRiskParty(state: RiskAgreementState, organizationId: string): boolean {
  return state.terms.parties.some((party) => party.organizationId === organizationId);
}

export function paidTotal(settlement: SettlementRecord): Money {
  return sumMoney(settlement.pool.currency, settlement.payments.map((p) => p.amount));
}
