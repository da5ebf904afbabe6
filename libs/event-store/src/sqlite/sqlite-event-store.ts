import { systemClock, type Clock } from '../clock';
import type Database from 'better-sqlite3';
import { GENESIS_HASH, type sealEvent } from '@ledger/integrity';
import { AppendSignal } from '../append-signal';
import { AppendPlan, type AppendDecision } from '../append-plan';
import { validateAppends } from '../append-validation';
import { CatchUpSubscription } from '../catch-up-subscription';
import type { NewEvent, RecordedEvent } from '../envelope';
import { StoreUnavailableError } from '../errors';
import type { LogEvent, SqliteReadModelHost, StreamUntil } from '../read-side';
import { SqliteLogReader } from './sqlite-log-reader';
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
  StreamAppend,
  Subscription,
} from '../event-store.port';
import { storeFault } from '../store-faults';
import { openPrivateDatabase, SqliteFileWatch } from './sqlite-file';
import { migrateSqlite } from './sqlite-migrations';

export interface SqliteEventStoreOptions {
  /** Database file, or ':memory:' for tests that need no durability. */
  filename: string;
  /** Milliseconds to wait for another process's write lock; default 5000. */
  busyTimeoutMs?: number;
  /** Source of recordedAt; the system clock unless `ledger demo` simulates history. */
  clock?: Clock;
  /**
   * Seals each event into the hash chain. Only the benchmark that measures what hashing costs
   * replaces it (with one that copies prevHash); the ledger always hashes.
   */
  seal?: typeof sealEvent;
}

