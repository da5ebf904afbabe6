/**
 * Governance: the charter in force, resolutions (the listing, one, the decisions register) with the
 * positions of their acts' events, meetings, and the resolutions an organization takes part in (the
 * scorecard's governance figures).
 */
import type { CollaborativeState, MeetingState, ResolutionState } from '@ledger/domain';
import { resolutionStatus } from '@ledger/domain';
import { decodeCursor, encodeCursor } from '../cursor';
import {
  charterView,
  meetingView,
  resolutionListItem,
  resolutionView,
  type ActEventView,
  type CharterView,
  type MeetingResolution,
  type MeetingView,
  type ResolutionListItem,
  type ResolutionStatusFilter,
  type ResolutionView,
} from '../governance-views';
import { ACTS_TABLE } from '../tables';
import * as agreements from './agreements';
import type { Moment } from './moment';
import { inCollaboratives, pageOf, Params, visible, type Page, type PageRequest } from './sql';
import { ROW_COLUMNS, type RecordAt, type StateReader, type StateRow } from './state-reader';

export interface ResolutionFilter {
  /** Only in these collaboratives (what the reader may see); undefined: any. */
  collaborativeIn?: readonly string[];
  collaborative?: string;
  statuses?: readonly ResolutionStatusFilter[];
}

/** The charter of the collaborative as it stood at the moment; null when it did not exist then. */
export async function charter(states: StateReader, collaborativeId: string, m: Moment): Promise<CharterView | null> {
  const found = await states.one<CollaborativeState>('collaborative', collaborativeId, m);
  return found && charterView(found.state, found.last);
}

/** The resolutions matching the filter at the moment, newest first (proposed at, then id). */
export async function list(states: StateReader, filter: ResolutionFilter, page: PageRequest, m: Moment): Promise<Page<ResolutionListItem>> {
  if (filter.collaborativeIn?.length === 0) return { items: [], nextCursor: null };
  const q = new Params();
  const where = [visible(m, q, 'v.')];
  if (filter.collaborativeIn !== undefined) where.push(inCollaboratives(q, 'v.', filter.collaborativeIn));
  if (filter.collaborative !== undefined) where.push(`v.collaborative_id = ${q.p(filter.collaborative)}`);
  if (filter.statuses && filter.statuses.length > 0) where.push(statusPredicate(filter.statuses, m, q));
  if (page.cursor !== undefined) {
    const [proposedAt, id] = decodeCursor(page.cursor, 2).key;
    const before = q.p(Number(proposedAt));
    where.push(`v.proposed_at <= ${before} AND (v.proposed_at < ${before} OR v.id < ${q.p(id)})`);
  }
  const rows = await states.db.all<StateRow & { proposed_at: number | string }>(
    `SELECT ${ROW_COLUMNS}, v.proposed_at FROM ${states.withState('resolution')} WHERE ${where.join(' AND ')}
     ORDER BY v.proposed_at DESC, v.id DESC LIMIT ${q.p(page.limit + 1)}`,
    q.values,
  );
  const { shown, more } = pageOf(rows, page.limit);
  const items = await listItems(states, shown, m);
  const last = shown[shown.length - 1];
  return { items, nextCursor: more ? encodeCursor({ at: m.ms, key: [String(Number(last.proposed_at)), last.id] }) : null };
}

/**
 * The status filter in SQL. Stored: 'open' until a steward closes or the proposer withdraws it,
 * whose status then depends on the moment — voting before votingClosesAt, awaiting closure from it
 * on (the domain's votingHasClosed) — else the outcome or 'withdrawn'.
 */
function statusPredicate(statuses: readonly ResolutionStatusFilter[], m: Moment, q: Params): string {
  const parts: string[] = [];
  const stable = statuses.filter((s) => s !== 'voting' && s !== 'awaiting_closure');
  if (stable.length > 0) parts.push(`v.stable_status IN (${stable.map((s) => q.p(s)).join(', ')})`);
  if (statuses.includes('voting')) parts.push(`(v.stable_status = 'open' AND v.voting_closes_at > ${q.p(m.ms)})`);
  if (statuses.includes('awaiting_closure')) parts.push(`(v.stable_status = 'open' AND v.voting_closes_at <= ${q.p(m.ms)})`);
  return `(${parts.join(' OR ')})`;
}

/** The adopted resolutions of a collaborative at the moment, newest decision first (decided at, then id). */
export async function decisions(states: StateReader, collaborativeId: string, page: PageRequest, m: Moment): Promise<Page<ResolutionListItem>> {
  const q = new Params();
  const where = [`v.collaborative_id = ${q.p(collaborativeId)}`, `v.stable_status = 'adopted'`, visible(m, q, 'v.')];
  if (page.cursor !== undefined) {
    const [decidedAt, id] = decodeCursor(page.cursor, 2).key;
    const before = q.p(Number(decidedAt));
    where.push(`v.decided_at <= ${before} AND (v.decided_at < ${before} OR v.id < ${q.p(id)})`);
  }
  const rows = await states.db.all<StateRow & { decided_at: number | string }>(
    `SELECT ${ROW_COLUMNS}, v.decided_at FROM ${states.withState('resolution')} WHERE ${where.join(' AND ')}
     ORDER BY v.decided_at DESC, v.id DESC LIMIT ${q.p(page.limit + 1)}`,
    q.values,
  );
  const { shown, more } = pageOf(rows, page.limit);
  const items = await listItems(states, shown, m);
  const last = shown[shown.length - 1];
  return { items, nextCursor: more ? encodeCursor({ at: m.ms, key: [String(Number(last.decided_at)), last.id] }) : null };
}

