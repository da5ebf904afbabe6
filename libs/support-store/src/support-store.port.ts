/**
 * Small tables kept beside the log, in the same database as the events where there is one:
 * subscribers' checkpoints (the Kafka publisher's) and the answers of idempotent commands.
 * Each operation is one statement, so no transaction is held across an await.
 */
export interface IdempotentAnswer {
  /** SHA-256 of the request (method, path, body): the same key with another request is refused. */
  requestHash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** An API key as stored: never the key itself, only the SHA-256 of its secret part. */
export interface ApiKeyRecord {
  keyId: string;
  /** The organization the key acts for; null for an operator key. */
  organizationId: string | null;
  label: string | null;
  /** hex SHA-256 of the key's secret. */
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface SupportStore {
  getCheckpoint(name: string): Promise<number>;
  setCheckpoint(name: string, position: number): Promise<void>;
  getAnswer(scope: string, key: string): Promise<IdempotentAnswer | null>;
  /** Saves the first answer; returns false (and keeps the first) when one is already saved. */
  saveAnswer(scope: string, key: string, answer: IdempotentAnswer): Promise<boolean>;
  saveApiKey(record: ApiKeyRecord): Promise<void>;
  findApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; returns false when there is no such key or it was already revoked. */
  revokeApiKey(keyId: string, at: string): Promise<boolean>;
  close(): Promise<void>;
}