interface EventRow {
  position: number;
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

interface PendingAppend {
  appends: StreamAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; results: AppendResult[] } | { ok: false; error: unknown };

export const SQLITE_EVENT_COLUMNS = `position, event_id, stream_id, stream_revision, type, schema_version, recorded_at,
  actor, correlation_id, causation_id, data, signature, prev_hash, hash`;

/**
 * The embedded event store on SQLite (better-sqlite3), WAL journal with synchronous=FULL so a
 * commit is on disk before it returns.
 *
 * Group commit: appends arriving in the same turn of the event loop are written in one
 * transaction (one fsync), each inside its own savepoint so a refused append leaves the others
 * untouched. An append's promise resolves only after that transaction has committed, and only if
 * the file it committed to is still the one on disk (see SqliteFileWatch).
 *
 * Faults of the file or the disk (read-only, full, deleted, I/O errors) are StoreUnavailableError.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly file: SqliteFileWatch;
  /** Set for good once the file was lost while open: only a restart on the file on disk can help. */
  private lostFile: string | null = null;
  private readonly statements: ReturnType<SqliteEventStore['prepare']>;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.db = openPrivateDatabase(options.filename);
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // A larger page cache keeps the event-id and stream indexes in memory as the log grows.
    this.db.pragma('cache_size = -131072');
    this.db.pragma('temp_store = MEMORY');
    migrateSqlite(this.db);
    this.file = new SqliteFileWatch(this.db, options.filename);
    this.statements = this.prepare();
  }

  /** The connection, for tests and tools that look into the file (read models: readModelHost()). */
  get database(): Database.Database {
    return this.db;
  }

  // --- the read side's reads (read-side.ts), on this connection: sqlite-log-reader.ts --------

  private logReader: SqliteLogReader | null = null;

  async readLog(after: number, limit: number): Promise<LogEvent[]> {
    return this.readForReadSide((reader) => reader.readLog(after, limit));
  }

  async readStreamsUntil(streams: readonly StreamUntil[]): Promise<Map<string, LogEvent[]>> {
    return this.readForReadSide((reader) => reader.readStreamsUntil(streams));
  }

  /** This database, on this connection: a projection's batch is one synchronous transaction between appends. */
  readModelHost(): SqliteReadModelHost {
    return { kind: 'sqlite', database: this.db, file: this.db.memory ? null : this.db.name };
  }

  private readForReadSide<T>(read: (reader: SqliteLogReader) => T): T {
    return this.reading(() => read((this.logReader ??= new SqliteLogReader(this.db))));
  }

  private prepare() {
    const db = this.db;
    return {
      head: db.prepare(`SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1`),
      streamRevision: db.prepare(`SELECT MAX(stream_revision) AS revision FROM events WHERE stream_id = ?`),
      byEventId: db.prepare(`SELECT ${SQLITE_EVENT_COLUMNS} FROM events WHERE event_id = ?`),
      insert: db.prepare(`INSERT INTO events (${SQLITE_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      readStream: db.prepare(
        `SELECT ${SQLITE_EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_revision >= ? ORDER BY stream_revision LIMIT ?`,
      ),
      // raw(): rows as arrays, cheaper to build than objects when reading the log in bulk.
      readAll: db.prepare(`SELECT ${SQLITE_EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
    };
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    if (this.lostFile) return Promise.reject(new StoreUnavailableError(this.lostFile));
    if (this.db.readonly) return Promise.reject(new StoreUnavailableError(this.file.unwritable() ?? 'the database is open read-only'));
    try {
      validateAppends(appends);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Writes every queued append in one durable transaction, then settles their promises. What to
   * write (or retry, or refuse) is the AppendPlan's; this adapter only looks up and inserts rows.
   */
  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.flushScheduled = false;
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    let lastPosition = 0;
    try {
      this.db
        .transaction(() => {
          const plan = new AppendPlan(
            this.readHead(),
            (this.options.clock ?? systemClock)().toISOString(),
            {
              eventById: (id) => {
                const row = this.statements.byEventId.get(id) as EventRow | undefined;
                return row ? fromRow(row) : undefined;
              },
              revisionOf: (streamId) => this.currentRevision(streamId),
            },
            this.options.seal,
          );
          for (const pending of batch) {
            let decision: AppendDecision;
            try {
              decision = plan.decide(pending.appends);
            } catch (error) {
              outcomes.push({ ok: false, error });
              continue;
            }
            // An insert that fails (a full disk, an I/O error) fails the whole batch: SQLite may have
            // rolled the transaction back already, and the plan has moved on past these events.
            if (decision.kind === 'write') for (const event of decision.events) this.statements.insert.run(sqliteEventRow(event));
            outcomes.push({ ok: true, results: decision.results });
          }
          lastPosition = plan.head.position;
        })
        .immediate();
    } catch (error) {
      // The commit itself failed: nothing of this batch is durable.
      for (const pending of batch) pending.reject(storeFault(error) ?? error);
      return;
    }
    // Committed, but to a file no longer on disk: not durable, so not acknowledged.
    this.lostFile = this.file.lost();
    if (this.lostFile) {
      for (const pending of batch) pending.reject(new StoreUnavailableError(this.lostFile));
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.results);
      else pending.reject(outcome.error);
    });
    this.signal.notify(lastPosition);
  }

  private currentRevision(streamId: string): number | null {
    const row = this.statements.streamRevision.get(streamId) as { revision: number | null };
    return row.revision;
  }

  private readHead(): LogHead {
    const row = this.statements.head.get() as { position: number; hash: string; recorded_at: string } | undefined;
    return row
      ? { position: row.position, hash: row.hash, recordedAt: row.recorded_at }
      : { position: 0, hash: GENESIS_HASH, recordedAt: null };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.reading(() => {
      const rows = this.statements.readStream.all(streamId, options.fromRevision ?? 0, options.maxCount ?? Number.MAX_SAFE_INTEGER) as EventRow[];
      return rows.map(fromRow);
    });
  }

  async streamRevision(streamId: string): Promise<number | null> {
    return this.reading(() => this.currentRevision(streamId));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.reading(() => this.readAllSync(options.after ?? 0, options.limit ?? 1000));
  }

  /** Synchronous read, for projections that share this connection. */
  readAllSync(after: number, limit: number): RecordedEvent[] {
    return (this.statements.readAll.all(after, limit) as unknown[][]).map(fromRawRow);
  }

  async head(): Promise<LogHead> {
    return this.reading(() => this.readHead());
  }

  subscribe(handler: BatchHandler, options: SubscribeOptions): Subscription {
    return new CatchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        headPosition: async () => this.readHead().position,
        waitForAppend: (position, timeoutMs) => this.signal.wait(position, timeoutMs),
      },
      handler,
      options,
    );
  }

  /** Down when the store is closed, its file was lost or cannot be written, or cannot be read. */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { store: this.kind, status: 'down', detail: 'closed' };
    try {
      const headPosition = this.readHead().position;
      const problem = this.lostFile ?? this.file.problem();
      return problem ? { store: this.kind, status: 'down', headPosition, detail: problem } : { store: this.kind, status: 'up', headPosition };
    } catch (error) {
      return { store: this.kind, status: 'down', detail: (storeFault(error) ?? (error as Error)).message };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let appends already queued finish before the connection goes.
    while (this.queue.length > 0) this.flush();
    this.closed = true;
    this.signal.wakeAll();
    this.db.close();
  }

  /** A read, with the file's faults as StoreUnavailableError. */
  private reading<T>(read: () => T): T {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    try {
      return read();
    } catch (error) {
      throw storeFault(error) ?? error;
    }
  }
}

/**
 * Insert parameters in SQLITE_EVENT_COLUMNS order (positional binding is cheaper than named); also
 * used by the integrity tests to forge rows exactly as the store writes them.
 */
export function sqliteEventRow(event: RecordedEvent): unknown[] {
  return [
    event.position,
    event.eventId,
    event.streamId,
    event.streamRevision,
    event.type,
    event.schemaVersion,
    event.recordedAt,
    JSON.stringify(event.actor),
    event.correlationId,
    event.causationId,
    JSON.stringify(event.data),
    event.signature ? JSON.stringify(event.signature) : null,
    event.prevHash,
    event.hash,
  ];
}

function fromRawRow(r: unknown[]): RecordedEvent {
  const event: RecordedEvent = {
    position: r[0] as number,
    eventId: r[1] as string,
    type: r[4] as string,
    schemaVersion: r[5] as number,
    streamId: r[2] as string,
    streamRevision: r[3] as number,
    recordedAt: r[6] as string,
    actor: JSON.parse(r[7] as string),
    correlationId: r[8] as string,
    causationId: r[9] as string | null,
    data: JSON.parse(r[10] as string),
    prevHash: r[12] as string,
    hash: r[13] as string,
  };
  if (r[11]) event.signature = JSON.parse(r[11] as string);
  return event;
}

function fromRow(row: EventRow): RecordedEvent {
  const event: RecordedEvent = {
    position: row.position,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamRevision: row.stream_revision,
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