async function listItems(states: StateReader, rows: readonly StateRow[], m: Moment): Promise<ResolutionListItem[]> {
  const [found, acts] = await Promise.all([states.states<ResolutionState>('resolution', rows, m), actEventsOf(states, rows.map((row) => row.id), m)]);
  return found.map(({ state, last }) => resolutionListItem(state, m.iso, last, acts.get(state.id) ?? []));
}

/**
 * One resolution as it stood at the moment, with the votes when `votes(collaborativeId)` says the
 * reader may see who voted how; null when it did not exist then.
 */
export async function one(states: StateReader, id: string, m: Moment, votes: (collaborativeId: string) => boolean): Promise<ResolutionView | null> {
  const [found, acts] = await Promise.all([states.one<ResolutionState>('resolution', id, m), actEventsOf(states, [id], m)]);
  return found && resolutionView(found.state, m.iso, found.last, acts.get(id) ?? [], { votes: votes(found.state.collaborativeId) });
}

/** The events the resolutions' acts appended to other records, recorded by the moment, in log order, by resolution. */
async function actEventsOf(states: StateReader, ids: readonly string[], m: Moment): Promise<Map<string, ActEventView[]>> {
  const byResolution = new Map<string, ActEventView[]>();
  if (ids.length === 0) return byResolution;
  const q = new Params();
  const since = m.current ? '' : ` AND recorded_from <= ${q.p(m.ms)}`;
  const rows = await states.db.all<{ resolution_id: string; position: number | string; stream_id: string; type: string; recorded_from: number | string }>(
    `SELECT resolution_id, position, stream_id, type, recorded_from FROM ${states.db.table(ACTS_TABLE)}
     WHERE resolution_id IN (${ids.map((id) => q.p(id)).join(', ')})${since} ORDER BY position`,
    q.values,
  );
  for (const row of rows) {
    const list = byResolution.get(row.resolution_id) ?? [];
    list.push({ position: Number(row.position), streamId: row.stream_id, type: row.type, recordedAt: new Date(Number(row.recorded_from)).toISOString() });
    byResolution.set(row.resolution_id, list);
  }
  return byResolution;
}

/** One meeting as it stood at the moment, with the resolutions it took up as they stood then. */
export async function meeting(states: StateReader, id: string, m: Moment): Promise<MeetingView | null> {
  const found = await states.one<MeetingState>('meeting', id, m);
  if (!found) return null;
  const taken = await resolutionsTakenUp(states, found.state.resolutionIds, m);
  return meetingView(found.state, found.last, found.state.resolutionIds.map((resolutionId) => taken(resolutionId)));
}

/** The meetings of a collaborative recorded by the moment, the latest held first (held on, then id). */
export async function meetings(states: StateReader, collaborativeId: string, page: PageRequest, m: Moment): Promise<Page<MeetingView>> {
  const q = new Params();
  const where = [`v.collaborative_id = ${q.p(collaborativeId)}`, visible(m, q, 'v.')];
  if (page.cursor !== undefined) {
    const [heldOn, id] = decodeCursor(page.cursor, 2).key;
    const before = q.p(heldOn);
    where.push(`v.held_on <= ${before} AND (v.held_on < ${before} OR v.id < ${q.p(id)})`);
  }
  const rows = await states.db.all<StateRow & { held_on: string }>(
    `SELECT ${ROW_COLUMNS}, v.held_on FROM ${states.withState('meeting')} WHERE ${where.join(' AND ')}
     ORDER BY v.held_on DESC, v.id DESC LIMIT ${q.p(page.limit + 1)}`,
    q.values,
  );
  const { shown, more } = pageOf(rows, page.limit);
  const found = await states.states<MeetingState>('meeting', shown, m);
  const taken = await resolutionsTakenUp(states, found.flatMap(({ state }) => state.resolutionIds), m);
  const items = found.map(({ state, last }) => meetingView(state, last, state.resolutionIds.map((resolutionId) => taken(resolutionId))));
  const last = shown[shown.length - 1];
  return { items, nextCursor: more ? encodeCursor({ at: m.ms, key: [last.held_on, last.id] }) : null };
}

/** Where each of these resolutions stood at the moment (title, status and outcome null: not proposed by then). */
async function resolutionsTakenUp(states: StateReader, ids: readonly string[], m: Moment): Promise<(id: string) => MeetingResolution> {
  const taken = new Map<string, ResolutionState>();
  const unique = [...new Set(ids)];
  if (unique.length > 0) {
    const q = new Params();
    const rows = await states.db.all<StateRow>(
      `SELECT ${ROW_COLUMNS} FROM ${states.withState('resolution')} WHERE v.id IN (${unique.map((r) => q.p(r)).join(', ')}) AND ${visible(m, q, 'v.')}`,
      q.values,
    );
    for (const { state } of await states.states<ResolutionState>('resolution', rows, m)) taken.set(state.id, state);
  }
  return (id) => {
    const state = taken.get(id);
    return { id, title: state?.title ?? null, status: state ? resolutionStatus(state, m.iso) : null, outcome: state?.closure?.outcome ?? null };
  };
}

/** The resolutions an organization takes part in at the moment (in the electorate, or their proposer), within these collaboratives if given. */
export async function involving(states: StateReader, organizationId: string, m: Moment, within?: readonly string[]): Promise<Array<RecordAt<ResolutionState>>> {
  return agreements.involving(states, 'resolution', organizationId, m, within);
}
