import { Pool, type QueryResult } from 'pg';
import { storeFault } from '@ledger/event-store';
import { fromApiKeyRow } from './sqlite-support-store';
import type { ApiKeyRecord, IdempotentAnswer, SupportStore } from './support-store.port';

/** First key of the advisory lock held while the support tables are created ('supp'). */
const SUPPORT_LOCK_KEY = 0x73757070;

/**
 * The support tables in PostgreSQL, beside the events (schema `ledger` by default). A server that
 * cannot serve is a StoreUnavailableError (store-faults.ts), and a connection it drops while idle
 * is discarded, never an unhandled 'error' event that would end the process.
 */
export class PostgresSupportStore implements SupportStore {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(connectionString: string, schema = 'ledger'): Promise<PostgresSupportStore> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const pool = new Pool({ connectionString, max: 4 });
    pool.on('error', () => undefined);
    // Several ledger servers starting at once on a new schema: CREATE ... IF NOT EXISTS is not safe
    // against a concurrent create of the same name, so the creations take turns (transaction lock).
    await pool.query(`
      BEGIN;
      SELECT pg_advisory_xact_lock(${SUPPORT_LOCK_KEY}, hashtext('${schema}'));
      CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.subscriber_checkpoints (name text PRIMARY KEY, position bigint NOT NULL);
      CREATE TABLE IF NOT EXISTS ${schema}.idempotent_answers (
        scope text NOT NULL, key text NOT NULL, request_hash text NOT NULL, status int NOT NULL,
        body jsonb NOT NULL, headers jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key));
      CREATE TABLE IF NOT EXISTS ${schema}.api_keys (
        key_id text PRIMARY KEY, organization_id text, label text, secret_hash text NOT NULL,
        created_at text NOT NULL, revoked_at text);
      CREATE TABLE IF NOT EXISTS ${schema}.signature_nonces (
        scope text NOT NULL, nonce text NOT NULL, used_at text NOT NULL, PRIMARY KEY (scope, nonce));
      CREATE INDEX IF NOT EXISTS signature_nonces_used_at ON ${schema}.signature_nonces (used_at);
      COMMIT;`).catch(async (error: unknown) => {
      await pool.end().catch(() => undefined);
      throw error;
    });
    return new PostgresSupportStore(pool, schema);
  }

  async getCheckpoint(name: string): Promise<number> {
    const { rows } = await this.query(`SELECT position FROM ${this.schema}.subscriber_checkpoints WHERE name = $1`, [name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  async setCheckpoint(name: string, position: number): Promise<void> {
    await this.query(
      `INSERT INTO ${this.schema}.subscriber_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      [name, position],
    );
  }

  async getAnswer(scope: string, key: string): Promise<IdempotentAnswer | null> {
    const { rows } = await this.query(
      `SELECT request_hash, status, body, headers FROM ${this.schema}.idempotent_answers WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!rows.length) return null;
    return { requestHash: rows[0].request_hash, status: rows[0].status, body: rows[0].body, headers: rows[0].headers };
  }

  async saveAnswer(scope: string, key: string, answer: IdempotentAnswer): Promise<boolean> {
    const result = await this.query(
      `INSERT INTO ${this.schema}.idempotent_answers (scope, key, request_hash, status, body, headers)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [scope, key, answer.requestHash, answer.status, JSON.stringify(answer.body), JSON.stringify(answer.headers)],
    );
    return result.rowCount === 1;
  }

  async saveApiKey(record: ApiKeyRecord): Promise<void> {
    await this.query(
      `INSERT INTO ${this.schema}.api_keys (key_id, organization_id, label, secret_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [record.keyId, record.organizationId, record.label, record.secretHash, record.createdAt, record.revokedAt],
    );
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.query(`SELECT * FROM ${this.schema}.api_keys WHERE key_id = $1`, [keyId]);
    return rows.length ? fromApiKeyRow(rows[0]) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.query(`SELECT * FROM ${this.schema}.api_keys ORDER BY created_at, key_id`);
    return rows.map(fromApiKeyRow);
  }

  async revokeApiKey(keyId: string, at: string): Promise<boolean> {
    const result = await this.query(`UPDATE ${this.schema}.api_keys SET revoked_at = $1 WHERE key_id = $2 AND revoked_at IS NULL`, [at, keyId]);
    return result.rowCount === 1;
  }

  async useNonce(scope: string, nonce: string, at: string, forgetBefore: string): Promise<boolean> {
    await this.pool.query(`DELETE FROM ${this.schema}.signature_nonces WHERE used_at < $1`, [forgetBefore]);
    const result = await this.pool.query(
      `INSERT INTO ${this.schema}.signature_nonces (scope, nonce, used_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [scope, nonce, at],
    );
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query(sql: string, params?: unknown[]): Promise<QueryResult> {
    try {
      return await this.pool.query(sql, params);
    } catch (error) {
      throw storeFault(error) ?? error;
    }
  }
}
