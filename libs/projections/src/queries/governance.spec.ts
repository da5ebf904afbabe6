import type { LogEvent } from '../log-event';
import type { StreamReader } from '../history';
import { SqliteReadModels } from '../sqlite/sqlite-read-models';
import { governanceStory } from '../testing/governance';
import { momentAt, type Moment } from './moment';
import { ReadModelQueries } from './read-model-queries';

const T0 = Date.parse('2025-03-01T09:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The story on a log: positions and stream revisions in order. */
function onLog(): LogEvent[] {
  const revisions = new Map<string, number>();
  return governanceStory(T0).map((event, i) => {
    const streamRevision = revisions.get(event.streamId) ?? 0;
    revisions.set(event.streamId, streamRevision + 1);
    return { position: i + 1, streamId: event.streamId, streamRevision, type: event.type, schemaVersion: 1, recordedAt: event.at, data: event.data };
  });
}

describe('governance queries over the read models', () => {
  const log = onLog();
  const streams: StreamReader = {
    read: async (wanted) => new Map(wanted.map(({ streamId, until }) => [streamId, log.filter((e) => e.streamId === streamId && e.recordedAt <= until)])),
  };
  let models: SqliteReadModels;
  let queries: ReadModelQueries;
  // Every event applied: a moment in the past is answered the general way (versions in force then).
  const at = (ms: number): Moment => momentAt(ms, { recordedAt: Number.MAX_SAFE_INTEGER });
  const ids = <T extends { id: string }>(page: { items: T[] }) => page.items.map((item) => item.id);

  beforeAll(async () => {
    models = SqliteReadModels.openFile(':memory:', { streams });
    await models.ensureSchema();
    // In small batches, as the live projector applies them.
    for (let i = 0; i < log.length; i += 4) models.applyBatchSync(log.slice(i, i + 4));
    queries = new ReadModelQueries(models);
  });
  afterAll(() => models.close());

  it('lists resolutions newest first, in the reader’s collaboratives, in pages that keep their moment', async () => {
    const m = at(T0 + 4 * DAY);
    expect(ids(await queries.listResolutions({}, { limit: 10 }, m))).toEqual(['r-nv', 'r-policy', 'r-phase']);
    expect(ids(await queries.listResolutions({ collaborative: 'uv' }, { limit: 10 }, m))).toEqual(['r-policy', 'r-phase']);
    expect(ids(await queries.listResolutions({ collaborativeIn: ['nv'] }, { limit: 10 }, m))).toEqual(['r-nv']);
    expect(ids(await queries.listResolutions({ collaborativeIn: [] }, { limit: 10 }, m))).toEqual([]);
    const first = await queries.listResolutions({}, { limit: 2 }, m);
    expect(ids(first)).toEqual(['r-nv', 'r-policy']);
    const second = await queries.listResolutions({}, { limit: 2, cursor: first.nextCursor! }, m);
    expect([ids(second), second.nextCursor]).toEqual([['r-phase'], null]);
    // Before anything was proposed, nothing.
    expect(ids(await queries.listResolutions({}, { limit: 10 }, at(T0 + DAY - 1)))).toEqual([]);
  });

  it('filters by status at the moment: voting, then awaiting closure once voting time is over, then the outcome', async () => {
    const statuses = async (ms: number) => {
      const out: Record<string, string[]> = {};
      for (const status of ['voting', 'awaiting_closure', 'adopted', 'rejected', 'lapsed', 'withdrawn'] as const) {
        out[status] = ids(await queries.listResolutions({ collaborative: 'uv', statuses: [status] }, { limit: 10 }, at(ms)));
      }
      return out;
    };
    expect(await statuses(T0 + 4 * DAY)).toEqual({ voting: ['r-policy', 'r-phase'], awaiting_closure: [], adopted: [], rejected: [], lapsed: [], withdrawn: [] });
    expect(await statuses(T0 + 9 * DAY)).toEqual({ voting: [], awaiting_closure: ['r-policy'], adopted: ['r-phase'], rejected: [], lapsed: [], withdrawn: ['r-remove'] });
    expect(await statuses(T0 + 10 * DAY)).toMatchObject({ awaiting_closure: [], lapsed: ['r-policy'] });
    // Several at once; and the item's status agrees with the filter.
    const page = await queries.listResolutions({ statuses: ['voting', 'adopted'] }, { limit: 10 }, at(T0 + 8 * DAY));
    expect(page.items.map((r) => [r.id, r.status])).toEqual([
      ['r-nv', 'adopted'],
      ['r-policy', 'voting'],
      ['r-phase', 'adopted'],
    ]);
  });

  it('answers one resolution as it stood: the tally of the votes then, the votes to those who may see them, its acts once carried out', async () => {
    const voting = await queries.resolution('r-phase', at(T0 + 3 * DAY + HOUR), () => true);
    expect(voting).toMatchObject({
      id: 'r-phase',
      status: 'voting',
      outcome: null,
      tally: { eligible: 3, for: 2, against: 0, abstain: 0, recused: 0, notVoted: 1, quorumMet: true, thresholdMet: true },
      votes: [
        { organizationId: 'a', choice: 'for', castAt: new Date(T0 + 3 * DAY).toISOString() },
        { organizationId: 'b', choice: 'for', castAt: new Date(T0 + 3 * DAY + HOUR).toISOString() },
      ],
      actEvents: [],
      lastEvent: { streamRevision: 2 },
    });
    const before = await queries.resolution('r-phase', at(T0 + 3 * DAY + HOUR - 1), () => true);
    expect(before!.tally).toMatchObject({ for: 1, notVoted: 2 });
    const phaseChanged = log.find((e) => e.type === 'PathwayPhaseChanged')!;
    const adopted = await queries.resolution('r-phase', at(T0 + 5 * DAY), (collaborativeId) => collaborativeId !== 'uv');
    expect(adopted).toMatchObject({
      status: 'adopted',
      outcome: 'adopted',
      closure: { closedBy: 'b', early: true },
      actEvents: [{ position: phaseChanged.position, streamId: 'collaborative-uv', type: 'PathwayPhaseChanged', recordedAt: new Date(T0 + 5 * DAY).toISOString() }],
    });
    expect(adopted).not.toHaveProperty('votes');
    expect(await queries.resolution('r-phase', at(T0 + DAY - 1), () => true)).toBeNull();
    expect(await queries.resolution('nothing', at(T0 + 5 * DAY), () => true)).toBeNull();
  });

  it('keeps the decisions register: adopted resolutions of a collaborative, newest decision first', async () => {
    expect(ids(await queries.decisions('uv', { limit: 10 }, at(T0 + 5 * DAY - 1)))).toEqual([]);
    const register = await queries.decisions('uv', { limit: 10 }, at(T0 + 11 * DAY));
    expect(register.items.map((r) => [r.id, r.closure?.closedAt, r.actEvents.map((e) => e.type)])).toEqual([
      ['r-phase', new Date(T0 + 5 * DAY).toISOString(), ['PathwayPhaseChanged']],
    ]);
    expect(ids(await queries.decisions('nv', { limit: 10 }, at(T0 + 11 * DAY)))).toEqual(['r-nv']);
  });

  it('answers the charter in force at the moment: the default charter until one is set', async () => {
    const before = await queries.charter('uv', at(T0));
    expect(before).toMatchObject({ collaborativeId: 'uv', charterAdopted: false });
    expect(before!.rules.find((r) => r.matter === 'general')).toMatchObject({ decidedBy: 'steward', source: 'default' });
    const after = await queries.charter('uv', at(T0 + 1000));
    expect(after!.rules.find((r) => r.matter === 'general')).toMatchObject({ decidedBy: 'stewards', source: 'charter' });
    expect(await queries.charter('uv', at(T0 - 1))).toBeNull();
  });

  it('answers a meeting with the resolutions it took up as they stood', async () => {
    expect(await queries.meeting('m-1', at(T0 + 6 * DAY))).toMatchObject({
      id: 'm-1',
      collaborativeId: 'uv',
      attendees: ['a', 'b', 'm'],
      resolutions: [
        { id: 'r-phase', title: 'Move to phase 5', status: 'adopted', outcome: 'adopted' },
        { id: 'r-policy', title: 'Data-sharing policy', status: 'voting', outcome: null },
      ],
    });
    expect((await queries.meeting('m-1', at(T0 + 10 * DAY)))!.resolutions[1]).toMatchObject({ status: 'lapsed', outcome: 'lapsed' });
    expect(await queries.meeting('m-1', at(T0 + 6 * DAY - 1))).toBeNull();
  });

  it("adds the phase history to the summary and each organization's governance figures to its scorecard", async () => {
    expect((await queries.summary('uv', at(T0 + 4 * DAY)))!.phaseHistory).toEqual([{ pathwayPhase: 4, from: new Date(T0).toISOString() }]);
    expect((await queries.summary('uv', at(T0 + 5 * DAY)))!.phaseHistory).toEqual([
      { pathwayPhase: 4, from: new Date(T0).toISOString() },
      { pathwayPhase: 5, from: new Date(T0 + 5 * DAY).toISOString(), resolutionId: 'r-phase' },
    ]);
    const m = at(T0 + 11 * DAY);
    expect((await queries.scorecard('a', m))!.governance).toEqual({ eligibleVotes: 3, votesCast: 3, participationRate: '100.00', recusals: 0, resolutionsProposed: 2 });
    expect((await queries.scorecard('a', m, ['uv']))!.governance).toEqual({ eligibleVotes: 2, votesCast: 2, participationRate: '100.00', recusals: 0, resolutionsProposed: 1 });
    expect((await queries.scorecard('c', m))!.governance).toEqual({ eligibleVotes: 2, votesCast: 1, participationRate: '50.00', recusals: 0, resolutionsProposed: 1 });
    // While r-policy is still voting, c's not having voted on it is not counted against it.
    expect((await queries.scorecard('c', at(T0 + 6 * DAY)))!.governance).toMatchObject({ eligibleVotes: 1, votesCast: 1, participationRate: '100.00' });
    expect((await queries.scorecard('m', m))!.governance).toEqual({ eligibleVotes: 0, votesCast: 0, participationRate: null, recusals: 0, resolutionsProposed: 0 });
  });

  it('answers the same for the present through the open versions as through the versions in force', async () => {
    const now = T0 + 30 * DAY;
    const current = { ...momentAt(now, await models.checkpoint()) };
    expect(current.current).toBe(true);
    const ask = async (m: Moment) => ({
      list: await queries.listResolutions({ statuses: ['adopted', 'lapsed', 'withdrawn'] }, { limit: 10 }, m),
      one: await queries.resolution('r-phase', m, () => true),
      decisions: await queries.decisions('uv', { limit: 10 }, m),
      meeting: await queries.meeting('m-1', m),
      scorecard: await queries.scorecard('a', m),
    });
    expect(await ask(current)).toEqual(await ask({ ...current, current: false }));
  });
});
