import type { KeyObject } from 'node:crypto';
import type { RecordedEvent } from '../envelope';
import { CheckpointError, checkCheckpointSignature, checkpointBody, type SignedCheckpoint } from '../checkpoint/checkpoint';
import { checkWitnessQuorum, type WitnessPolicy } from '../note/witness-policy';
import { chainHash, GENESIS_HASH } from '../event-hash';
import { CompactRange } from '../merkle/compact-range';
import { EMPTY_ROOT, toHex } from '../merkle/hash';
import type { MerkleTree } from '../merkle/merkle-tree';

/** What a verification checks, in the order it checks each event. */
export type IntegrityCheck =
  /** The event could not be read (unparseable export line, unreadable row). */
  | 'read'
  /** Positions run 1, 2, 3, … with no gap, repeat or reordering. */
  | 'position'
  /** prevHash is the previous event's hash (GENESIS_HASH for position 1). */
  | 'prevHash'
  /** hash = SHA-256(prevHash ‖ JCS canonical bytes of the envelope). */
  | 'hash'
  /** A check plugged in through `eventChecks` (member signatures, later). */
  | 'member-signature'
  /** The saved checkpoint is signed by the ledger key. */
  | 'checkpoint-signature'
  /** At least the quorum of the listed witnesses cosigned the saved checkpoint (c2sp.org/tlog-cosignature). */
  | 'checkpoint-cosignatures'
  /** The log still holds at least the checkpoint's treeSize events. */
  | 'checkpoint-size'
  /** The Merkle root of the first treeSize events equals the checkpoint's root. */
  | 'checkpoint-root';

export interface VerifySuccess {
  ok: true;
  /** Events verified: positions 1..treeSize. */
  treeSize: number;
  /** MTH of their hashes (RFC 9162), lowercase hex; the empty-tree hash for an empty log. */
  rootHash: string;
  /** hash of the last event (GENESIS_HASH for an empty log). */
  headHash: string;
  /** The saved checkpoint the log was found consistent with, if one was given. */
  checkpoint?: { origin: string; treeSize: number; rootHash: string; timestamp: string };
  /** The witnesses that cosigned that checkpoint, when a witness policy was given. */
  witnesses?: { quorum: number; listed: number; cosignedBy: string[] };
}

/** The FIRST failure found, in position order. */
export interface VerifyFailure {
  ok: false;
  /** The position at which the log stops being what it should be. */
  position: number;
  /** The event found there, when there is one. */
  eventId?: string;
  check: IntegrityCheck;
  expected: string;
  found: string;
  /** One sentence for people. */
  message: string;
  /** Events verified intact before this failure (positions 1..verified). */
  verified: number;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

/** A failure reported by a pluggable per-event check. */
export interface EventCheckFailure {
  check?: IntegrityCheck;
  expected: string;
  found: string;
  message?: string;
}

/**
 * A per-event check run after the chain checks pass for that event: the hook for member
 * signatures (verify the event's `signature` against the organization's registered key as of that
 * position). Return null when the event passes.
 */
export type EventCheck = (event: RecordedEvent) => EventCheckFailure | null | undefined | Promise<EventCheckFailure | null | undefined>;

export interface VerifyProgress {
  /** Events verified so far. */
  verified: number;
}

export interface VerifyOptions {
  /** A saved signed checkpoint the log must be consistent with. */
  checkpoint?: SignedCheckpoint;
  /** The ledger's public key; required with `checkpoint`. */
  publicKey?: KeyObject;
  /** Refuse a checkpoint of another origin. */
  origin?: string;
  /**
   * Accept the checkpoint only when at least `policy.quorum` of `policy.witnesses` cosigned it, among
   * these signature lines (saved with the checkpoint). Checked before any event, after its signature.
   */
  witnesses?: { policy: WitnessPolicy; cosignatures: readonly string[] };
  /** Further per-event checks (the member-signature hook). */
  eventChecks?: EventCheck[];
  /** Called with each event once it passed every check (to index it, find one, …). */
  onVerified?: (event: RecordedEvent) => void;
  /** Also append every leaf to this tree (to answer proofs afterwards); it must be empty. */
  tree?: MerkleTree;
  onProgress?: (progress: VerifyProgress) => void;
  /** Events between progress calls; default 1000. */
  progressEvery?: number;
}

/**
 * Verifies a log read in position order (from the live store's readAll or from a JSON Lines export):
 * positions gapless from 1, each prevHash the previous hash, each hash recomputed from the content,
 * the Merkle root over the event hashes, optional member-signature checks, and, with a saved
 * checkpoint: its signature, that the log still reaches its tree size, and that the first treeSize
 * events have exactly its root (the log only grew since). Stops at the first failure.
 *
 * Only an error thrown by the source counts as a `read` failure; errors from callbacks propagate.
 */
export async function verifyLog(
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const verifier = new LogVerifier(options);
  const refused = verifier.begin();
  if (refused) return refused;
  const checks = options.eventChecks ?? [];

  if (!(Symbol.asyncIterator in events) && checks.length === 0) {
    // Synchronous source (an array, a generator): no promise per event.
    let iterator: Iterator<RecordedEvent>;
    try {
      iterator = events[Symbol.iterator]();
    } catch (error) {
      return verifier.readFailure(error);
    }
    for (;;) {
      let next: IteratorResult<RecordedEvent>;
      try {
        next = iterator.next();
      } catch (error) {
        return verifier.readFailure(error);
      }
      if (next.done) return verifier.finish();
      const problem = verifier.check(next.value) ?? verifier.accept(next.value);
      if (problem) {
        iterator.return?.();
        return problem;
      }
    }
  }

  const iterator: AsyncIterator<RecordedEvent> | Iterator<RecordedEvent> =
    Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : events[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<RecordedEvent>;
    try {
      next = await iterator.next();
    } catch (error) {
      return verifier.readFailure(error);
    }
    if (next.done) return verifier.finish();
    const event = next.value;
    let problem = verifier.check(event);
    for (const check of checks) {
      if (problem) break;
      const found = await check(event);
      if (found) problem = verifier.failEvent(event, found);
    }
    problem ??= verifier.accept(event);
    if (problem) {
      await iterator.return?.();
      return problem;
    }
  }
}

/**
 * The verification one event at a time, for callers that receive events as they come (a running
 * ledger keeping its tree head): begin(), then check() and accept() each event in position order,
 * then finish(). Each step answers the first failure, or undefined.
 */
export class LogVerifier {
  private readonly range = new CompactRange();
  private readonly every: number;
  private count = 0;
  private previousHash = GENESIS_HASH;
  private lastHash = '';
  private reported = -1;
  private cosignedBy: string[] | undefined;

