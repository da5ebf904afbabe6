import type { Pool, PoolClient } from 'pg';
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
  type Qualify,
} from '../ddl';
import { Folder, type Version } from '../folder';
import type { EventStore } from '@ledger/event-store';
import { storeStreamReader, type StreamReader } from '../history';
import type { LogEvent } from '../log-event';
import { VersionOps } from '../ops';
import type { ReadDb } from '../read-db';
import { streamPrefixOf, type RecordKind } from '../records';
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
  TABLES,
  VERSIONED_TABLES,
  type Column,
} from '../tables';

const ARRAY_TYPES: Record<Column['type'], string> = { text: 'text[]', int: 'integer[]', bigint: 'bigint[]', amount: 'numeric[]' };
/** Rows per INSERT ... SELECT FROM unnest(...) statement. */
const ROWS_PER_INSERT = 5000;
/** First key of the advisory lock held while the read-model tables are (re)created ('rmod'). */
const SCHEMA_LOCK_KEY = 0x726d6f64;

interface CheckpointRow {
  position: string;
  recorded_at: string;
  generation: number;
  schema_version: number;
  rebuilt_at: string | null;
}

/**
 * Read models in PostgreSQL, in the events' schema. A batch runs in one transaction that first
 * locks the checkpoint row, so several ledger processes projecting at once take turns and each
 * applies only what the other has not; a rebuild's swap takes the same lock.
 */
export class PostgresReadModels implements ReadModelStorage {
  readonly dialect = 'postgres';
  readonly location: string;
  readonly db: ReadDb;
  readonly streams: StreamReader | null;
  private readonly qualify: Qualify;

