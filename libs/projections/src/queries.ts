/**
 * Every query of LEDGER.md over the read models, for a moment. A moment is an instant T: the
 * answer is the ledger as it stood at T — versions recorded at or before T and still in force at T
 * — with derived statuses (overdue, overdue installments) computed for T by the domain.
 *
 * When every event the read models hold was recorded at or before T (the usual "now"), the
 * versions in force at T are simply the open ones (recorded_to IS NULL, which every index puts
 * first), and the records' stored states are theirs at T. That shortcut is checked again after
 * answering: if the projector applied a later event meanwhile, the answer is computed again the
 * general way.
 */
import {
  Collaborative,
  Commitment,
  formatMoney,
  utcDateOf,
  type CollaborativeState,
  type CommitmentState,
  type CommitmentStatus,
  type OrganizationState,
  type PartnershipState,
  type PledgeState,
  type RiskAgreementState,
} from '@ledger/domain';
import { LRUCache } from 'lru-cache';
import { decodeState } from './codec';
import { statesAt, type StreamReader } from './history';
import { decodeCursor, encodeCursor } from './cursor';
import { commitmentCounts, MoneyTotals, shareAchieved, type CommitmentCounts } from './figures';
import type { ReadDb } from './read-db';
import type { RecordKind } from './records';
import type { Checkpoint } from './storage';
import { overdueAt, PARTICIPANTS_TABLE, STATES_TABLE, TABLES } from './tables';
import {
  collaborativeView,
  commitmentListItem,
  commitmentView,
  organizationView,
  partnershipView,
  pledgeListItem,
  pledgeView,
  riskAgreementView,
  settlementView,
  type CommitmentListItem,
  type CommitmentView,
  type LastEvent,
  type PartnershipView,
  type PledgeListItem,
  type PledgeView,
  type RiskAgreementView,
} from './views';

export interface Moment {
  /** The instant answered for, ISO 8601 UTC with milliseconds. */
  readonly iso: string;
  /** The same, epoch milliseconds. */
  readonly ms: number;
  /** Its UTC calendar date (due dates are calendar dates). */
  readonly date: string;
  /** Every event in the read models was recorded at or before it: read the open versions. */
  readonly current: boolean;
}

export function momentAt(ms: number, checkpoint: Pick<Checkpoint, 'recordedAt'>): Moment {
  const iso = new Date(ms).toISOString();
  return { iso, ms, date: utcDateOf(iso), current: checkpoint.recordedAt <= ms };
}

/** The statuses a commitment listing filters on: the domain's vocabulary. */
export const COMMITMENT_STATUS_FILTERS: readonly CommitmentStatus[] = Commitment.COMMITMENT_STATUSES;

export interface CommitmentFilter {
  /** Only in these collaboratives (what the reader may see); undefined: any. */
  collaborativeIn?: readonly string[];
  promisor?: string;
  /** An organization or a collaborative id. */
  promisee?: string;
  collaborative?: string;
  statuses?: readonly CommitmentStatus[];
  goal?: string;
  /** Due strictly before this date (YYYY-MM-DD). */
  dueBefore?: string;
}

export interface PledgeFilter {
  /** Only in these collaboratives (what the reader may see); undefined: any. */
  collaborativeIn?: readonly string[];
  funder?: string;
  /** An organization or a collaborative id. */
  recipient?: string;
  collaborative?: string;
  statuses?: readonly string[];
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The moment a listing answers for: the cursor's, when paging on. */
export function cursorMoment(cursor: string | undefined, keyLength: number): number | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, keyLength).at;
}

