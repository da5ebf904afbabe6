import {
  assertSize,
  binaryToBuffer,
  bufferToBinary,
  EMPTY_ROOT,
  HASH_SIZE,
  leafHashBinary,
  leafHashBinaryFromHex,
  nodeHashBinary,
  splitPoint,
  type BinaryDigest,
} from './hash';

/** A growable array of 32-byte hashes in one Buffer (no per-hash object). */
class HashArray {
  private buffer: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 16) * HASH_SIZE);
  }

  push(digest: BinaryDigest): void {
    if ((this.length + 1) * HASH_SIZE > this.buffer.length) {
      const grown = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(grown, 0, 0, this.length * HASH_SIZE);
      this.buffer = grown;
    }
    this.buffer.write(digest, this.length * HASH_SIZE, HASH_SIZE, 'latin1');
    this.length++;
  }

  get(i: number): BinaryDigest {
    return this.buffer.toString('latin1', i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }
}

/**
 * An append-only RFC 9162 Merkle tree that keeps every complete subtree: level k holds the hashes of
 * the aligned perfect subtrees of 2^k leaves (node i covers leaves [i·2^k, (i+1)·2^k)). That is 2n
 * hashes (64 MB for a million leaves), built incrementally at two SHA-256 per leaf, and it answers
 * the root, inclusion proofs and consistency proofs for ANY tree size m ≤ n in O(log² m) hashes:
 * every RFC subtree MTH(D[a:b]) is either a stored node or splits into a stored left part and a
 * smaller right part.
 */
export class MerkleTree {
  private readonly levels: HashArray[] = [];

  constructor(private readonly expectedLeaves = 1024) {}

  /** Number of leaves. */
  get size(): number {
    return this.levels.length === 0 ? 0 : this.levels[0].length;
  }

  /** Appends a leaf input (for the ledger: the event hash's 32 bytes). */
  append(leaf: Uint8Array): void {
    this.push(leafHashBinary(leaf));
  }

  /** Appends a 32-byte leaf input given as 64 hex digits (an event's `hash` as stored). */
  appendHex(leafHex: string): void {
    this.push(leafHashBinaryFromHex(leafHex));
  }

  /** Appends an already hashed leaf (SHA-256(0x00 ‖ leaf)). */
  appendLeafHash(leafHash: Uint8Array): void {
    this.push(bufferToBinary(leafHash));
  }

  /** Appends a leaf hash, completing the subtrees it closes. */
  private push(leafHash: BinaryDigest): void {
    let index = this.size;
    let node = leafHash;
    this.level(0).push(node);
    let level = 0;
    while (index % 2 === 1) {
      node = nodeHashBinary(this.levels[level].get(index - 1), node);
      level++;
      index = (index - 1) / 2;
      this.level(level).push(node);
    }
  }

  /** The leaf hash at an index. */
  leafHash(index: number): Buffer {
    this.assertIndex(index, this.size);
    return binaryToBuffer(this.levels[0].get(index));
  }

  /** MTH(D[0:treeSize]); the tree head for any size up to the current one. */
  root(treeSize = this.size): Buffer {
    this.assertTreeSize(treeSize);
    return treeSize === 0 ? Buffer.from(EMPTY_ROOT) : binaryToBuffer(this.subtreeHash(0, treeSize));
  }

  /**
   * The audit path PATH(m, D[0:treeSize]) of RFC 9162 §2.1.3.1 for the leaf at `index`, deepest
   * sibling first.
   */
  inclusionProof(index: number, treeSize = this.size): Buffer[] {
    this.assertTreeSize(treeSize);
    this.assertIndex(index, treeSize);
    const path: BinaryDigest[] = [];
    // Walk down from the whole tree, collecting siblings top-down; reversed at the end.
    let start = 0;
    let end = treeSize;
    let m = index;
    while (end - start > 1) {
      const k = splitPoint(end - start);
      if (m < k) {
        path.push(this.subtreeHash(start + k, end));
        end = start + k;
      } else {
        path.push(this.subtreeHash(start, start + k));
        start += k;
        m -= k;
      }
    }
    return path.reverse().map(binaryToBuffer);
  }

  /**
   * The consistency proof PROOF(m, D[0:n]) of RFC 9162 §2.1.4.1 between tree sizes m = size1 and
   * n = size2 (0 < m ≤ n; empty when m = n), in the RFC's order.
   */
  consistencyProof(size1: number, size2 = this.size): Buffer[] {
    this.assertTreeSize(size2);
    assertSize('size1', size1);
    if (size1 > size2) throw new RangeError(`size1 ${size1} is larger than size2 ${size2}`);
    if (size1 === 0 || size1 === size2) return [];
    const proof: BinaryDigest[] = [];
    // SUBPROOF(m, D[start:end], b), iteratively; nodes collected top-down, reversed at the end.
    let start = 0;
    let end = size2;
    let m = size1;
    let complete = true;
    for (;;) {
      const n = end - start;
      if (m === n) {
        if (!complete) proof.push(this.subtreeHash(start, end));
        break;
      }
      const k = splitPoint(n);
      if (m <= k) {
        proof.push(this.subtreeHash(start + k, end));
        end = start + k;
      } else {
        proof.push(this.subtreeHash(start, start + k));
        start += k;
        m -= k;
        complete = false;
      }
    }
    return proof.reverse().map(binaryToBuffer);
  }

  /** MTH(D[start:end]) for an RFC subtree (start aligned as the RFC's recursion aligns it). */
  private subtreeHash(start: number, end: number): BinaryDigest {
    const n = end - start;
    if (n === 1) return this.levels[0].get(start);
    // A perfect, aligned subtree is stored.
    let size = 1;
    let level = 0;
    while (size < n) {
      size *= 2;
      level++;
    }
    if (size === n && start % n === 0) return this.levels[level].get(start / n);
    const k = splitPoint(n);
    return nodeHashBinary(this.subtreeHash(start, start + k), this.subtreeHash(start + k, end));
  }

  private level(k: number): HashArray {
    if (!this.levels[k]) this.levels[k] = new HashArray(Math.ceil(this.expectedLeaves / 2 ** k));
    return this.levels[k];
  }

  private assertTreeSize(treeSize: number): void {
    assertSize('tree size', treeSize);
    if (treeSize > this.size) throw new RangeError(`tree size ${treeSize} is larger than the tree (${this.size} leaves)`);
  }

  private assertIndex(index: number, treeSize: number): void {
    assertSize('leaf index', index);
    if (index >= treeSize) throw new RangeError(`leaf index ${index} is not in a tree of size ${treeSize}`);
  }
}
