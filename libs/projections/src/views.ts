/**
 * What the queries answer: the domain's states in the API's shape. Statuses and figures come from
 * the domain's own functions (commitmentStatus, pledgeFigures) for the moment asked about; money
 * goes out as `{ currency, amount }` with a decimal string.
 */
import {
  commitmentStatus,
  formatMoney,
  pledgeFigures,
  Partnership,
  type CollaborativeState,
  type CommitmentState,
  type CommitmentStatus,
  type OrganizationState,
  type PartnershipState,
  type PledgeState,
  type RiskAgreementState,
} from '@ledger/domain';

/** The event that made the version shown: its position, stream revision (the ETag) and time. */
export interface LastEvent {
  position: number;
  streamRevision: number;
  recordedAt: string;
}


export type CommitmentView = Omit<CommitmentState, 'phase'> & { status: CommitmentStatus; lastEvent: LastEvent };
export type CommitmentListItem = Omit<CommitmentView, 'progress' | 'revisions'> & { progressReports: number; pendingRevision: boolean };

export function commitmentView(state: CommitmentState, asOf: string, last: LastEvent): CommitmentView {
  const { phase: _phase, id, collaborativeId, promisor, promisee, title, dueDate, ...rest } = state;
  return { id, collaborativeId, promisor, promisee, title, dueDate, status: commitmentStatus(state, asOf), ...rest, lastEvent: last };
}

export function commitmentListItem(state: CommitmentState, asOf: string, last: LastEvent): CommitmentListItem {
  const { progress, revisions, ...view } = commitmentView(state, asOf, last);
  return { ...view, progressReports: progress.length, pendingRevision: revisions.some((r) => r.status === 'pending') };
}

/**
 * A pledge in a list: its figures without the disbursements themselves (a pledge paid in many
 * installments would make every page carry them all), like a commitment's progress reports.
 */
export function pledgeListItem(state: PledgeState, asOf: string, last: LastEvent) {
  const figures = pledgeFigures(state, asOf);
  return {
    id: state.id,
    collaborativeId: state.collaborativeId,
    funder: state.funder,
    recipient: state.recipient,
    purpose: state.purpose,
    binding: state.binding,
    ...(state.conditions !== undefined && { conditions: state.conditions }),
    ...(state.madeOn !== undefined && { madeOn: state.madeOn }),
    status: figures.status,
    /** The amount in force (after amendments); the same as `pledged`. */
    amount: formatMoney(state.amount),
    pledged: formatMoney(figures.pledged),
    disbursed: formatMoney(figures.disbursed),
    confirmed: formatMoney(figures.confirmed),
    cancelled: formatMoney(figures.cancelled),
    outstanding: formatMoney(figures.outstanding),
    overdueInstallments: figures.overdueInstallments.map((i) => ({ dueDate: i.dueDate, amount: formatMoney(i.amount), unpaid: formatMoney(i.unpaid) })),
    schedule: state.schedule.map((i) => ({ dueDate: i.dueDate, amount: formatMoney(i.amount) })),
    ...(state.acknowledgedBy !== undefined && { acknowledgedBy: state.acknowledgedBy }),
    disbursementCount: state.disbursements.length,
    ...(state.cancellation && { cancellation: { reason: state.cancellation.reason, cancelledAmount: formatMoney(state.cancellation.cancelledAmount) } }),
    lastEvent: last,
  };
}
export type PledgeListItem = ReturnType<typeof pledgeListItem>;

/** One pledge: the list item's figures and every disbursement. */
export function pledgeView(state: PledgeState, asOf: string, last: LastEvent) {
  const { disbursementCount: _count, ...item } = pledgeListItem(state, asOf, last);
  return {
    ...item,
    disbursements: state.disbursements.map((d) => ({
      disbursementId: d.disbursementId,
      amount: formatMoney(d.amount),
      disbursedOn: d.disbursedOn,
      reference: d.reference,
      ...(d.receivedOn !== undefined && { receivedOn: d.receivedOn }),
    })),
  };
}
export type PledgeView = ReturnType<typeof pledgeView>;