/** Collects parameters while a statement is written. */
class Params {
  readonly values: unknown[] = [];
  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function visible(m: Moment, q: Params, alias = ''): string {
  if (m.current) return `${alias}recorded_to IS NULL`;
  const t = q.p(m.ms);
  return `${alias}recorded_from <= ${t} AND (${alias}recorded_to IS NULL OR ${alias}recorded_to > ${t})`;
}

interface StateRow {
  id: string;
  position: number | string;
  revision: number | string;
  last_recorded_at: number | string;
  /** The record's current state (rm_states). */
  state: string;
}

/** Selected from a version table `v` joined with its records' states `s` (withState). */
const ROW_COLUMNS = 'v.id, s.position, s.revision, s.last_recorded_at, s.state';

/** How much stored state text the decoded-state cache may stand for, by default. */
const DECODED_STATES_BYTES = 64 * 2 ** 20;

/** `<prefix>collaborative_id IN (...)` for a restricted reader; always true when unrestricted. */
function inCollaboratives(q: Params, prefix: string, within: readonly string[] | undefined): string {
  if (within === undefined) return '1 = 1';
  if (within.length === 0) return '1 = 0';
  return `${prefix}collaborative_id IN (${within.map((c) => q.p(c)).join(', ')})`;
}

export class ReadModelQueries {
  private readonly db: ReadDb;
  private readonly streams: StreamReader | null;
  /**
   * Decoded states by record, with the position of the event that made them. A record's state at
   * a position never changes, so a row whose position matches needs no JSON.parse again (the CPU
   * profile of the HTTP load had decoding as its largest cost). The states are frozen: views only
   * read them.
   */
  private readonly decoded: LRUCache<string, { position: number; state: object; size: number }>;

  /** Over a ReadModelStorage: its tables, and its log for past versions. */
  constructor(source: { readonly db: ReadDb; readonly streams: StreamReader | null }, options: { decodedStateBytes?: number } = {}) {
    this.db = source.db;
    this.streams = source.streams;
    // Weighed by the length of the stored text.
    this.decoded = new LRUCache({ maxSize: Math.max(1, options.decodedStateBytes ?? DECODED_STATES_BYTES), sizeCalculation: (entry) => entry.size });
  }

  private decode<S>(kind: RecordKind, row: StateRow): S {
    const key = `${kind}:${row.id}`;
    const position = Number(row.position);
    const cached = this.decoded.get(key);
    if (cached?.position === position) return cached.state as S;
    const state = deepFreeze(decodeState<S & object>(kind, row.state));
    this.decoded.set(key, { position, state, size: Math.max(1, row.state.length) });
    return state;
  }

  private t(kind: RecordKind): string {
    return this.db.table(TABLES[kind].table);
  }

  /** The version table as `v`, with each record's current state as `s`. */
  private withState(kind: RecordKind): string {
    return `${this.t(kind)} v JOIN ${this.db.table(STATES_TABLE)} s ON s.kind = '${kind}' AND s.id = v.id`;
  }

  /**
   * The records' states as they stood at the moment: the open version's, when its last event was
   * recorded by then; otherwise folded again from the record's events recorded by then.
   */
  private async withStates<S>(kind: RecordKind, rows: readonly StateRow[], m: Moment): Promise<Array<{ row: StateRow; state: S; last: LastEvent }>> {
    // The current state is the one at the moment when its last event was recorded by then.
    const stored = (row: StateRow) => Number(row.last_recorded_at) <= m.ms;
    const folded = await statesAt(this.streams, kind, rows.filter((row) => !stored(row)).map((row) => row.id), m.ms);
    return rows.map((row) => {
      if (stored(row)) {
        const last = { position: Number(row.position), streamRevision: Number(row.revision), recordedAt: new Date(Number(row.last_recorded_at)).toISOString() };
        return { row, state: this.decode<S>(kind, row), last };
      }
      const at = folded.get(row.id);
      if (!at) throw new Error(`${kind} ${row.id} has a version in force at ${m.iso} but no event recorded by then`);
      return { row, state: at.state as S, last: at.last };
    });
  }

  // --- commitments -------------------------------------------------------------------------

