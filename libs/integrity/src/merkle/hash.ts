import { hash } from 'node:crypto';

/**
 * The hashing of the ledger's Merkle log: exactly RFC 6962 §2.1 / RFC 9162 §2.1.1 with SHA-256.
 *
 *   MTH({})       = SHA-256()                       (the empty tree)
 *   leaf hash     = SHA-256(0x00 ‖ leaf input)
 *   interior node = SHA-256(0x01 ‖ left ‖ right)
 *
 * The leaf input of the event at position p is the 32 raw bytes of its chain `hash` (leaf index p - 1).
 */
export const HASH_SIZE = 32;

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

// Scratch buffers; crypto.hash is synchronous, so reuse is safe. Internally digests travel as
// 32-character "binary" (latin1) strings: crypto.hash returns those about twice as fast as it
// allocates a Buffer, which is what makes a million-leaf root take about a second.
const leafScratch = Buffer.alloc(1 + HASH_SIZE);
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
leafScratch[0] = 0x00;
nodeScratch[0] = 0x01;

/** A digest as a binary string (one latin1 character per byte). */
export type BinaryDigest = string;

/** SHA-256(0x00 ‖ leaf) as a binary string. */
export function leafHashBinary(leaf: Uint8Array): BinaryDigest {
  if (leaf.length === HASH_SIZE) {
    leafScratch.set(leaf, 1);
    return hash('sha256', leafScratch, 'binary');
  }
  return hash('sha256', Buffer.concat([leafScratch.subarray(0, 1), leaf]), 'binary');
}

/** SHA-256(0x00 ‖ leaf) for a 32-byte leaf given as 64 hex digits (an event hash), as a binary string. */
export function leafHashBinaryFromHex(leafHex: string): BinaryDigest {
  if (leafHex.length !== 2 * HASH_SIZE || leafScratch.write(leafHex, 1, HASH_SIZE, 'hex') !== HASH_SIZE) {
    throw new Error(`a leaf must be 64 hex digits, got "${leafHex}"`);
  }
  return hash('sha256', leafScratch, 'binary');
}

/** SHA-256(0x01 ‖ left ‖ right) of two 32-byte binary-string digests. */
export function nodeHashBinary(left: BinaryDigest, right: BinaryDigest): BinaryDigest {
  nodeScratch.write(left, 1, HASH_SIZE, 'latin1');
  nodeScratch.write(right, 1 + HASH_SIZE, HASH_SIZE, 'latin1');
  return hash('sha256', nodeScratch, 'binary');
}

export function binaryToBuffer(digest: BinaryDigest): Buffer {
  return Buffer.from(digest, 'latin1');
}

export function bufferToBinary(digest: Uint8Array): BinaryDigest {
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString('latin1');
}

/** SHA-256(0x00 ‖ leaf). */
export function hashLeaf(leaf: Uint8Array): Buffer {
  return binaryToBuffer(leafHashBinary(leaf));
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeScratch.set(left, 1);
    nodeScratch.set(right, 1 + HASH_SIZE);
    return hash('sha256', nodeScratch, 'buffer');
  }
  return hash('sha256', Buffer.concat([nodeScratch.subarray(0, 1), left, right]), 'buffer');
}

/** The largest power of two strictly smaller than n (n >= 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Whether n is 2^j for some j >= 0. Arithmetic, not bitwise, so it holds beyond 2^31. */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1 || !Number.isInteger(n)) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/** A tree size or index: a non-negative safe integer. */
export function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/** Lowercase hex of a digest, the way hashes appear in events, proofs and checkpoints. */
export function toHex(digest: Uint8Array): string {
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString('hex');
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** The 32 bytes of a lowercase hex SHA-256 digest; throws on anything else. */
export function fromHex(name: string, hex: string): Buffer {
  if (typeof hex !== 'string' || !HEX_DIGEST.test(hex)) throw new Error(`${name} must be 64 lowercase hex digits`);
  return Buffer.from(hex, 'hex');
}

export function isHexDigest(value: unknown): value is string {
  return typeof value === 'string' && HEX_DIGEST.test(value);
}
