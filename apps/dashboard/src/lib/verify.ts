/**
 * The browser's own check of the ledger, with WebCrypto only (no trust in the server's word):
 *
 * - a checkpoint's Ed25519 signature over its exact signed bytes, and its signed-note key ID;
 * - an event's chain hash, recomputed from the envelope shown (RFC 8785 JSON);
 * - an RFC 9162 §2.1.3.2 inclusion proof from that event's leaf to the signed root.
 *
 * The algorithms and bytes are those of libs/integrity (checkpoint/checkpoint.ts,
 * merkle/verify-proof.ts, event-hash.ts); test/dashboard/verify.spec.ts holds this file to them.
 */
import canonicalize from 'canonicalize';

export interface CheckpointDocument {
  origin: string;
  treeSize: number;
  /** lowercase hex of the 32-byte Merkle root */
  rootHash: string;
  timestamp: string;
  /** 8 hex digits */
  keyId: string;
  /** base64 of the 64-byte Ed25519 signature */
  signature: string;
  note?: string;
}

export interface PublicKeyDocument {
  origin: string;
  keyId: string;
  /** base64 of the raw 32-byte Ed25519 public key */
  publicKey: string;
  pem?: string;
}

export interface InclusionProofDocument {
  eventId: string;
  position: number;
  leafIndex: number;
  treeSize: number;
  leaf: string;
  leafHash: string;
  path: string[];
  rootHash: string;
}

/** The envelope of a ledger event, as /ledger/events, /ledger/stream and a commitment's history give it. */
export interface LedgerEvent {
  position: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamRevision: number;
  recordedAt: string;
  actor: { type: string; organizationId?: string; role?: string; [k: string]: unknown };
  correlationId: string | null;
  causationId: string | null;
  data: Record<string, unknown>;
  signature?: unknown;
  prevHash: string;
  hash: string;
}

export interface Check {
  id: string;
  label: string;
  ok: boolean;
  detail: string;
}

type Bytes = Uint8Array<ArrayBuffer>;

const HEX_DIGEST = /^[0-9a-f]{64}$/;

