/**
 * The read-model tables.
 *
 * Every record kind has one table of *versions*, narrow: the record's id, the columns queries
 * filter and count on (status, due date, amounts...) and when that version was in force. An event
 * that changes those columns closes the version in force (recorded_to = the event's recordedAt)
 * and opens a new one (recorded_from = the event's recordedAt, recorded_to NULL while it is the
 * current one); an event that changes nothing of them (a progress report, an acknowledgement)
 * opens no version. A query as of T reads the versions with recorded_from <= T < recorded_to; a
 * query of the present, the open ones.
 *
 * Each record's current state — the whole record, and its last event — is one row of rm_states.
 * A past state is folded again from the record's own events when an answer needs it (history.ts).
 *
 * Times are epoch milliseconds (bigint), money figures are integer minor units as decimal text
 * (SQLite) or numeric (PostgreSQL) — never floats, and never limited to 64 bits.
 */
import { Commitment, commitmentStatus, Pledge, pledgeFigures, type CommitmentState, type MeetingState, type PledgeState, type ResolutionState } from '@ledger/domain';
import type { Partnership, RiskAgreement } from '@ledger/domain';
import { encodeState } from './codec';
import type { RecordKind } from './records';

/** Bumped when a table's shape changes: the read models are then rebuilt from the log. */
export const READ_MODEL_SCHEMA_VERSION = 5;

export type ColumnType = 'text' | 'int' | 'bigint' | 'amount';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable?: boolean;
}

export interface IndexSpec {
  readonly suffix: string;
  readonly columns: string;
}

export interface TableSpec {
  readonly kind: RecordKind;
  readonly table: string;
  /** Columns after the common ones (id, recorded_from, recorded_to). */
  readonly extra: readonly Column[];
  readonly extract: (state: never) => unknown[];
  /**
   * The parts of the state `extract` reads. When every one is the same object as in the previous
   * state (evolve returns new objects only for what an event changed), the columns are too, and
   * extract is not called again.
   */
  readonly inputs: (state: never) => unknown[];
  readonly indexes: readonly IndexSpec[];
}

export const COMMON_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'text' },
  { name: 'recorded_from', type: 'bigint' },
  { name: 'recorded_to', type: 'bigint', nullable: true },
];

/** Any instant: only an accepted commitment's status depends on the moment, and it is stored as 'accepted'. */
const ANY_INSTANT = '2000-01-01T00:00:00.000Z';
const ANY_DATE = '2000-01-01';

const daysAfter = new Map<string, string>();
function dayAfter(date: string): string {
  let next = daysAfter.get(date);
  if (next === undefined) {
    next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (daysAfter.size < 100_000) daysAfter.set(date, next);
  }
  return next;
}

/** unpaid_from and overdue_steps of a pledge version (see the columns). */
function overdueSteps(s: PledgeState): [string | null, string | null] {
  if (s.schedule.length === 0 || s.cancellation) return [null, null];
  const steps: Array<[string, string]> = [];
  let previous = 0n;
  for (const dueDate of [...new Set(s.schedule.map((i) => i.dueDate))].sort()) {
    const overdue = Pledge.overdueInstallments(s, dayAfter(dueDate)).reduce((sum, i) => sum + i.unpaid.minor, 0n);
    if (overdue !== previous) steps.push([dueDate, overdue.toString()]);
    previous = overdue;
  }
  return steps.length === 0 ? [null, null] : [steps[0][0], JSON.stringify(steps)];
}

/** The amount overdue at `date` from a version's overdue_steps (minor units). */
export function overdueAt(steps: string, date: string): bigint {
  let overdue = 0n;
  for (const [dueDate, minor] of JSON.parse(steps) as Array<[string, string]>) {
    if (dueDate < date) overdue = BigInt(minor);
    else break;
  }
  return overdue;
}

/** What the funds totals read of a pledge version, so they are added up from an index alone. */
const PLEDGE_TOTALS = 'recorded_to, currency, recorded_from, unpaid_from, binding, pledged, disbursed, cancelled, outstanding, overdue_steps, id';

/** The schedule column; the same array (unchanged by most events) is written once. */
const schedules = new WeakMap<object, string>();
function scheduleJson(schedule: PledgeState['schedule']): string {
  let json = schedules.get(schedule);
  if (json === undefined) {
    json = JSON.stringify(schedule.map((i) => [i.dueDate, i.amount.minor.toString()]));
    schedules.set(schedule, json);
  }
  return json;
}