  async listCommitments(filter: CommitmentFilter, page: PageRequest, m: Moment): Promise<Page<CommitmentListItem>> {
    if (filter.collaborativeIn?.length === 0) return { items: [], nextCursor: null };
    const q = new Params();
    const where = [visible(m, q, 'v.')];
    if (filter.collaborativeIn !== undefined) where.push(`v.collaborative_id IN (${filter.collaborativeIn.map((c) => q.p(c)).join(', ')})`);
    if (filter.promisor !== undefined) where.push(`v.promisor = ${q.p(filter.promisor)}`);
    if (filter.promisee !== undefined) where.push(`v.promisee_id = ${q.p(filter.promisee)}`);
    if (filter.collaborative !== undefined) where.push(`v.collaborative_id = ${q.p(filter.collaborative)}`);
    if (filter.goal !== undefined) where.push(`v.goal_id = ${q.p(filter.goal)}`);
    if (filter.dueBefore !== undefined) where.push(`v.due_date < ${q.p(filter.dueBefore)}`);
    if (filter.statuses && filter.statuses.length > 0) where.push(this.statusPredicate(filter.statuses, m, q));
    if (page.cursor !== undefined) {
      const [dueDate, id] = decodeCursor(page.cursor, 2).key;
      const after = q.p(dueDate);
      where.push(`v.due_date >= ${after} AND (v.due_date > ${after} OR v.id > ${q.p(id)})`);
    }
    const rows = await this.db.all<StateRow & { due_date: string }>(
      `SELECT ${ROW_COLUMNS}, v.due_date FROM ${this.withState('commitment')} WHERE ${where.join(' AND ')}
       ORDER BY v.due_date, v.id LIMIT ${q.p(page.limit + 1)}`,
      q.values,
    );
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const items = (await this.withStates<CommitmentState>('commitment', shown, m)).map(({ state, last }) => commitmentListItem(state, m.iso, last));
    const last = shown[shown.length - 1];
    return { items, nextCursor: more ? encodeCursor({ at: m.ms, key: [last.due_date, last.id] }) : null };
  }

  /**
   * The status filter in SQL. Stored: the status for every phase but 'accepted', whose status
   * depends on the moment — active through its due date, overdue from the next day on (the domain's
   * isPastDue: the moment's UTC date is after the due date).
   */
  private statusPredicate(statuses: readonly CommitmentStatus[], m: Moment, q: Params): string {
    const parts: string[] = [];
    const stable = statuses.filter((s) => s !== 'active' && s !== 'overdue');
    if (stable.length > 0) parts.push(`v.stable_status IN (${stable.map((s) => q.p(s)).join(', ')})`);
    if (statuses.includes('active')) parts.push(`(v.stable_status = 'accepted' AND v.due_date >= ${q.p(m.date)})`);
    if (statuses.includes('overdue')) parts.push(`(v.stable_status = 'accepted' AND v.due_date < ${q.p(m.date)})`);
    return `(${parts.join(' OR ')})`;
  }

  async commitment(id: string, m: Moment): Promise<CommitmentView | null> {
    const found = await this.one<CommitmentState>('commitment', id, m);
    return found && commitmentView(found.state, m.iso, found.last);
  }

  /** Counts by status of the commitments matching `column = value`. */
  private async countCommitments(conditions: Array<[column: string, value: string]>, m: Moment, within?: readonly string[]): Promise<CommitmentCounts> {
    const q = new Params();
    const where = [visible(m, q), ...conditions.map(([column, value]) => `${column} = ${q.p(value)}`), inCollaboratives(q, '', within)];
    const date = q.p(m.date);
    const rows = await this.db.all<{ s: string; past: number | string; n: number | string }>(
      `SELECT stable_status AS s, CASE WHEN due_date < ${date} THEN 1 ELSE 0 END AS past, COUNT(*) AS n
       FROM ${this.t('commitment')} WHERE ${where.join(' AND ')} GROUP BY 1, 2`,
      q.values,
    );
    return commitmentCounts(
      rows.map((r) => [(r.s === 'accepted' ? (Number(r.past) === 1 ? 'overdue' : 'active') : r.s) as CommitmentStatus, Number(r.n)]),
    );
  }

  // --- pledges -------------------------------------------------------------------------------

  async listPledges(filter: PledgeFilter, page: PageRequest, m: Moment): Promise<Page<PledgeListItem>> {
    if (filter.collaborativeIn?.length === 0) return { items: [], nextCursor: null };
    const q = new Params();
    const where = [visible(m, q, 'v.')];
    if (filter.collaborativeIn !== undefined) where.push(`v.collaborative_id IN (${filter.collaborativeIn.map((c) => q.p(c)).join(', ')})`);
    if (filter.funder !== undefined) where.push(`v.funder = ${q.p(filter.funder)}`);
    if (filter.recipient !== undefined) where.push(`v.recipient_id = ${q.p(filter.recipient)}`);
    if (filter.collaborative !== undefined) where.push(`v.collaborative_id = ${q.p(filter.collaborative)}`);
    if (filter.statuses && filter.statuses.length > 0) where.push(`v.status IN (${filter.statuses.map((s) => q.p(s)).join(', ')})`);
    if (page.cursor !== undefined) where.push(`v.id > ${q.p(decodeCursor(page.cursor, 1).key[0])}`);
    const rows = await this.db.all<StateRow>(
      `SELECT ${ROW_COLUMNS} FROM ${this.withState('pledge')} WHERE ${where.join(' AND ')} ORDER BY v.id LIMIT ${q.p(page.limit + 1)}`,
      q.values,
    );
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const items = (await this.withStates<PledgeState>('pledge', shown, m)).map(({ state, last }) => pledgeListItem(state, m.iso, last));
    return { items, nextCursor: more ? encodeCursor({ at: m.ms, key: [shown[shown.length - 1].id] }) : null };
  }

