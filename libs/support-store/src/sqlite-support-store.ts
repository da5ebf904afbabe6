import type Database from 'better-sqlite3';
import { openPrivateDatabase, SqliteFileWatch, storeFault, StoreUnavailableError } from '@ledger/event-store';
import type { ApiKeyRecord, IdempotentAnswer, SupportStore } from './support-store.port';

/**
 * The support tables in an SQLite file (the embedded ledger's own database file). A write to a file
 * deleted or replaced while open, or a fault of the disk, is a StoreUnavailableError.
 */
export class SqliteSupportStore implements SupportStore {
  private readonly db: Database.Database;
  private readonly file: SqliteFileWatch;
  private readonly statements;

  constructor(filename: string) {
    this.db = openPrivateDatabase(filename);
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS subscriber_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS idempotent_answers (
        scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
        body TEXT NOT NULL, headers TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (scope, key));
      CREATE TABLE IF NOT EXISTS api_keys (
        key_id TEXT PRIMARY KEY, organization_id TEXT, label TEXT, secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL, revoked_at TEXT);
      CREATE TABLE IF NOT EXISTS signature_nonces (scope TEXT NOT NULL, nonce TEXT NOT NULL, used_at TEXT NOT NULL, PRIMARY KEY (scope, nonce));
      CREATE INDEX IF NOT EXISTS signature_nonces_used_at ON signature_nonces (used_at);
    `);
    this.file = new SqliteFileWatch(this.db, filename);
    this.statements = {
      getCheckpoint: this.db.prepare('SELECT position FROM subscriber_checkpoints WHERE name = ?'),
      setCheckpoint: this.db.prepare(
        'INSERT INTO subscriber_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
      getAnswer: this.db.prepare('SELECT request_hash, status, body, headers FROM idempotent_answers WHERE scope = ? AND key = ?'),
      saveApiKey: this.db.prepare(
        'INSERT INTO api_keys (key_id, organization_id, label, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      findApiKey: this.db.prepare('SELECT * FROM api_keys WHERE key_id = ?'),
      listApiKeys: this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, key_id'),
      revokeApiKey: this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL'),
      useNonce: this.db.prepare('INSERT INTO signature_nonces (scope, nonce, used_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      forgetNonces: this.db.prepare('DELETE FROM signature_nonces WHERE used_at < ?'),
      saveAnswer: this.db.prepare(
        'INSERT INTO idempotent_answers (scope, key, request_hash, status, body, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
    };
  }

  async getCheckpoint(name: string): Promise<number> {
    const row = this.statements.getCheckpoint.get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async setCheckpoint(name: string, position: number): Promise<void> {
    this.writing(() => this.statements.setCheckpoint.run(name, position));
  }

  async getAnswer(scope: string, key: string): Promise<IdempotentAnswer | null> {
    const row = this.statements.getAnswer.get(scope, key) as
      | { request_hash: string; status: number; body: string; headers: string }
      | undefined;
    return row
      ? { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body), headers: JSON.parse(row.headers) }
      : null;
  }

  async saveAnswer(scope: string, key: string, answer: IdempotentAnswer): Promise<boolean> {
    const result = this.writing(() =>
      this.statements.saveAnswer.run(
        scope,
        key,
        answer.requestHash,
        answer.status,
        JSON.stringify(answer.body),
        JSON.stringify(answer.headers),
        new Date().toISOString(),
      ),
    );
    return result.changes === 1;
  }

  async saveApiKey(record: ApiKeyRecord): Promise<void> {
    this.writing(() => this.statements.saveApiKey.run(record.keyId, record.organizationId, record.label, record.secretHash, record.createdAt, record.revokedAt));
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    const row = this.statements.findApiKey.get(keyId) as ApiKeyRow | undefined;
    return row ? fromApiKeyRow(row) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (this.statements.listApiKeys.all() as ApiKeyRow[]).map(fromApiKeyRow);
  }

  async revokeApiKey(keyId: string, at: string): Promise<boolean> {
    return this.writing(() => this.statements.revokeApiKey.run(at, keyId)).changes === 1;
  }

  /** A write, refused when the file was lost (it would not last), with the disk's faults as StoreUnavailableError. */
  private writing<T>(write: () => T): T {
    const lost = this.file.lost();
    if (lost) throw new StoreUnavailableError(lost);
    try {
      return write();
    } catch (error) {
      throw storeFault(error) ?? error;
    }
  }

  async useNonce(scope: string, nonce: string, at: string, forgetBefore: string): Promise<boolean> {
    this.statements.forgetNonces.run(forgetBefore);
    return this.statements.useNonce.run(scope, nonce, at).changes === 1;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

interface ApiKeyRow {
  key_id: string;
  organization_id: string | null;
  label: string | null;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export function fromApiKeyRow(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    organizationId: row.organization_id,
    label: row.label,
    secretHash: row.secret_hash,
    createdAt: typeof row.created_at === 'string' ? row.created_at : new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at === null ? null : typeof row.revoked_at === 'string' ? row.revoked_at : new Date(row.revoked_at).toISOString(),
  };
}
