import type Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { openPrivateDatabase } from '@ledger/event-store';
import { decodeState } from '../codec';
import {
  ALL_SPECS,
  createActsSql,
  createCheckpointSql,
  createIndexesSql,
  createParticipantsSql,
  createStatesIndexSql,
  createStatesSql,
  createTableSql,
  NEXT_SUFFIX,
  OLD_SUFFIX,
  type Qualify,
} from '../ddl';
import { Folder, type Version } from '../folder';
import type { EventStore } from '@ledger/event-store';
import { storeStreamReader, type StreamReader } from '../history';
import type { LogEvent } from '../log-event';
import { VersionOps } from '../ops';
import type { ReadDb } from '../read-db';
import { toSqliteParams, toSqliteSql } from '../read-db';
import type { RecordKind } from '../records';
import type { ApplyResult, Checkpoint, ReadModelStorage, RebuildTarget } from '../storage';
import {
  ACT_COLUMNS,
  ACTS_TABLE,
  CHECKPOINT_NAME,
  CHECKPOINT_TABLE,
  columnsFrom,
  columnsOf,
  PARTICIPANT_COLUMNS,
  PARTICIPANTS_TABLE,
  READ_MODEL_SCHEMA_VERSION,
  STATE_COLUMNS,
  STATES_TABLE,
  VERSIONED_TABLES,
} from '../tables';

export interface SqliteReadModelsOptions {
  /** The connection: the embedded event store's own, or one on a file of the read models' own. */
  database: Database.Database;
  /** close() closes the connection (not when it belongs to the event store). */
  ownsConnection: boolean;
  /**
   * The file, when the events are in it too (the embedded store's): a parallel rebuild's worker
   * threads open it to read the log, one shard of the streams each.
   */
  sharedFile?: string | null;
  /** For messages: the file. */
  location: string;
  /** Where past versions' states are folded from: the event store's streams (null: not at hand). */
  streams?: StreamReader | null;
}

const bare: Qualify = (table) => table;

/** Helper threads SQLite's sorter may use while building a rebuild's indexes. */
const SORTER_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

const STATEMENT_CACHE_SIZE = 500;

/** Rows per multi-row INSERT statement (SQLite allows 32 766 parameters). */
const ROWS_PER_INSERT = 64;

interface CheckpointRow {
  position: number;
  recorded_at: number;
  generation: number;
  schema_version: number;
  rebuilt_at: string | null;
}

/**
 * Read models in SQLite. With the embedded store they share its connection, so a batch, its
 * checkpoint and the events it came from are in one file and every write is one synchronous
 * transaction (nothing else can run on the connection in between). With KurrentDB they live in a
 * file of their own in the data folder.
 */
export class SqliteReadModels implements ReadModelStorage {
  readonly dialect = 'sqlite';
  readonly location: string;
  readonly db: ReadDb;
  readonly streams: StreamReader | null;
  private readonly database: Database.Database;
  private readonly statementCache = new Map<string, Database.Statement>();
  private live: SqliteTableSet | null = null;
  private closed = false;

  /** Read models in a file of their own (KurrentDB deployments, bounded replays). */
  static openFile(filename: string, options: { streams?: StreamReader } = {}): SqliteReadModels {
    const database = openPrivateDatabase(filename);
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 5000');
    database.pragma('cache_size = -131072');
    return new SqliteReadModels({ database, ownsConnection: true, location: filename, streams: options.streams });
  }

  /**
   * In the embedded store's own database, on its own connection (the store's readModelHost()): a
   * batch and its checkpoint commit in the events' file, one synchronous transaction between two
   * of the store's appends.
   */
  static besideEvents(store: EventStore): SqliteReadModels {
    const host = store.readModelHost();
    if (host?.kind !== 'sqlite') throw new Error(`the ${store.kind} event store keeps no SQLite database for read models`);
    return new SqliteReadModels({
      database: host.database,
      ownsConnection: false,
      sharedFile: host.file,
      location: host.file ?? ':memory:',
      streams: storeStreamReader(store),
    });
  }

  constructor(private readonly options: SqliteReadModelsOptions) {
    this.database = options.database;
    this.location = options.location;
    const statement = (sql: string) => {
      let cached = this.statementCache.get(sql);
      if (!cached) {
        // Listings write their SQL from the filters given: a bounded number of shapes, cached.
        if (this.statementCache.size >= STATEMENT_CACHE_SIZE) this.statementCache.clear();
        cached = this.database.prepare(toSqliteSql(sql));
        this.statementCache.set(sql, cached);
      }
      return cached;
    };
    this.streams = options.streams ?? null;
    this.db = {
      dialect: 'sqlite',
      table: bare,
      all: async <T>(sql: string, params: readonly unknown[] = []) => statement(sql).all(toSqliteParams(params)) as T[],
    };
  }

