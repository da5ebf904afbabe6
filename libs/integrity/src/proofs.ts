import type { RecordedEvent } from './envelope';
import type { CheckpointDocument } from './checkpoint/checkpoint';
import { fromHex, hashLeaf, toHex } from './merkle/hash';
import type { MerkleTree } from './merkle/merkle-tree';
import { rootFromInclusionProof, verifyConsistency } from './merkle/verify-proof';

/**
 * Proofs as JSON (CLI output, API answers). Every hash is lowercase hex. The leaf of the event at
 * position p is its `hash` (32 bytes) at leaf index p - 1; tree size N covers positions 1..N.
 */
export interface InclusionProofDocument {
  eventId: string;
  position: number;
  /** position - 1 */
  leafIndex: number;
  treeSize: number;
  /** The leaf input: the event's hash. */
  leaf: string;
  /** SHA-256(0x00 ‖ leaf). */
  leafHash: string;
  /** RFC 9162 §2.1.3.1 inclusion path, the leaf's sibling first. */
  path: string[];
  /** MTH of the first treeSize events, which the path leads to. */
  rootHash: string;
  /** A signed checkpoint for treeSize, when one was attached. */
  checkpoint?: CheckpointDocument;
}

export interface ConsistencyProofDocument {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  /** RFC 9162 §2.1.4.1 consistency path. */
  proof: string[];
}

/** The Merkle leaf input of an event: the 32 bytes of its hash. */
export function eventLeaf(event: Pick<RecordedEvent, 'hash'>): Buffer {
  return fromHex('hash', event.hash);
}

/** Inclusion proof of an event (already in `tree` at leaf position - 1) in the tree of `treeSize`. */
export function inclusionProofDocument(
  tree: MerkleTree,
  event: Pick<RecordedEvent, 'eventId' | 'position' | 'hash'>,
  treeSize = tree.size,
): InclusionProofDocument {
  const leafIndex = event.position - 1;
  const leafHash = hashLeaf(eventLeaf(event));
  if (!tree.leafHash(leafIndex).equals(leafHash)) {
    throw new Error(`the tree's leaf ${leafIndex} is not the hash of event ${event.eventId}`);
  }
  return {
    eventId: event.eventId,
    position: event.position,
    leafIndex,
    treeSize,
    leaf: event.hash,
    leafHash: toHex(leafHash),
    path: tree.inclusionProof(leafIndex, treeSize).map(toHex),
    rootHash: toHex(tree.root(treeSize)),
  };
}

/**
 * Checks an inclusion proof document on its own: the leaf hashes to leafHash, and the path leads
 * from it to rootHash (and to `expectedRoot`, e.g. a signed checkpoint's, when given).
 */
export function verifyInclusionProofDocument(proof: InclusionProofDocument, expectedRoot?: string): boolean {
  try {
    const leafHash = hashLeaf(fromHex('leaf', proof.leaf));
    if (toHex(leafHash) !== proof.leafHash || proof.leafIndex !== proof.position - 1) return false;
    const root = rootFromInclusionProof(
      proof.leafIndex,
      proof.treeSize,
      leafHash,
      proof.path.map((h, i) => fromHex(`path[${i}]`, h)),
    );
    return toHex(root) === proof.rootHash && (expectedRoot === undefined || expectedRoot === proof.rootHash);
  } catch {
    return false;
  }
}

export function consistencyProofDocument(tree: MerkleTree, size1: number, size2 = tree.size): ConsistencyProofDocument {
  return {
    size1,
    size2,
    root1: toHex(tree.root(size1)),
    root2: toHex(tree.root(size2)),
    proof: tree.consistencyProof(size1, size2).map(toHex),
  };
}

export function verifyConsistencyProofDocument(proof: ConsistencyProofDocument): boolean {
  try {
    return verifyConsistency(
      proof.size1,
      proof.size2,
      fromHex('root1', proof.root1),
      fromHex('root2', proof.root2),
      proof.proof.map((h, i) => fromHex(`proof[${i}]`, h)),
    );
  } catch {
    return false;
  }
}
