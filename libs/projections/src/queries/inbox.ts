/**
 * The records that may hold something waiting on an organization at a moment (the inbox's
 * candidates): found by index from the version tables, each with its state then. Which of them
 * actually wait on it, and for what, the domain decides (Actions.inboxEntries, on a dry run of
 * their probes): these queries only keep the rest out.
 */
import { roleOf, type CollaborativeState, type RecordName } from '@ledger/domain';
import { PARTICIPANTS_TABLE } from '../tables';
import type { RecordKind } from '../records';
import type { Moment } from './moment';
import { Params, visible } from './sql';
import { ROW_COLUMNS, type RecordAt, type StateReader, type StateRow } from './state-reader';

export interface InboxCandidate {
  readonly record: RecordName;
  readonly id: string;
  readonly at: RecordAt<unknown>;
}

export interface InboxCandidates {
  /** The collaboratives it is a steward or member of at the moment. */
  readonly collaboratives: ReadonlyArray<{ id: string; role: 'steward' | 'member' }>;
  readonly records: readonly InboxCandidate[];
}

const NAMES: Readonly<Record<'commitment' | 'pledge' | 'partnership' | 'risk_agreement' | 'resolution', RecordName>> = {
  commitment: 'commitment',
  pledge: 'pledge',
  partnership: 'partnership',
  risk_agreement: 'risk-agreement',
  resolution: 'resolution',
};

/**
 * Records that may wait on `organizationId` at the moment: commitments made to it (or to a
 * collaborative it stewards) that are proposed, claimed delivered or with a revision pending,
 * disputes in collaboratives it stewards, its own accepted commitments due by `horizon`; pledges to
 * it (or to a collaborative it stewards) awaiting an acknowledgement or a receipt, its own pledges
 * with an installment due by `horizon` and not covered; declarations and risk agreements it is a
 * party to awaiting signatures, risk agreements in effect where it stewards; open resolutions it
 * may vote on, and those of collaboratives it stewards.
 */
export async function inboxCandidates(states: StateReader, organizationId: string, m: Moment, horizon: string): Promise<InboxCandidates> {
  const collaboratives = await memberships(states, organizationId, m);
  const stewarding = collaboratives.filter((c) => c.role === 'steward').map((c) => c.id);
  const org = organizationId;
  const waitingOnPromisee = `(v.stable_status IN ('proposed', 'delivery_claimed') OR v.pending_revision IS NOT NULL)`;
  const queries: Array<Promise<InboxCandidate[]>> = [
    select(states, 'commitment', m, (q) => `v.promisee_id = ${q.p(org)} AND v.promisee_kind = 'organization' AND ${waitingOnPromisee}`),
    select(states, 'commitment', m, (q) => all(`v.pending_revision IS NOT NULL AND v.promisee_kind = 'collaborative'`, within(q, 'v.promisee_id', stewarding))),
    select(states, 'commitment', m, (q) => all(`v.stable_status IN ('proposed', 'delivery_claimed') AND v.promisee_kind = 'collaborative'`, within(q, 'v.promisee_id', stewarding))),
    select(states, 'commitment', m, (q) => all(`v.stable_status = 'disputed'`, within(q, 'v.collaborative_id', stewarding))),
    select(states, 'commitment', m, (q) => `v.promisor = ${q.p(org)} AND v.stable_status = 'accepted' AND v.due_date <= ${q.p(horizon)}`),
    select(states, 'pledge', m, (q) => `v.recipient_id = ${q.p(org)} AND v.recipient_kind = 'organization' AND v.awaits_recipient = 1`),
    select(states, 'pledge', m, (q) => all(`v.awaits_recipient = 1 AND v.recipient_kind = 'collaborative'`, within(q, 'v.recipient_id', stewarding))),
    select(states, 'pledge', m, (q) => `v.funder = ${q.p(org)} AND v.unpaid_from IS NOT NULL AND v.unpaid_from <= ${q.p(horizon)}`),
    select(states, 'partnership', m, (q) => `v.status = 'awaiting_signatures' AND ${party(states, q, 'partnership', org, m)}`),
    select(states, 'risk_agreement', m, (q) => `v.status = 'awaiting_signatures' AND ${party(states, q, 'risk_agreement', org, m)}`),
    select(states, 'risk_agreement', m, (q) => all(`v.status = 'in_effect'`, within(q, 'v.collaborative_id', stewarding))),
    select(states, 'resolution', m, (q) => `v.stable_status = 'open' AND ${party(states, q, 'resolution', org, m)}`),
    select(states, 'resolution', m, (q) => all(`v.stable_status = 'open'`, within(q, 'v.collaborative_id', stewarding))),
  ];
  const seen = new Set<string>();
  const records: InboxCandidate[] = [];
  for (const found of await Promise.all(queries)) {
    for (const candidate of found) {
      const key = `${candidate.record}-${candidate.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      records.push(candidate);
    }
  }
  return { collaboratives, records };
}

/** The collaboratives the organization is a steward or member of at the moment. */
async function memberships(states: StateReader, organizationId: string, m: Moment): Promise<Array<{ id: string; role: 'steward' | 'member' }>> {
  const q = new Params();
  const rows = await states.db.all<StateRow>(`SELECT ${ROW_COLUMNS} FROM ${states.withState('collaborative')} WHERE ${visible(m, q, 'v.')} ORDER BY v.id`, q.values);
  return (await states.states<CollaborativeState>('collaborative', rows, m)).flatMap(({ state }) => {
    const role = roleOf(state, organizationId);
    return role === 'steward' || role === 'member' ? [{ id: state.id, role }] : [];
  });
}

/** The versions of a kind in force at the moment that match `where`, with their states then. */
async function select(states: StateReader, kind: keyof typeof NAMES, m: Moment, where: (q: Params) => string | null): Promise<InboxCandidate[]> {
  const q = new Params();
  const condition = where(q);
  if (condition === null) return [];
  const rows = await states.db.all<StateRow>(`SELECT ${ROW_COLUMNS} FROM ${states.withState(kind)} WHERE ${condition} AND ${visible(m, q, 'v.')} ORDER BY v.id`, q.values);
  return (await states.states<unknown>(kind, rows, m)).map((at, i) => ({ record: NAMES[kind], id: rows[i].id, at }));
}

/** `column IN (ids)`; null when there are none (the statement would find nothing). */
function within(q: Params, column: string, ids: readonly string[]): string | null {
  return ids.length === 0 ? null : `${column} IN (${ids.map((id) => q.p(id)).join(', ')})`;
}

/** The conditions together; null when one of them can hold for nothing. */
function all(...conditions: Array<string | null>): string | null {
  return conditions.includes(null) ? null : conditions.join(' AND ');
}

/** The records of a kind the organization takes part in by the moment (a party, an elector). */
function party(states: StateReader, q: Params, kind: RecordKind, organizationId: string, m: Moment): string {
  const since = m.current ? '' : ` AND p.recorded_from <= ${q.p(m.ms)}`;
  return `v.id IN (SELECT p.record_id FROM ${states.db.table(PARTICIPANTS_TABLE)} p WHERE p.organization_id = ${q.p(organizationId)} AND p.kind = ${q.p(kind)}${since})`;
}
