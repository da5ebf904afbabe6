import { PostgresEventStore, type RecordedEvent } from '@ledger/event-store';
import {
  CHECKPOINT_TABLE,
  logReaderFor,
  PostgresReadModels,
  Projector,
  rebuildReadModels,
  VERSIONED_TABLES,
  type CommitmentListItem,
} from '@ledger/projections';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';
import { allAnswers, bothPaths, idsOf, momentsOf, type IdsOf } from './support/answers';
import { loadDemoWith } from './support/demo';
import { commitmentsAt } from './support/oracle';

/**
 * The same read models in PostgreSQL, in the events' schema: projected live while the demo loads,
 * checked against the domain, projected again by two projectors at once (two ledger processes),
 * and rebuilt from the log with identical rows and answers.
 */
describe('read models in PostgreSQL', () => {
  const schema = `projections_${process.pid}`;
  const env = { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: TEST_POSTGRES_URL, LEDGER_POSTGRES_SCHEMA: schema };
  let store: PostgresEventStore;
  let storage: PostgresReadModels;
  let events: RecordedEvent[];
  let ids: IdsOf;
  let now: number;
  let moments: number[];
  let projected: Record<string, unknown>;

  beforeAll(async () => {
    await ensureTestDatabase();
    await dropSchema(schema);
    await loadDemoWith(env);
    store = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, schema });
    storage = PostgresReadModels.besideEvents(store);
    await storage.ensureSchema();
    const projector = new Projector(store, storage);
    await projector.start();
    expect(await projector.catchUp(20_000)).toBe(true);
    await projector.stop();
    events = await store.readAll({ after: 0, limit: 100_000 });
    ids = idsOf(events);
    now = Date.now();
    moments = momentsOf(events, now).filter((_, i) => i % 2 === 0);
    projected = await allAnswers(storage, ids, moments);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await dropSchema(schema);
  });

  it('keeps the tables beside the events and agrees with the domain at every moment', async () => {
    const rows = await storage.db.all<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['events', CHECKPOINT_TABLE, ...VERSIONED_TABLES]));
    expect((await storage.checkpoint()).position).toBe(events.length);
    for (const ms of moments) {
      const iso = new Date(ms).toISOString();
      const listed = (projected[iso] as Record<string, CommitmentListItem[]>)['commitments?'];
      const oracle = commitmentsAt(events, iso);
      expect(new Map(listed.map((c) => [c.id, c.status]))).toEqual(new Map([...oracle].map(([id, c]) => [id, c.status])));
    }
    const summary = (projected[new Date(now).toISOString()] as Record<string, { funds: unknown; goals: Array<{ achieved: string }> }>)[
      '/collaboratives/upper-valley-partnership/summary'
    ];
    expect(summary.funds).toEqual([
      expect.objectContaining({ currency: 'USD', pledged: '605000.00', disbursed: '457500.00', outstanding: '117500.00', overdue: '62500.00' }),
    ]);
    expect(summary.goals.map((g) => g.achieved)).toEqual(['55.00', '52.08']);
  });

  it('answers the same through the open versions and through the versions in force', async () => {
    const { current, temporal } = await bothPaths(storage, ids, now);
    expect(current).toEqual(temporal);
  });

  it('lets two projectors (two ledger processes) project at once: each applies only what the other has not', async () => {
    const rows = await tableContents();
    await storage.db.all(`DROP TABLE ${storage.db.table(CHECKPOINT_TABLE)}`);
    await storage.ensureSchema();
    expect((await storage.checkpoint()).position).toBe(0);
    const other = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, schema });
    try {
      const projectors = [new Projector(store, storage, { batchSize: 7 }), new Projector(other, PostgresReadModels.besideEvents(other), { batchSize: 11 })];
      await Promise.all(projectors.map((p) => p.start()));
      expect(await Promise.all(projectors.map((p) => p.catchUp(30_000)))).toEqual([true, true]);
      await Promise.all(projectors.map((p) => p.stop()));
    } finally {
      await other.close();
    }
    expect(await tableContents()).toEqual(rows);
    expect(await allAnswers(storage, ids, moments)).toEqual(projected);
  });

  it('rebuilds into fresh tables and swaps them in, with identical rows and answers', async () => {
    const rows = await tableContents();
    const generation = (await storage.checkpoint()).generation;
    const result = await rebuildReadModels(storage, logReaderFor(store), { pageSize: 50, flushRows: 60 });
    expect(result.checkpoint).toMatchObject({ position: events.length, generation: generation + 1 });
    expect(await tableContents()).toEqual(rows);
    expect(await allAnswers(storage, ids, moments)).toEqual(projected);
  });

  async function tableContents(): Promise<Record<string, string[]>> {
    const contents: Record<string, string[]> = {};
    for (const table of VERSIONED_TABLES) {
      const rows = await storage.db.all(`SELECT * FROM ${storage.db.table(table)}`);
      contents[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return contents;
  }
});
