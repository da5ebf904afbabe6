/**
 * Small tables kept beside the log, in the same database as the events where there is one:
 * subscribers' checkpoints (the Kafka publisher's), the answers of idempotent commands, API keys'
 * secrets (as hashes) and the nonces of signed commands.
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
  /**
   * Records the nonce of a signed command (`scope`: the signing organization); false when it was
   * seen before. Nonces recorded before `forgetBefore` are dropped: a command signed that long ago
   * is refused as stale anyway.
   */
  useNonce(scope: string, nonce: string, at: string, forgetBefore: string): Promise<boolean>;
  close(): Promise<void>;
}
