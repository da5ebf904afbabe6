/**
 * Commit order must equal position order, or a subscriber reading the log by position skips events.
 *
 * The classic gap, with positions from a bigserial (or any sequence / counter taken outside a lock
 * held to commit): transaction A takes position 1 and is slow to commit; transaction B takes
 * position 2 and commits at once. A subscriber reading `position > 0` now sees only 2, handles it
 * and moves its checkpoint to 2. When A commits, position 1 is behind the checkpoint: the
 * subscriber never sees it, and neither does any projection or publisher built on it. Nothing
 * fails loudly; one event is just missing downstream, forever.
 *
 * The adapter prevents it by making every appending transaction lock the one-row log_head first
 * and advance it last: B cannot take a position until A has committed (or rolled back), so when a
 * position is visible, every lower one already is.
 *
 * The tests below make one transaction slow with a trigger that sleeps on inserts into "slow-"
 * streams, race it against fast transactions from other store instances (separate pools, as
 * separate processes would), and check what a subscriber reading by position actually received.
 * The first test runs the very same interleaving against a naive bigserial log and shows that the
 * subscriber there does skip the slow event: the scenario has teeth.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import {
  CatchUpSubscription,
  ensurePostgresDatabase,
  EventStore,
  PostgresEventStore,
  quoteIdent,
  RecordedEvent,
  Subscription,
} from '@ledger/event-store';
import { newEvent, newEvents } from '../support/events';

const url = process.env.LEDGER_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/ledger_test';
const run = randomBytes(4).toString('hex');
const schema = `commit_order_${run}`;
const s = quoteIdent(schema);
let admin: Pool;
const stores: EventStore[] = [];

async function openStore(applicationName: string): Promise<PostgresEventStore> {
  const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: 3, applicationName });
  stores.push(store);
  return store;
}

/** Resolves once a connection with this application_name is sleeping inside the slow trigger. */
async function untilSleeping(applicationName: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event = 'PgSleep'`,
      [applicationName],
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${applicationName} never reached the slow trigger`);
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A trigger that makes inserts into "slow-..." streams sleep, i.e. their transaction commit late. */
async function installSlowTrigger(table: string, sleepSql: string): Promise<void> {
  const fn = `${s}.${quoteIdent(`slow_${table}`)}`;
  await admin.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.stream_id LIKE 'slow-%' THEN PERFORM pg_sleep(${sleepSql}); END IF;
      RETURN NEW;
    END $$`);
  await admin.query(`DROP TRIGGER IF EXISTS slow_insert ON ${s}.${quoteIdent(table)}`);
  await admin.query(
    `CREATE TRIGGER slow_insert BEFORE INSERT ON ${s}.${quoteIdent(table)} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
  );
}

/** What the interleaving needs of a log: appends from a slow writer and a fast one, and a subscriber. */
interface LogUnderTest {
  slowApplicationName: string;
  appendSlow(streamId: string): Promise<number>;
  appendFast(streamId: string): Promise<number>;
  subscribe(onEvents: (positions: number[]) => void): Subscription;
  storedPositions(): Promise<number[]>;
}

/**
 * The classic interleaving: a subscriber follows the log; a slow transaction starts and is inside
 * its insert; meanwhile fast transactions (another pool) append and commit; then the slow one
 * commits. Returns what the subscriber received and what the log holds.
 */
async function slowThenFast(log: LogUnderTest, fastCount = 5): Promise<{ delivered: number[]; stored: number[] }> {
  const delivered: number[] = [];
  const subscription = log.subscribe((positions) => void delivered.push(...positions));
  const slow = log.appendSlow(`slow-${randomUUID()}`);
  await untilSleeping(log.slowApplicationName);
  const fast = Array.from({ length: fastCount }, (_, i) => log.appendFast(`fast-${i}`));
  const positions = await Promise.all([slow, ...fast]);
  const last = Math.max(...positions);
  // The subscriber is done once its checkpoint reached the last position (it never goes back).
  await until(() => subscription.position >= last, 'the subscriber to reach the head');
  await subscription.stop();
  return { delivered, stored: await log.storedPositions() };
}

beforeAll(async () => {
  await ensurePostgresDatabase(url);
  admin = new Pool({ connectionString: url, max: 2 });
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.end();
});

