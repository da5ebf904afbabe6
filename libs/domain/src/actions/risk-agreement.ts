/** The commands one may send on a shared-risk agreement, as probes (probe.ts). */
import { formatMoney, money } from '../money/money';
import { paidTotal, type RiskAgreementState } from '../risk-agreement/state';
import { proposalProbe } from './proposal';
import { PROBE_SIGNATORY, type ActionProbe, type ProbeCaller } from './probe';

export function riskAgreementProbes(state: RiskAgreementState, caller: ProbeCaller): ActionProbe[] {
  const on = (type: string, data: Record<string, unknown>, extra: Partial<ActionProbe> = {}): ActionProbe => ({
    record: 'risk-agreement',
    id: state.id,
    command: { type, data },
    ...extra,
  });
  // Any actual cost in the benchmark's currency: the result's date is the period's end.
  const result = { periodEnd: state.period.end, actualCost: formatMoney(state.terms.benchmark) };
  return [
    on('SignRiskAgreement', { signatory: PROBE_SIGNATORY }),
    on('RecordPeriodResult', result),
    ...state.settlements
      .filter((settlement) => {
        const owed = settlement.pool.minor < 0n ? -settlement.pool.minor : settlement.pool.minor;
        return paidTotal(settlement).minor < owed;
      })
      .map((settlement) =>
        on(
          'RecordSettlementPayment',
          { settlementId: settlement.settlementId, ...payerAndPayee(state, settlement.pool.minor < 0n, caller), amount: formatMoney(money(settlement.pool.currency, 1n)), paidOn: caller.today },
          { target: { field: 'settlementId', id: settlement.settlementId } },
        ),
      ),
    proposalProbe(state.collaborativeId, 'record_risk_result', { agreementId: state.id }, result),
  ];
}

/**
 * Who pays whom in the probe: a party records only what it pays or receives itself — it pays when
 * the parties owe (a negative pool), else it receives; anyone else, a payment from the first party.
 */
function payerAndPayee(state: RiskAgreementState, partiesOwe: boolean, caller: ProbeCaller): { fromOrganizationId: string; toOrganizationId?: string } {
  const parties = state.terms.parties.map((party) => party.organizationId);
  const self = caller.actor.kind === 'organization' && parties.includes(caller.actor.organizationId) ? caller.actor.organizationId : null;
  if (self === null) return { fromOrganizationId: parties[0] };
  if (partiesOwe) return { fromOrganizationId: self };
  return { fromOrganizationId: parties.find((party) => party !== self) ?? state.collaborativeId, toOrganizationId: self };
}
