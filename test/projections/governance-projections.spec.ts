import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSIONS, resolutionDecider, resolutionStatus, upcast, type ResolutionState } from '@ledger/domain';
import { PostgresEventStore, SqliteEventStore, type EventStore, type NewEvent, type RecordedEvent } from '@ledger/event-store';
import {
  logReaderFor,
  PostgresReadModels,
  Projector,
  rebuildReadModels,
  SqliteReadModels,
  VERSIONED_TABLES,
  type ReadModelStorage,
  type ResolutionListItem,
} from '@ledger/projections';
import { governanceStory, type StoryEvent } from '../../libs/projections/src/testing/governance';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';
import { allAnswers, bothPaths, idsOf, momentsOf, type IdsOf } from './support/answers';

const DAY = 86_400_000;

/** What the domain says of each resolution at `asOf`, folding the events recorded by then. */
function resolutionStatusesAt(events: RecordedEvent[], asOf: string): Map<string, string> {
  const states = new Map<string, ResolutionState | null>();
  for (const event of events) {
    if (!event.streamId.startsWith('resolution-') || Date.parse(event.recordedAt) > Date.parse(asOf)) continue;
    const id = event.streamId.slice('resolution-'.length);
    states.set(id, resolutionDecider.evolve(states.get(id) ?? null, { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) } as never));
  }
  return new Map([...states].map(([id, state]) => [id, resolutionStatus(state!, asOf)]));
}

interface Setup {
  store: EventStore;
  storage: ReadModelStorage;
  /** Every row of every read-model table, in a stable order. */
  rows(): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}

const stores: Array<[string, (clock: () => Date) => Promise<Setup>]> = [
  [
    'embedded SQLite',
    async (clock) => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-governance-'));
      const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite'), clock });
      const storage = SqliteReadModels.besideEvents(store);
      return {
        store,
        storage,
        rows: async () => Object.fromEntries(VERSIONED_TABLES.map((t) => [t, storage.connection.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()])),
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'PostgreSQL',
    async (clock) => {
      const schema = `governance_${process.pid}`;
      await ensureTestDatabase();
      await dropSchema(schema);
      const store = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, schema, clock });
      const storage = PostgresReadModels.besideEvents(store);
      return {
        store,
        storage,
        rows: async () => {
          const out: Record<string, string[]> = {};
          for (const t of VERSIONED_TABLES) out[t] = (await storage.db.all(`SELECT * FROM ${storage.db.table(t)}`)).map((r) => JSON.stringify(r)).sort();
          return out;
        },
        close: async () => {
          await store.close();
          await dropSchema(schema);
        },
      };
    },
  ],
];

/**
 * The governance story (libs/projections/src/testing/governance.ts) appended to a real store —
 * an adoption and its act in one commit, as the command path appends them — projected live in
 * small batches while it is appended, asked every query at many moments, rebuilt from the log, and
 * asked again: the same rows, the same answers, and the domain's statuses at every moment.
 */