  constructor(private readonly options: VerifyOptions = {}) {
    if (options.tree && options.tree.size !== 0) throw new Error('verifyLog needs an empty tree');
    if (options.checkpoint && !options.publicKey) throw new Error('verifying against a checkpoint needs the ledger public key');
    if (options.witnesses && !options.checkpoint) throw new Error('a witness policy needs the checkpoint it applies to');
    this.every = Math.max(1, options.progressEvery ?? 1000);
  }

  /** Events verified so far (positions 1..verified). */
  get verified(): number {
    return this.count;
  }

  /** Checks the checkpoint's signature, before any event. */
  begin(): VerifyFailure | undefined {
    const { checkpoint, publicKey } = this.options;
    if (!checkpoint || !publicKey) return undefined;
    try {
      checkCheckpointSignature(checkpoint, publicKey, { origin: this.options.origin });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      return failure(checkpoint.treeSize, undefined, 'checkpoint-signature', `a checkpoint signed by the ledger key`, error.message, 0,
        `the checkpoint for tree size ${checkpoint.treeSize} is not signed by the ledger key: ${error.message}`);
    }
    if (this.options.witnesses) {
      const { policy, cosignatures } = this.options.witnesses;
      const verdict = checkWitnessQuorum(checkpointBody(checkpoint), cosignatures, policy);
      if (!verdict.ok) {
        return failure(checkpoint.treeSize, undefined, 'checkpoint-cosignatures',
          `cosignatures of at least ${policy.quorum} of the ${policy.witnesses.length} listed witnesses`,
          `${verdict.cosigned.length} valid${verdict.cosigned.length > 0 ? ` (${verdict.cosigned.map((c) => c.witness.name).join(', ')})` : ''}` +
            `${verdict.invalid.length > 0 ? `, ${verdict.invalid.length} invalid (${verdict.invalid.map((i) => i.witness.name).join(', ')})` : ''}`,
          0,
          `the checkpoint for tree size ${checkpoint.treeSize} is not accepted by the witness policy: ${verdict.message}`);
      }
      this.cosignedBy = verdict.cosigned.map((c) => c.witness.name);
    }
    if (checkpoint.treeSize === 0 && checkpoint.rootHash !== toHex(EMPTY_ROOT)) {
      return failure(0, undefined, 'checkpoint-root', toHex(EMPTY_ROOT), checkpoint.rootHash, 0, 'a checkpoint of the empty log must have the empty-tree root');
    }
    return undefined;
  }

