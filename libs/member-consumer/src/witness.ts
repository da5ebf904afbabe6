import type { KeyObject } from 'node:crypto';
import {
  CheckpointError,
  checkCheckpointSignature,
  checkConsistency,
  checkpointBody,
  Cosigner,
  EMPTY_ROOT,
  formatCheckpointNote,
  fromHex,
  isHexDigest,
  parseCheckpoint,
  ProofError,
  toHex,
  type Cosignature,
  type SignedCheckpoint,
  type TreeHead,
} from '@ledger/integrity';
import { httpConsistencyProofs, WitnessUnavailableError } from './ledger-http';
import { ALARMS_KEPT, HISTORY_SIZE, WitnessStateFile, type CosignedHead, type RecordedAlarm, type WitnessStateData } from './witness-state';

/**
 * Consistency proof hashes (lowercase hex, RFC 9162 §2.1.4) that the ledger's tree of `to` events
 * extends its tree of `from` events. Throw WitnessUnavailableError when the ledger cannot be asked.
 */
export type FetchConsistencyProof = (from: number, to: number) => Promise<string[]>;

export interface WitnessOptions {
  /** The witness's key name, e.g. "riverside-chc.example/ledger-witness" (no spaces, no "+"). */
  name: string;
  /** Its Ed25519 private key: a key of its own, not the organization's command-signing key. */
  privateKey: KeyObject;
  /** The ledger's checkpoint key (GET /ledger/public-key, obtained out of band): nothing else is cosigned. */
  ledgerPublicKey: KeyObject;
  /** Refuse checkpoints of another origin. Without it, the first checkpoint cosigned pins the origin. */
  origin?: string;
  /** The durable state: the last checkpoint cosigned (JSON, mode 0600). One witness process per file. */
  stateFile: string;
  /** How to ask the ledger for consistency proofs; default: httpConsistencyProofs(ledgerUrl, apiKey). */
  fetchConsistencyProof?: FetchConsistencyProof;
  /** The ledger's base URL, e.g. https://ledger.example.org (for the default fetchConsistencyProof). */
  ledgerUrl?: string;
  /** An API key of this organization that may read raw events (for the default fetchConsistencyProof). */
  apiKey?: string;
  /**
   * Called before consider() throws a WitnessAlarm: the ledger showed a history inconsistent with
   * one this witness cosigned. Both checkpoints are in the alarm: evidence to take to the others.
   */
  onAlarm?: (alarm: WitnessAlarm) => void | Promise<void>;
  /** Time of the cosignatures (default: the system clock). */
  clock?: () => Date;
}

export type WitnessOutcome =
  /** Consistent with everything cosigned before, and now cosigned: post `line` to the ledger. */
  | { status: 'cosigned'; checkpoint: SignedCheckpoint; cosignature: Cosignature; line: string; previous?: TreeHead }
  /**
   * Smaller than the checkpoint already cosigned: not cosigned (a cosignature says "the largest tree
   * I have seen"). `proven` tells whether the ledger proved it a prefix of the one held.
   */
  | { status: 'stale'; checkpoint: SignedCheckpoint; held: TreeHead; proven: boolean };

export type AlarmKind =
  /** Two checkpoints signed by the ledger for the same tree size with different roots. */
  | 'same-size-fork'
  /** The ledger's consistency proof between the held and the offered checkpoint does not verify. */
  | 'inconsistent';

/** The ledger showed this witness a history that is not an extension of one it cosigned. */
export class WitnessAlarm extends Error {
  constructor(
    readonly kind: AlarmKind,
    /** The checkpoint this witness cosigned (note absent when only its size and root are kept). */
    readonly held: { treeSize: number; rootHash: string; note?: string },
    /** The checkpoint the ledger offered now. */
    readonly offered: { treeSize: number; rootHash: string; note: string },
    detail: string,
  ) {
    super(
      kind === 'same-size-fork'
        ? `split view: the ledger signed tree size ${offered.treeSize} with root ${offered.rootHash}, but this witness cosigned tree size ${held.treeSize} with root ${held.rootHash}`
        : `split view: the ledger's tree size ${offered.treeSize} (root ${offered.rootHash}) is not consistent with tree size ${held.treeSize} (root ${held.rootHash}) that this witness cosigned: ${detail}`,
    );
    this.name = 'WitnessAlarm';
  }
}