export function hexToBytes(hex: string): Bytes {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error(`not lowercase hex: ${hex.slice(0, 20)}`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function digestBytes(name: string, hex: string): Bytes {
  if (typeof hex !== 'string' || !HEX_DIGEST.test(hex)) throw new Error(`${name} must be 64 lowercase hex digits`);
  return hexToBytes(hex);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(text: string): Bytes {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** SHA-256(0x00 ‖ leaf) */
export function leafHash(leaf: Uint8Array): Promise<Bytes> {
  return sha256(Uint8Array.of(0x00), leaf);
}

/** SHA-256(0x01 ‖ left ‖ right) */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(Uint8Array.of(0x01), left, right);
}

const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/**
 * RFC 9162 §2.1.3.2: the root an inclusion path leads to from the leaf hash at `index` in a tree
 * of `treeSize` leaves. Throws when the path has the wrong length for that index and size.
 */
export async function rootFromInclusionProof(index: number, treeSize: number, leaf: Uint8Array, path: readonly Uint8Array[]): Promise<Bytes> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) {
    throw new Error(`leaf index ${index} is not in a tree of size ${treeSize}`);
  }
  let fn = index;
  let sn = treeSize - 1;
  let r: Bytes = new Uint8Array(leaf);
  for (const p of path) {
    if (p.length !== 32) throw new Error('a path hash is not 32 bytes');
    if (sn === 0) throw new Error('the path is longer than the way from the leaf to the root');
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new Error('the path is shorter than the way from the leaf to the root');
  return r;
}

/** The exact bytes the ledger signs: origin, tree size, base64 root, timestamp, each line ending in "\n". */
export function checkpointBody(checkpoint: CheckpointDocument): string {
  const root = bytesToBase64(digestBytes('rootHash', checkpoint.rootHash));
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${root}\n${checkpoint.timestamp}\n`;
}

/** signed-note key ID: SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ raw public key)[:4], hex. */
export async function checkpointKeyId(origin: string, rawPublicKey: Uint8Array): Promise<string> {
  const digest = await sha256(new TextEncoder().encode(origin), Uint8Array.of(0x0a, 0x01), rawPublicKey);
  return bytesToHex(digest.subarray(0, 4));
}

/** Ed25519 (WebCrypto) over checkpointBody(). */
export async function verifyCheckpointSignature(checkpoint: CheckpointDocument, rawPublicKey: Uint8Array): Promise<boolean> {
  const signature = base64ToBytes(checkpoint.signature);
  if (signature.length !== 64) return false;
  const key = await crypto.subtle.importKey('raw', new Uint8Array(rawPublicKey), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(checkpointBody(checkpoint)));
}

/** RFC 8785 JSON of the envelope without prevHash and hash (the member signature, when present, is covered). */
export function canonicalEventText(event: LedgerEvent): string {
  const content: Record<string, unknown> = {
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data: event.data,
  };
  if (event.signature) content.signature = event.signature;
  const text = canonicalize(content);
  if (text === undefined) throw new Error('the event cannot be canonicalized');
  return text;
}

/** hash = SHA-256(prevHash's 32 bytes ‖ canonical event text), hex. */
export async function eventChainHash(event: LedgerEvent): Promise<string> {
  const digest = await sha256(digestBytes('prevHash', event.prevHash), new TextEncoder().encode(canonicalEventText(event)));
  return bytesToHex(digest);
}

async function attempt(id: string, label: string, run: () => Promise<[boolean, string]>): Promise<Check> {
  try {
    const [ok, detail] = await run();
    return { id, label, ok, detail };
  } catch (error) {
    return { id, label, ok: false, detail: (error as Error)?.message ?? String(error) };
  }
}

/**
 * Checks a checkpoint with the ledger's public key alone: the key ID names this key, and the
 * Ed25519 signature verifies over the exact signed bytes.
 */
export async function checkCheckpoint(checkpoint: CheckpointDocument, key: PublicKeyDocument): Promise<Check[]> {
  const raw = base64ToBytes(key.publicKey);
  return [
    await attempt('key-id', 'The checkpoint names the ledger’s key', async () => {
      if (raw.length !== 32) return [false, `the public key is ${raw.length} bytes, not 32`];
      const computed = await checkpointKeyId(checkpoint.origin, raw);
      if (checkpoint.origin !== key.origin) return [false, `origin ${checkpoint.origin} is not the key’s origin ${key.origin}`];
      return computed === checkpoint.keyId
        ? [true, `key ID ${computed} = SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ key)[:4]`]
        : [false, `the checkpoint says key ${checkpoint.keyId}; this public key’s ID is ${computed}`];
    }),
    await attempt('signature', 'Ed25519 signature of the checkpoint', async () =>
      (await verifyCheckpointSignature(checkpoint, raw))
        ? [true, `verified by WebCrypto over the ${checkpoint.treeSize}-event tree head`]
        : [false, 'the signature does not verify with the ledger’s public key'],
    ),
  ];
}

/**
 * Checks that an event is in the signed log: its envelope hashes to its own `hash`, which is the
 * proof's leaf, and the inclusion path leads from that leaf to the checkpoint's signed root.
 */
export async function checkInclusion(event: LedgerEvent, proof: InclusionProofDocument, checkpoint: CheckpointDocument): Promise<Check[]> {
  return [
    await attempt('event-hash', `Event ${event.position} hashes to its chain hash`, async () => {
      const computed = await eventChainHash(event);
      return computed === event.hash
        ? [true, `SHA-256(prevHash ‖ JCS(event)) = ${computed.slice(0, 16)}…`]
        : [false, `recomputed ${computed.slice(0, 16)}…, the event says ${event.hash.slice(0, 16)}…`];
    }),
    await attempt('inclusion', `Event ${event.position} is in the signed tree of ${checkpoint.treeSize}`, async () => {
      if (proof.eventId !== event.eventId || proof.position !== event.position || proof.leafIndex !== event.position - 1) {
        return [false, 'the proof is for another event'];
      }
      if (proof.leaf !== event.hash) return [false, 'the proof’s leaf is not the event’s hash'];
      if (proof.treeSize !== checkpoint.treeSize) return [false, `the proof is for a tree of ${proof.treeSize}, the checkpoint for ${checkpoint.treeSize}`];
      const leaf = await leafHash(digestBytes('leaf', proof.leaf));
      const root = await rootFromInclusionProof(proof.leafIndex, proof.treeSize, leaf, proof.path.map((h, i) => digestBytes(`path[${i}]`, h)));
      const signedRoot = digestBytes('rootHash', checkpoint.rootHash);
      return sameBytes(root, signedRoot)
        ? [true, `${proof.path.length} hashes lead from the leaf to the signed root ${checkpoint.rootHash.slice(0, 16)}…`]
        : [false, `the path leads to ${bytesToHex(root).slice(0, 16)}…, not to the signed root ${checkpoint.rootHash.slice(0, 16)}…`];
    }),
  ];
}

// --- witnesses (C2SP signed-note vkeys, tlog-cosignature v1) and consistency proofs --------------

/** A witness's key, read from its verifier key (vkey) `name+keyID+base64(0x04 ‖ Ed25519 key)`. */
export interface WitnessVerifier {
  name: string;
  /** 8 hex digits: SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]. */
  keyId: string;
  publicKey: Bytes;
}

/** signed-note key ID of a cosignature/v1 key. */
export async function cosignatureKeyId(name: string, rawPublicKey: Uint8Array): Promise<string> {
  const digest = await sha256(new TextEncoder().encode(name), Uint8Array.of(0x0a, 0x04), rawPublicKey);
  return bytesToHex(digest.subarray(0, 4));
}

/**
 * Reads a vkey and checks its key ID. Type 0x04 is the cosignature key; a plain Ed25519 note key
 * (0x01) is taken as the same key, as libs/integrity and transparency-dev do (its lines carry the
 * 0x04 key ID).
 */
export async function readWitnessVkey(vkey: string): Promise<WitnessVerifier> {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new Error(`not a verifier key: ${vkey.slice(0, 40)}`);
  const name = vkey.slice(0, first);
  const claimed = vkey.slice(first + 1, second);
  const material = base64ToBytes(vkey.slice(second + 1));
  const type = material[0];
  const publicKey = material.slice(1);
  if ((type !== 0x04 && type !== 0x01) || publicKey.length !== 32) throw new Error(`${name}: not an Ed25519 witness key`);
  const ownId = bytesToHex((await sha256(new TextEncoder().encode(name), Uint8Array.of(0x0a, type), publicKey)).subarray(0, 4));
  if (ownId !== claimed) throw new Error(`${name}: the vkey says key ID ${claimed}, its name and key give ${ownId}`);
  return { name, keyId: await cosignatureKeyId(name, publicKey), publicKey };
}

export interface CosignatureCheck {
  ok: boolean;
  detail: string;
  /** When the witness cosigned (ISO 8601), read from the line. */
  cosignedAt?: string;
}

/** The line's key name and key ID, or null when it is not a signature line. */
export function signatureLineKey(line: string): { name: string; keyId: string } | null {
  const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line.replace(/\n$/, ''));
  if (!match) return null;
  const blob = base64ToBytes(match[2]);
  return blob.length < 4 ? null : { name: match[1], keyId: bytesToHex(blob.subarray(0, 4)) };
}

/**
 * c2sp.org/tlog-cosignature: the line `— <name> base64(key ID ‖ uint64 time ‖ Ed25519 signature)`
 * verifies over "cosignature/v1\ntime <time>\n" followed by the checkpoint's whole body.
 */
export async function verifyCosignatureLine(checkpoint: CheckpointDocument, line: string, witness: WitnessVerifier): Promise<CosignatureCheck> {
  const key = signatureLineKey(line);
  if (!key || key.name !== witness.name || key.keyId !== witness.keyId) return { ok: false, detail: 'the line is not signed by this witness key' };
  const blob = base64ToBytes(line.replace(/\n$/, '').split(' ')[2]);
  if (blob.length !== 4 + 8 + 64) return { ok: false, detail: `a cosignature holds 76 bytes, this line ${blob.length}` };
  const time = new DataView(blob.buffer, blob.byteOffset + 4, 8).getBigUint64(0);
  const message = new TextEncoder().encode(`cosignature/v1\ntime ${time.toString()}\n${checkpointBody(checkpoint)}`);
  const publicKey = await crypto.subtle.importKey('raw', new Uint8Array(witness.publicKey), { name: 'Ed25519' }, false, ['verify']);
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, blob.slice(12), message);
  const cosignedAt = time < 8_640_000_000_000n ? new Date(Number(time) * 1000).toISOString() : undefined;
  return ok
    ? { ok, detail: `Ed25519 over the cosignature/v1 message of the ${checkpoint.treeSize}-event checkpoint`, cosignedAt }
    : { ok, detail: 'the cosignature does not verify for this checkpoint', cosignedAt };
}

/**
 * RFC 9162 §2.1.4.2: the consistency proof shows the tree of `size2` leaves (root2) extends the
 * tree of `size1` leaves (root1).
 */
export async function verifyConsistencyProof(size1: number, size2: number, root1Hex: string, root2Hex: string, proofHex: readonly string[]): Promise<boolean> {
  const root1 = digestBytes('root1', root1Hex);
  const root2 = digestBytes('root2', root2Hex);
  const proof = proofHex.map((h, i) => digestBytes(`proof[${i}]`, h));
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 1 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && sameBytes(root1, root2);
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : proof;
  if (path.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Bytes = path[0];
  let sr: Bytes = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameBytes(fr, root1) && sameBytes(sr, root2);
}
