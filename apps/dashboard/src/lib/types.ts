/**
 * The JSON of the ledger's public HTTP API that the dashboard reads (see LEDGER.md and /docs).
 * Written out here rather than imported, so the page depends on the API alone.
 */
import type { LedgerEvent } from './verify';

export interface Money {
  currency: string;
  /** a decimal string, never a float */
  amount: string;
}

export type Party = { organizationId: string } | { collaborativeId: string };

export const COMMITMENT_STATUSES = [
  'overdue',
  'disputed',
  'delivery_claimed',
  'active',
  'proposed',
  'delivered',
  'delivered_late',
  'partially_delivered',
  'missed',
  'withdrawn',
  'declined',
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  asOf?: string;
}

export interface Evidence {
  uri: string;
  sha256?: string;
  /** The file's name, as hashed in the browser. */
  name?: string;
}

export interface Commitment {
  id: string;
  collaborativeId: string;
  promisor: string;
  promisee: Party;
  title: string;
  description?: string;
  deliverable?: string;
  measure?: { indicator: string; unit: string; target: string };
  dueDate: string;
  originalDueDate?: string;
  status: CommitmentStatus;
  goalId?: string;
  partnershipId?: string;
  delivery?: { deliveredOn: string; value?: string; evidence?: Evidence };
  lastEvent: { position: number; streamRevision: number; recordedAt: string };
  progressReports?: number;
  pendingRevision?: boolean;
  [key: string]: unknown;
}

export interface CommitmentDetail extends Commitment {
  asOf: string;
  /** Left out for a key that may read the public view only (an observer's). */
  history?: LedgerEvent[];
  progress?: Array<{ note: string; value?: string; evidence?: Evidence }>;
  revisions?: Array<{ revisionId: string; status: string; reason: string; dueDate?: string; target?: string; description?: string }>;
}

export interface Pledge {
  id: string;
  collaborativeId: string;
  funder: string;
  recipient: Party;
  purpose: string;
  binding: boolean;
  status: 'open' | 'partially_disbursed' | 'fulfilled' | 'cancelled';
  pledged: Money;
  disbursed: Money;
  confirmed: Money;
  cancelled: Money;
  outstanding: Money;
  overdueInstallments: Array<{ dueDate: string; amount: Money; unpaid: Money }>;
}

export interface CommitmentCounts {
  made: number;
  proposed: number;
  declined: number;
  active: number;
  overdue: number;
  deliveryClaimed: number;
  disputed: number;
  delivered: number;
  deliveredOnTime: number;
  deliveredLate: number;
  partiallyDelivered: number;
  missed: number;
  withdrawn: number;
  onTimeRate: string | null;
}

export interface Settlement {
  settlementId: string;
  periodEnd: string;
  savings: Money;
  pool: Money;
  parts: Array<{ organizationId: string; amount: Money }>;
  payments: Array<{ paymentId: string; fromOrganizationId: string; toOrganizationId?: string; amount: Money; paidOn: string }>;
  paid: Money;
}

export interface Goal {
  goalId: string;
  title: string;
  indicator: { name: string; unit: string; polarity: 'higher_is_better' | 'lower_is_better' };
  baseline: { value: string; date: string };
  target: { value: string; date: string };
  latestMeasurement: { value: string; periodEnd: string; source?: string } | null;
  measurements: number;
  achieved: string | null;
}

export interface CollaborativeSummary {
  collaborative: { id: string; name: string; region: string; pathwayPhase: number; members: Array<{ organizationId: string; role: string }> };
  asOf: string;
  commitments: CommitmentCounts;
  funds: Array<{ currency: string; pledged: string; disbursed: string; confirmed: string; outstanding: string; overdue: string; indicative: string; cancelled: string }>;
  riskAgreements: Array<{
    agreementId: string;
    title: string;
    status: string;
    model: string;
    period: { start: string; end: string };
    parties: Array<{ organizationId: string; shareBps: number }>;
    settlements: Settlement[];
  }>;
  settlements: Array<{ currency: string; shared: string; owed: string; paid: string }>;
  declarations: { total: number; inEffect: number; awaitingSignatures: number; terminated: number; items: Array<{ partnershipId: string; title: string; status: string; parties: number; signed: number; withdrawn: number }> };
  goals: Goal[];
  /** The pathway phases, oldest first: when each began and the resolution that decided it. */
  phaseHistory?: PhaseEntry[];
}

