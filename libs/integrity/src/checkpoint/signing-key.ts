import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the ledger's checkpoint-signing key, in the data folder (LEDGER_DATA_DIR). */
export const SIGNING_KEY_FILE = 'ledger-signing-key.pem';

export interface LedgerSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The PEM file the key came from or was written to; absent when it was handed in as text. */
  file?: string;
  /** True when this call generated the key. */
  created: boolean;
  /** Set when the key file is readable by others than its owner. */
  warning?: string;
}

export interface SigningKeyOptions {
  /** Data folder; the key lives in <dataDir>/ledger-signing-key.pem. */
  dataDir: string;
  /** The private key as PKCS#8 PEM text (e.g. from configuration); takes precedence over the file. */
  pem?: string;
  /** Another key file than <dataDir>/ledger-signing-key.pem. */
  file?: string;
}

/**
 * The ledger's Ed25519 checkpoint-signing key: from `pem` if given, else from the key file, which is
 * generated on first use (PKCS#8 PEM, mode 0600). Creation is atomic: the file is written under a
 * temporary name and hard-linked into place, so two processes starting at once end up with the same
 * key and nobody ever reads a half-written file.
 */
export function loadOrCreateSigningKey(options: SigningKeyOptions): LedgerSigningKey {
  if (options.pem) return fromPrivatePem(options.pem, { created: false });
  const file = options.file ?? join(options.dataDir, SIGNING_KEY_FILE);
  const existing = readIfExists(file);
  if (existing !== undefined) return fromPrivatePem(existing, { file, created: false, warning: modeWarning(file) });

  mkdirSync(options.dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // Another process created it first: use theirs.
      return fromPrivatePem(readFileSync(file, 'utf8'), { file, created: false, warning: modeWarning(file) });
    }
    // A file system without hard links: an exclusive create still never overwrites a key.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } finally {
    unlinkSync(temporary);
  }
  return fromPrivatePem(pem, { file, created: true });
}

/** The public half of an existing key file, without ever creating one; undefined when absent. */
export function readLedgerPublicKey(dataDir: string, file = join(dataDir, SIGNING_KEY_FILE)): KeyObject | undefined {
  const pem = readIfExists(file);
  return pem === undefined ? undefined : fromPrivatePem(pem, { created: false }).publicKey;
}

/**
 * An Ed25519 public key from text: SPKI PEM ("-----BEGIN PUBLIC KEY-----"), or the base64 of the
 * raw 32-byte key (the form LEDGER.md uses for organizations' keys).
 */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.includes('-----BEGIN')) {
    if (/PRIVATE KEY-----/.test(trimmed)) throw new Error('this is a private key; give the public key');
    key = createPublicKey(trimmed);
  } else {
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== trimmed) {
      throw new Error('a public key must be SPKI PEM or the base64 of a raw 32-byte Ed25519 key');
    }
    key = publicKeyFromRaw(raw);
  }
  assertEd25519(key);
  return key;
}

/** The 32 raw bytes of an Ed25519 public key (RFC 8032 encoding). */
export function publicKeyRaw(publicKey: KeyObject): Buffer {
  assertEd25519(publicKey);
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url');
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error(`an Ed25519 public key is 32 bytes, got ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** SPKI PEM text of a public key, to hand to auditors. */
export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

function fromPrivatePem(pem: string, rest: Omit<LedgerSigningKey, 'privateKey' | 'publicKey'>): LedgerSigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the ledger signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  }
  const result: LedgerSigningKey = { privateKey, publicKey: createPublicKey(privateKey), created: rest.created };
  if (rest.file) result.file = rest.file;
  if (rest.warning) result.warning = rest.warning;
  return result;
}

function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType}`);
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function modeWarning(file: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const mode = statSync(file).mode & 0o777;
  return mode & 0o077 ? `${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it` : undefined;
}
