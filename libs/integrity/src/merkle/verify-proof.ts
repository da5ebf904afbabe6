import { assertSize, HASH_SIZE, hashChildren, isPowerOfTwo } from './hash';

/** Why a proof did not verify. */
export class ProofError extends Error {}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function checkHashes(name: string, hashes: readonly Uint8Array[]): void {
  hashes.forEach((h, i) => {
    if (h.length !== HASH_SIZE) throw new ProofError(`${name}[${i}] is ${h.length} bytes, not ${HASH_SIZE}`);
  });
}

// fn and sn are tree indices up to 2^53: plain arithmetic, never 32-bit bitwise operators.
const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2, steps 1–4), for the leaf hash
 * SHA-256(0x00 ‖ leaf) at `index` in a tree of `treeSize` leaves. Throws ProofError on a malformed
 * proof (wrong length for that index and size).
 */
export function rootFromInclusionProof(index: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  assertSize('leaf index', index);
  assertSize('tree size', treeSize);
  if (index >= treeSize) throw new ProofError(`leaf index ${index} is not in a tree of size ${treeSize}`);
  if (leafHash.length !== HASH_SIZE) throw new ProofError(`the leaf hash is ${leafHash.length} bytes, not ${HASH_SIZE}`);
  checkHashes('proof', proof);
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) throw new ProofError('the proof is longer than the path from the leaf to the root');
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('the proof is shorter than the path from the leaf to the root');
  return r;
}

/** Whether `proof` proves the leaf hash at `index` is in the tree of `treeSize` leaves with `root`. */
export function verifyInclusion(
  index: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  try {
    return sameBytes(rootFromInclusionProof(index, treeSize, leafHash, proof), root);
  } catch (error) {
    if (error instanceof ProofError || error instanceof RangeError) return false;
    throw error;
  }
}

/**
 * Checks a consistency proof between the tree of size1 leaves with root1 and the tree of size2
 * leaves with root2 (RFC 9162 §2.1.4.2). Throws ProofError saying what failed; returns when the
 * larger tree provably extends the smaller one.
 *
 * Edge cases as in the reference implementations: equal sizes need an empty proof and equal roots;
 * size1 = 0 needs an empty proof (the empty tree is a prefix of every tree).
 */
export function checkConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  assertSize('size1', size1);
  assertSize('size2', size2);
  if (size2 < size1) throw new ProofError(`size2 ${size2} is smaller than size1 ${size1}`);
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError('the proof between equal sizes must be empty');
    if (!sameBytes(root1, root2)) throw new ProofError('equal tree sizes with different roots');
    return;
  }
  if (size1 === 0) {
    if (proof.length > 0) throw new ProofError('the proof from the empty tree must be empty');
    return;
  }
  // 1. An empty path fails.
  if (proof.length === 0) throw new ProofError('empty consistency proof');
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) throw new ProofError('roots must be 32 bytes');
  checkHashes('proof', proof);
  // 2. If first is an exact power of 2, prepend first_hash to the path.
  let fn = size1 - 1;
  let sn = size2 - 1;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  // 3./4. Right-shift both while LSB(fn) is set.
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. fr and sr start at the first value of the path.
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  // 6. For each subsequent value.
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('the proof is longer than needed');
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7. fr = first_hash, sr = second_hash, sn = 0.
  if (sn !== 0) throw new ProofError('the proof is shorter than needed');
  if (!sameBytes(fr, root1)) throw new ProofError('the proof does not lead to the first root');
  if (!sameBytes(sr, root2)) throw new ProofError('the proof does not lead to the second root');
}

/** Whether the tree (size2, root2) is an append-only extension of (size1, root1) by this proof. */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  try {
    checkConsistency(size1, size2, root1, root2, proof);
    return true;
  } catch (error) {
    if (error instanceof ProofError || error instanceof RangeError) return false;
    throw error;
  }
}