describe.each(stores)('governance read models (%s): live, rebuilt, the same', (_, open) => {
  const t0 = Date.now() - 30 * DAY;
  let now = t0;
  let setup: Setup;
  let events: RecordedEvent[];
  let ids: IdsOf;
  let moments: number[];
  let live: Record<string, unknown>;

  const newEvent = (event: StoryEvent, causationId: string | null = null): NewEvent => ({
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSIONS[event.type as keyof typeof EVENT_SCHEMA_VERSIONS] ?? 1,
    data: event.data,
    actor: { type: 'ledger' },
    correlationId: randomUUID(),
    causationId,
  });

  beforeAll(async () => {
    setup = await open(() => new Date(now));
    await setup.storage.ensureSchema();
    const projector = new Projector(setup.store, setup.storage, { batchSize: 2 });
    await projector.start();
    try {
      const story = governanceStory(t0);
      for (let i = 0; i < story.length; i++) {
        const event = story[i];
        now = event.at;
        const act = story[i + 1];
        if (event.type === 'ResolutionClosed' && act?.at === event.at && act.streamId !== event.streamId && (act.data as { resolutionId?: string }).resolutionId) {
          // The adoption and the events of its acts, in one commit, caused by the adoption.
          const closure = newEvent(event);
          await setup.store.appendMany([
            { streamId: event.streamId, events: [closure], expectedRevision: 'any' },
            { streamId: act.streamId, events: [newEvent(act, closure.eventId)], expectedRevision: 'any' },
          ]);
          i++;
        } else {
          await setup.store.append(event.streamId, [newEvent(event)], { expectedRevision: 'any' });
        }
        if (i % 5 === 0) expect(await projector.catchUp(5000)).toBe(true);
      }
      expect(await projector.catchUp(5000)).toBe(true);
    } finally {
      await projector.stop();
    }
    now = Date.now();
    events = await setup.store.readAll({ after: 0, limit: 10_000 });
    ids = idsOf(events);
    // Spread over the story, and on (and just before) every resolution's and meeting's events.
    const onGovernance = events.filter((e) => /^(resolution|meeting)-/.test(e.streamId)).map((e) => Date.parse(e.recordedAt));
    moments = [...new Set([...momentsOf(events, now), t0 + 9 * DAY, ...onGovernance, ...onGovernance.map((t) => t - 1)])].sort((a, b) => a - b);
    live = await allAnswers(setup.storage, ids, moments);
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it('answers the governance queries from the events projected live', () => {
    expect(ids.resolutions.sort()).toEqual(['r-nv', 'r-phase', 'r-policy', 'r-remove']);
    const present = live[new Date(now).toISOString()] as Record<string, unknown>;
    const adopted = present['/resolutions/r-phase'] as ResolutionListItem & { votes: unknown[] };
    const phaseChanged = events.find((e) => e.type === 'PathwayPhaseChanged')!;
    expect(adopted).toMatchObject({ status: 'adopted', outcome: 'adopted', actEvents: [{ position: phaseChanged.position, streamId: 'collaborative-uv', type: 'PathwayPhaseChanged' }] });
    expect(adopted.votes).toHaveLength(3);
    expect(present['/resolutions/r-phase (observer)']).not.toHaveProperty('votes');
    expect((present['/collaboratives/uv/decisions'] as ResolutionListItem[]).map((r) => r.id)).toEqual(['r-phase']);
    expect((present['/collaboratives/uv/summary'] as { phaseHistory: unknown[] }).phaseHistory).toHaveLength(2);
    expect((present['/organizations/a/accountability'] as { governance: unknown }).governance).toEqual({
      eligibleVotes: 3,
      votesCast: 3,
      participationRate: '100.00',
      recusals: 0,
      resolutionsProposed: 2,
    });
    expect((present['/meetings/m-1'] as { resolutions: unknown[] }).resolutions).toHaveLength(2);
  });

  it('agrees, at every moment, with the domain folding the resolutions’ events recorded by then', () => {
    for (const ms of moments) {
      const iso = new Date(ms).toISOString();
      const answers = live[iso] as Record<string, ResolutionListItem[]>;
      const oracle = resolutionStatusesAt(events, iso);
      expect({ iso, statuses: new Map(answers['resolutions?'].map((r) => [r.id, r.status])) }).toEqual({ iso, statuses: oracle });
      for (const status of ['voting', 'awaiting_closure', 'adopted', 'lapsed', 'withdrawn']) {
        const filtered = answers[`resolutions?status=${status}`].map((r) => r.id).sort();
        expect({ iso, status, filtered }).toEqual({ iso, status, filtered: [...oracle].filter(([, s]) => s === status).map(([id]) => id).sort() });
      }
    }
  });

  it('answers the same through the open versions and through the versions in force', async () => {
    const { current, temporal } = await bothPaths(setup.storage, ids, now);
    expect(current).toEqual(temporal);
  });

  it('rebuilds from the log into the very same rows and answers', async () => {
    const rows = await setup.rows();
    expect(rows.rm_resolution_acts).toHaveLength(1);
    expect(rows.rm_resolutions.length).toBeGreaterThan(4);
    const threads = setup.storage instanceof SqliteReadModels ? [false, 2, 1] as const : [undefined];
    for (const parallel of threads) {
      const result = await rebuildReadModels(setup.storage, logReaderFor(setup.store), { pageSize: 3, flushRows: 4, ...(parallel !== undefined && { parallel }) });
      expect({ parallel, events: result.events }).toEqual({ parallel, events: events.length });
      expect(await setup.rows()).toEqual(rows);
      expect(await allAnswers(setup.storage, ids, moments)).toEqual(live);
    }
  });
});
