import type { Pool, PoolClient } from 'pg';

export interface PostgresMigration {
  version: number;
  name: string;
  /** Runs with search_path set to the store's schema, so names are unqualified. */
  sql: string;
}

/**
 * Versioned schema of the PostgreSQL store. A migration is never edited once released: add a new
 * one. Applied in order at open, each in its own transaction, recorded in schema_migrations.
 *
 * - events: the log. position is assigned by the adapter from log_head (never from a sequence:
 *   a sequence hands out numbers outside the transaction, so rollbacks leave holes and concurrent
 *   transactions can commit out of position order). JSON columns are `json`, not `jsonb`: the
 *   exact text the ledger wrote is kept, nothing is normalized.
 * - log_head: one row holding the last position, its hash and recordedAt. Every appending
 *   transaction locks it first and updates it last, so writers serialize on it and commit in
 *   position order (docs/postgres.md).
 * - events is append-only: UPDATE, DELETE and TRUNCATE are refused by triggers.
 */
export const POSTGRES_MIGRATIONS: ReadonlyArray<PostgresMigration> = [
  {
    version: 1,
    name: 'events and log head',
    sql: `
      CREATE TABLE events (
        position        bigint      PRIMARY KEY CHECK (position > 0),
        event_id        uuid        NOT NULL UNIQUE,
        stream_id       text        NOT NULL,
        stream_revision integer     NOT NULL CHECK (stream_revision >= 0),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL,
        recorded_at     timestamptz NOT NULL,
        actor           json        NOT NULL,
        correlation_id  text        NOT NULL,
        causation_id    text,
        data            json        NOT NULL,
        signature       json,
        prev_hash       text        NOT NULL,
        hash            text        NOT NULL,
        UNIQUE (stream_id, stream_revision)
      );
      CREATE INDEX events_type ON events (type, position);

      CREATE TABLE log_head (
        id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
        position    bigint      NOT NULL,
        hash        text        NOT NULL,
        recorded_at timestamptz
      );
      INSERT INTO log_head (id, position, hash, recorded_at) VALUES (true, 0, repeat('0', 64), NULL);

      CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'the event log is append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END
      $fn$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_are_append_only();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();
    `,
  },
];

/** First key of the two-key advisory lock taken while migrating ('ledg'). */
const MIGRATION_LOCK_KEY = 0x6c656467;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the schema if needed and applies the migrations it lacks. Concurrent starts (several
 * ledger processes at once) are serialized by a session-level advisory lock per schema, so each
 * migration runs exactly once. Refuses a schema migrated by a newer build.
 */
export async function migratePostgres(
  pool: Pool,
  schema: string,
  migrations: ReadonlyArray<PostgresMigration> = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => (lost = error);
  client.on('error', onError);
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_KEY, schema]);
    try {
      const s = quoteIdent(schema);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
        version    integer     PRIMARY KEY,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set(
        (await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)).rows.map((r) =>
          Number(r.version),
        ),
      );
      const known = Math.max(0, ...migrations.map((m) => m.version));
      const newest = Math.max(0, ...done);
      if (newest > known) {
        throw new Error(
          `schema ${schema} is at version ${newest}, newer than this build knows (${known}); upgrade the ledger`,
        );
      }
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await runInTransaction(client, async () => {
          await client.query(`SET LOCAL search_path TO ${s}`);
          await client.query(migration.sql);
          await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [
            migration.version,
            migration.name,
          ]);
        });
        applied.push(migration.version);
      }
    } finally {
      // If the unlock fails the connection is closed below, which releases the lock as well.
      await client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK_KEY, schema])
        .catch((error: Error) => (lost ??= error));
    }
  } catch (error) {
    lost ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    // A session that failed may hold state (an open transaction, the lock): close it, don't reuse it.
    client.release(lost);
  }
  return applied;
}

async function runInTransaction(client: PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
