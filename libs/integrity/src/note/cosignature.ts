import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { publicKeyFromRaw, publicKeyRaw } from '../checkpoint/signing-key';
import {
  assertKeyName,
  decodeBase64Strict,
  formatSignatureLine,
  formatVerifierKey,
  hasControlCharacter,
  NoteError,
  noteKeyId,
  parseSignatureLine,
  parseVerifierKey,
  SIGNATURE_TYPE,
  type VerifierKey,
} from './signed-note';

/**
 * Witness cosignatures in the C2SP tlog-cosignature format, Ed25519 type (c2sp.org/tlog-cosignature,
 * signature type 0x04 of c2sp.org/signed-note).
 *
 * A witness signs these bytes: two lines, then the WHOLE checkpoint body (with the ledger's
 * timestamp extension line, as the spec requires for extension lines):
 *
 *     cosignature/v1\n
 *     time <POSIX seconds, ASCII decimal, no leading zeros>\n
 *     <origin>\n<tree size>\n<base64 root>\n<ledger timestamp>\n
 *
 * Its note signature line is "— <witness name> base64(key ID ‖ timestamp ‖ signature)": a 4-byte key
 * ID, the same timestamp as a big-endian uint64, and the 64-byte Ed25519 signature (76 bytes). The
 * key ID is SHA-256(<witness name> ‖ 0x0A ‖ 0x04 ‖ 32-byte public key)[:4], and the witness's
 * verifier key ("vkey") is "<name>+<hex key ID>+base64(0x04 ‖ public key)".
 *
 * The message does not commit to the witness name, so one public key must never serve two
 * witnesses (the spec's MUST); the quorum counts distinct keys.
 */
export class CosignatureError extends Error {}

export const COSIGNATURE_V1_HEADER = 'cosignature/v1';
/** tlog-cosignature: the timestamp MUST NOT exceed 2^63 - 1. */
const MAX_TIMESTAMP = (1n << 63n) - 1n;
const BLOB_SIZE = 4 + 8 + 64;

export interface CheckpointBody {
  origin: string;
  treeSize: number;
  /** Lowercase hex of the 32 root bytes. */
  rootHash: string;
  /** Lines after the root (the ledger has one: its timestamp). */
  extensions: string[];
}

/**
 * Reads a C2SP tlog-checkpoint note text (not only the ledger's): at least three non-empty lines,
 * each ending in a newline: origin, tree size (decimal, no leading zeros), base64 of a 32-byte root,
 * then any non-empty extension lines.
 */