export interface PhaseEntry {
  pathwayPhase: number;
  from: string | null;
  resolutionId?: string;
}

// --- governance (LEDGER.md, "Governance") ------------------------------------------------------

export const RESOLUTION_STATUSES = ['voting', 'awaiting_closure', 'adopted', 'rejected', 'lapsed', 'withdrawn'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];
export type VoteChoice = 'for' | 'against' | 'abstain';

export interface Tally {
  eligible: number;
  for: number;
  against: number;
  abstain: number;
  recused: number;
  notVoted: number;
  quorumMet: boolean;
  thresholdMet: boolean;
}

export interface CharterRule {
  matter: string;
  decidedBy: 'steward' | 'stewards' | 'members';
  quorumPct: string;
  thresholdPct: string;
  votingDays: number;
  source?: 'default' | 'charter';
  forRoles?: string[];
}

export interface ResolutionAct {
  type: string;
  [field: string]: unknown;
}

export interface Resolution {
  id: string;
  collaborativeId: string;
  title: string;
  text?: string;
  matter: string;
  proposedBy: string;
  proposedAt: string;
  votingClosesAt: string;
  meetingId?: string;
  rule: CharterRule;
  status: ResolutionStatus;
  tally: Tally;
  outcome: 'adopted' | 'rejected' | 'lapsed' | null;
  closure?: { closedBy: string; closedAt: string; early: boolean };
  withdrawal?: { reason: string; withdrawnBy: string };
  acts: ResolutionAct[];
  actEvents: Array<{ position: number; streamId: string; type: string; recordedAt: string }>;
  lastEvent: { position: number; recordedAt: string };
}

export interface ResolutionDetail extends Resolution {
  electorate: string[];
  recusals: Array<{ organizationId: string; reason: string; automatic: boolean }>;
  /** Absent for an observer: the tally and outcome, never who voted how. */
  votes?: Array<{ organizationId: string; choice: VoteChoice; reason?: string; castAt: string }>;
}

export interface Charter {
  collaborativeId: string;
  charterAdopted: boolean;
  rules: CharterRule[];
  lastEvent: { position: number; recordedAt: string };
}

export interface Meeting {
  id: string;
  collaborativeId: string;
  heldOn: string;
  title: string;
  attendees: string[];
  resolutionIds: string[];
  resolutions: Array<{ id: string; title: string | null; status: string | null; outcome: string | null }>;
  minutesSha256?: string;
  minutesSummary?: string;
  recordedBy: string;
  lastEvent: { position: number; recordedAt: string };
}

export interface Scorecard {
  organization: { id: string; name: string; sector: string };
  asOf: string;
  commitments: CommitmentCounts;
  commitmentsReceived: CommitmentCounts;
  funds: Array<{ currency: string; pledged: string; disbursed: string; confirmed: string; outstanding: string; overdue: string; indicative: string; cancelled: string }>;
  fundsReceived: Array<{ currency: string; pledged: string; disbursed: string; confirmed?: string; outstanding: string; overdue: string }>;
  riskShares: Array<{
    agreementId: string;
    collaborativeId: string;
    title: string;
    status: string;
    model: string;
    shareBps: number | null;
    signed: boolean;
    settlements: Array<{ settlementId: string; periodEnd: string; share: Money; received: Money; paid: Money }>;
  }>;
  settlements: Array<{ currency: string; receivable: string; received: string; owed: string; paid: string }>;
  declarations: { parties: number; signed: number; inEffect: number; items: Array<{ partnershipId: string; title: string; status: string; signed: boolean; withdrawn: boolean }> };
}

export interface Health {
  status: string;
  store: { headPosition: number };
}
