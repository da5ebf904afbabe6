import { parseMoney } from '../money/money';
import { optionalRate, parseRate } from '../money/rate';
import { compact } from '../shared/validation';
import type { RiskAgreementEvent, RiskAgreementProposed } from './events';
import type { SettlementTerms } from './settlement';
import type { RiskAgreementState } from './state';

/** Stored events hold canonical strings; state holds exact bigint amounts and rates. */
export function termsOf(data: RiskAgreementProposed['data']): SettlementTerms {
  return compact({
    model: data.model,
    benchmark: parseMoney(data.benchmark, 'benchmark'),
    minimumSavingsRate: parseRate(data.minimumSavingsRate, 'minimumSavingsRate'),
    minimumLossRate: optionalRate(data.minimumLossRate, 'minimumLossRate'),
    sharingRate: parseRate(data.sharingRate, 'sharingRate'),
    lossSharingRate: optionalRate(data.lossSharingRate, 'lossSharingRate'),
    savingsCap: optionalRate(data.savingsCap, 'savingsCap'),
    lossCap: optionalRate(data.lossCap, 'lossCap'),
    parties: data.parties.map(({ organizationId, shareBps }) => ({ organizationId, shareBps })),
  });
}

export function evolve(state: RiskAgreementState | null, event: RiskAgreementEvent): RiskAgreementState | null {
  if (event.type === 'RiskAgreementProposed') {
    const { agreementId, collaborativeId, title, scope, period } = event.data;
    const proposed: RiskAgreementState = {
      id: agreementId,
      collaborativeId,
      title,
      scope,
      period,
      terms: termsOf(event.data),
      status: 'awaiting_signatures',
      signatures: new Map(),
      settlements: [],
    };
    return compact(proposed);
  }
  if (state === null) return state;
  switch (event.type) {
    case 'RiskAgreementSigned':
      return { ...state, signatures: new Map(state.signatures).set(event.data.organizationId, event.data.signatory) };
    case 'RiskAgreementTookEffect':
      return { ...state, status: 'in_effect' };
    case 'PeriodResultRecorded': {
      const { by, periodEnd, actualCost, resolutionId } = event.data;
      return { ...state, result: compact({ by, periodEnd, actualCost: parseMoney(actualCost), resolutionId }) };
    }
    case 'SettlementDetermined': {
      const { settlementId, periodEnd, savings, pool, parts } = event.data;
      const settlement = {
        settlementId,
        periodEnd,
        savings: parseMoney(savings),
        pool: parseMoney(pool),
        parts: parts.map((part) => ({ organizationId: part.organizationId, amount: parseMoney(part.amount) })),
        payments: [],
      };
      return { ...state, settlements: [...state.settlements, settlement] };
    }
    case 'SettlementPaymentRecorded': {
      const { settlementId, paymentId, fromOrganizationId, toOrganizationId, amount, paidOn } = event.data;
      const payment = compact({ paymentId, fromOrganizationId, toOrganizationId, amount: parseMoney(amount), paidOn });
      return {
        ...state,
        settlements: state.settlements.map((s) => (s.settlementId === settlementId ? { ...s, payments: [...s.payments, payment] } : s)),
      };
    }
  }
}