export function parseCheckpointBody(body: string): CheckpointBody {
  if (typeof body !== 'string' || !body.endsWith('\n')) throw new CosignatureError('a checkpoint body ends with a newline');
  if (hasControlCharacter(body)) throw new CosignatureError('a checkpoint body holds no control characters other than newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CosignatureError(`a checkpoint body has at least 3 lines, this one has ${lines.length}`);
  if (lines.some((line) => line === '')) throw new CosignatureError('a checkpoint body has no empty lines');
  const [origin, size, root64, ...extensions] = lines;
  if (!/^(0|[1-9]\d*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new CosignatureError(`tree size "${size}" is not a decimal number`);
  const root = decodeBase64Strict(root64);
  if (!root || root.length !== 32) throw new CosignatureError('the root hash is not base64 of 32 bytes');
  return { origin, treeSize: Number(size), rootHash: root.toString('hex'), extensions };
}

/** The exact bytes a witness signs for `body` at `timestamp` (POSIX seconds). */
export function cosignatureMessage(body: string, timestamp: number | bigint): Buffer {
  const time = toTimestamp(timestamp);
  parseCheckpointBody(body);
  return Buffer.from(`${COSIGNATURE_V1_HEADER}\ntime ${time}\n${body}`, 'utf8');
}

/** A witness's public key as a cosignature/v1 verifier. */
export interface WitnessKey {
  /** The witness's key name (e.g. "riverside-chc.example/ledger-witness"). */
  name: string;
  /** 8 hex digits: SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4], the ID its lines carry. */
  keyId: string;
  publicKey: KeyObject;
  /** The 32 raw bytes of the public key. */
  publicKeyRaw: Buffer;
  /** Its vkey, type 0x04. */
  vkey: string;
}

/** cosignature/v1 key ID of a witness key: SHA-256(name ‖ 0x0A ‖ 0x04 ‖ raw public key)[:4]. */
export function cosignatureKeyId(name: string, publicKey: KeyObject): string {
  return noteKeyId(name, SIGNATURE_TYPE.cosignatureV1, publicKeyRaw(publicKey));
}

/** The vkey of a witness: "<name>+<hex key ID>+base64(0x04 ‖ public key)". */
export function witnessVkey(name: string, publicKey: KeyObject): string {
  assertKeyName(name, 'a witness name');
  return formatVerifierKey(name, SIGNATURE_TYPE.cosignatureV1, publicKeyRaw(publicKey));
}

/**
 * A witness's verifier from its vkey. Type 0x04 is the cosignature key itself. Type 0x01 (a plain
 * Ed25519 note key, as the transparency-dev witness network publishes its witnesses' keys) is taken
 * as the same key used for cosignatures, like transparency-dev/formats' NewVerifierForCosignatureV1:
 * its own key ID is checked, and the lines it verifies carry the 0x04 key ID.
 */
export function parseWitnessKey(vkey: string | VerifierKey): WitnessKey {
  let parsed: VerifierKey;
  try {
    parsed = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey;
  } catch (error) {
    throw new CosignatureError((error as Error).message);
  }
  if (parsed.type !== SIGNATURE_TYPE.cosignatureV1 && parsed.type !== SIGNATURE_TYPE.ed25519) {
    throw new CosignatureError(`verifier key "${parsed.name}" is of signature type 0x${parsed.type.toString(16).padStart(2, '0')}, not an Ed25519 cosignature key (0x04)`);
  }
  const publicKey = publicKeyFromRaw(parsed.key);
  return {
    name: parsed.name,
    keyId: noteKeyId(parsed.name, SIGNATURE_TYPE.cosignatureV1, parsed.key),
    publicKey,
    publicKeyRaw: Buffer.from(parsed.key),
    vkey: parsed.type === SIGNATURE_TYPE.cosignatureV1 ? parsed.vkey : formatVerifierKey(parsed.name, SIGNATURE_TYPE.cosignatureV1, parsed.key),
  };
}

export interface Cosignature {
  /** The witness's key name. */
  name: string;
  /** 8 hex digits. */
  keyId: string;
  /** When the witness cosigned, POSIX seconds. */
  timestamp: number;
  /** The 64-byte Ed25519 signature. */
  signature: Buffer;
  /** The note signature line, without its newline. */
  line: string;
}

/** Reads a cosignature line's form (76 bytes: key ID, timestamp, signature); verifies nothing. */
export function parseCosignatureLine(line: string): Cosignature & { time: bigint } {
  let parsed;
  try {
    parsed = parseSignatureLine(line);
  } catch (error) {
    throw new CosignatureError((error as Error).message);
  }
  if (parsed.signature.length !== BLOB_SIZE - 4) {
    throw new CosignatureError(`a cosignature/v1 line holds ${BLOB_SIZE} bytes (key ID, timestamp, signature), this one ${parsed.signature.length + 4}`);
  }
  const time = parsed.signature.readBigUInt64BE(0);
  if (time > MAX_TIMESTAMP) throw new CosignatureError('the cosignature timestamp exceeds 2^63 - 1');
  return { name: parsed.name, keyId: parsed.keyId, timestamp: Number(time), time, signature: parsed.signature.subarray(8), line: parsed.line };
}

/** Signs checkpoints as one witness: its name and Ed25519 private key. */
export class Cosigner {
  readonly name: string;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly vkey: string;

  constructor(
    name: string,
    private readonly privateKey: KeyObject,
  ) {
    assertKeyName(name, 'a witness name');
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new CosignatureError('a witness key is an Ed25519 private key');
    this.name = name;
    this.publicKey = createPublicKey(privateKey);
    this.keyId = cosignatureKeyId(name, this.publicKey);
    this.vkey = witnessVkey(name, this.publicKey);
  }

  /** Cosigns a checkpoint body (the note text, every line) as of `at` (a Date, or POSIX seconds). */
  cosign(body: string, at: Date | number = new Date()): Cosignature {
    const timestamp = typeof at === 'number' ? at : Math.floor(at.getTime() / 1000);
    const signature = sign(null, cosignatureMessage(body, timestamp), this.privateKey);
    const blob = Buffer.alloc(8 + 64);
    blob.writeBigUInt64BE(BigInt(timestamp), 0);
    signature.copy(blob, 8);
    return { name: this.name, keyId: this.keyId, timestamp, signature, line: formatSignatureLine(this.name, this.keyId, blob) };
  }
}

export type CosignatureVerdict =
  | { ok: true; cosignature: Cosignature }
  | {
      ok: false;
      /**
       * malformed: not a cosignature/v1 line; other-key: another name or key ID than this witness's
       * (signed-note: to be ignored, not failed); bad-signature: this witness's name and key ID, and
       * the signature does not verify; future: its timestamp is later than `notAfter`.
       */
      reason: 'malformed' | 'other-key' | 'bad-signature' | 'future';
      message: string;
    };

export interface VerifyCosignatureOptions {
  /** Refuse a cosignature timestamped after this (POSIX seconds); the spec lets verifiers do so. */
  notAfter?: number;
}

/**
 * Checks one cosignature line against a checkpoint body and a witness key: the pure check a server
 * runs before storing a cosignature, and a verifier for each line of a note. Never throws for a bad
 * line or key; throws CosignatureError only for a body that is not a checkpoint.
 */
export function verifyCosignature(
  body: string,
  line: string,
  witness: WitnessKey | string,
  options: VerifyCosignatureOptions = {},
): CosignatureVerdict {
  parseCheckpointBody(body);
  let key: WitnessKey;
  let cosignature: ReturnType<typeof parseCosignatureLine>;
  try {
    key = typeof witness === 'string' ? parseWitnessKey(witness) : witness;
  } catch (error) {
    return { ok: false, reason: 'other-key', message: `not a witness key: ${(error as Error).message}` };
  }
  try {
    const signature = parseSignatureLine(line);
    if (signature.name !== key.name || signature.keyId !== key.keyId) {
      return { ok: false, reason: 'other-key', message: `the line is signed by "${signature.name}" key ${signature.keyId}, not by witness "${key.name}" key ${key.keyId}` };
    }
    cosignature = parseCosignatureLine(line);
  } catch (error) {
    if (error instanceof NoteError || error instanceof CosignatureError) return { ok: false, reason: 'malformed', message: error.message };
    throw error;
  }
  const message = Buffer.from(`${COSIGNATURE_V1_HEADER}\ntime ${cosignature.time}\n${body}`, 'utf8');
  if (!verify(null, message, key.publicKey, cosignature.signature)) {
    return { ok: false, reason: 'bad-signature', message: `the cosignature of "${key.name}" does not verify for this checkpoint` };
  }
  if (options.notAfter !== undefined && cosignature.time > BigInt(Math.floor(options.notAfter))) {
    return { ok: false, reason: 'future', message: `the cosignature of "${key.name}" is timestamped ${cosignature.timestamp}, after ${Math.floor(options.notAfter)}` };
  }
  const { time: _time, ...plain } = cosignature;
  return { ok: true, cosignature: plain };
}

/** verifyCosignature that throws CosignatureError saying why the line does not verify. */
export function checkCosignature(body: string, line: string, witness: WitnessKey | string, options: VerifyCosignatureOptions = {}): Cosignature {
  const verdict = verifyCosignature(body, line, witness, options);
  if (!verdict.ok) throw new CosignatureError(verdict.message);
  return verdict.cosignature;
}

function toTimestamp(timestamp: number | bigint): bigint {
  if (typeof timestamp === 'number' && !Number.isSafeInteger(timestamp)) throw new CosignatureError(`a cosignature timestamp is whole POSIX seconds, not ${timestamp}`);
  const time = BigInt(timestamp);
  if (time < 0n || time > MAX_TIMESTAMP) throw new CosignatureError(`a cosignature timestamp is between 0 and 2^63 - 1, not ${time}`);
  return time;
}