  async pledge(id: string, m: Moment): Promise<PledgeView | null> {
    const found = await this.one<PledgeState>('pledge', id, m);
    return found && pledgeView(found.state, m.iso, found.last);
  }

  /**
   * Pledged, disbursed, cancelled, outstanding, overdue and indicative per currency. The sums are
   * added in SQL (exact: integers in SQLite, numeric in PostgreSQL); should an amount exceed 64 bits
   * in SQLite (stored as text), that currency is added up exactly here instead. The overdue amount
   * of each pledge at the moment comes from its version's overdue_steps (tables.ts).
   */
  private async funds(column: 'funder' | 'recipient_id' | 'collaborative_id', value: string, m: Moment, within?: readonly string[]) {
    const fields = ['pledged', 'disbursed', 'cancelled', 'outstanding'] as const;
    const totals = new MoneyTotals([...fields, 'overdue', 'indicative'] as const);
    const q = new Params();
    const scope = `${visible(m, q)} AND ${column} = ${q.p(value)} AND ${inCollaboratives(q, '', within)}`;
    const wide =
      this.db.dialect === 'sqlite' ? `SUM(CASE WHEN ${fields.map((f) => `typeof(${f}) = 'integer'`).join(' AND ')} THEN 0 ELSE 1 END)` : '0';
    let sums: Array<Record<(typeof fields)[number] | 'indicative' | 'currency', string> & { wide: number | string }>;
    try {
      sums = await this.db.all(
        `SELECT currency, ${fields.map((f) => `CAST(SUM(${f}) AS TEXT) AS ${f}`).join(', ')},
           CAST(SUM(CASE WHEN binding = 0 THEN pledged ELSE 0 END) AS TEXT) AS indicative, ${wide} AS wide
         FROM ${this.t('pledge')} WHERE ${scope} GROUP BY currency`,
        q.values,
      );
    } catch (error) {
      if (!/integer overflow/i.test((error as Error).message)) throw error;
      sums = [];
    }
    const exactly = new Set(sums.filter((s) => Number(s.wide) > 0).map((s) => s.currency));
    for (const s of sums) {
      if (exactly.has(s.currency)) continue;
      for (const f of [...fields, 'indicative'] as const) totals.add(s.currency, f, BigInt(s[f]));
    }
    if (sums.length === 0 || exactly.size > 0) {
      // Amounts beyond 64 bits: every row, as exact decimal text.
      const rows = await this.db.all<Record<(typeof fields)[number] | 'currency', string> & { binding: number | string }>(
        `SELECT currency, binding, ${fields.map((f) => `CAST(${f} AS TEXT) AS ${f}`).join(', ')} FROM ${this.t('pledge')} WHERE ${scope}`,
        q.values,
      );
      for (const row of rows) {
        if (sums.length > 0 && !exactly.has(row.currency)) continue;
        for (const f of fields) totals.add(row.currency, f, BigInt(row[f]));
        totals.add(row.currency, 'indicative', Number(row.binding) === 0 ? BigInt(row.pledged) : 0n);
      }
    }
    // Overdue installments: from each version's tabulated overdue amounts, for those with any by then.
    const o = new Params();
    const overdue = await this.db.all<{ currency: string; overdue_steps: string }>(
      `SELECT currency, overdue_steps FROM ${this.t('pledge')} WHERE ${visible(m, o)} AND ${column} = ${o.p(value)} AND unpaid_from < ${o.p(m.date)} AND ${inCollaboratives(o, '', within)}`,
      o.values,
    );
    for (const row of overdue) totals.add(row.currency, 'overdue', overdueAt(row.overdue_steps, m.date));
    return totals.list();
  }