  /** The connection (for tests and tools that inspect the tables). */
  get connection(): Database.Database {
    return this.database;
  }

  /** The database file, when the read models and the events share one (not in memory). */
  get sharedFile(): string | null {
    return this.options.sharedFile ?? null;
  }

  async ensureSchema(): Promise<void> {
    const db = this.database;
    db.exec(createCheckpointSql('sqlite', bare));
    const row = this.readCheckpointRow();
    const existing = new Set(
      (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name),
    );
    const complete = VERSIONED_TABLES.every((table) => existing.has(table));
    if (row && row.schema_version === READ_MODEL_SCHEMA_VERSION && complete) return;
    // First start, or tables of another shape: start over, empty, from position 0.
    const generation = (row?.generation ?? 0) + 1;
    db.transaction(() => {
      for (const table of VERSIONED_TABLES) {
        for (const suffix of ['', NEXT_SUFFIX, OLD_SUFFIX]) db.exec(`DROP TABLE IF EXISTS ${table}${suffix}`);
      }
      createTables(db, '', generation, true);
      db.prepare(
        `INSERT INTO ${CHECKPOINT_TABLE} (name, position, recorded_at, generation, schema_version, rebuilt_at) VALUES (?, 0, 0, ?, ?, NULL)
         ON CONFLICT (name) DO UPDATE SET position = 0, recorded_at = 0, generation = excluded.generation,
           schema_version = excluded.schema_version, rebuilt_at = NULL`,
      ).run(CHECKPOINT_NAME, generation, READ_MODEL_SCHEMA_VERSION);
    }).immediate();
    this.statementCache.clear();
    this.live = null;
  }

  /** Read before every query (several times): prepared once. */
  private checkpointStatement: Database.Statement | null = null;

  private readCheckpointRow(): CheckpointRow | undefined {
    this.checkpointStatement ??= this.database.prepare(
      `SELECT position, recorded_at, generation, schema_version, rebuilt_at FROM ${CHECKPOINT_TABLE} WHERE name = ?`,
    );
    return this.checkpointStatement.get(CHECKPOINT_NAME) as CheckpointRow | undefined;
  }

  async checkpoint(): Promise<Checkpoint> {
    return this.checkpointSync();
  }

  checkpointSync(): Checkpoint {
    const row = this.readCheckpointRow();
    if (!row) throw new Error('the read models have no checkpoint: ensureSchema() first');
    return { position: row.position, recordedAt: row.recorded_at, generation: row.generation, rebuiltAt: row.rebuilt_at };
  }

  async applyBatch(events: readonly LogEvent[]): Promise<ApplyResult> {
    return this.applyBatchSync(events);
  }

  /** One synchronous IMMEDIATE transaction: the batch's rows and the checkpoint, or nothing. */
  applyBatchSync(events: readonly LogEvent[]): ApplyResult {
    this.assertOpen();
    const live = (this.live ??= new SqliteTableSet(this.database, ''));
    // A projection commit needs no fsync of its own: its rows and checkpoint are one transaction, so
    // one lost to a power cut is applied again from the older checkpoint; and in a WAL shared with
    // the events the next durable append syncs it anyway. Appends keep synchronous = FULL.
    const synchronous = this.database.pragma('synchronous', { simple: true }) as number;
    this.database.pragma('synchronous = NORMAL');
    try {
      return this.applyInTransaction(events, live);
    } finally {
      this.database.pragma(`synchronous = ${synchronous}`);
    }
  }

  private applyInTransaction(events: readonly LogEvent[], live: SqliteTableSet): ApplyResult {
    return this.database
      .transaction((): ApplyResult => {
        const checkpoint = this.checkpointSync();
        const pending = events.filter((e) => e.position > checkpoint.position);
        if (pending.length === 0) return { position: checkpoint.position, resync: false };
        if (pending[0].position !== checkpoint.position + 1) return { position: checkpoint.position, resync: true };
        const ops = new VersionOps();
        const folder = new Folder(ops, (kind, id) => live.loadOpen(kind, id));
        for (const event of pending) folder.apply(event);
        ops.addOpen(folder.pendingOpen());
        live.write(ops);
        live.moveCheckpoint(folder.lastPosition, folder.lastRecordedAt);
        return { position: folder.lastPosition, resync: false };
      })
      .immediate();
  }

