/**
 * `/collaboratives/:id/summary`, the scorecard of a whole collaborative, with its shared goals.
 * Pure: given the figures the view modules read for a moment (commitments.counts, pledges.funds,
 * agreements.inCollaborative, organizations.collaborative), it computes the answer — the risk
 * agreements with their settlements, the settlement totals, the declarations, and each goal's
 * latest measurement and share achieved (figures.ts), and the pathway phases it went through.
 * No SQL here; summary.spec.ts checks it on plain inputs.
 */
import { Collaborative, type CollaborativeState, type PartnershipState, type RiskAgreementState } from '@ledger/domain';
import { MoneyTotals, shareAchieved, type CommitmentCounts } from '../figures';
import { phaseHistoryOf } from '../governance-views';
import { settlementView, type CollaborativeView } from '../views';
import type { FundsTotal } from './pledges';

export interface SummaryFigures {
  collaborative: { view: CollaborativeView; state: CollaborativeState };
  /** The moment, ISO 8601. */
  asOf: string;
  /** Its commitments. */
  commitments: CommitmentCounts;
  /** Funds pledged in it, per currency. */
  funds: FundsTotal[];
  /** Its risk agreements, by id. */
  agreements: readonly RiskAgreementState[];
  /** Its partnerships (declarations), by id. */
  partnerships: readonly PartnershipState[];
}

export function summaryOf(figures: SummaryFigures) {
  const { collaborative, partnerships } = figures;

  const settlementTotals = new MoneyTotals(['shared', 'owed', 'paid'] as const);
  const riskAgreements = figures.agreements.map((state) => {
    for (const s of state.settlements) {
      const currency = s.pool.currency;
      if (s.pool.minor > 0n) settlementTotals.add(currency, 'shared', s.pool.minor);
      if (s.pool.minor < 0n) settlementTotals.add(currency, 'owed', -s.pool.minor);
      settlementTotals.add(currency, 'paid', s.payments.reduce((sum, p) => sum + p.amount.minor, 0n));
    }
    return {
      agreementId: state.id,
      title: state.title,
      status: state.status,
      model: state.terms.model,
      period: state.period,
      parties: state.terms.parties.map((p) => ({ organizationId: p.organizationId, shareBps: p.shareBps })),
      settlements: state.settlements.map(settlementView),
    };
  });

  const goals = [...collaborative.state.goals.values()].map(goalView);

  return {
    collaborative: collaborative.view,
    asOf: figures.asOf,
    /** The pathway phases, from the formation: when each began, and the resolution that decided it. */
    phaseHistory: phaseHistoryOf(collaborative.state),
    commitments: figures.commitments,
    funds: figures.funds,
    riskAgreements,
    settlements: settlementTotals.list(),
    declarations: {
      total: partnerships.length,
      awaitingSignatures: partnerships.filter((state) => state.status === 'awaiting_signatures').length,
      inEffect: partnerships.filter((state) => state.status === 'in_effect').length,
      terminated: partnerships.filter((state) => state.status === 'terminated').length,
      items: partnerships.map((state) => ({
        partnershipId: state.id,
        title: state.title,
        status: state.status,
        parties: state.parties.length,
        signed: state.signatures.size,
        withdrawn: state.withdrawals.size,
      })),
    },
    goals,
  };
}

export type Summary = ReturnType<typeof summaryOf>;

/**
 * A shared goal as the queries answer it (in the summary's goals and GET /collaboratives/:id/goals/:goalId):
 * baseline, target, the latest measurement and the share of the targeted change achieved, and the
 * series of measurements in period order, each with the value in force and the corrections that led
 * to it (a correction replaces the value; the series keeps what it replaced, why and when).
 */
export function goalView(goal: Collaborative.SharedGoal) {
  const latest = Collaborative.latestMeasurement(goal);
  return {
    goalId: goal.goalId,
    title: goal.title,
    indicator: goal.indicator,
    baseline: goal.baseline,
    target: goal.target,
    latestMeasurement: latest && measurementView(latest),
    measurements: goal.measurements.length,
    /** Share of the targeted change achieved, percent: (latest − baseline) / (target − baseline). */
    achieved: latest ? shareAchieved(goal.baseline.value, goal.target.value, latest.value) : null,
    series: Collaborative.measurementSeries(goal).map((m) => ({ ...measurementView(m), corrections: m.corrections ?? [] })),
  };
}

export type GoalView = ReturnType<typeof goalView>;

function measurementView(m: Collaborative.Measurement): { value: string; periodEnd: string; source?: string } {
  return { value: m.value, periodEnd: m.periodEnd, ...(m.source !== undefined && { source: m.source }) };
}