/**
 * A commitment's status without the moment: 'accepted' when it is active or overdue depending on
 * when one asks (the domain's commitmentStatus decides at query time), else the domain's status.
 */
export function stableCommitmentStatus(state: CommitmentState): string {
  return state.phase === 'accepted' ? 'accepted' : commitmentStatus(state, ANY_INSTANT);
}

/**
 * Indexes serve the present and the past alike (a record has few versions): each starts with what
 * a query filters on and goes on in the order lists are paged. Built after the rows by a rebuild.
 */
const VERSION_INDEXES: IndexSpec[] = [{ suffix: 'id', columns: 'id, recorded_from' }];

export const TABLES: Readonly<Record<RecordKind, TableSpec>> = {
  organization: { kind: 'organization', table: 'rm_organizations', extra: [], extract: () => [], inputs: () => [], indexes: VERSION_INDEXES },
  collaborative: { kind: 'collaborative', table: 'rm_collaboratives', extra: [], extract: () => [], inputs: () => [], indexes: VERSION_INDEXES },
  resolution: {
    kind: 'resolution',
    table: 'rm_resolutions',
    extra: [
      { name: 'collaborative_id', type: 'text' },
      { name: 'proposed_by', type: 'text' },
      /**
       * The domain's status but for the moment: 'open' while no steward closed it (voting, or
       * awaiting closure once votingClosesAt has passed: resolutionStatus decides at query time),
       * else adopted, rejected, lapsed or withdrawn.
       */
      { name: 'stable_status', type: 'text' },
      { name: 'proposed_at', type: 'bigint' },
      { name: 'voting_closes_at', type: 'bigint' },
      /** When a steward closed it (the closure's closedAt): the decisions register's order. NULL while open, and when withdrawn. */
      { name: 'decided_at', type: 'bigint', nullable: true },
    ],
    extract: (s: ResolutionState) => [
      s.collaborativeId,
      s.proposedBy,
      s.status,
      Date.parse(s.proposedAt),
      Date.parse(s.votingClosesAt),
      s.closure ? Date.parse(s.closure.closedAt) : null,
    ],
    // Votes and recusals change none of the columns: they stay in the version in force (its state).
    inputs: (s: ResolutionState) => [s.collaborativeId, s.proposedBy, s.status, s.proposedAt, s.votingClosesAt, s.closure],
    indexes: [
      ...VERSION_INDEXES,
      // The listing of a collaborative, newest first, with what the status filter reads (covering).
      { suffix: 'collab', columns: 'collaborative_id, recorded_to, proposed_at, id, stable_status, voting_closes_at, recorded_from' },
      // The decisions register: adopted ones, by the time they were decided.
      { suffix: 'decided', columns: 'collaborative_id, stable_status, recorded_to, decided_at, id, recorded_from' },
    ],
  },
  meeting: {
    kind: 'meeting',
    table: 'rm_meetings',
    extra: [
      { name: 'collaborative_id', type: 'text' },
      { name: 'held_on', type: 'text' },
    ],
    extract: (s: MeetingState) => [s.collaborativeId, s.heldOn],
    inputs: (s: MeetingState) => [s.collaborativeId, s.heldOn],
    indexes: [...VERSION_INDEXES, { suffix: 'collab', columns: 'collaborative_id, recorded_from' }],
  },
  partnership: {
    kind: 'partnership',
    table: 'rm_partnerships',
    extra: [
      { name: 'collaborative_id', type: 'text' },
      { name: 'status', type: 'text' },
    ],
    extract: (s: Partnership.PartnershipState) => [s.collaborativeId, s.status],
    inputs: (s: Partnership.PartnershipState) => [s.collaborativeId, s.status],
    indexes: [...VERSION_INDEXES, { suffix: 'collab', columns: 'collaborative_id, recorded_from' }],
  },
  risk_agreement: {
    kind: 'risk_agreement',
    table: 'rm_risk_agreements',
    extra: [
      { name: 'collaborative_id', type: 'text' },
      { name: 'status', type: 'text' },
    ],
    extract: (s: RiskAgreement.RiskAgreementState) => [s.collaborativeId, s.status],
    inputs: (s: RiskAgreement.RiskAgreementState) => [s.collaborativeId, s.status],
    indexes: [...VERSION_INDEXES, { suffix: 'collab', columns: 'collaborative_id, recorded_from' }],
  },
  commitment: {
    kind: 'commitment',
    table: 'rm_commitments',
    extra: [
      { name: 'collaborative_id', type: 'text' },
      { name: 'promisor', type: 'text' },
      { name: 'promisee_kind', type: 'text' },
      { name: 'promisee_id', type: 'text' },
      { name: 'goal_id', type: 'text', nullable: true },
      { name: 'due_date', type: 'text' },
      { name: 'stable_status', type: 'text' },
      /** The revision proposed and not yet accepted, if any: what waits on the promisee (the inbox). */
      { name: 'pending_revision', type: 'text', nullable: true },
    ],
    extract: (s: CommitmentState) => [
      s.collaborativeId,
      s.promisor,
      'organizationId' in s.promisee ? 'organization' : 'collaborative',
      'organizationId' in s.promisee ? s.promisee.organizationId : s.promisee.collaborativeId,
      s.goalId ?? null,
      s.dueDate,
      stableCommitmentStatus(s),
      Commitment.pendingRevision(s)?.revisionId ?? null,
    ],
    // commitmentStatus reads the phase, the delivery claim, the resolution and the due date.
    inputs: (s: CommitmentState) => [s.collaborativeId, s.promisor, s.promisee, s.goalId, s.dueDate, s.phase, s.delivery, s.resolution, s.revisions],
    indexes: [
      ...VERSION_INDEXES,
      { suffix: 'due', columns: 'due_date, id' },
      // By who and where: the open versions first, in list order, and what the counts read (covering).
      // collaborative_id last: a member's listing is always limited to its collaboratives, and
      // without it SQLite preferred the collaborative index and filtered by promisor row by row.
      { suffix: 'promisor', columns: 'promisor, recorded_to, due_date, id, stable_status, recorded_from, collaborative_id' },
      { suffix: 'promisee', columns: 'promisee_id, recorded_to, due_date, id, stable_status, recorded_from, promisee_kind, collaborative_id' },
      { suffix: 'collab', columns: 'collaborative_id, recorded_to, due_date, id, stable_status, recorded_from' },
      // The few with a revision waiting on the promisee (the inbox).
      { suffix: 'revision', columns: 'pending_revision, recorded_to, id, recorded_from' },
    ],
  },
  pledge: {
    kind: 'pledge',
    table: 'rm_pledges',
    extra: [
      { name: 'collaborative_id', type: 'text' },
      { name: 'funder', type: 'text' },
      { name: 'recipient_kind', type: 'text' },
      { name: 'recipient_id', type: 'text' },
      { name: 'currency', type: 'text' },
      { name: 'binding', type: 'int' },
      { name: 'status', type: 'text' },
      { name: 'pledged', type: 'amount' },
      { name: 'disbursed', type: 'amount' },
      { name: 'cancelled', type: 'amount' },
      { name: 'outstanding', type: 'amount' },
      /** The installments in force, `[[dueDate, minor units], ...]`, for overdue installments at any moment. */
      { name: 'schedule', type: 'text' },
      /**
       * The due date of the first installment not covered by what was disbursed: nothing is overdue
       * on or before it. NULL: never (no schedule, all covered, or cancelled).
       */
      { name: 'unpaid_from', type: 'text', nullable: true },
      /**
       * What is overdue, as a step function of the date asked about: `[[dueDate, minor units], ...]`,
       * the amount overdue on any date after dueDate (until the next step). Tabulated from the
       * domain's overdueInstallments, evaluated the day after each due date (the only days its
       * answer can change while the version is in force).
       */
      { name: 'overdue_steps', type: 'text', nullable: true },
      /** 1 while something waits on the recipient: an acknowledgement (not cancelled), or a receipt to confirm (the inbox). */
      { name: 'awaits_recipient', type: 'int' },
    ],
    extract: (s: PledgeState) => {
      // None of these figures depends on the moment or the schedule (only overdue installments do).
      const f = pledgeFigures(s.schedule.length > 0 ? { ...s, schedule: [] } : s, ANY_DATE);
      return [
        s.collaborativeId,
        s.funder,
        'organizationId' in s.recipient ? 'organization' : 'collaborative',
        'organizationId' in s.recipient ? s.recipient.organizationId : s.recipient.collaborativeId,
        s.amount.currency,
        s.binding ? 1 : 0,
        f.status,
        f.pledged.minor.toString(),
        f.disbursed.minor.toString(),
        f.cancelled.minor.toString(),
        f.outstanding.minor.toString(),
        scheduleJson(s.schedule),
        ...overdueSteps(s),
        (s.acknowledgedBy === undefined && !s.cancellation) || s.disbursements.some((d) => d.receivedOn === undefined) ? 1 : 0,
      ];
    },
    // A disbursement, a receipt (a new list of disbursements) and the acknowledgement change the columns.
    inputs: (s: PledgeState) => [s.collaborativeId, s.funder, s.recipient, s.amount, s.binding, s.disbursements, s.cancellation, s.schedule, s.acknowledgedBy],
    indexes: [
      ...VERSION_INDEXES,
      // By who and where: the open versions first, and everything the money totals read (covering).
      { suffix: 'funder', columns: `funder, ${PLEDGE_TOTALS}` },
      { suffix: 'recipient', columns: `recipient_id, ${PLEDGE_TOTALS}` },
      { suffix: 'collab', columns: `collaborative_id, ${PLEDGE_TOTALS}` },
    ],
  },
};

