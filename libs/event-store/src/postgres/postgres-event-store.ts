import { escapeLiteral, Pool, type PoolClient, type QueryConfig, type QueryResult } from 'pg';
import { GENESIS_HASH } from '@ledger/integrity';
import { AppendPlan } from '../append-plan';
import { AppendSignal } from '../append-signal';
import type { Clock } from '../clock';
import { validateAppends } from '../append-validation';
import { CatchUpSubscription } from '../catch-up-subscription';
import type { NewEvent, RecordedEvent } from '../envelope';
import {
  InvalidAppendError,
  StoreUnavailableError,
} from '../errors';
import type { LogEvent, PostgresReadModelHost, StreamUntil } from '../read-side';
import { PostgresLogReader } from './postgres-log-reader';
import { PostgresLeaderLock } from './postgres-leader-lock';
import type { LeaderLock } from '../leader-lock';
import type {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventStore,
  LogHead,
  ReadAllOptions,
  ReadStreamOptions,
  StoreHealth,
  SubscribeOptions,
  Subscription,
  StreamAppend,
} from '../event-store.port';
import {
  appendChannel,
  assertSchemaName,
  describeConnectionError,
  isDataError,
  NotificationListener,
  redactConnectionString,
} from './postgres-connection';
import { storeFault } from '../store-faults';
import { migratePostgres, quoteIdent } from './postgres-migrations';

export interface PostgresEventStoreOptions {
  /** postgres://user[:password]@host:port/database */
  connectionString: string;
  /** Schema holding the store's tables; default 'ledger'. Created (and migrated) at open. */
  schema?: string;
  /** Connections for reads and appends; default 10. Subscriptions add one listening connection. */
  poolSize?: number;
  /** How long to wait for a connection before giving up; default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * Safety net of idle subscriptions: they re-read the log at least this often even when no
   * notification arrives (listener reconnecting, notification lost); default 500 ms.
   */
  pollIntervalMs?: number;
  /** Upper bound on the events written by one group-commit transaction; default 10000. */
  maxBatchEvents?: number;
  /** application_name of the store's connections (shown in pg_stat_activity); default 'ledger'. */
  applicationName?: string;
  /** Source of recordedAt instead of the database's clock; set only by `ledger demo`. */
  clock?: Clock;
}

interface EventRow {
  position: string | number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  schema_version: number;
  recorded_at: string;
  actor: string;
  correlation_id: string;
  causation_id: string | null;
  data: string;
  signature: string | null;
  prev_hash: string;
  hash: string;
}

interface HeadRow {
  position: string | number;
  hash: string;
  recorded_at: string | null;
}

interface PendingAppend {
  appends: StreamAppend[];
  /** Events in all its streams. */
  size: number;
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; results: AppendResult[] } | { ok: false; error: unknown };

/** The insert of a multi-append batch was refused for its data: redo the batch append by append. */
class SplitBatch extends Error {}

/** recordedAt as the envelope carries it: UTC, ISO 8601 with milliseconds. */
const iso = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SELECT_COLUMNS = `position, event_id::text AS event_id, stream_id, stream_revision, type, schema_version,
  ${iso('recorded_at')} AS recorded_at, actor::text AS actor, correlation_id, causation_id, data::text AS data,
  signature::text AS signature, prev_hash, hash`;

const IDLE_IN_TRANSACTION_TIMEOUT = '60s';

