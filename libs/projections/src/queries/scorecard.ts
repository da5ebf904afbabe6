/**
 * `/organizations/:id/accountability`, the organization's scorecard: what it promised, and what
 * became of it. Pure: given the figures the view modules read for a moment (commitments.counts,
 * pledges.funds, agreements.involving, governance.involving, organizations.organization), it
 * computes the answer — each risk agreement's share and settlements for the organization, the
 * settlement totals, its declarations, and its part in governance. No SQL here; scorecard.spec.ts checks it on plain inputs.
 */
import { formatMoney, type PartnershipState, type ResolutionState, type RiskAgreementState } from '@ledger/domain';
import { governanceParticipation, MoneyTotals, type CommitmentCounts } from '../figures';
import type { OrganizationView } from '../views';
import type { FundsTotal } from './pledges';

export interface ScorecardFigures {
  organization: Pick<OrganizationView, 'id' | 'name' | 'sector'>;
  /** The moment, ISO 8601. */
  asOf: string;
  /** Only what the organization did in these collaboratives (what the reader may read); undefined: everywhere. */
  within?: readonly string[];
  /** Commitments it made. */
  commitments: CommitmentCounts;
  /** Commitments made to it. */
  commitmentsReceived: CommitmentCounts;
  /** Funds it pledged, per currency. */
  funds: FundsTotal[];
  /** Funds pledged to it, per currency. */
  fundsReceived: FundsTotal[];
  /** Risk agreements it takes part in (a party, or a payer or payee of a settlement payment), by id. */
  agreements: readonly RiskAgreementState[];
  /** Partnerships (declarations) it is a party to, by id. */
  partnerships: readonly PartnershipState[];
  /** Resolutions it takes part in (in the electorate, or their proposer), as they stood at the moment. */
  resolutions: readonly ResolutionState[];
}

export function scorecardOf(figures: ScorecardFigures) {
  const { organization, within } = figures;
  const organizationId = organization.id;

  const settlements = new MoneyTotals(['receivable', 'received', 'owed', 'paid'] as const);
  const riskShares = figures.agreements.map((state) => {
    const share = state.terms.parties.find((p) => p.organizationId === organizationId);
    const rows = state.settlements.map((s) => {
      const part = s.parts.find((p) => p.organizationId === organizationId)?.amount.minor ?? 0n;
      const received = s.payments.filter((p) => p.toOrganizationId === organizationId).reduce((sum, p) => sum + p.amount.minor, 0n);
      const paid = s.payments.filter((p) => p.fromOrganizationId === organizationId).reduce((sum, p) => sum + p.amount.minor, 0n);
      const currency = s.pool.currency;
      if (part > 0n) settlements.add(currency, 'receivable', part);
      if (part < 0n) settlements.add(currency, 'owed', -part);
      settlements.add(currency, 'received', received);
      settlements.add(currency, 'paid', paid);
      const money = (minor: bigint) => formatMoney({ currency, minor });
      return { settlementId: s.settlementId, periodEnd: s.periodEnd, share: money(part), received: money(received), paid: money(paid) };
    });
    return {
      agreementId: state.id,
      collaborativeId: state.collaborativeId,
      title: state.title,
      status: state.status,
      model: state.terms.model,
      /** Null when the organization is not a party (it only paid or received a settlement payment). */
      shareBps: share?.shareBps ?? null,
      signed: state.signatures.has(organizationId),
      settlements: rows,
    };
  });

  const declarations = figures.partnerships.map((state) => ({
    partnershipId: state.id,
    collaborativeId: state.collaborativeId,
    title: state.title,
    status: state.status,
    signed: state.signatures.has(organizationId),
    withdrawn: state.withdrawals.has(organizationId),
  }));

  return {
    organization: { id: organization.id, name: organization.name, sector: organization.sector },
    asOf: figures.asOf,
    /** Whether the scorecard covers every collaborative, or only `collaboratives` (those the reader may read). */
    scope: within === undefined ? { complete: true, collaboratives: null } : { complete: false, collaboratives: [...within].sort() },
    commitments: figures.commitments,
    commitmentsReceived: figures.commitmentsReceived,
    funds: figures.funds,
    fundsReceived: figures.fundsReceived,
    riskShares,
    settlements: settlements.list(),
    declarations: {
      parties: declarations.length,
      signed: declarations.filter((d) => d.signed).length,
      inEffect: declarations.filter((d) => d.status === 'in_effect' && !d.withdrawn).length,
      items: declarations,
    },
    /** Its part in the collaboratives' governance (figures.ts, governanceParticipation). */
    governance: governanceParticipation(organizationId, figures.resolutions, figures.asOf),
  };
}

export type Scorecard = ReturnType<typeof scorecardOf>;