  async beginRebuild(): Promise<RebuildTarget> {
    this.assertOpen();
    const db = this.database;
    const generation = this.checkpointSync().generation + 1;
    db.transaction(() => {
      for (const table of VERSIONED_TABLES) {
        db.exec(`DROP TABLE IF EXISTS ${table}${NEXT_SUFFIX}`);
        db.exec(`DROP TABLE IF EXISTS ${table}${OLD_SUFFIX}`);
      }
      createTables(db, NEXT_SUFFIX, generation, false);
    }).immediate();
    const next = new SqliteTableSet(db, NEXT_SUFFIX, true);
    const ops = new VersionOps();
    let done = false;
    const target: RebuildTarget = {
      get buffered() {
        return ops.size;
      },
      closed: (version, to) => ops.closed(version, to),
      discarded: (version) => ops.discarded(version),
      participants: (kind, id, organizationIds, from) => ops.participants(kind, id, organizationIds, from),
      act: (act) => ops.act(act),
      addOpen: (versions) => ops.addOpen(versions),
      flush: async () => {
        if (ops.size === 0) return;
        db.transaction(() => next.write(ops)).immediate();
        ops.clear();
      },
      finish: async (checkpoint) => {
        await target.flush();
        // One index at a time, each its own short transaction, so a running ledger's appends interleave;
        // SQLite's sorter may use helper threads for it (the machine's other cores).
        const threads = db.pragma('threads', { simple: true });
        db.pragma(`threads = ${SORTER_THREADS}`);
        try {
          createIndexes(db, NEXT_SUFFIX, generation);
        } finally {
          db.pragma(`threads = ${Number(threads)}`);
        }
        // The swap renames (schema changes only), so a running ledger waits for the write lock a
        // moment; the old tables are dropped after it, one by one.
        db.transaction(() => {
          for (const table of VERSIONED_TABLES) {
            db.exec(`DROP TABLE IF EXISTS ${table}${OLD_SUFFIX}`);
            db.exec(`ALTER TABLE ${table} RENAME TO ${table}${OLD_SUFFIX}`);
            db.exec(`ALTER TABLE ${table}${NEXT_SUFFIX} RENAME TO ${table}`);
          }
          db.prepare(
            `UPDATE ${CHECKPOINT_TABLE} SET position = ?, recorded_at = ?, generation = ?, schema_version = ?, rebuilt_at = ? WHERE name = ?`,
          ).run(checkpoint.position, checkpoint.recordedAt, generation, READ_MODEL_SCHEMA_VERSION, new Date().toISOString(), CHECKPOINT_NAME);
        }).immediate();
        done = true;
        this.statementCache.clear();
        this.live = null;
        for (const table of VERSIONED_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}${OLD_SUFFIX}`);
        return this.checkpointSync();
      },
      abort: async () => {
        if (done || this.closed) return;
        db.transaction(() => {
          for (const table of VERSIONED_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}${NEXT_SUFFIX}`);
        }).immediate();
      },
    };
    return target;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.options.ownsConnection) this.database.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the read models are closed');
  }
}

function createTables(db: Database.Database, suffix: string, generation: number, withIndexes: boolean): void {
  for (const spec of ALL_SPECS) db.exec(createTableSql('sqlite', bare, spec, suffix));
  db.exec(createParticipantsSql('sqlite', bare, suffix));
  db.exec(createActsSql('sqlite', bare, suffix));
  db.exec(createStatesSql('sqlite', bare, suffix));
  if (withIndexes) createIndexes(db, suffix, generation);
}

function createIndexes(db: Database.Database, suffix: string, generation: number): void {
  for (const spec of ALL_SPECS) for (const sql of createIndexesSql(bare, spec, suffix, generation)) db.exec(sql);
  db.exec(createStatesIndexSql(bare, suffix, generation));
}

/**
 * Prepared statements over one set of tables: the live ones, or a rebuild's new ones (`bulk`:
 * written once, in order, before their indexes exist).
 */
