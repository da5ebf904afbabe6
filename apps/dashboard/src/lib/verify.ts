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
