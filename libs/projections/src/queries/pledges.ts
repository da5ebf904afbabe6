/**
 * Pledges: the listing (filters, pages by id), one pledge, and the funds totals per currency the
 * scorecard and the summary show.
 */
import type { PledgeState } from '@ledger/domain';
import { decodeCursor, encodeCursor } from '../cursor';
import { MoneyTotals } from '../figures';
import { overdueAt } from '../tables';
import { pledgeListItem, pledgeView, type PledgeListItem, type PledgeView } from '../views';
import type { Moment } from './moment';
import { inCollaboratives, pageOf, Params, visible, type Page, type PageRequest } from './sql';
import { ROW_COLUMNS, type StateReader, type StateRow } from './state-reader';

export interface PledgeFilter {
  /** Only in these collaboratives (what the reader may see); undefined: any. */
  collaborativeIn?: readonly string[];
  funder?: string;
  /** An organization or a collaborative id. */
  recipient?: string;
  collaborative?: string;
  statuses?: readonly string[];
}

/** The pledges matching the filter at the moment, by id. */
export async function list(states: StateReader, filter: PledgeFilter, page: PageRequest, m: Moment): Promise<Page<PledgeListItem>> {
  if (filter.collaborativeIn?.length === 0) return { items: [], nextCursor: null };
  const q = new Params();
  const where = [visible(m, q, 'v.')];
  if (filter.collaborativeIn !== undefined) where.push(inCollaboratives(q, 'v.', filter.collaborativeIn));
  if (filter.funder !== undefined) where.push(`v.funder = ${q.p(filter.funder)}`);
  if (filter.recipient !== undefined) where.push(`v.recipient_id = ${q.p(filter.recipient)}`);
  if (filter.collaborative !== undefined) where.push(`v.collaborative_id = ${q.p(filter.collaborative)}`);
  if (filter.statuses && filter.statuses.length > 0) where.push(`v.status IN (${filter.statuses.map((s) => q.p(s)).join(', ')})`);
  if (page.cursor !== undefined) where.push(`v.id > ${q.p(decodeCursor(page.cursor, 1).key[0])}`);
  const rows = await states.db.all<StateRow>(
    `SELECT ${ROW_COLUMNS} FROM ${states.withState('pledge')} WHERE ${where.join(' AND ')} ORDER BY v.id LIMIT ${q.p(page.limit + 1)}`,
    q.values,
  );
  const { shown, more } = pageOf(rows, page.limit);
  const items = (await states.states<PledgeState>('pledge', shown, m)).map(({ state, last }) => pledgeListItem(state, m.iso, last));
  return { items, nextCursor: more ? encodeCursor({ at: m.ms, key: [shown[shown.length - 1].id] }) : null };
}

export async function one(states: StateReader, id: string, m: Moment): Promise<PledgeView | null> {
  const found = await states.one<PledgeState>('pledge', id, m);
  return found && pledgeView(found.state, m.iso, found.last);
}

const SUMMED = ['pledged', 'disbursed', 'cancelled', 'outstanding'] as const;
const FUNDS_FIELDS = [...SUMMED, 'overdue', 'indicative'] as const;

/** One currency's funds: decimal strings. */
export type FundsTotal = { currency: string } & Record<(typeof FUNDS_FIELDS)[number], string>;

/**
 * Pledged, disbursed, cancelled, outstanding, overdue and indicative per currency, of the pledges
 * whose `column` is `value` (within these collaboratives if given). The sums are added in SQL
 * (exact: integers in SQLite, numeric in PostgreSQL); should an amount exceed 64 bits in SQLite
 * (stored as text), that currency is added up exactly here instead. The overdue amount of each
 * pledge at the moment comes from its version's overdue_steps (tables.ts).
 */
export async function funds(
  states: StateReader,
  column: 'funder' | 'recipient_id' | 'collaborative_id',
  value: string,
  m: Moment,
  within?: readonly string[],
): Promise<FundsTotal[]> {
  const db = states.db;
  const table = states.table('pledge');
  const totals = new MoneyTotals(FUNDS_FIELDS);
  const q = new Params();
  const scope = `${visible(m, q)} AND ${column} = ${q.p(value)} AND ${inCollaboratives(q, '', within)}`;
  const wide = db.dialect === 'sqlite' ? `SUM(CASE WHEN ${SUMMED.map((f) => `typeof(${f}) = 'integer'`).join(' AND ')} THEN 0 ELSE 1 END)` : '0';
  let sums: Array<Record<(typeof SUMMED)[number] | 'indicative' | 'currency', string> & { wide: number | string }>;
  try {
    sums = await db.all(
      `SELECT currency, ${SUMMED.map((f) => `CAST(SUM(${f}) AS TEXT) AS ${f}`).join(', ')},
         CAST(SUM(CASE WHEN binding = 0 THEN pledged ELSE 0 END) AS TEXT) AS indicative, ${wide} AS wide
       FROM ${table} WHERE ${scope} GROUP BY currency`,
      q.values,
    );
  } catch (error) {
    if (!/integer overflow/i.test((error as Error).message)) throw error;
    sums = [];
  }
  const exactly = new Set(sums.filter((s) => Number(s.wide) > 0).map((s) => s.currency));
  for (const s of sums) {
    if (exactly.has(s.currency)) continue;
    for (const f of [...SUMMED, 'indicative'] as const) totals.add(s.currency, f, BigInt(s[f]));
  }
  if (sums.length === 0 || exactly.size > 0) {
    // Amounts beyond 64 bits: every row, as exact decimal text.
    const rows = await db.all<Record<(typeof SUMMED)[number] | 'currency', string> & { binding: number | string }>(
      `SELECT currency, binding, ${SUMMED.map((f) => `CAST(${f} AS TEXT) AS ${f}`).join(', ')} FROM ${table} WHERE ${scope}`,
      q.values,
    );
    for (const row of rows) {
      if (sums.length > 0 && !exactly.has(row.currency)) continue;
      for (const f of SUMMED) totals.add(row.currency, f, BigInt(row[f]));
      totals.add(row.currency, 'indicative', Number(row.binding) === 0 ? BigInt(row.pledged) : 0n);
    }
  }
  // Overdue installments: from each version's tabulated overdue amounts, for those with any by then.
  const o = new Params();
  const overdue = await db.all<{ currency: string; overdue_steps: string }>(
    `SELECT currency, overdue_steps FROM ${table} WHERE ${visible(m, o)} AND ${column} = ${o.p(value)} AND unpaid_from < ${o.p(m.date)} AND ${inCollaboratives(o, '', within)}`,
    o.values,
  );
  for (const row of overdue) totals.add(row.currency, 'overdue', overdueAt(row.overdue_steps, m.date));
  return totals.list();
}
