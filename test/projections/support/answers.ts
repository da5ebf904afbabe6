/**
 * Every query of LEDGER.md, asked of the read models for a set of moments: the answers a rebuild
 * (or a restarted projector) must reproduce exactly.
 */
import type { RecordedEvent } from '@ledger/event-store';
import {
  answerAt,
  COMMITMENT_STATUS_FILTERS,
  momentAt,
  ReadModelQueries,
  RESOLUTION_STATUS_FILTERS,
  type Moment,
  type Page,
  type ReadModelStorage,
} from '@ledger/projections';

/** Every page of a listing, walked with a small page size so cursors are exercised. */
export async function allPages<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetch(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('a listing did not end');
}

/** Moments worth asking about: the present, and instants spread over the history, some on event times. */
export function momentsOf(events: RecordedEvent[], now: number): number[] {
  const first = Date.parse(events[0].recordedAt);
  const last = Date.parse(events[events.length - 1].recordedAt);
  const spread = Array.from({ length: 9 }, (_, i) => Math.round(first - 86_400_000 + ((last - first + 2 * 86_400_000) * i) / 8));
  const onEvents = [7, 50, 101, 150].filter((i) => i < events.length).map((i) => Date.parse(events[i].recordedAt));
  return [now, ...spread, ...onEvents, ...onEvents.map((t) => t - 1)];
}

export interface IdsOf {
  organizations: string[];
  collaboratives: string[];
  commitments: string[];
  pledges: string[];
  partnerships: string[];
  riskAgreements: string[];
  goals: string[];
  resolutions: string[];
  meetings: string[];
}

export function idsOf(events: RecordedEvent[]): IdsOf {
  const of = (prefix: string) => [...new Set(events.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.streamId.slice(prefix.length)))];
  return {
    organizations: of('organization-'),
    collaboratives: of('collaborative-'),
    commitments: of('commitment-'),
    pledges: of('pledge-'),
    partnerships: of('partnership-'),
    riskAgreements: of('risk-agreement-'),
    resolutions: of('resolution-'),
    meetings: of('meeting-'),
    goals: events.filter((e) => e.type === 'SharedGoalAdopted').map((e) => (e.data as { goalId: string }).goalId),
  };
}

/** The answers of every query, by a readable key, for one moment. */
export async function answersFor(queries: ReadModelQueries, ids: IdsOf, m: Moment): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  const commitments = (label: string, filter: Parameters<ReadModelQueries['listCommitments']>[0]) =>
    allPages((cursor) => queries.listCommitments(filter, { limit: 7, cursor }, m)).then((items) => (answers[`commitments?${label}`] = items));
  const pledges = (label: string, filter: Parameters<ReadModelQueries['listPledges']>[0]) =>
    allPages((cursor) => queries.listPledges(filter, { limit: 2, cursor }, m)).then((items) => (answers[`pledges?${label}`] = items));

  await commitments('', {});
  for (const org of ids.organizations) {
    await commitments(`promisor=${org}`, { promisor: org });
    await commitments(`promisee=${org}`, { promisee: org });
    await pledges(`funder=${org}`, { funder: org });
    await pledges(`recipient=${org}`, { recipient: org });
    answers[`/organizations/${org}/accountability`] = await queries.scorecard(org, m);
  }
  for (const collaborative of ids.collaboratives) {
    await commitments(`collaborative=${collaborative}`, { collaborative });
    await commitments(`promisee=${collaborative}`, { promisee: collaborative });
    await pledges(`collaborative=${collaborative}`, { collaborative });
    answers[`/collaboratives/${collaborative}/summary`] = await queries.summary(collaborative, m);
  }
  for (const status of COMMITMENT_STATUS_FILTERS) await commitments(`status=${status}`, { statuses: [status] });
  await commitments('status=active,overdue,missed', { statuses: ['active', 'overdue', 'missed'] });
  for (const goal of ids.goals) await commitments(`goal=${goal}`, { goal });
  await commitments(`dueBefore=${m.date}`, { dueBefore: m.date });
  await commitments(`promisor=riverside-chc&status=active,delivered`, { promisor: 'riverside-chc', statuses: ['active', 'delivered'] });
  await pledges('', {});
  for (const status of ['open', 'partially_disbursed', 'fulfilled', 'cancelled']) await pledges(`status=${status}`, { statuses: [status] });
  for (const id of ids.commitments) answers[`/commitments/${id}`] = await queries.commitment(id, m);
  for (const id of ids.pledges) answers[`/pledges/${id}`] = await queries.pledge(id, m);
  for (const id of ids.partnerships) answers[`/partnerships/${id}`] = await queries.partnership(id, m);
  for (const id of ids.riskAgreements) answers[`/risk-agreements/${id}`] = await queries.riskAgreement(id, m);

  // Governance: the charter, resolutions (with and without the votes), the decisions register, meetings.
  const resolutions = (label: string, filter: Parameters<ReadModelQueries['listResolutions']>[0]) =>
    allPages((cursor) => queries.listResolutions(filter, { limit: 2, cursor }, m)).then((items) => (answers[`resolutions?${label}`] = items));
  await resolutions('', {});
  for (const status of RESOLUTION_STATUS_FILTERS) await resolutions(`status=${status}`, { statuses: [status] });
  await resolutions('status=voting,awaiting_closure', { statuses: ['voting', 'awaiting_closure'] });
  for (const collaborative of ids.collaboratives) {
    await resolutions(`collaborative=${collaborative}`, { collaborative });
    answers[`/collaboratives/${collaborative}/charter`] = await queries.charter(collaborative, m);
    answers[`/collaboratives/${collaborative}/decisions`] = await allPages((cursor) => queries.decisions(collaborative, { limit: 1, cursor }, m));
    answers[`/collaboratives/${collaborative}/meetings`] = await allPages((cursor) => queries.meetings(collaborative, { limit: 1, cursor }, m));
  }
  for (const id of ids.resolutions) {
    answers[`/resolutions/${id}`] = await queries.resolution(id, m, () => true);
    answers[`/resolutions/${id} (observer)`] = await queries.resolution(id, m, () => false);
  }
  for (const id of ids.meetings) answers[`/meetings/${id}`] = await queries.meeting(id, m);
  return answers;
}

/** Every query at every moment, answered the way the HTTP layer answers (answerAt). */
export async function allAnswers(storage: ReadModelStorage, ids: IdsOf, moments: number[]): Promise<Record<string, unknown>> {
  const queries = new ReadModelQueries(storage);
  const answers: Record<string, unknown> = {};
  for (const ms of moments) {
    const at = await answerAt(() => storage.checkpoint(), ms, (m) => answersFor(queries, ids, m));
    answers[new Date(ms).toISOString()] = at;
  }
  return answers;
}

/** The same moment answered through the open versions and through the general (temporal) path. */
export async function bothPaths(storage: ReadModelStorage, ids: IdsOf, ms: number) {
  const queries = new ReadModelQueries(storage);
  const checkpoint = await storage.checkpoint();
  const moment = momentAt(ms, checkpoint);
  return {
    current: await answersFor(queries, ids, { ...moment, current: true }),
    temporal: await answersFor(queries, ids, { ...moment, current: false }),
  };
}
