/**
 * This ledger's event stores side by side with Emmett's, on the same workload, in the same run and
 * on the same storage:
 *
 * - SQLite: `SqliteEventStore` and `@event-driven-io/emmett-sqlite` (0.38.5, installed in its own
 *   npm project under bench/emmett-sqlite because it needs emmett 0.38.5 and the native sqlite3),
 *   each in its own file in the same temporary folder (same disk);
 * - PostgreSQL: `PostgresEventStore` and `@event-driven-io/emmett-postgresql` in one fresh database.
 *
 * Workload: durable single-event appends to many streams from 1 caller and from 50 concurrent
 * callers; then 1 000 streams of 20 events each, read back whole one stream at a time. Every figure
 * is followed by the ratio ledger ÷ Emmett (aim: at least 1).
 *
 * The ledger does more per event than Emmett: a SHA-256 hash chain over the RFC 8785 canonical
 * envelope, a gapless global position, an event id unique across the log (idempotent retries).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { newEventId, PostgresEventStore, SqliteEventStore, type EventStore, type NewEvent } from '@ledger/event-store';
import { BenchRow, log, row, timed } from '../harness';

export interface ComparisonSizes {
  single: number;
  callers: number;
  perCaller: number;
  streams: number;
  eventsPerStream: number;
}

const DEFAULT_SIZES: ComparisonSizes = { single: 500, callers: 50, perCaller: 40, streams: 1000, eventsPerStream: 20 };

/** The same payload for every store: a commitment's progress report. */
function payload(i: number) {
  return { commitmentId: `c-${i % 1000}`, note: 'Enrolled 40 more residents in the navigation programme', value: String(i) };
}

/** What the workload needs of a store: append events to a stream, read a stream whole. */
interface Contender {
  append(streamId: string, first: number, count: number): Promise<unknown>;
  read(streamId: string): Promise<number>;
}

interface Figures {
  oneCaller: number;
  manyCallers: number;
  /** Single-event appends that failed from the concurrent callers (Emmett-sqlite under contention). */
  failures: number;
  failure?: string;
  streamsRead: number;
  eventsRead: number;
}

