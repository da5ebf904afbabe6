/**
 * Commitments: the listing (filters, status at the moment, pages by due date), one commitment, and
 * the counts by status the scorecard and the summary show.
 */
import { Commitment, type CommitmentState, type CommitmentStatus } from '@ledger/domain';
import { decodeCursor, encodeCursor } from '../cursor';
import { commitmentCounts, type CommitmentCounts } from '../figures';
import { commitmentListItem, commitmentView, type CommitmentListItem, type CommitmentView } from '../views';
import type { Moment } from './moment';
import { inCollaboratives, pageOf, Params, visible, type Page, type PageRequest } from './sql';
import type { StateReader } from './state-reader';

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

/** The commitments matching the filter at the moment, by due date then id. */
export async function list(states: StateReader, filter: CommitmentFilter, page: PageRequest, m: Moment): Promise<Page<CommitmentListItem>> {
  if (filter.collaborativeIn?.length === 0) return { items: [], nextCursor: null };
  const q = new Params();
  const where = [visible(m, q, 'v.')];
  if (filter.collaborativeIn !== undefined) where.push(inCollaboratives(q, 'v.', filter.collaborativeIn));
  if (filter.promisor !== undefined) where.push(`v.promisor = ${q.p(filter.promisor)}`);
  if (filter.promisee !== undefined) where.push(`v.promisee_id = ${q.p(filter.promisee)}`);
  if (filter.collaborative !== undefined) where.push(`v.collaborative_id = ${q.p(filter.collaborative)}`);
  if (filter.goal !== undefined) where.push(`v.goal_id = ${q.p(filter.goal)}`);
  if (filter.dueBefore !== undefined) where.push(`v.due_date < ${q.p(filter.dueBefore)}`);
  if (filter.statuses && filter.statuses.length > 0) where.push(statusPredicate(filter.statuses, m, q));
  if (page.cursor !== undefined) {
    const [dueDate, id] = decodeCursor(page.cursor, 2).key;
    const after = q.p(dueDate);
    where.push(`v.due_date >= ${after} AND (v.due_date > ${after} OR v.id > ${q.p(id)})`);
  }
  // The page is picked in the versions alone (by the index of the filter, in due-date order), then
  // its states are read by id: joined first, SQLite (without statistics) read every commitment's
  // state and sorted them all, for each page (~200 ms a page at 100 000 commitments).
  const picked = await states.db.all<{ id: string; due_date: string }>(
    `SELECT v.id, v.due_date FROM ${states.table('commitment')} v WHERE ${where.join(' AND ')} ORDER BY v.due_date, v.id LIMIT ${q.p(page.limit + 1)}`,
    q.values,
  );
  const { shown, more } = pageOf(picked, page.limit);
  const rows = await states.rowsOf('commitment', shown.map((r) => r.id));
  const items = (await states.states<CommitmentState>('commitment', rows, m)).map(({ state, last }) => commitmentListItem(state, m.iso, last));
  const last = shown[shown.length - 1];
  return { items, nextCursor: more ? encodeCursor({ at: m.ms, key: [last.due_date, last.id] }) : null };
}

/**
 * The status filter in SQL. Stored: the status for every phase but 'accepted', whose status
 * depends on the moment — active through its due date, overdue from the next day on (the domain's
 * isPastDue: the moment's UTC date is after the due date).
 */
function statusPredicate(statuses: readonly CommitmentStatus[], m: Moment, q: Params): string {
  const parts: string[] = [];
  const stable = statuses.filter((s) => s !== 'active' && s !== 'overdue');
  if (stable.length > 0) parts.push(`v.stable_status IN (${stable.map((s) => q.p(s)).join(', ')})`);
  if (statuses.includes('active')) parts.push(`(v.stable_status = 'accepted' AND v.due_date >= ${q.p(m.date)})`);
  if (statuses.includes('overdue')) parts.push(`(v.stable_status = 'accepted' AND v.due_date < ${q.p(m.date)})`);
  return `(${parts.join(' OR ')})`;
}

export async function one(states: StateReader, id: string, m: Moment): Promise<CommitmentView | null> {
  const found = await states.one<CommitmentState>('commitment', id, m);
  return found && commitmentView(found.state, m.iso, found.last);
}

/** Counts by status (figures.ts) of the commitments matching every `column = value`, within these collaboratives if given. */
export async function counts(
  states: StateReader,
  conditions: Array<[column: string, value: string]>,
  m: Moment,
  within?: readonly string[],
): Promise<CommitmentCounts> {
  const q = new Params();
  const where = [visible(m, q), ...conditions.map(([column, value]) => `${column} = ${q.p(value)}`), inCollaboratives(q, '', within)];
  const date = q.p(m.date);
  const rows = await states.db.all<{ s: string; past: number | string; n: number | string }>(
    `SELECT stable_status AS s, CASE WHEN due_date < ${date} THEN 1 ELSE 0 END AS past, COUNT(*) AS n
     FROM ${states.table('commitment')} WHERE ${where.join(' AND ')} GROUP BY 1, 2`,
    q.values,
  );
  return commitmentCounts(
    rows.map((r) => [(r.s === 'accepted' ? (Number(r.past) === 1 ? 'overdue' : 'active') : r.s) as CommitmentStatus, Number(r.n)]),
  );
}
