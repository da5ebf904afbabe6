import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEY_ID } from '@ledger/domain';
import type { ApiKeyRecord, SupportStore } from '@ledger/support-store';

/**
 * API keys: `ldk_<keyId>_<secret>`. The key id is public (it is recorded on every event the key
 * acts for); the secret is 32 random bytes, shown once and stored only as its SHA-256. A request's
 * key is found by id and its secret compared in constant time.
 */
/** `ldk_<keyId>_<secret>`: the key id of the domain's API_KEY_ID form, the secret 32 bytes base64url. */
const KEY_FORMAT = new RegExp(`^ldk_(${API_KEY_ID.source.slice(1, -1)})_([A-Za-z0-9_-]{43})$`);
export const OPERATOR_KEY_ID = 'operator';
export const OPERATOR_KEY_FILE = 'operator.key';

export interface IssuedKey {
  keyId: string;
  /** The whole key: shown to its holder once, never stored. */
  key: string;
  secretHash: string;
}

/** Who a key acts for. */
export type KeyHolder = { kind: 'operator'; keyId: string } | { kind: 'organization'; organizationId: string; keyId: string };

export function generateApiKey(): IssuedKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `ldk_${keyId}_${secret}`, secretHash: sha256(secret) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time equality of two hex SHA-256 digests. */
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export type KeyRefusal = 'unknown' | 'revoked';

/**
 * The API keys' secrets and their check. Issuing and revoking a key are events on the log (the
 * organization's stream; see ApiKeyIssuer), recorded before the secret is saved here and before
 * it is marked revoked here, so no key ever works that the log does not show.
 */
export class ApiKeyRegistry {
  private operatorHash = '';

  constructor(private readonly support: SupportStore) {}

  /**
   * The operator's key: LEDGER_OPERATOR_KEY when configured; else the one kept in the data folder;
   * else a new one, written there (mode 0600). Returns the key only when it was just generated (the
   * caller says where it was written, never the key).
   */
  loadOperatorKey(configured: string | undefined, dataDir: string): { generated: string | null; file: string | null } {
    if (configured) {
      this.operatorHash = sha256(configured);
      return { generated: null, file: null };
    }
    const file = join(dataDir, OPERATOR_KEY_FILE);
    if (existsSync(file)) {
      this.operatorHash = sha256(readFileSync(file, 'utf8').trim());
      return { generated: null, file };
    }
    const issued = generateApiKey();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${issued.key}\n`, { mode: 0o600, flag: 'wx' });
    this.operatorHash = sha256(issued.key);
    return { generated: issued.key, file };
  }

  /** Who a presented key acts for, or why it is refused. */
  async authenticate(presented: string): Promise<KeyHolder | KeyRefusal> {
    if (this.operatorHash && sameHash(sha256(presented), this.operatorHash)) return { kind: 'operator', keyId: OPERATOR_KEY_ID };
    const match = KEY_FORMAT.exec(presented);
    if (!match) return 'unknown';
    const record = await this.support.findApiKey(match[1]);
    if (!record || record.organizationId === null || !sameHash(sha256(match[2]), record.secretHash)) return 'unknown';
    if (record.revokedAt !== null) return 'revoked';
    return { kind: 'organization', organizationId: record.organizationId, keyId: record.keyId };
  }

  /** Keeps a key's secret (as a hash) once its issuance is on the log. */
  async saveSecret(issued: IssuedKey, organizationId: string, label: string | null, createdAt: string): Promise<void> {
    await this.support.saveApiKey({ keyId: issued.keyId, organizationId, label, secretHash: issued.secretHash, createdAt, revokedAt: null });
  }

  find(keyId: string): Promise<ApiKeyRecord | null> {
    return this.support.findApiKey(keyId);
  }

  /** Keys, never their secrets: all of them, or one organization's. */
  async list(organizationId?: string): Promise<Array<Omit<ApiKeyRecord, 'secretHash'>>> {
    return (await this.support.listApiKeys())
      .filter((record) => organizationId === undefined || record.organizationId === organizationId)
      .map(({ secretHash: _hidden, ...visible }) => visible);
  }

  /** Refuses the key from now on (its revocation is already on the log). */
  async markRevoked(keyId: string, at: string): Promise<void> {
    await this.support.revokeApiKey(keyId, at);
  }
}