/** The SQL of one store, with its schema qualified in every statement. */
function statements(schema: string, forceSynchronousCommit: boolean) {
  const s = quoteIdent(schema);
  return {
    /**
     * Opens the append transaction and takes the log_head row lock (UPDATE ... RETURNING waits for
     * any other appending transaction to end, then returns the head it left). clock_timestamp() in
     * RETURNING is read once the lock is held, so recordedAt follows commit order.
     * Simple-query protocol, so these statements (and the batch's lookups, sent with them by
     * commitBatch) cost one round trip.
     */
    begin: [
      'BEGIN',
      forceSynchronousCommit ? 'SET LOCAL synchronous_commit TO on' : null,
      // A writer that stops talking mid-transaction (frozen process, lost network) holds every other
      // writer up: the server ends its transaction after this long idle. Ours idle for milliseconds.
      `SET LOCAL idle_in_transaction_session_timeout TO '${IDLE_IN_TRANSACTION_TIMEOUT}'`,
      `UPDATE ${s}.log_head SET position = position
         RETURNING position, hash, ${iso('recorded_at')} AS recorded_at, ${iso('clock_timestamp()')} AS now`,
    ]
      .filter(Boolean)
      .join('; '),
    /**
     * Inserts the batch's rows, moves the head and announces the new position in one statement (one
     * round trip); NOTIFY is delivered when (and if) the transaction commits.
     */
    insertAndAdvanceHead: `WITH inserted AS (
        INSERT INTO ${s}.events (position, event_id, stream_id, stream_revision, type, schema_version, recorded_at,
          actor, correlation_id, causation_id, data, signature, prev_hash, hash)
        SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::integer[], $5::text[], $6::integer[],
          $7::timestamptz[], $8::json[], $9::text[], $10::text[], $11::json[], $12::json[], $13::text[], $14::text[])
        RETURNING 1)
      UPDATE ${s}.log_head SET position = $15, hash = $16, recorded_at = $17
      RETURNING pg_notify($18, $19), (SELECT count(*) FROM inserted) AS inserted`,
    /** The lookups of a batch, as literal-array statements to be sent with `begin`. */
    byEventIdsLiteral: (ids: string) => `SELECT ${SELECT_COLUMNS} FROM ${s}.events WHERE event_id = ANY(${ids}::uuid[])`,
    revisionsLiteral: (streams: string) => `SELECT ids.stream_id, (SELECT max(e.stream_revision) FROM ${s}.events e WHERE e.stream_id = ids.stream_id) AS revision
      FROM unnest(${streams}::text[]) AS ids(stream_id)`,
    head: `SELECT position, hash, ${iso('recorded_at')} AS recorded_at FROM ${s}.log_head`,
    headPosition: `SELECT position FROM ${s}.log_head`,
    streamRevision: `SELECT max(stream_revision) AS revision FROM ${s}.events WHERE stream_id = $1`,
    readStream: `SELECT ${SELECT_COLUMNS} FROM ${s}.events
      WHERE stream_id = $1 AND stream_revision >= $2 ORDER BY stream_revision LIMIT $3`,
    readAll: `SELECT ${SELECT_COLUMNS} FROM ${s}.events WHERE position > $1 ORDER BY position LIMIT $2`,
  };
}

type Statements = ReturnType<typeof statements>;
/** The statements that take parameters (the others are built per batch). */
type StatementName = { [K in keyof Statements]: Statements[K] extends string ? K : never }[keyof Statements];

/** A PostgreSQL array literal of text values, each escaped (for the simple-query protocol). */
function literalArray(values: string[]): string {
  return `ARRAY[${values.map((v) => escapeLiteral(v)).join(',')}]::text[]`;
}