export function partnershipView(state: PartnershipState, last: LastEvent) {
  return {
    id: state.id,
    collaborativeId: state.collaborativeId,
    title: state.title,
    termsSha256: state.termsSha256,
    ...(state.summary !== undefined && { summary: state.summary }),
    parties: [...state.parties],
    effectiveFrom: state.effectiveFrom,
    ...(state.effectiveUntil !== undefined && { effectiveUntil: state.effectiveUntil }),
    status: state.status,
    signatures: [...state.signatures].map(([organizationId, signatory]) => ({ organizationId, signatory })),
    unsignedParties: Partnership.unsignedParties(state),
    withdrawals: [...state.withdrawals].map(([organizationId, w]) => ({ organizationId, reason: w.reason, effectiveOn: w.effectiveOn })),
    ...(state.termination && { termination: state.termination }),
    lastEvent: last,
  };
}
export type PartnershipView = ReturnType<typeof partnershipView>;

export function settlementView(settlement: RiskAgreementState['settlements'][number]) {
  const paid = settlement.payments.reduce((total, p) => total + p.amount.minor, 0n);
  return {
    settlementId: settlement.settlementId,
    periodEnd: settlement.periodEnd,
    savings: formatMoney(settlement.savings),
    /** Positive: shared savings the parties receive; negative: losses the parties owe. */
    pool: formatMoney(settlement.pool),
    parts: settlement.parts.map((part) => ({ organizationId: part.organizationId, amount: formatMoney(part.amount) })),
    payments: settlement.payments.map((p) => ({
      paymentId: p.paymentId,
      fromOrganizationId: p.fromOrganizationId,
      ...(p.toOrganizationId !== undefined && { toOrganizationId: p.toOrganizationId }),
      amount: formatMoney(p.amount),
      paidOn: p.paidOn,
    })),
    paid: formatMoney({ currency: settlement.pool.currency, minor: paid }),
  };
}

export function riskAgreementView(state: RiskAgreementState, last: LastEvent) {
  const terms = state.terms;
  const rate = (r: { percent: string } | undefined) => (r === undefined ? undefined : r.percent);
  const optional = (name: string, value: string | undefined) => (value === undefined ? {} : { [name]: value });
  return {
    id: state.id,
    collaborativeId: state.collaborativeId,
    title: state.title,
    ...(state.scope !== undefined && { scope: state.scope }),
    period: state.period,
    status: state.status,
    model: terms.model,
    currency: terms.benchmark.currency,
    benchmark: formatMoney(terms.benchmark),
    minimumSavingsRate: terms.minimumSavingsRate.percent,
    ...optional('minimumLossRate', rate(terms.minimumLossRate)),
    sharingRate: terms.sharingRate.percent,
    ...optional('lossSharingRate', rate(terms.lossSharingRate)),
    ...optional('savingsCap', rate(terms.savingsCap)),
    ...optional('lossCap', rate(terms.lossCap)),
    parties: terms.parties.map((p) => ({ organizationId: p.organizationId, shareBps: p.shareBps })),
    signatures: [...state.signatures].map(([organizationId, signatory]) => ({ organizationId, signatory })),
    unsignedParties: terms.parties.map((p) => p.organizationId).filter((id) => !state.signatures.has(id)),
    ...(state.result && { result: { by: state.result.by, periodEnd: state.result.periodEnd, actualCost: formatMoney(state.result.actualCost) } }),
    settlements: state.settlements.map(settlementView),
    lastEvent: last,
  };
}
export type RiskAgreementView = ReturnType<typeof riskAgreementView>;

export function organizationView(state: OrganizationState, last: LastEvent) {
  return {
    id: state.id,
    name: state.name,
    sector: state.sector,
    signingKeys: [...state.keys.values()].map((k) => ({ keyId: k.keyId, publicKey: k.publicKey, revoked: k.revoked })),
    lastEvent: last,
  };
}
export type OrganizationView = ReturnType<typeof organizationView>;

export function collaborativeView(state: CollaborativeState, last: LastEvent) {
  return {
    id: state.id,
    name: state.name,
    region: state.region,
    pathwayPhase: state.pathwayPhase,
    members: [...state.members].map(([organizationId, role]) => ({ organizationId, role })),
    lastEvent: last,
  };
}
export type CollaborativeView = ReturnType<typeof collaborativeView>;
