/**
 * What the PostgreSQL adapter promises beyond the shared contract: opening (fail fast, migrations
 * under concurrent starts), group commit, durability settings, cross-process wake-ups by
 * LISTEN/NOTIFY, surviving dropped connections, and an append-only events table.
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import {
  ensurePostgresDatabase,
  InvalidAppendError,
  POSTGRES_MIGRATIONS,
  PostgresEventStore,
  PostgresEventStoreOptions,
  quoteIdent,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { newEvent, newEvents } from '../support/events';

const url = process.env.LEDGER_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/ledger_test';
const schemas: string[] = [];
const opened: PostgresEventStore[] = [];
let admin: Pool;

function freshSchema(): string {
  const schema = `adapter_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

async function open(schema: string, options: Partial<PostgresEventStoreOptions> = {}): Promise<PostgresEventStore> {
  const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: 3, ...options });
  opened.push(store);
  return store;
}

beforeAll(async () => {
  await ensurePostgresDatabase(url);
  admin = new Pool({ connectionString: url, max: 2 });
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await admin.end();
});

describe('postgres adapter', () => {
  describe('opening', () => {
    it('fails fast, naming the server without its password, when PostgreSQL cannot be reached', async () => {
      const started = Date.now();
      const attempt = PostgresEventStore.open({ connectionString: 'postgres://ledger:s3cret@127.0.0.1:1/ledger' });
      await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(attempt).rejects.toThrow(/postgres:\/\/ledger@127\.0\.0\.1:1\/ledger.*ECONNREFUSED/);
      await expect(attempt).rejects.not.toThrow(/s3cret/);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('says so when the database does not exist', async () => {
      const missing = new URL(url);
      missing.pathname = `/ledger_missing_${randomBytes(4).toString('hex')}`;
      await expect(PostgresEventStore.open({ connectionString: missing.toString() })).rejects.toThrow(
        /cannot open the PostgreSQL event store at postgres:\/\/.*ledger_missing_.*does not exist/,
      );
    });

    it('applies each migration once when several processes start on an empty schema at the same time', async () => {
      const schema = freshSchema();
      const stores = await Promise.all(Array.from({ length: 6 }, () => open(schema, { poolSize: 1 })));
      const { rows } = await admin.query(`SELECT version, name FROM ${quoteIdent(schema)}.schema_migrations ORDER BY version`);
      expect(rows).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
      const results = await Promise.all(stores.map((store, i) => store.append(`start-${i}`, [newEvent()])));
      expect(results.map((r) => r.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('refuses a schema that a newer build has migrated', async () => {
      const schema = freshSchema();
      await (await open(schema)).close();
      await admin.query(`INSERT INTO ${quoteIdent(schema)}.schema_migrations (version, name) VALUES (999, 'future')`);
      await expect(open(schema)).rejects.toThrow(/version 999, newer than this build knows/);
    });

    it('refuses a schema name that would need quoting', async () => {
      await expect(PostgresEventStore.open({ connectionString: url, schema: 'Ledger; drop' })).rejects.toThrow(/not valid/);
    });
  });

  describe('appending', () => {
    let store: PostgresEventStore;
    let schema: string;
    beforeEach(async () => {
      schema = freshSchema();
      store = await open(schema);
    });

    it('commits the appends of one tick in one transaction, refusals aside', async () => {
      await store.append('group-0', [newEvent()]);
      const attempts = await Promise.allSettled([
        ...Array.from({ length: 40 }, (_, i) => store.append(`group-${i + 1}`, newEvents(2))),
        store.append('group-0', [newEvent()], { expectedRevision: 'no_stream' }),
      ]);
      expect(attempts.slice(0, 40).every((a) => a.status === 'fulfilled')).toBe(true);
      expect(attempts[40]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
      const { rows } = await admin.query(
        `SELECT count(DISTINCT xmin::text)::int AS transactions, count(*)::int AS events
           FROM ${quoteIdent(schema)}.events WHERE stream_id <> 'group-0'`,
      );
      expect(rows[0]).toEqual({ transactions: 1, events: 80 });
    });

    it('answers a retry queued in the same batch as the original with the original result', async () => {
      const events = newEvents(2);
      const [first, retry] = await Promise.all([store.append('same-tick', events), store.append('same-tick', events)]);
      expect(retry).toEqual(first);
      expect((await store.head()).position).toBe(2);
    });

    it('fails only the append whose values PostgreSQL cannot store, not the rest of its batch', async () => {
      const [before, bad, after] = await Promise.allSettled([
        store.append('ok-1', [newEvent()]),
        store.append('bad-1', [newEvent('Nul\u0000Type')]),
        store.append('ok-2', [newEvent()]),
      ]);
      expect(before).toMatchObject({ status: 'fulfilled', value: { position: 1 } });
      expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(InvalidAppendError) });
      expect(after).toMatchObject({ status: 'fulfilled', value: { position: 2 } });
      expect((await store.readAll()).map((e) => e.streamId)).toEqual(['ok-1', 'ok-2']);
    });

    it('stores data exactly as written and reads back the server clock as recordedAt', async () => {
      const data = { text: 'emoji \u{1F3E5}, quotes " and \\ backslash', nested: { z: 1, a: [1.5, null, true] }, big: 1e21 };
      const [stored] = (await store.append('exact', [newEvent('Exact', data)])).events;
      const [read] = await store.readStream('exact');
      expect(read).toEqual(stored);
      expect(read.data).toEqual(data);
      expect(Math.abs(Date.parse(read.recordedAt) - Date.now())).toBeLessThan(60_000);
    });

    it('keeps the events table append-only', async () => {
      await store.append('immutable', [newEvent()]);
      const events = `${quoteIdent(schema)}.events`;
      await expect(admin.query(`UPDATE ${events} SET type = 'Forged'`)).rejects.toThrow(/append-only/);
      await expect(admin.query(`DELETE FROM ${events}`)).rejects.toThrow(/append-only/);
      await expect(admin.query(`TRUNCATE ${events}`)).rejects.toThrow(/append-only/);
      expect(await store.readStream('immutable')).toHaveLength(1);
    });

    it('commits durably even where the session default turns synchronous_commit off', async () => {
      await store.close();
      const lax = new URL(url);
      lax.searchParams.set('options', '-c synchronous_commit=off');
      store = await open(schema, { connectionString: lax.toString() });
      const fn = `${quoteIdent(schema)}.require_sync_commit`;
      await admin.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF current_setting('synchronous_commit') = 'off' THEN RAISE EXCEPTION 'synchronous_commit is off'; END IF;
          RETURN NEW;
        END $$`);
      await admin.query(`CREATE TRIGGER require_sync_commit BEFORE INSERT ON ${quoteIdent(schema)}.events
        FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
      await expect(store.append('durable', [newEvent()])).resolves.toMatchObject({ position: 1 });
    });
  });

  describe('subscriptions and connections', () => {
    it("wakes a subscriber on another connection pool at once when another process appends", async () => {
      const schema = freshSchema();
      const writer = await open(schema);
      // Polling once a minute: only the NOTIFY can deliver the event within the test's time.
      const reader = await open(schema, { pollIntervalMs: 60_000 });
      const seen: number[] = [];
      const subscription = reader.subscribe((batch) => void seen.push(...batch.map((e) => e.position)), { after: 0 });
      await subscription.caughtUp();
      // Let the listening connection start before appending.
      await waitFor(async () => (await listeners(schema)) > 0);
      const started = Date.now();
      await writer.append('notified', newEvents(3));
      await waitFor(() => seen.length === 3);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(seen).toEqual([1, 2, 3]);
      await subscription.stop();
    });

    it('survives the server dropping every connection: appends, reads and notifications resume', async () => {
      const schema = freshSchema();
      const name = `ledger-drop-${randomBytes(4).toString('hex')}`;
      const store = await open(schema, { applicationName: name, pollIntervalMs: 60_000 });
      const other = await open(schema);
      await store.append('before', [newEvent()]);
      const seen: number[] = [];
      const subscription = store.subscribe((batch) => void seen.push(...batch.map((e) => e.position)), { after: 0 });
      await waitFor(() => seen.length === 1);
      await waitFor(async () => (await listeners(schema)) > 0);

      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1`,
        [`${name}%`],
      );
      expect(rows.length).toBeGreaterThanOrEqual(2); // the pool's connections and the listener
      await waitFor(async () => (await listeners(schema)) > 0, 10_000); // the listener reconnected

      await other.append('after', [newEvent()]);
      await waitFor(() => seen.length === 2);
      expect(seen).toEqual([1, 2]);
      await expect(store.append('after', [newEvent()])).resolves.toMatchObject({ position: 3 });
      expect(await store.health()).toEqual({ store: 'postgres', status: 'up', headPosition: 3 });
      await subscription.stop();
    });

    it('fails the appends whose transaction the server kills, then carries on gapless', async () => {
      const schema = freshSchema();
      const name = `ledger-kill-${randomBytes(4).toString('hex')}`;
      const store = await open(schema, { applicationName: name });
      const fn = `${quoteIdent(schema)}.stall`;
      await admin.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.stream_id = 'doomed' THEN PERFORM pg_sleep(30); END IF;
          RETURN NEW;
        END $$`);
      await admin.query(`CREATE TRIGGER stall BEFORE INSERT ON ${quoteIdent(schema)}.events FOR EACH ROW EXECUTE FUNCTION ${fn}()`);

      const doomed = store.append('doomed', [newEvent()]);
      const sleeping = async () =>
        (await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event = 'PgSleep'`, [name]))
          .rows;
      await waitFor(async () => (await sleeping()).length > 0);
      await admin.query('SELECT pg_terminate_backend($1)', [(await sleeping())[0].pid]);

      await expect(doomed).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.append('survivor', [newEvent()])).resolves.toMatchObject({ position: 1 });
      expect((await store.readAll()).map((e) => e.streamId)).toEqual(['survivor']);
    });

    it('reports health up with the head position, and down once closed', async () => {
      const store = await open(freshSchema());
      await store.append('h', newEvents(4));
      expect(await store.health()).toEqual({ store: 'postgres', status: 'up', headPosition: 4 });
      await store.close();
      expect(await store.health()).toMatchObject({ store: 'postgres', status: 'down' });
      await expect(store.append('h', [newEvent()])).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
});

/** Connections LISTENing on the schema's channel. */
async function listeners(schema: string): Promise<number> {
  const { rows } = await admin.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1 AND datname = current_database()`,
    [`LISTEN "ledger_appended:${schema}"`],
  );
  return rows[0].n;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