  // --- partnerships, risk agreements, organizations, collaboratives ---------------------------

  async partnership(id: string, m: Moment): Promise<PartnershipView | null> {
    const found = await this.one<PartnershipState>('partnership', id, m);
    return found && partnershipView(found.state, found.last);
  }

  async riskAgreement(id: string, m: Moment): Promise<RiskAgreementView | null> {
    const found = await this.one<RiskAgreementState>('risk_agreement', id, m);
    return found && riskAgreementView(found.state, found.last);
  }

  async organization(id: string, m: Moment) {
    const found = await this.one<OrganizationState>('organization', id, m);
    return found && organizationView(found.state, found.last);
  }

  async collaborative(id: string, m: Moment) {
    const found = await this.one<CollaborativeState>('collaborative', id, m);
    return found && { view: collaborativeView(found.state, found.last), state: found.state };
  }

  private async one<S>(kind: RecordKind, id: string, m: Moment): Promise<{ state: S; last: LastEvent } | null> {
    const q = new Params();
    const rows = await this.db.all<StateRow>(`SELECT ${ROW_COLUMNS} FROM ${this.withState(kind)} WHERE v.id = ${q.p(id)} AND ${visible(m, q, 'v.')}`, q.values);
    return rows.length === 0 ? null : (await this.withStates<S>(kind, rows, m))[0];
  }

  /** Records of a kind an organization takes part in (partnerships, risk agreements). */
  private async involving<S>(kind: 'partnership' | 'risk_agreement', organizationId: string, m: Moment, within?: readonly string[]): Promise<Array<{ state: S }>> {
    const q = new Params();
    const since = m.current ? '' : ` AND p.recorded_from <= ${q.p(m.ms)}`;
    const rows = await this.db.all<StateRow>(
      `SELECT ${ROW_COLUMNS}
       FROM ${this.db.table(PARTICIPANTS_TABLE)} p JOIN ${this.t(kind)} v ON v.id = p.record_id
         JOIN ${this.db.table(STATES_TABLE)} s ON s.kind = '${kind}' AND s.id = v.id
       WHERE p.organization_id = ${q.p(organizationId)} AND p.kind = ${q.p(kind)}${since} AND ${visible(m, q, 'v.')} AND ${inCollaboratives(q, 'v.', within)}
       ORDER BY v.id`,
      q.values,
    );
    return this.withStates<S>(kind, rows, m);
  }

  private async inCollaborative<S>(kind: 'partnership' | 'risk_agreement', collaborativeId: string, m: Moment): Promise<Array<{ state: S }>> {
    const q = new Params();
    const rows = await this.db.all<StateRow>(
      `SELECT ${ROW_COLUMNS} FROM ${this.withState(kind)} WHERE v.collaborative_id = ${q.p(collaborativeId)} AND ${visible(m, q, 'v.')} ORDER BY v.id`,
      q.values,
    );
    return this.withStates<S>(kind, rows, m);
  }

  /** Ids of the collaboratives at the moment. */
  async collaborativeIds(m: Moment): Promise<string[]> {
    const q = new Params();
    const rows = await this.db.all<{ id: string }>(`SELECT id FROM ${this.t('collaborative')} WHERE ${visible(m, q)} ORDER BY id`, q.values);
    return rows.map((r) => r.id);
  }

  // --- the scorecard and the summary ---------------------------------------------------------

