import {
  binaryToBuffer,
  bufferToBinary,
  EMPTY_ROOT,
  leafHashBinary,
  leafHashBinaryFromHex,
  nodeHashBinary,
  type BinaryDigest,
} from './hash';

/**
 * The incremental Merkle tree in O(log n) memory (a "compact range" [0, n)): one root per set bit of
 * n, the roots of the perfect subtrees the first n leaves decompose into, left to right. Appending a
 * leaf merges equal-sized subtrees as in binary addition; the root folds them right to left, which
 * gives exactly RFC 9162's MTH, with its right-unbalanced last subtree.
 *
 * Amortised cost: two SHA-256 per leaf (the leaf hash and about one merge).
 */
export class CompactRange {
  /** nodes[k]: root of the perfect subtree of 2^k leaves, present iff bit k of size is set. */
  private readonly nodes: Array<BinaryDigest | undefined> = [];
  private count = 0;

  /** Number of leaves appended. */
  get size(): number {
    return this.count;
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

  private push(leafHash: BinaryDigest): void {
    let node = leafHash;
    let level = 0;
    let index = this.count;
    while (index % 2 === 1) {
      node = nodeHashBinary(this.nodes[level]!, node);
      this.nodes[level] = undefined;
      level++;
      index = (index - 1) / 2;
    }
    this.nodes[level] = node;
    this.count++;
  }

  /** MTH of the leaves appended so far (the empty-tree hash before any). */
  root(): Buffer {
    let root: BinaryDigest | undefined;
    for (const node of this.nodes) {
      if (node !== undefined) root = root === undefined ? node : nodeHashBinary(node, root);
    }
    return root === undefined ? Buffer.from(EMPTY_ROOT) : binaryToBuffer(root);
  }
}