  /** The chain checks of the next event: position, prevHash, hash. */
  check(event: RecordedEvent): VerifyFailure | undefined {
    const position = this.count + 1;
    const eventId = typeof event?.eventId === 'string' ? event.eventId : undefined;
    if (event?.position !== position) {
      const found = event?.position;
      return failure(position, eventId, 'position', String(position), JSON.stringify(found) ?? 'undefined', this.count,
        typeof found === 'number' && found > position
          ? `position ${position} is missing: the event after position ${this.count} is at position ${found}`
          : `expected position ${position} next, found ${JSON.stringify(found)}: the log is out of order or repeats an event`);
    }
    if (event.prevHash !== this.previousHash) {
      return failure(position, eventId, 'prevHash', this.previousHash, String(event.prevHash), this.count,
        position === 1
          ? `the first event's prevHash is not the genesis hash`
          : `prevHash of position ${position} is not the hash of position ${this.count}: the chain is broken here`);
    }
    let recomputed: string;
    try {
      recomputed = chainHash(event.prevHash, event);
    } catch (error) {
      return failure(position, eventId, 'hash', 'a hashable event envelope', (error as Error).message, this.count,
        `the event at position ${position} cannot be canonicalized: ${(error as Error).message}`);
    }
    if (event.hash !== recomputed) {
      return failure(position, eventId, 'hash', recomputed, String(event.hash), this.count,
        `the event at position ${position} does not hash to its stored hash: its content was changed after it was recorded`);
    }
    this.lastHash = recomputed;
    return undefined;
  }

  /** A failure of a plugged-in check for the event just checked. */
  failEvent(event: RecordedEvent, problem: EventCheckFailure): VerifyFailure {
    const check = problem.check ?? 'member-signature';
    return failure(this.count + 1, event.eventId, check, problem.expected, problem.found, this.count,
      problem.message ?? `the event at position ${this.count + 1} fails the ${check} check`);
  }

  /** Takes the event that passed check() into the tree; checks the checkpoint root at its size. */
  accept(event: RecordedEvent): VerifyFailure | undefined {
    const { tree, checkpoint } = this.options;
    if (tree) tree.appendHex(this.lastHash);
    else this.range.appendHex(this.lastHash);
    this.previousHash = this.lastHash;
    this.count++;
    this.options.onVerified?.(event);
    if (checkpoint && this.count === checkpoint.treeSize) {
      const root = this.rootHash();
      if (root !== checkpoint.rootHash) {
        return failure(this.count, event.eventId, 'checkpoint-root', checkpoint.rootHash, root, this.count,
          `the first ${this.count} events do not have the root signed in the checkpoint of ${checkpoint.timestamp}: ` +
            `the history up to position ${this.count} was rewritten since (a fork)`);
      }
    }
    if (this.count % this.every === 0) {
      this.options.onProgress?.({ verified: this.count });
      this.reported = this.count;
    }
    return undefined;
  }

  /** The source failed to deliver the next event. */
  readFailure(error: unknown): VerifyFailure {
    const message = (error as Error)?.message ?? String(error);
    const position = this.count + 1;
    return failure(position, undefined, 'read', `a readable event at position ${position}`, message, this.count,
      `the event after position ${this.count} cannot be read: ${message}`);
  }

  /** The end of the log: the checkpoint's size must have been reached. */
  finish(): VerifyResult {
    const { checkpoint } = this.options;
    if (this.reported !== this.count) this.options.onProgress?.({ verified: this.count });
    if (checkpoint && this.count < checkpoint.treeSize) {
      return failure(this.count + 1, undefined, 'checkpoint-size', `${checkpoint.treeSize} events (checkpoint of ${checkpoint.timestamp})`,
        `${this.count} events`, this.count,
        `the log ends at position ${this.count}, but the checkpoint of ${checkpoint.timestamp} covers ${checkpoint.treeSize} events: ` +
          `positions ${this.count + 1}..${checkpoint.treeSize} were removed`);
    }
    const result: VerifySuccess = { ok: true, treeSize: this.count, rootHash: this.rootHash(), headHash: this.previousHash };
    if (checkpoint) {
      result.checkpoint = { origin: checkpoint.origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, timestamp: checkpoint.timestamp };
    }
    if (this.options.witnesses && this.cosignedBy) {
      result.witnesses = { quorum: this.options.witnesses.policy.quorum, listed: this.options.witnesses.policy.witnesses.length, cosignedBy: this.cosignedBy };
    }
    return result;
  }

  /** MTH of the events accepted so far, hex. */
  rootHash(): string {
    return toHex(this.options.tree ? this.options.tree.root() : this.range.root());
  }
}

function failure(
  position: number,
  eventId: string | undefined,
  check: IntegrityCheck,
  expected: string,
  found: string,
  verified: number,
  message: string,
): VerifyFailure {
  const result: VerifyFailure = { ok: false, position, check, expected, found, message, verified };
  if (eventId !== undefined) result.eventId = eventId;
  return result;
}

/** A failure as lines for a terminal: where, which check, what was expected and what was found. */
export function describeFailure(failure: VerifyFailure): string {
  return [
    `integrity check failed at position ${failure.position}${failure.eventId ? ` (event ${failure.eventId})` : ''}: ${failure.check}`,
    `  expected: ${failure.expected}`,
    `  found:    ${failure.found}`,
    `  ${failure.message}`,
    `  positions 1..${failure.verified} verified intact before it`,
  ].join('\n');
}