async function workload(name: string, store: Contender, sizes: ComparisonSizes): Promise<Figures> {
  let n = 0;
  const prefix = randomUUID().slice(0, 8);
  log(`${name}: ${sizes.single} durable single-event appends from 1 caller`);
  const one = await timed(async () => {
    for (let i = 0; i < sizes.single; i++) await store.append(`bench-one-${prefix}-${i % 100}`, n++, 1);
  });
  log(`${name}: ${sizes.callers * sizes.perCaller} durable single-event appends from ${sizes.callers} callers`);
  let failures = 0;
  let failure: string | undefined;
  const many = await timed(() =>
    Promise.all(
      Array.from({ length: sizes.callers }, async (_, c) => {
        for (let i = 0; i < sizes.perCaller; i++) {
          try {
            await store.append(`bench-many-${prefix}-${c}`, n++, 1);
          } catch (error) {
            failures++;
            failure ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    ),
  );
  log(`${name}: writing ${sizes.streams} streams of ${sizes.eventsPerStream} events (untimed), reading each back whole`);
  const streams = Array.from({ length: sizes.streams }, (_, s) => `bench-read-${prefix}-${s}`);
  for (const stream of streams) {
    await store.append(stream, n, sizes.eventsPerStream);
    n += sizes.eventsPerStream;
  }
  for (const stream of streams.slice(0, 50)) await store.read(stream); // warm-up
  let events = 0;
  const reading = await timed(async () => {
    for (const stream of streams) events += await store.read(stream);
  });
  if (events !== sizes.streams * sizes.eventsPerStream) throw new Error(`${name}: read ${events} events back, expected ${sizes.streams * sizes.eventsPerStream}`);
  return {
    oneCaller: sizes.single / one,
    manyCallers: (sizes.callers * sizes.perCaller - failures) / many,
    failures,
    failure,
    streamsRead: sizes.streams / reading,
    eventsRead: events / reading,
  };
}

function ledgerContender(store: EventStore): Contender {
  const event = (i: number): NewEvent => ({
    eventId: newEventId(),
    type: 'CommitmentProgressReported',
    schemaVersion: 1,
    data: payload(i),
    actor: { type: 'organization', organizationId: 'upper-valley-health', role: 'member' },
    correlationId: randomUUID(),
    causationId: null,
  });
  return {
    append: (streamId, first, count) => store.append(streamId, Array.from({ length: count }, (_, k) => event(first + k))),
    read: async (streamId) => (await store.readStream(streamId)).length,
  };
}

/** Emmett's stores share this much of an API. */
interface EmmettLike {
  appendToStream(streamName: string, events: { type: string; data: object; metadata?: object }[]): Promise<unknown>;
  readStream(streamName: string): Promise<{ events: unknown[] }>;
}

function emmettContender(store: EmmettLike): Contender {
  const event = (i: number) => ({
    type: 'CommitmentProgressReported',
    data: payload(i),
    metadata: { organizationId: 'upper-valley-health', role: 'member', correlationId: randomUUID() },
  });
  return {
    append: (streamId, first, count) => store.appendToStream(streamId, Array.from({ length: count }, (_, k) => event(first + k))),
    read: async (streamId) => (await store.readStream(streamId)).events.length,
  };
}

function rows(suite: string, theirName: string, ours: Figures, theirs: Figures, sizes: ComparisonSizes): BenchRow[] {
  const result = [
    row(suite, 'ledger: durable appends/s, 1 caller', ours.oneCaller, 'appends/s'),
    row(suite, `${theirName}: durable appends/s, 1 caller`, theirs.oneCaller, 'appends/s'),
    row(suite, 'ledger ÷ emmett: appends, 1 caller', ours.oneCaller / theirs.oneCaller, '×', { atLeast: 1 }),
    row(suite, `ledger: durable appends/s, ${sizes.callers} callers`, ours.manyCallers, 'appends/s'),
    row(suite, `${theirName}: durable appends/s, ${sizes.callers} callers`, theirs.manyCallers, 'appends/s'),
    row(suite, `ledger ÷ emmett: appends, ${sizes.callers} callers`, ours.manyCallers / theirs.manyCallers, '×', { atLeast: 1 }),
    row(suite, `ledger: streams of ${sizes.eventsPerStream} read/s`, ours.streamsRead, 'streams/s'),
    row(suite, `${theirName}: streams of ${sizes.eventsPerStream} read/s`, theirs.streamsRead, 'streams/s'),
    row(suite, 'ledger ÷ emmett: stream reads', ours.streamsRead / theirs.streamsRead, '×', { atLeast: 1 }),
  ];
  for (const [who, figures] of [['ledger', ours], [theirName, theirs]] as const) {
    if (figures.failures > 0) {
      result.push(row(suite, `${who}: appends failed from ${sizes.callers} callers (${figures.failure})`, figures.failures, 'appends'));
    }
  }
  return result;
}

interface SQLiteConnection {
  close(): void;
  command(sql: string, values?: unknown[]): Promise<unknown>;
  querySingle(sql: string, values?: unknown[]): Promise<unknown>;
}

/** The parts of @event-driven-io/emmett-sqlite 0.38.5 the comparison uses (all exported API). */
interface EmmettSqliteModule {
  sqliteConnection(options: { fileName: string }): SQLiteConnection;
  createEventStoreSchema(connection: SQLiteConnection): Promise<void>;
  appendToStream(connection: SQLiteConnection, streamName: string, streamType: string, events: object[]): Promise<{ success: boolean }>;
  readStream(connection: SQLiteConnection, streamName: string): Promise<{ events: unknown[] }>;
}

/**
 * An emmett-sqlite event store on one long-lived connection: the same SQL as its
 * `getSQLiteEventStore` (appendToStream and readStream are what that calls), without reopening the
 * file on every call, which 0.38.5 does and which fails with SQLITE_BUSY ("cannot commit
 * transaction - SQL statements in progress") when a call races the PRAGMA of a fresh connection.
 * The connection gets the same 5 s busy timeout as the ledger's.
 */
async function emmettSqliteStore(emmett: EmmettSqliteModule, fileName: string): Promise<EmmettLike & { close(): void }> {
  const connection = emmett.sqliteConnection({ fileName });
  await connection.querySingle('PRAGMA journal_mode = WAL');
  await connection.command('PRAGMA busy_timeout = 5000');
  return {
    async appendToStream(streamName, events) {
      // getSQLiteEventStore's stream type: the stream name's first dash-separated part.
      const [first, ...rest] = streamName.split('-');
      const result = await emmett.appendToStream(connection, streamName, first && rest.length > 0 ? first : 'emt:unknown', events);
      if (!result.success) throw new Error(`emmett-sqlite refused an append to ${streamName}`);
      return result;
    },
    readStream: (streamName) => emmett.readStream(connection, streamName),
    close: () => connection.close(),
  };
}

/** The emmett-sqlite module from bench/emmett-sqlite, installed first when it is missing. */
export function loadEmmettSqlite(root: string): EmmettSqliteModule {
  const project = join(root, 'bench', 'emmett-sqlite');
  const installed = () =>
    existsSync(join(project, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json')) &&
    existsSync(join(project, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
  if (!installed()) {
    log(`emmett-sqlite is not installed: npm --prefix bench/emmett-sqlite ci (builds the native sqlite3, about a minute)`);
    const result = spawnSync('npm', ['--prefix', project, 'ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
    if (result.status !== 0 || !installed()) {
      throw new Error(
        `could not install bench/emmett-sqlite (npm ci exited ${result.status ?? result.signal}${result.error ? `: ${result.error.message}` : ''}); ` +
          'it needs the npm registry and a C++ toolchain (python3, make, g++) to build sqlite3. Run `npm --prefix bench/emmett-sqlite ci` to see why.',
      );
    }
  }
  return createRequire(join(project, 'package.json'))('@event-driven-io/emmett-sqlite');
}

/** SqliteEventStore against emmett-sqlite, separate files in one temporary folder. */
export async function benchSqliteVersusEmmett(root: string, sizes: ComparisonSizes = DEFAULT_SIZES): Promise<BenchRow[]> {
  const suite = 'sqlite vs emmett';
  const emmettSqlite = loadEmmettSqlite(root);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-emmett-'));
  try {
    const ledger = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite') });
    let ours: Figures;
    try {
      ours = await workload(`${suite}: ledger`, ledgerContender(ledger), sizes);
    } finally {
      await ledger.close();
    }
    // One connection, and the 50 callers queue for it: a connection of emmett-sqlite holds one
    // transaction at a time (concurrent calls on it nest into each other's transaction), and a
    // connection per caller fails most appends with SQLITE_BUSY (its deferred BEGIN cannot upgrade
    // to a write lock while another connection writes; tried, and measured at 50 callers).
    const fileName = join(dir, 'emmett.sqlite');
    const schema = emmettSqlite.sqliteConnection({ fileName });
    await emmettSqlite.createEventStoreSchema(schema); // what autoMigration 'CreateOrUpdate' runs, untimed
    schema.close();
    const main = await emmettSqliteStore(emmettSqlite, fileName);
    try {
      await main.appendToStream('bench-warm-up', [{ type: 'WarmUp', data: {} }]); // untimed
      let queue: Promise<unknown> = Promise.resolve();
      const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
        const result = queue.then(fn);
        queue = result.catch(() => undefined);
        return result;
      };
      const emmett = emmettContender(main);
      const theirs = await workload(
        `${suite}: emmett-sqlite`,
        {
          append: (streamId, first, count) => serialized(() => emmett.append(streamId, first, count)),
          read: (streamId) => serialized(() => emmett.read(streamId)),
        },
        sizes,
      );
      return rows(suite, 'emmett-sqlite', ours, theirs, sizes);
    } finally {
      main.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PostgresEventStore against emmett-postgresql in one fresh database (Emmett uses the public schema). */
export async function benchPostgresVersusEmmett(databaseUrl: string, sizes: ComparisonSizes = DEFAULT_SIZES): Promise<BenchRow[]> {
  const suite = 'postgres vs emmett';
  const ledger = await PostgresEventStore.open({ connectionString: databaseUrl, schema: 'ledger' });
  let ours: Figures;
  try {
    ours = await workload(`${suite}: ledger`, ledgerContender(ledger), sizes);
  } finally {
    await ledger.close();
  }
  const emmett = getPostgreSQLEventStore(databaseUrl);
  try {
    await emmett.appendToStream('bench-warm-up', [{ type: 'WarmUp', data: {} }]); // creates the tables, untimed
    const theirs = await workload(`${suite}: emmett-postgresql`, emmettContender(emmett as unknown as EmmettLike), sizes);
    return rows(suite, 'emmett-postgresql', ours, theirs, sizes);
  } finally {
    await emmett.close();
  }
}