  /** In the PostgreSQL store's own schema, on its pool (the store's readModelHost()). */
  static besideEvents(store: EventStore): PostgresReadModels {
    const host = store.readModelHost();
    if (host?.kind !== 'postgres') throw new Error(`the ${store.kind} event store keeps no PostgreSQL schema for read models`);
    return new PostgresReadModels(host.pool, host.schema, { streams: storeStreamReader(store) });
  }

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    /** streams: where past versions' states are folded from (the event store's); ownsPool: close() ends the pool. */
    private readonly options: { ownsPool?: boolean; streams?: StreamReader | null } = {},
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
    this.location = `PostgreSQL schema ${schema}`;
    this.qualify = (table) => `"${schema}".${table}`;
    this.streams = options.streams ?? null;
    this.db = {
      dialect: 'postgres',
      table: this.qualify,
      all: async <T>(sql: string, params: readonly unknown[] = []) => (await pool.query({ text: sql, values: params as unknown[] })).rows as T[],
    };
  }

  async ensureSchema(): Promise<void> {
    await this.withClient(async (client) => {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [SCHEMA_LOCK_KEY, this.schema]);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
        await client.query(createCheckpointSql('postgres', this.qualify));
        const row = await this.readCheckpointRow(client);
        const missing = await client.query<{ table: string }>(
          `SELECT t AS table FROM unnest($1::text[]) AS t WHERE to_regclass($2 || '.' || t) IS NULL`,
          [VERSIONED_TABLES, `"${this.schema}"`],
        );
        if (row && row.schema_version === READ_MODEL_SCHEMA_VERSION && missing.rowCount === 0) return;
        const generation = (row?.generation ?? 0) + 1;
        await this.transaction(client, async () => {
          for (const table of VERSIONED_TABLES) {
            await client.query(`DROP TABLE IF EXISTS ${this.qualify(table)}`);
            await client.query(`DROP TABLE IF EXISTS ${this.qualify(table + NEXT_SUFFIX)}`);
          }
          await this.createTables(client, '');
          await this.createIndexes(client, '', generation);
          await client.query(
            `INSERT INTO ${this.qualify(CHECKPOINT_TABLE)} (name, position, recorded_at, generation, schema_version, rebuilt_at)
             VALUES ($1, 0, 0, $2, $3, NULL)
             ON CONFLICT (name) DO UPDATE SET position = 0, recorded_at = 0, generation = excluded.generation,
               schema_version = excluded.schema_version, rebuilt_at = NULL`,
            [CHECKPOINT_NAME, generation, READ_MODEL_SCHEMA_VERSION],
          );
        });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SCHEMA_LOCK_KEY, this.schema]);
      }
    });
  }

  private async createTables(client: PoolClient, suffix: string): Promise<void> {
    for (const spec of ALL_SPECS) await client.query(createTableSql('postgres', this.qualify, spec, suffix));
    await client.query(createParticipantsSql('postgres', this.qualify, suffix));
    await client.query(createActsSql('postgres', this.qualify, suffix));
    await client.query(createStatesSql('postgres', this.qualify, suffix));
  }

  private async createIndexes(client: PoolClient, suffix: string, generation: number): Promise<void> {
    for (const spec of ALL_SPECS) for (const sql of createIndexesSql(this.qualify, spec, suffix, generation)) await client.query(sql);
    await client.query(createStatesIndexSql(this.qualify, suffix, generation));
  }

  private async readCheckpointRow(client: Pool | PoolClient, forUpdate = false): Promise<CheckpointRow | undefined> {
    const { rows } = await client.query<CheckpointRow>(
      `SELECT position, recorded_at, generation, schema_version, rebuilt_at FROM ${this.qualify(CHECKPOINT_TABLE)} WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [CHECKPOINT_NAME],
    );
    return rows[0];
  }

  async checkpoint(): Promise<Checkpoint> {
    return toCheckpoint(await this.readCheckpointRow(this.pool));
  }

  async applyBatch(events: readonly LogEvent[]): Promise<ApplyResult> {
    return this.withClient((client) =>
      this.transaction(client, async () => {
        const checkpoint = toCheckpoint(await this.readCheckpointRow(client, true));
        const pending = events.filter((e) => e.position > checkpoint.position);
        if (pending.length === 0) return { position: checkpoint.position, resync: false };
        if (pending[0].position !== checkpoint.position + 1) return { position: checkpoint.position, resync: true };
        const last = await this.applyTo(client, '', pending);
        await client.query(`UPDATE ${this.qualify(CHECKPOINT_TABLE)} SET position = $1, recorded_at = $2 WHERE name = $3`, [
          last.position,
          last.recordedAt,
          CHECKPOINT_NAME,
        ]);
        return { position: last.position, resync: false };
      }),
    );
  }

  /** Folds events into the tables with `suffix`, starting from their stored open versions. */
  private async applyTo(client: PoolClient, suffix: string, events: readonly LogEvent[]): Promise<{ position: number; recordedAt: number }> {
    const loaded = await this.loadOpen(client, suffix, events);
    const ops = new VersionOps();
    const folder = new Folder(ops, (kind, id) => loaded.get(`${kind}:${id}`) ?? null);
    for (const event of events) folder.apply(event);
    ops.addOpen(folder.pendingOpen());
    await this.write(client, suffix, ops);
    return { position: folder.lastPosition, recordedAt: folder.lastRecordedAt };
  }

  private async loadOpen(client: PoolClient, suffix: string, events: readonly LogEvent[]): Promise<Map<string, Version>> {
    const ids = new Map<RecordKind, Set<string>>();
    for (const event of events) {
      for (const spec of ALL_SPECS) {
        // Routing by prefix is enough to choose what to load; the fold routes precisely.
        const prefix = streamPrefixOf(spec.kind);
        if (event.streamId.startsWith(prefix)) {
          const set = ids.get(spec.kind) ?? new Set<string>();
          set.add(event.streamId.slice(prefix.length));
          ids.set(spec.kind, set);
        }
      }
    }
    const loaded = new Map<string, Version>();
    for (const [kind, set] of ids) {
      const { rows } = await client.query<{ id: string; recorded_from: string; position: string; revision: number; last_recorded_at: string; state: string }>(
        `SELECT v.id, v.recorded_from, s.position, s.revision, s.last_recorded_at, s.state FROM ${this.qualify(TABLES[kind].table + suffix)} v
         JOIN ${this.qualify(STATES_TABLE + suffix)} s ON s.kind = $2 AND s.id = v.id
         WHERE v.recorded_to IS NULL AND v.id = ANY($1::text[])`,
        [[...set], kind],
      );
      for (const row of rows) {
        const state = decodeState(kind, row.state);
        loaded.set(`${kind}:${row.id}`, {
          kind,
          id: row.id,
          from: Number(row.recorded_from),
          position: Number(row.position),
          revision: Number(row.revision),
          lastAt: Number(row.last_recorded_at),
          state,
          columns: columnsFrom(kind, state),
          persisted: true,
        });
      }
    }
    return loaded;
  }

  private async write(client: PoolClient, suffix: string, ops: VersionOps, bulk = false): Promise<void> {
    for (const [kind, closes] of ops.closes) {
      await client.query(
        `UPDATE ${this.qualify(TABLES[kind].table + suffix)} AS r SET recorded_to = v.to_ms
         FROM unnest($1::text[], $2::bigint[]) AS v(id, to_ms) WHERE r.id = v.id AND r.recorded_to IS NULL`,
        [closes.map((c) => c[0]), closes.map((c) => c[1])],
      );
    }
    for (const [kind, ids] of ops.discards) {
      await client.query(`DELETE FROM ${this.qualify(TABLES[kind].table + suffix)} WHERE recorded_to IS NULL AND id = ANY($1::text[])`, [ids]);
    }
    for (const [kind, rows] of ops.inserts) {
      await this.insertRows(client, this.qualify(TABLES[kind].table + suffix), columnsOf(TABLES[kind]), rows, '');
    }
    if (ops.stateRows.length > 0) {
      // Live: one state per record, replaced; a rebuild writes each record's once, before the unique index exists.
      const upsert = bulk
        ? ''
        : ` ON CONFLICT (kind, id) DO UPDATE SET position = excluded.position, revision = excluded.revision,
            last_recorded_at = excluded.last_recorded_at, state = excluded.state`;
      await this.insertRows(client, this.qualify(STATES_TABLE + suffix), [...STATE_COLUMNS], ops.stateRows, upsert);
    }
    if (ops.participantRows.length > 0) {
      await this.insertRows(client, this.qualify(PARTICIPANTS_TABLE + suffix), [...PARTICIPANT_COLUMNS], ops.participantRows, ' ON CONFLICT DO NOTHING');
    }
    if (ops.actRows.length > 0) {
      await this.insertRows(client, this.qualify(ACTS_TABLE + suffix), [...ACT_COLUMNS], ops.actRows, ' ON CONFLICT DO NOTHING');
    }
  }

  private async insertRows(client: PoolClient, table: string, columns: Column[], rows: unknown[][], tail: string): Promise<void> {
    const sql =
      `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(` +
      columns.map((c, i) => `$${i + 1}::${ARRAY_TYPES[c.type]}`).join(', ') +
      `)${tail}`;
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const arrays: unknown[][] = columns.map(() => new Array(chunk.length));
      for (let r = 0; r < chunk.length; r++) {
        const row = chunk[r];
        for (let c = 0; c < columns.length; c++) arrays[c][r] = row[c];
      }
      await client.query({ text: sql, values: arrays });
    }
  }

  async beginRebuild(): Promise<RebuildTarget> {
    const generation = (await this.checkpoint()).generation + 1;
    await this.withClient((client) =>
      this.transaction(client, async () => {
        for (const table of VERSIONED_TABLES) await client.query(`DROP TABLE IF EXISTS ${this.qualify(table + NEXT_SUFFIX)}`);
        await this.createTables(client, NEXT_SUFFIX);
      }),
    );
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
        await this.withClient((client) => this.transaction(client, () => this.write(client, NEXT_SUFFIX, ops, true)));
        ops.clear();
      },
      finish: async (checkpoint) => {
        await target.flush();
        await this.withClient(async (client) => {
          await this.createIndexes(client, NEXT_SUFFIX, generation);
          for (const table of VERSIONED_TABLES) await client.query(`ANALYZE ${this.qualify(table + NEXT_SUFFIX)}`);
          await this.transaction(client, async () => {
            // The same lock a projecting batch takes first: no batch is half-way while tables change.
            await this.readCheckpointRow(client, true);
            for (const table of VERSIONED_TABLES) {
              await client.query(`DROP TABLE IF EXISTS ${this.qualify(table)}`);
              await client.query(`ALTER TABLE ${this.qualify(table + NEXT_SUFFIX)} RENAME TO ${table}`);
            }
            await client.query(
              `UPDATE ${this.qualify(CHECKPOINT_TABLE)} SET position = $1, recorded_at = $2, generation = $3, schema_version = $4, rebuilt_at = $5
               WHERE name = $6`,
              [checkpoint.position, checkpoint.recordedAt, generation, READ_MODEL_SCHEMA_VERSION, new Date().toISOString(), CHECKPOINT_NAME],
            );
          });
        });
        done = true;
        return this.checkpoint();
      },
      abort: async () => {
        if (done) return;
        await this.withClient(async (client) => {
          for (const table of VERSIONED_TABLES) await client.query(`DROP TABLE IF EXISTS ${this.qualify(table + NEXT_SUFFIX)}`);
        });
      },
    };
    return target;
  }

  async close(): Promise<void> {
    if (this.options.ownsPool) await this.pool.end();
  }

  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      // A connection that failed mid-transaction is closed rather than reused.
      client.release(failed);
    }
  }

  private async transaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

function toCheckpoint(row: CheckpointRow | undefined): Checkpoint {
  if (!row) throw new Error('the read models have no checkpoint: ensureSchema() first');
  return { position: Number(row.position), recordedAt: Number(row.recorded_at), generation: Number(row.generation), rebuiltAt: row.rebuilt_at };
}