/** The checkpoint is not one to consider: malformed, not signed by the ledger key, another log. Not an alarm. */
export class WitnessRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessRefusal';
  }
}

/**
 * One organization's witness of the ledger's log (c2sp.org/tlog-witness semantics, in-process).
 *
 * For each checkpoint offered it checks the ledger's signature, then that the checkpoint extends the
 * last one it cosigned (a consistency proof from the ledger, verified here against the two roots it
 * knows, never against roots the ledger sends along), and cosigns it in the C2SP tlog-cosignature
 * format. The new head is written to the state file BEFORE the cosignature is returned, so a crash
 * or restart can never lead it to cosign two inconsistent heads. The first checkpoint is trusted on
 * first use.
 *
 * Refused: a checkpoint of the same size with another root, or one the ledger cannot prove
 * consistent (WitnessAlarm, after onAlarm); a smaller one is answered 'stale', not cosigned.
 */
export class Witness {
  readonly cosigner: Cosigner;
  private readonly file: WitnessStateFile;
  private readonly fetchConsistencyProof: FetchConsistencyProof;
  private state: WitnessStateData;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: WitnessOptions) {
    this.cosigner = new Cosigner(options.name, options.privateKey);
    if (options.fetchConsistencyProof) this.fetchConsistencyProof = options.fetchConsistencyProof;
    else if (options.ledgerUrl && options.apiKey) this.fetchConsistencyProof = httpConsistencyProofs(options.ledgerUrl, options.apiKey);
    else throw new Error('a witness needs fetchConsistencyProof, or ledgerUrl and apiKey to ask the ledger for proofs');
    this.file = new WitnessStateFile(options.stateFile);
    this.file.lock();
    try {
      this.state = this.file.read();
    } catch (error) {
      this.file.unlock();
      throw error;
    }
    if (options.origin !== undefined && this.state.origin !== undefined && this.state.origin !== options.origin) {
      this.file.unlock();
      throw new Error(`${options.stateFile} witnesses the log "${this.state.origin}", not "${options.origin}"`);
    }
  }

  /** Opens the witness on its state file (taking the file's lock). */
  static open(options: WitnessOptions): Witness {
    return new Witness(options);
  }

  /** "<name>+<key id>+<base64(0x04 ‖ key)>": what verifiers list in their witnesses file. */
  get vkey(): string {
    return this.cosigner.vkey;
  }

  /** The largest checkpoint cosigned so far, with its cosignature line. */
  get head(): Readonly<CosignedHead> | undefined {
    return this.state.head;
  }

  get alarms(): readonly RecordedAlarm[] {
    return this.state.alarms;
  }

  /**
   * Considers a checkpoint offered by the ledger: its signed note, or its JSON document (as in a
   * CheckpointSigned event's data). Calls are serialized.
   */
  consider(checkpoint: string | object): Promise<WitnessOutcome> {
    const run = this.queue.then(() => this.considerNow(checkpoint));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for calls in progress, then releases the state file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    this.file.unlock();
  }

  private async considerNow(input: string | object): Promise<WitnessOutcome> {
    if (this.closed) throw new Error('the witness is closed');
    const checkpoint = this.parse(input);
    const note = formatCheckpointNote(checkpoint);
    const offered = { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, note };
    const head = this.state.head;

    if (!head) return this.cosign(checkpoint, note);

    if (checkpoint.treeSize === head.treeSize) {
      if (checkpoint.rootHash !== head.rootHash) {
        return this.alarm('same-size-fork', { treeSize: head.treeSize, rootHash: head.rootHash, note: head.note }, offered, 'same size, another root');
      }
      return this.cosign(checkpoint, note, head);
    }

    if (checkpoint.treeSize < head.treeSize) {
      const earlier = this.state.history.find((h) => h.treeSize === checkpoint.treeSize);
      if (earlier && earlier.rootHash !== checkpoint.rootHash) return this.alarm('same-size-fork', earlier, offered, 'same size, another root');
      if (earlier) return { status: 'stale', checkpoint, held: headOf(head), proven: true };
      let proof: string[];
      try {
        proof = await this.fetchProof(checkpoint.treeSize, head.treeSize);
      } catch (error) {
        if (error instanceof WitnessUnavailableError) return { status: 'stale', checkpoint, held: headOf(head), proven: false };
        throw error;
      }
      const problem = inconsistency(checkpoint, head, proof);
      if (problem) return this.alarm('inconsistent', { treeSize: head.treeSize, rootHash: head.rootHash, note: head.note }, offered, problem);
      return { status: 'stale', checkpoint, held: headOf(head), proven: true };
    }

    const proof = await this.fetchProof(head.treeSize, checkpoint.treeSize);
    const problem = inconsistency(head, checkpoint, proof);
    if (problem) return this.alarm('inconsistent', { treeSize: head.treeSize, rootHash: head.rootHash, note: head.note }, offered, problem);
    return this.cosign(checkpoint, note, head);
  }

  private parse(input: string | object): SignedCheckpoint {
    let checkpoint: SignedCheckpoint;
    try {
      checkpoint = parseCheckpoint(typeof input === 'string' ? input : JSON.stringify(input));
      checkCheckpointSignature(checkpoint, this.options.ledgerPublicKey, { origin: this.options.origin ?? this.state.origin });
    } catch (error) {
      if (error instanceof CheckpointError) throw new WitnessRefusal(`checkpoint refused: ${error.message}`);
      throw error;
    }
    if (checkpoint.treeSize === 0 && checkpoint.rootHash !== toHex(EMPTY_ROOT)) {
      throw new WitnessRefusal('checkpoint refused: the empty tree has the root SHA-256("")');
    }
    return checkpoint;
  }

  private async fetchProof(from: number, to: number): Promise<string[]> {
    let proof: unknown;
    try {
      proof = await this.fetchConsistencyProof(from, to);
    } catch (error) {
      if (error instanceof WitnessUnavailableError) throw error;
      throw new WitnessUnavailableError(`no consistency proof from ${from} to ${to}: ${(error as Error).message}`);
    }
    if (!Array.isArray(proof) || !proof.every(isHexDigest)) {
      throw new WitnessUnavailableError(`the consistency proof from ${from} to ${to} is not a list of hex hashes`);
    }
    return proof;
  }

  private cosign(checkpoint: SignedCheckpoint, note: string, previous?: CosignedHead): WitnessOutcome {
    const at = (this.options.clock ?? (() => new Date()))();
    const cosignature = this.cosigner.cosign(checkpointBody(checkpoint), at);
    const next: WitnessStateData = {
      ...this.state,
      vkey: this.cosigner.vkey,
      origin: checkpoint.origin,
      head: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, note, cosignature: cosignature.line, cosignedAt: at.toISOString() },
      history: previous && previous.treeSize !== checkpoint.treeSize
        ? [...this.state.history, { treeSize: previous.treeSize, rootHash: previous.rootHash, note: previous.note }].slice(-HISTORY_SIZE)
        : this.state.history,
    };
    // Durable before anyone sees the cosignature.
    this.file.write(next);
    this.state = next;
    const outcome: WitnessOutcome = { status: 'cosigned', checkpoint, cosignature, line: cosignature.line };
    if (previous) outcome.previous = headOf(previous);
    return outcome;
  }

  private async alarm(
    kind: AlarmKind,
    held: { treeSize: number; rootHash: string; note?: string },
    offered: { treeSize: number; rootHash: string; note: string },
    detail: string,
  ): Promise<never> {
    const alarm = new WitnessAlarm(kind, held, offered, detail);
    const recorded: RecordedAlarm = { kind, message: alarm.message, at: new Date().toISOString(), held, offered };
    const next = { ...this.state, alarms: [...this.state.alarms, recorded].slice(-ALARMS_KEPT) };
    this.file.write(next);
    this.state = next;
    await this.options.onAlarm?.(alarm);
    throw alarm;
  }
}

function headOf(head: TreeHead): TreeHead {
  return { treeSize: head.treeSize, rootHash: head.rootHash };
}

/** Why `proof` does not show `second` extends `first`, or undefined when it does. */
function inconsistency(first: TreeHead, second: TreeHead, proof: string[]): string | undefined {
  try {
    checkConsistency(first.treeSize, second.treeSize, fromHex('root', first.rootHash), fromHex('root', second.rootHash), proof.map((h, i) => fromHex(`proof[${i}]`, h)));
    return undefined;
  } catch (error) {
    if (error instanceof ProofError || error instanceof RangeError) return error.message;
    throw error;
  }
}