/**
 * Organizations involved in partnerships, risk agreements and resolutions (records/participantsOf):
 * an organization's scorecard finds them by index.
 */
export const PARTICIPANTS_TABLE = 'rm_participants';
export const PARTICIPANT_COLUMNS: readonly Column[] = [
  { name: 'kind', type: 'text' },
  { name: 'record_id', type: 'text' },
  { name: 'organization_id', type: 'text' },
  { name: 'recorded_from', type: 'bigint' },
];

/**
 * The events an adopted resolution's acts appended to other records (a commitment, a declaration,
 * the collaborative...): each carries `data.resolutionId` on a stream other than the resolution's,
 * so a resolution's answer can name where its acts are on the log. Written by the fold as it meets
 * them (folder.ts); a row is visible from its recordedAt on.
 */
export const ACTS_TABLE = 'rm_resolution_acts';
export const ACT_COLUMNS: readonly Column[] = [
  { name: 'resolution_id', type: 'text' },
  { name: 'position', type: 'bigint' },
  { name: 'stream_id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'recorded_from', type: 'bigint' },
];

/** Every record's current state, and its last event (position, stream revision, recordedAt). */
export const STATES_TABLE = 'rm_states';
export const STATE_COLUMNS: readonly Column[] = [
  { name: 'kind', type: 'text' },
  { name: 'id', type: 'text' },
  { name: 'position', type: 'bigint' },
  { name: 'revision', type: 'int' },
  { name: 'last_recorded_at', type: 'bigint' },
  /** codec.ts */
  { name: 'state', type: 'text' },
];

/** One row: the read models' checkpoint, generation (for index names) and schema version. */
export const CHECKPOINT_TABLE = 'rm_checkpoint';
export const CHECKPOINT_NAME = 'read-models';

/** Tables swapped by a rebuild. */
export const VERSIONED_TABLES: readonly string[] = [...Object.values(TABLES).map((t) => t.table), PARTICIPANTS_TABLE, ACTS_TABLE, STATES_TABLE];

export function columnsOf(spec: TableSpec): Column[] {
  return [...COMMON_COLUMNS, ...spec.extra];
}

/** The columns queries filter and count on, from a state (in `extra` order). */
export function columnsFrom(kind: RecordKind, state: unknown): unknown[] {
  return TABLES[kind].extract(state as never);
}

/** The columns of `state`, reusing those of `previous` when nothing they are made from changed. */
export function columnsAfter(kind: RecordKind, previous: { state: unknown; columns: readonly unknown[] } | undefined, state: unknown): readonly unknown[] {
  if (previous) {
    const spec = TABLES[kind];
    const before = spec.inputs(previous.state as never);
    const after = spec.inputs(state as never);
    if (sameColumns(before, after)) return previous.columns;
  }
  return columnsFrom(kind, state);
}

export function sameColumns(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A version as a row, in columnsOf order. */
export function rowOf(version: { id: string; columns: readonly unknown[]; from: number }, to: number | null): unknown[] {
  return [version.id, version.from, to, ...version.columns];
}

/** A record's current state as a row of rm_states, in STATE_COLUMNS order. */
export function stateRowOf(version: { kind: RecordKind; id: string; state: unknown; position: number; revision: number; lastAt: number }): unknown[] {
  return [version.kind, version.id, version.position, version.revision, version.lastAt, encodeState(version.kind, version.state)];
}
