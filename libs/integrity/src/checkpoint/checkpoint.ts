import { createHash, KeyObject, sign, verify } from 'node:crypto';
import { fromHex, isHexDigest } from '../merkle/hash';
import { publicKeyRaw } from './signing-key';

/**
 * Signed checkpoints (signed tree heads) of the ledger's Merkle log, in the C2SP formats
 * (c2sp.org/tlog-checkpoint, c2sp.org/signed-note) so that generic transparency-log tooling can read
 * them.
 *
 * The signed bytes are exactly the UTF-8 of the checkpoint body, four lines each ending in "\n":
 *
 *     <origin>\n
 *     <treeSize in decimal, no leading zeros>\n
 *     <standard base64 (RFC 4648 §4, padded) of the 32 root-hash bytes>\n
 *     <timestamp: ISO 8601 UTC, e.g. 2026-11-22T11:46:14.123Z>\n
 *
 * The first three lines are the tlog-checkpoint body; the timestamp is its one extension line. The
 * signature is Ed25519 (RFC 8032, pure) over those bytes. The key ID is
 * SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4] (signed-note, Ed25519 type 0x01), and the
 * note's signature line is "— <origin> base64(keyId ‖ signature)".
 *
 * In the JSON form (what the CLI and API exchange), hashes are lowercase hex like every hash in the
 * ledger: rootHash is the hex of the same 32 bytes whose base64 is line 3 of the signed body.
 */
export interface TreeHead {
  /** Number of events covered: positions 1..treeSize. */
  treeSize: number;
  /** MTH of their hashes, lowercase hex. */
  rootHash: string;
}

export interface Checkpoint extends TreeHead {
  /** The log's identity; also the key name in the note's signature line. */
  origin: string;
  /** When the ledger signed it, ISO 8601 UTC. */
  timestamp: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** 8 hex digits: the signed-note key ID of the signing key under this origin. */
  keyId: string;
  /** base64 of the 64-byte Ed25519 signature over checkpointBody(). */
  signature: string;
}

/** A signed checkpoint plus its C2SP signed-note text, as written to files and served. */
export interface CheckpointDocument extends SignedCheckpoint {
  note: string;
}

export class CheckpointError extends Error {}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const EM_DASH = '\u2014';

/** The exact text the ledger signs for a checkpoint (see the module comment). */
export function checkpointBody(checkpoint: Checkpoint): string {
  validateCheckpoint(checkpoint);
  const root = fromHex('rootHash', checkpoint.rootHash).toString('base64');
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${root}\n${checkpoint.timestamp}\n`;
}

/** signed-note key ID: SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ raw Ed25519 public key)[:4], as hex. */
export function checkpointKeyId(origin: string, publicKey: KeyObject): string {
  return createHash('sha256')
    .update(origin, 'utf8')
    .update(Buffer.from([0x0a, 0x01]))
    .update(publicKeyRaw(publicKey))
    .digest()
    .subarray(0, 4)
    .toString('hex');
}

/**
 * A default origin unique to the ledger's key: "stewardship-ledger/" and the first 16 hex digits of
 * SHA-256 of the raw public key.
 */
export function defaultOrigin(publicKey: KeyObject): string {
  return `stewardship-ledger/${createHash('sha256').update(publicKeyRaw(publicKey)).digest('hex').slice(0, 16)}`;
}

export function signCheckpoint(checkpoint: Checkpoint, privateKey: KeyObject, publicKey: KeyObject): SignedCheckpoint {
  const body = Buffer.from(checkpointBody(checkpoint), 'utf8');
  return {
    origin: checkpoint.origin,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    timestamp: checkpoint.timestamp,
    keyId: checkpointKeyId(checkpoint.origin, publicKey),
    signature: sign(null, body, privateKey).toString('base64'),
  };
}

/**
 * Verifies a checkpoint with the ledger's public key alone. Throws CheckpointError naming what is
 * wrong: a malformed field, another origin than expected, a key ID of another key, or a signature
 * that does not verify.
 */
export function checkCheckpointSignature(
  checkpoint: SignedCheckpoint,
  publicKey: KeyObject,
  options: { origin?: string } = {},
): void {
  let body: Buffer;
  try {
    body = Buffer.from(checkpointBody(checkpoint), 'utf8');
  } catch (error) {
    throw new CheckpointError(`malformed checkpoint: ${(error as Error).message}`);
  }
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw new CheckpointError(`the checkpoint is for origin "${checkpoint.origin}", not "${options.origin}"`);
  }
  const keyId = checkpointKeyId(checkpoint.origin, publicKey);
  if (checkpoint.keyId !== keyId) {
    throw new CheckpointError(`the checkpoint was signed by key ${checkpoint.keyId}, not by this public key (${keyId})`);
  }
  const signature = Buffer.from(checkpoint.signature ?? '', 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== checkpoint.signature) {
    throw new CheckpointError('the signature is not the base64 of 64 bytes');
  }
  if (!verify(null, body, publicKey, signature)) throw new CheckpointError('the Ed25519 signature does not verify');
}

export function verifyCheckpointSignature(checkpoint: SignedCheckpoint, publicKey: KeyObject, options: { origin?: string } = {}): boolean {
  try {
    checkCheckpointSignature(checkpoint, publicKey, options);
    return true;
  } catch (error) {
    if (error instanceof CheckpointError) return false;
    throw error;
  }
}

/** The C2SP signed note: the body, a blank line, and "— <origin> base64(keyId ‖ signature)". */
export function formatCheckpointNote(checkpoint: SignedCheckpoint): string {
  const blob = Buffer.concat([Buffer.from(checkpoint.keyId, 'hex'), Buffer.from(checkpoint.signature, 'base64')]);
  return `${checkpointBody(checkpoint)}\n${EM_DASH} ${checkpoint.origin} ${blob.toString('base64')}\n`;
}

export function checkpointDocument(checkpoint: SignedCheckpoint): CheckpointDocument {
  return { ...checkpoint, note: formatCheckpointNote(checkpoint) };
}

/**
 * Reads a checkpoint from a file's text: the JSON document (CheckpointDocument or SignedCheckpoint)
 * or the bare signed note. When a JSON document carries both fields and a note, they must agree.
 * Checks the form only; checkCheckpointSignature checks the signature.
 */
export function parseCheckpoint(text: string): SignedCheckpoint {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let json: Partial<CheckpointDocument>;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new CheckpointError(`the checkpoint is not valid JSON: ${(error as Error).message}`);
    }
    if (json.origin === undefined && typeof json.note === 'string') return parseCheckpointNote(json.note);
    const checkpoint: SignedCheckpoint = {
      origin: json.origin as string,
      treeSize: json.treeSize as number,
      rootHash: json.rootHash as string,
      timestamp: json.timestamp as string,
      keyId: json.keyId as string,
      signature: json.signature as string,
    };
    try {
      validateCheckpoint(checkpoint);
    } catch (error) {
      throw new CheckpointError(`malformed checkpoint: ${(error as Error).message}`);
    }
    if (typeof json.note === 'string') {
      const fromNote = parseCheckpointNote(json.note);
      for (const key of Object.keys(fromNote) as Array<keyof SignedCheckpoint>) {
        if (fromNote[key] !== checkpoint[key]) throw new CheckpointError(`the checkpoint's ${key} differs from its note`);
      }
    }
    return checkpoint;
  }
  return parseCheckpointNote(text);
}