export class SqliteTableSet {
  private readonly insertOne = new Map<RecordKind, Database.Statement>();
  private readonly insertMany = new Map<RecordKind, Database.Statement>();
  private readonly close = new Map<RecordKind, Database.Statement>();
  private readonly discard = new Map<RecordKind, Database.Statement>();
  private readonly open = new Map<RecordKind, Database.Statement>();
  /** Positions of the amount columns in a row, per kind. */
  private readonly amountColumns = new Map<RecordKind, number[]>();
  private readonly stateOne: Database.Statement;
  private readonly stateMany: Database.Statement;
  private readonly participant: Database.Statement;
  private readonly act: Database.Statement;
  private readonly checkpoint: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    suffix: string,
    bulk = false,
  ) {
    const states = STATES_TABLE + suffix;
    for (const spec of ALL_SPECS) {
      const table = spec.table + suffix;
      const columns = columnsOf(spec);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const names = columns.map((c) => c.name).join(', ');
      this.amountColumns.set(spec.kind, columns.flatMap((c, i) => (c.type === 'amount' ? [i] : [])));
      this.insertOne.set(spec.kind, db.prepare(`INSERT INTO ${table} (${names}) VALUES ${tuple}`));
      this.insertMany.set(spec.kind, db.prepare(`INSERT INTO ${table} (${names}) VALUES ${Array(ROWS_PER_INSERT).fill(tuple).join(', ')}`));
      this.close.set(spec.kind, db.prepare(`UPDATE ${table} SET recorded_to = ? WHERE id = ? AND recorded_to IS NULL`));
      this.discard.set(spec.kind, db.prepare(`DELETE FROM ${table} WHERE id = ? AND recorded_to IS NULL`));
      this.open.set(
        spec.kind,
        db
          .prepare(
            `SELECT v.recorded_from, s.position, s.revision, s.last_recorded_at, s.state FROM ${table} v
             JOIN ${states} s ON s.kind = '${spec.kind}' AND s.id = v.id WHERE v.id = ? AND v.recorded_to IS NULL`,
          )
          .raw(),
      );
    }
    const stateNames = STATE_COLUMNS.map((c) => c.name).join(', ');
    const stateTuple = `(${STATE_COLUMNS.map(() => '?').join(', ')})`;
    // Live: one state per record, replaced; a rebuild writes each record's once, before the unique index exists.
    const upsert = bulk
      ? ''
      : ` ON CONFLICT (kind, id) DO UPDATE SET position = excluded.position, revision = excluded.revision,
          last_recorded_at = excluded.last_recorded_at, state = excluded.state`;
    this.stateOne = db.prepare(`INSERT INTO ${states} (${stateNames}) VALUES ${stateTuple}${upsert}`);
    this.stateMany = db.prepare(`INSERT INTO ${states} (${stateNames}) VALUES ${Array(ROWS_PER_INSERT).fill(stateTuple).join(', ')}${upsert}`);
    this.checkpoint = db.prepare(`UPDATE ${CHECKPOINT_TABLE} SET position = ?, recorded_at = ? WHERE name = ?`);
    this.participant = db.prepare(
      `INSERT INTO ${PARTICIPANTS_TABLE}${suffix} (${PARTICIPANT_COLUMNS.map((c) => c.name).join(', ')}) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.act = db.prepare(
      `INSERT INTO ${ACTS_TABLE}${suffix} (${ACT_COLUMNS.map((c) => c.name).join(', ')}) VALUES (${ACT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
    );
  }

  loadOpen(kind: RecordKind, id: string): Version | null {
    const row = this.open.get(kind)!.get(id) as [number, number, number, number, string] | undefined;
    if (!row) return null;
    const state = decodeState(kind, row[4]);
    return { kind, id, from: row[0], position: row[1], revision: row[2], lastAt: row[3], state, columns: columnsFrom(kind, state), persisted: true };
  }

  moveCheckpoint(position: number, recordedAt: number): void {
    this.checkpoint.run(position, recordedAt, CHECKPOINT_NAME);
  }

  /** Call inside a transaction. */
  write(ops: VersionOps): void {
    for (const [kind, closes] of ops.closes) {
      const statement = this.close.get(kind)!;
      for (const [id, to] of closes) statement.run(to, id);
    }
    for (const [kind, ids] of ops.discards) {
      const statement = this.discard.get(kind)!;
      for (const id of ids) statement.run(id);
    }
    for (const [kind, rows] of ops.inserts) {
      const amounts = this.amountColumns.get(kind)!;
      if (amounts.length > 0) for (const row of rows) for (const c of amounts) row[c] = sqliteAmount(row[c] as string);
      insertRows(this.insertMany.get(kind)!, this.insertOne.get(kind)!, rows);
    }
    insertRows(this.stateMany, this.stateOne, ops.stateRows);
    for (const row of ops.participantRows) this.participant.run(row);
    for (const row of ops.actRows) this.act.run(row);
  }
}

const INT64_MAX = 2n ** 63n - 1n;

/** Minor units as an SQLite integer when they fit in 64 bits (SUM is then exact in SQL), else as text. */
function sqliteAmount(minor: string): bigint | string {
  if (minor.length > 19) return minor;
  const value = BigInt(minor);
  return value <= INT64_MAX && value >= -INT64_MAX ? value : minor;
}

/** Rows in multi-row statements of ROWS_PER_INSERT, the rest one by one. */
function insertRows(many: Database.Statement, one: Database.Statement, rows: unknown[][]): void {
  let i = 0;
  if (rows.length >= ROWS_PER_INSERT) {
    const width = rows[0].length;
    const params = new Array(width * ROWS_PER_INSERT);
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      let k = 0;
      for (let r = i; r < i + ROWS_PER_INSERT; r++) {
        const row = rows[r];
        for (let c = 0; c < width; c++) params[k++] = row[c];
      }
      many.run(params);
    }
  }
  for (; i < rows.length; i++) one.run(rows[i]);
}