/**
 * The event store on PostgreSQL (node-postgres pool), for deployments that run several ledger
 * processes against one database.
 *
 * Commit order = position order: every appending transaction first locks the one-row log_head
 * table and last updates it with the new head. Writers therefore run one at a time, each taking
 * its positions from the head the previous one committed, so a position only becomes visible
 * after every lower position has: a reader going forward by position never skips an event that
 * commits late (docs/postgres.md). No sequence is used: sequences leave holes on rollback.
 *
 * Group commit: appends queued while the previous transaction runs (or in the same tick) are
 * written in one transaction: one commit, one WAL flush (synchronous_commit stays on). Refusals
 * (wrong revision, reused id) are decided per append before anything is written, so a refused
 * append never affects the others; should PostgreSQL itself refuse the batch's rows (a value it
 * cannot store), the batch is rolled back and redone append by append so only the bad one fails.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly signal = new AppendSignal();
  private readonly sql: ReturnType<typeof statements>;
  private readonly channel: string;
  private readonly where: string;
  private queue: PendingAppend[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  private listener: NotificationListener | null = null;

  /** Connects, creates and migrates the schema. Fails fast, naming the server, when it cannot. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'ledger';
    assertSchemaName(schema);
    const where = redactConnectionString(options.connectionString);
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      application_name: options.applicationName ?? 'ledger',
      keepAlive: true,
    });
    // An idle connection the server dropped: the pool discards it and the next query reconnects.
    pool.on('error', () => undefined);
    // A connection lost while checked out emits 'error' on its client, which would crash the process
    // without a listener; the query in flight fails anyway, and that is where it is handled.
    pool.on('connect', (client) => client.on('error', () => undefined));
    let forceSynchronousCommit: boolean;
    try {
      await migratePostgres(pool, schema);
      const setting = await pool.query<{ value: string }>(`SELECT current_setting('synchronous_commit') AS value`);
      // Durability is not negotiable: if the server, database or role turned it off, turn it back on
      // for the ledger's own transactions (other non-off values already wait for the local flush).
      forceSynchronousCommit = setting.rows[0].value === 'off';
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new StoreUnavailableError(
        `cannot open the PostgreSQL event store at ${where} (schema ${schema}): ${describeConnectionError(error)}`,
        { cause: error },
      );
    }
    return new PostgresEventStore(pool, schema, options, where, forceSynchronousCommit);
  }

  private constructor(
    private readonly db: Pool,
    readonly schema: string,
    private readonly options: PostgresEventStoreOptions,
    where: string,
    forceSynchronousCommit: boolean,
  ) {
    this.where = where;
    this.sql = statements(schema, forceSynchronousCommit);
    this.channel = appendChannel(schema);
  }

  /** The connection pool, for tests and tools that look into the schema (read models: readModelHost()). */
  get pool(): Pool {
    return this.db;
  }

  // --- the read side's reads (read-side.ts), on this pool: postgres-log-reader.ts -------------

  private logReader: PostgresLogReader | null = null;

  readLog(after: number, limit: number): Promise<LogEvent[]> {
    return this.readForReadSide((reader) => reader.readLog(after, limit));
  }

  readStreamsUntil(streams: readonly StreamUntil[]): Promise<Map<string, LogEvent[]>> {
    return this.readForReadSide((reader) => reader.readStreamsUntil(streams));
  }

  /** This schema, on this pool. */
  readModelHost(): PostgresReadModelHost {
    return { kind: 'postgres', pool: this.db, schema: this.schema };
  }

  /** The leader's advisory lock on this schema, on a connection of its own (postgres-leader-lock.ts). */
  leaderLock(): LeaderLock {
    return new PostgresLeaderLock(
      {
        connectionString: this.options.connectionString,
        application_name: `${this.options.applicationName ?? 'ledger'}:leader`,
        connectionTimeoutMillis: this.options.connectTimeoutMs ?? 5000,
      },
      this.schema,
    );
  }

  private async readForReadSide<T>(read: (reader: PostgresLogReader) => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await read((this.logReader ??= new PostgresLogReader(this.db, this.schema)));
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    try {
      validateAppends(appends);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, size: appends.reduce((n, a) => n + a.events.length, 0), resolve, reject });
      this.scheduleWrites();
    });
  }

  /**
   * One writer loop per store: it starts on the next turn of the event loop (so appends made in the
   * same tick share a transaction) and keeps taking whatever queued up while it was committing.
   */
  private scheduleWrites(): void {
    if (this.writing) return;
    this.writing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        while (this.queue.length > 0) await this.writeBatch(this.takeBatch());
      })
      .finally(() => {
        this.writing = null;
        if (this.queue.length > 0) this.scheduleWrites();
      });
  }

  private takeBatch(): PendingAppend[] {
    const limit = this.options.maxBatchEvents ?? 10000;
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n].size <= limit)) {
      count += this.queue[n].size;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /** Writes a batch and settles every append in it; never throws. */
  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    let outcomes: Outcome[];
    let lastPosition: number;
    try {
      ({ outcomes, lastPosition } = await this.commitBatch(batch));
    } catch (error) {
      if (error instanceof SplitBatch) {
        for (const pending of batch) await this.writeBatch([pending]);
        return;
      }
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.results);
      else pending.reject(outcome.error);
    });
    if (lastPosition > 0) this.signal.notify(lastPosition);
  }

  /** One transaction for the whole batch; resolves after COMMIT has returned (durable). */
  private async commitBatch(batch: PendingAppend[]): Promise<{ outcomes: Outcome[]; lastPosition: number }> {
    const client = await this.connect();
    let discard: Error | undefined;
    const lost = (error: Error) => (discard = error);
    client.on('error', lost);
    let committing = false;
    try {
      const eventIds = batch.flatMap((p) => p.appends.flatMap((a) => a.events.map((e) => e.eventId.toLowerCase())));
      const streamIds = [...new Set(batch.flatMap((p) => p.appends.map((a) => a.streamId)))];
      // BEGIN, the head lock and both lookups in one round trip: the lookups go as escaped literal
      // arrays because the simple-query protocol that allows several statements takes no parameters.
      const begun = (await client.query(
        [this.sql.begin, this.sql.byEventIdsLiteral(literalArray(eventIds)), this.sql.revisionsLiteral(literalArray(streamIds))].join('; '),
      )) as unknown as QueryResult[];
      const headRow = begun[begun.length - 3].rows[0] as HeadRow & { now: string };
      const head: LogHead = { position: Number(headRow.position), hash: headRow.hash, recordedAt: headRow.recorded_at };
      const now = this.options.clock ? this.options.clock().toISOString() : headRow.now;
      const stored = begun[begun.length - 2] as QueryResult<EventRow>;
      const revisions = begun[begun.length - 1] as QueryResult<{ stream_id: string; revision: number | null }>;
      const storedById = new Map(stored.rows.map((row) => [row.event_id, fromRow(row)]));
      const revisionOf = new Map(revisions.rows.map((row) => [row.stream_id, row.revision === null ? null : Number(row.revision)]));
      // What to write, retry or refuse is the AppendPlan's, from what the lookups above found.
      const plan = new AppendPlan(head, now, { eventById: (id) => storedById.get(id), revisionOf: (streamId) => revisionOf.get(streamId) ?? null });
      const rows: RecordedEvent[] = [];
      const outcomes: Outcome[] = batch.map((pending) => {
        try {
          const decision = plan.decide(pending.appends);
          if (decision.kind === 'write') rows.push(...decision.events);
          return { ok: true, results: decision.results };
        } catch (error) {
          return { ok: false, error };
        }
      });

      const newHead = plan.head;
      if (rows.length > 0) {
        try {
          await client.query({
            text: this.sql.insertAndAdvanceHead,
            values: [...insertParameters(rows), newHead.position, newHead.hash, newHead.recordedAt, this.channel, String(newHead.position)],
          });
        } catch (error) {
          if (isDataError(error)) {
            if (batch.length > 1) throw new SplitBatch('a row of the batch was refused', { cause: error });
            throw new InvalidAppendError(`PostgreSQL refused the events: ${(error as Error).message}`, { cause: error });
          }
          throw error;
        }
      }
      committing = true;
      await client.query('COMMIT');
      return { outcomes, lastPosition: rows.length > 0 ? newHead.position : 0 };
    } catch (error) {
      if (committing) {
        discard = error as Error;
        // The server may or may not have committed: the caller can retry with the same event ids,
        // which answers the original result if it did.
        throw new StoreUnavailableError(
          `the commit's outcome is unknown (${describeConnectionError(error)}); retry the append with the same event ids`,
          { cause: error },
        );
      }
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        discard = rollbackError as Error;
      }
      throw this.unavailable(error);
    } finally {
      client.removeListener('error', lost);
      // A connection that failed or may be mid-transaction is closed rather than reused.
      client.release(discard);
    }
  }

  private async connect(): Promise<PoolClient> {
    if (this.closed && this.db.ending) throw new StoreUnavailableError('the store is closed');
    try {
      return await this.db.connect();
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /**
   * One of this store's statements. Deliberately unnamed (not prepared once per connection): a
   * prepared statement's generic plan, cached while the table is small, can stay a sequential scan
   * as the log grows (until an ANALYZE, never if autovacuum is off); planning each time costs
   * about 0.1 ms and always uses the indexes.
   */
  private statement(name: StatementName, values: unknown[]): QueryConfig {
    return { text: this.sql[name], values };
  }

  private async query<R extends object>(name: StatementName, values: unknown[]): Promise<R[]> {
    this.assertOpen();
    try {
      return (await this.db.query<R>(this.statement(name, values))).rows;
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** Connection failures become StoreUnavailableError naming the server; other errors pass through. */
  private unavailable(error: unknown): unknown {
    if (error instanceof SplitBatch || error instanceof StoreUnavailableError || error instanceof InvalidAppendError) {
      return error;
    }
    const code = (error as { code?: unknown } | null)?.code;
    const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
    // No SQLSTATE: a socket or pool failure; else the server's own faults (store-faults.ts).
    if (sqlState === null || storeFault(error) !== null) {
      return new StoreUnavailableError(`PostgreSQL at ${this.where} is unavailable: ${describeConnectionError(error)}`, {
        cause: error,
      });
    }
    return error;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>('readStream', [streamId, options.fromRevision ?? 0, options.maxCount ?? null]);
    return rows.map(fromRow);
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const [row] = await this.query<{ revision: number | null }>('streamRevision', [streamId]);
    return row.revision === null ? null : Number(row.revision);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>('readAll', [options.after ?? 0, options.limit ?? 1000]);
    return rows.map(fromRow);
  }

  async head(): Promise<LogHead> {
    const [row] = await this.query<HeadRow>('head', []);
    const position = Number(row.position);
    return position === 0
      ? { position: 0, hash: GENESIS_HASH, recordedAt: null }
      : { position, hash: row.hash, recordedAt: row.recorded_at };
  }

  private async headPosition(): Promise<number> {
    const [row] = await this.query<{ position: string | number }>('headPosition', []);
    return Number(row.position);
  }

  subscribe(handler: BatchHandler, options: SubscribeOptions): Subscription {
    this.listen();
    return new CatchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        headPosition: () => this.headPosition(),
        waitForAppend: (position, timeoutMs) => this.signal.wait(position, timeoutMs),
      },
      handler,
      options,
      this.options.pollIntervalMs ?? 500,
    );
  }

  /**
   * Starts (once) the listening connection that hears every process's appends to this schema:
   * the NOTIFY sent by the appending transaction arrives when it commits, carrying the new head.
   */
  private listen(): void {
    if (this.listener || this.closed) return;
    this.listener = new NotificationListener(
      {
        connectionString: this.options.connectionString,
        application_name: `${this.options.applicationName ?? 'ledger'}:listen`,
        connectionTimeoutMillis: this.options.connectTimeoutMs ?? 5000,
        keepAlive: true,
      },
      this.channel,
      (payload) => {
        const position = Number(payload);
        if (Number.isSafeInteger(position)) this.signal.notify(position);
        else this.signal.wakeAll();
      },
      // (Re)connected: anything announced while not listening was missed; let subscribers re-read.
      () => this.signal.wakeAll(),
    );
    void this.listener.start();
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { store: this.kind, status: 'down', detail: 'closed' };
    try {
      return { store: this.kind, status: 'up', headPosition: await this.headPosition() };
    } catch (error) {
      return { store: this.kind, status: 'down', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already queued are written before the connections go.
    while (this.writing) await this.writing;
    await this.listener?.stop();
    this.signal.wakeAll();
    await this.db.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }
}

/**
 * The log as one batch transaction sees it: the head it locked, the events and stream revisions
 * it looked up, plus whatever earlier appends of the same batch added. Each append is decided
 * against this state; a refused one leaves it untouched.
 */
/** Column arrays for the unnest() insert: one statement whatever the number of events. */
function insertParameters(events: RecordedEvent[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 14 }, () => []);
  for (const e of events) {
    const values = [
      e.position,
      e.eventId,
      e.streamId,
      e.streamRevision,
      e.type,
      e.schemaVersion,
      e.recordedAt,
      JSON.stringify(e.actor),
      e.correlationId,
      e.causationId,
      JSON.stringify(e.data),
      e.signature ? JSON.stringify(e.signature) : null,
      e.prevHash,
      e.hash,
    ];
    values.forEach((value, i) => columns[i].push(value));
  }
  return columns;
}

function fromRow(row: EventRow): RecordedEvent {
  const event: RecordedEvent = {
    position: Number(row.position),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    streamId: row.stream_id,
    streamRevision: Number(row.stream_revision),
    recordedAt: row.recorded_at,
    actor: JSON.parse(row.actor),
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: JSON.parse(row.data),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.signature) event.signature = JSON.parse(row.signature);
  return event;
}