  /**
   * `/organizations/:id/accountability`: what the organization promised, and what became of it —
   * `within` these collaboratives only when given (what the reader may read), all otherwise.
   */
  async scorecard(organizationId: string, m: Moment, within?: readonly string[]) {
    const organization = await this.organization(organizationId, m);
    if (!organization) return null;
    const [commitments, commitmentsReceived, funds, fundsReceived, agreements, partnerships] = await Promise.all([
      this.countCommitments([['promisor', organizationId]], m, within),
      this.countCommitments([['promisee_kind', 'organization'], ['promisee_id', organizationId]], m, within),
      this.funds('funder', organizationId, m, within),
      this.funds('recipient_id', organizationId, m, within),
      this.involving<RiskAgreementState>('risk_agreement', organizationId, m, within),
      this.involving<PartnershipState>('partnership', organizationId, m, within),
    ]);

    const settlements = new MoneyTotals(['receivable', 'received', 'owed', 'paid'] as const);
    const riskShares = [];
    for (const { state } of agreements) {
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
      riskShares.push({
        agreementId: state.id,
        collaborativeId: state.collaborativeId,
        title: state.title,
        status: state.status,
        model: state.terms.model,
        /** Null when the organization is not a party (it only paid or received a settlement payment). */
        shareBps: share?.shareBps ?? null,
        signed: state.signatures.has(organizationId),
        settlements: rows,
      });
    }

    const declarations = partnerships.map(({ state }) => ({
      partnershipId: state.id,
      collaborativeId: state.collaborativeId,
      title: state.title,
      status: state.status,
      signed: state.signatures.has(organizationId),
      withdrawn: state.withdrawals.has(organizationId),
    }));

    return {
      organization: { id: organization.id, name: organization.name, sector: organization.sector },
      asOf: m.iso,
      /** Whether the scorecard covers every collaborative, or only `collaboratives` (those the reader may read). */
      scope: within === undefined ? { complete: true, collaboratives: null } : { complete: false, collaboratives: [...within].sort() },
      commitments,
      commitmentsReceived,
      funds,
      fundsReceived,
      riskShares,
      settlements: settlements.list(),
      declarations: {
        parties: declarations.length,
        signed: declarations.filter((d) => d.signed).length,
        inEffect: declarations.filter((d) => d.status === 'in_effect' && !d.withdrawn).length,
        items: declarations,
      },
    };
  }

  /** `/collaboratives/:id/summary`: the same for the whole collaborative, with its shared goals. */
  async summary(collaborativeId: string, m: Moment) {
    const collaborative = await this.collaborative(collaborativeId, m);
    if (!collaborative) return null;
    const [commitments, funds, agreements, partnerships] = await Promise.all([
      this.countCommitments([['collaborative_id', collaborativeId]], m),
      this.funds('collaborative_id', collaborativeId, m),
      this.inCollaborative<RiskAgreementState>('risk_agreement', collaborativeId, m),
      this.inCollaborative<PartnershipState>('partnership', collaborativeId, m),
    ]);

    const settlementTotals = new MoneyTotals(['shared', 'owed', 'paid'] as const);
    const riskAgreements = agreements.map(({ state }) => {
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

    const goals = [...collaborative.state.goals.values()].map((goal) => {
      const latest = Collaborative.latestMeasurement(goal);
      return {
        goalId: goal.goalId,
        title: goal.title,
        indicator: goal.indicator,
        baseline: goal.baseline,
        target: goal.target,
        latestMeasurement: latest,
        measurements: goal.measurements.length,
        /** Share of the targeted change achieved, percent: (latest − baseline) / (target − baseline). */
        achieved: latest ? shareAchieved(goal.baseline.value, goal.target.value, latest.value) : null,
      };
    });

    return {
      collaborative: collaborative.view,
      asOf: m.iso,
      commitments,
      funds,
      riskAgreements,
      settlements: settlementTotals.list(),
      declarations: {
        total: partnerships.length,
        awaitingSignatures: partnerships.filter(({ state }) => state.status === 'awaiting_signatures').length,
        inEffect: partnerships.filter(({ state }) => state.status === 'in_effect').length,
        terminated: partnerships.filter(({ state }) => state.status === 'terminated').length,
        items: partnerships.map(({ state }) => ({
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
}

/**
 * Answers for a moment, consistently: takes the open-versions shortcut when the read models hold
 * nothing recorded after the moment, and answers again the general way if the projector applied a
 * later event while the answer was being read.
 */
export async function answerAt<T>(
  checkpoint: () => Promise<Pick<Checkpoint, 'recordedAt'>>,
  ms: number,
  answer: (m: Moment) => Promise<T>,
  /** The checkpoint, when the caller has just read it. */
  current?: Pick<Checkpoint, 'recordedAt'>,
): Promise<T> {
  const moment = momentAt(ms, current ?? (await checkpoint()));
  const value = await answer(moment);
  if (!moment.current || (await checkpoint()).recordedAt <= ms) return value;
  return answer({ ...moment, current: false });
}

/** Freezes a decoded state all the way down (plain objects and arrays; Maps keep their entries). */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const entry of value.values()) deepFreeze(entry);
  } else {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return Object.freeze(value);
}
