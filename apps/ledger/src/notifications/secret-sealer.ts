import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals secrets the ledger must keep to use later (a webhook's signing secret) with AES-256-GCM,
 * under a key of its own in a file readable by the ledger's user only (0600; made on first start),
 * bound to what they are for (the webhook id, as additional data: a sealed secret copied to another
 * webhook's row does not open). The database holds only sealed secrets; whoever reads the database
 * without the key file learns nothing of them. Several servers on one database use the same key
 * file (LEDGER_SECRETS_KEY_FILE).
 */
export class SecretSealer {
  private constructor(private readonly key: Buffer) {}

  static loadOrCreate(file: string): SecretSealer {
    if (existsSync(file)) {
      const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
      if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte key in base64`);
      return new SecretSealer(key);
    }
    const key = randomBytes(KEY_BYTES);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return new SecretSealer(key);
  }

  seal(secret: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
  }

  /** The secret, or an error when the sealed text was not made by this key for this purpose. */
  open(sealed: string, purpose: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown sealed secret format');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