/** Parses a signed note holding a ledger checkpoint (the signature line named by its origin). */
export function parseCheckpointNote(text: string): SignedCheckpoint {
  const note = text.replace(/\r\n/g, '\n').replace(/\n+$/, '\n');
  const separator = note.lastIndexOf('\n\n');
  if (separator < 0) throw new CheckpointError('not a signed note: no blank line before the signatures');
  const bodyLines = note.slice(0, separator + 1).split('\n').slice(0, -1);
  if (bodyLines.length !== 4) throw new CheckpointError(`a ledger checkpoint has 4 body lines, this note has ${bodyLines.length}`);
  const [origin, size, root64, timestamp] = bodyLines;
  if (!/^(0|[1-9]\d*)$/.test(size)) throw new CheckpointError(`tree size "${size}" is not a decimal number`);
  const root = Buffer.from(root64, 'base64');
  if (root.length !== 32 || root.toString('base64') !== root64) throw new CheckpointError('the root hash is not base64 of 32 bytes');
  const signatureLines = note.slice(separator + 2).split('\n').filter((line) => line !== '');
  const prefix = `${EM_DASH} ${origin} `;
  const mine = signatureLines.find((line) => line.startsWith(prefix));
  if (!mine) throw new CheckpointError(`no signature line by "${origin}"`);
  const blob = Buffer.from(mine.slice(prefix.length), 'base64');
  if (blob.length !== 4 + 64) throw new CheckpointError('the signature line does not hold a 4-byte key ID and a 64-byte signature');
  const checkpoint: SignedCheckpoint = {
    origin,
    treeSize: Number(size),
    rootHash: root.toString('hex'),
    timestamp,
    keyId: blob.subarray(0, 4).toString('hex'),
    signature: blob.subarray(4).toString('base64'),
  };
  try {
    validateCheckpoint(checkpoint);
  } catch (error) {
    throw new CheckpointError(`malformed checkpoint: ${(error as Error).message}`);
  }
  return checkpoint;
}

/** Checks the fields' form (not the signature). */
export function validateCheckpoint(checkpoint: Checkpoint): void {
  const { origin, treeSize, rootHash, timestamp } = checkpoint;
  // A key name: non-empty, no Unicode spaces, no "+", no control characters (so no newline).
  if (typeof origin !== 'string' || origin === '' || /[\s+\p{Cc}]/u.test(origin)) {
    throw new Error('origin must be a non-empty string without spaces, "+" or control characters');
  }
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new Error('treeSize must be a non-negative integer');
  if (!isHexDigest(rootHash)) throw new Error('rootHash must be 64 lowercase hex digits');
  if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    throw new Error('timestamp must be ISO 8601 UTC (e.g. 2026-11-22T11:46:14.123Z)');
  }
}

/** Signs tree heads with the ledger's key under one origin. */
export class CheckpointSigner {
  readonly origin: string;
  readonly keyId: string;

  constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    origin?: string,
  ) {
    this.origin = origin ?? defaultOrigin(publicKey);
    this.keyId = checkpointKeyId(this.origin, publicKey);
  }

  sign(head: TreeHead, at: Date = new Date()): SignedCheckpoint {
    return signCheckpoint({ origin: this.origin, treeSize: head.treeSize, rootHash: head.rootHash, timestamp: at.toISOString() }, this.privateKey, this.publicKey);
  }
}