describe('postgres adapter: commit order equals position order', () => {
  it('a naive bigserial log lets a subscriber skip an event that commits late (the hazard)', async () => {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await admin.query(`CREATE TABLE ${s}.naive_events (position bigserial PRIMARY KEY, stream_id text NOT NULL)`);
    await installSlowTrigger('naive_events', '0.5');
    const slowName = `naive-slow-${run}`;
    const slowClient = new Client({ connectionString: url, application_name: slowName });
    const pool = new Pool({ connectionString: url, max: 4 });
    await slowClient.connect();
    try {
      const insert = async (db: Client | Pool, streamId: string) => {
        const { rows } = await db.query(`INSERT INTO ${s}.naive_events (stream_id) VALUES ($1) RETURNING position`, [
          streamId,
        ]);
        return Number(rows[0].position);
      };
      const log: LogUnderTest = {
        slowApplicationName: slowName,
        appendSlow: (streamId) => insert(slowClient, streamId),
        appendFast: (streamId) => insert(pool, streamId),
        subscribe: (onEvents) =>
          // The same catch-up loop the adapters use, reading the naive table by position.
          new CatchUpSubscription(
            {
              async readAll({ after, limit }) {
                const { rows } = await pool.query(
                  `SELECT position, stream_id FROM ${s}.naive_events WHERE position > $1 ORDER BY position LIMIT $2`,
                  [after, limit],
                );
                return rows.map((r) => ({ position: Number(r.position), streamId: r.stream_id }) as RecordedEvent);
              },
              async headPosition() {
                const { rows } = await pool.query(`SELECT coalesce(max(position), 0) AS head FROM ${s}.naive_events`);
                return Number(rows[0].head);
              },
              waitForAppend: (_position, timeoutMs) => new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 10))),
            },
            (batch) => onEvents(batch.map((e) => e.position)),
            { after: 0 },
          ),
        async storedPositions() {
          const { rows } = await pool.query(`SELECT position FROM ${s}.naive_events ORDER BY position`);
          return rows.map((r) => Number(r.position));
        },
      };

      const { delivered, stored } = await slowThenFast(log);

      expect(stored).toEqual([1, 2, 3, 4, 5, 6]);
      // The slow transaction took position 1 but committed last: the subscriber had already moved
      // past it. (The fast ones race each other on separate connections too, so sometimes one of
      // them is skipped as well.)
      expect(delivered).not.toContain(1);
      expect(delivered.length).toBeLessThan(stored.length);
      expect(delivered).toContain(6);
    } finally {
      await slowClient.end();
      await pool.end();
    }
  });

  describe('the adapter, under the same interleaving and under load', () => {
    let slow: PostgresEventStore;
    let fast: PostgresEventStore;
    let reader: PostgresEventStore;
    const slowName = `ledger-slow-${run}`;

    beforeAll(async () => {
      slow = await openStore(slowName);
      fast = await openStore(`ledger-fast-${run}`);
      reader = await openStore(`ledger-reader-${run}`);
    });

    afterEach(async () => {
      await admin.query(`DROP TRIGGER IF EXISTS slow_insert ON ${s}.events`);
    });

    const positionsOf = (store: EventStore) => async () => {
      const all: number[] = [];
      for (;;) {
        const page = await store.readAll({ after: all.length ? all[all.length - 1] : 0, limit: 1000 });
        if (page.length === 0) return all;
        all.push(...page.map((e) => e.position));
      }
    };

    it('never lets a subscriber skip the event of a transaction that commits late', async () => {
      await installSlowTrigger('events', '0.5');
      const before = (await reader.head()).position;
      const log: LogUnderTest = {
        slowApplicationName: slowName,
        appendSlow: async (streamId) => (await slow.append(streamId, [newEvent('Slow')])).position,
        appendFast: async (streamId) => (await fast.append(streamId, [newEvent('Fast')])).position,
        subscribe: (onEvents) =>
          reader.subscribe((batch) => onEvents(batch.map((e) => e.position)), { after: before }),
        storedPositions: positionsOf(reader),
      };

      const { delivered, stored } = await slowThenFast(log);

      const expected = Array.from({ length: 6 }, (_, i) => before + i + 1);
      expect(stored.slice(-6)).toEqual(expected);
      expect(delivered).toEqual(expected);
      // The slow transaction held the head while it slept, so it kept the first of these positions.
      const slowEvents = (await reader.readAll({ after: before })).filter((e) => e.type === 'Slow');
      expect(slowEvents.map((e) => e.position)).toEqual([before + 1]);
    });

    it('delivers every event, gapless and in order, to a subscriber and a tight poller under racing writers', async () => {
      // About one append in five is slow, sleeping 2-20 ms per event inside its transaction.
      await installSlowTrigger('events', '0.002 + random() * 0.018');
      const writers = [slow, fast, await openStore(`ledger-w3-${run}`), await openStore(`ledger-w4-${run}`)];
      const start = (await reader.head()).position;

      const delivered: RecordedEvent[] = [];
      const subscription = reader.subscribe((batch) => void delivered.push(...batch), { after: start, batchSize: 7 });

      // A second reader that polls as fast as it can and checks every page continues its checkpoint.
      let polling = true;
      const pollerGaps: string[] = [];
      let pollerCheckpoint = start;
      const poller = (async () => {
        while (polling) {
          const page = await reader.readAll({ after: pollerCheckpoint, limit: 50 });
          page.forEach((e, i) => {
            if (e.position !== pollerCheckpoint + i + 1) pollerGaps.push(`after ${pollerCheckpoint + i} came ${e.position}`);
          });
          if (page.length > 0) pollerCheckpoint = page[page.length - 1].position;
        }
      })();

      const resolved: Array<{ eventId: string; position: number }> = [];
      await Promise.all(
        writers.flatMap((store, w) =>
          Array.from({ length: 5 }, async (_, loop) => {
            for (let i = 0; i < 25; i++) {
              const streamId = loop === 0 ? `slow-${w}` : `fast-${w}-${loop}`;
              const events = i % 4 === 3 ? newEvents(3, 'Many') : [newEvent('One', { w, loop, i })];
              const result = await store.append(streamId, events);
              for (const e of result.events) resolved.push({ eventId: e.eventId, position: e.position });
            }
          }),
        ),
      );
      const head = (await reader.head()).position;
      await until(() => subscription.position >= head && pollerCheckpoint >= head, 'the readers to reach the head');
      polling = false;
      await poller;
      await subscription.stop();

      const total = 4 * 5 * (19 * 1 + 6 * 3);
      expect(head - start).toBe(total);
      expect(resolved).toHaveLength(total);
      expect(pollerGaps).toEqual([]);
      expect(delivered.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => start + i + 1));
      const deliveredAt = new Map(delivered.map((e) => [e.eventId, e.position]));
      for (const { eventId, position } of resolved) expect(deliveredAt.get(eventId)).toBe(position);
      for (let i = 1; i < delivered.length; i++) {
        expect(delivered[i].prevHash).toBe(delivered[i - 1].hash);
        expect(delivered[i].recordedAt >= delivered[i - 1].recordedAt).toBe(true);
      }
    });
  });
});
