import type { RecordedEvent } from '@ledger/event-store';
import { parseCheckpoint } from '@ledger/integrity';
import { WitnessUnavailableError } from './ledger-http';
import { WitnessAlarm, WitnessRefusal, type Witness, type WitnessOutcome } from './witness';

/** Where the ledger appends its signed checkpoints (apps/ledger's Checkpoints service). */
export const CHECKPOINT_STREAM = 'ledger-checkpoints';
export const CHECKPOINT_EVENT = 'CheckpointSigned';

/** The checkpoint a CheckpointSigned event carries (its JSON document), or undefined for other events. */
export function checkpointOf(event: Pick<RecordedEvent, 'streamId' | 'type' | 'data'>): object | undefined {
  if (event.streamId !== CHECKPOINT_STREAM || event.type !== CHECKPOINT_EVENT) return undefined;
  return typeof event.data === 'object' && event.data !== null ? event.data : undefined;
}

/** What the member consumer hands checkpoints to. */
export interface CheckpointWitness {
  offer(checkpoint: string | object): Promise<unknown>;
}

export type CosignedOutcome = Extract<WitnessOutcome, { status: 'cosigned' }>;

export interface WitnessRunnerOptions {
  /** Each new cosignature: post it to the ledger (CosignaturePoster.submit). */
  onCosigned?(outcome: CosignedOutcome): void | Promise<void>;
  /** Refusals, stale checkpoints, retries (default: console.error). Alarms go to the Witness's onAlarm. */
  log?(message: string): void;
  /** First delay before asking the ledger again for a proof (default 1 s), doubled up to maxRetryDelayMs (60 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * Runs a Witness for a follower of the log (the Kafka consumer, or a reader of the event stream):
 * offer() never throws for what the ledger did: an alarm was already handed to onAlarm, a refused
 * checkpoint is logged, and when the ledger could not be asked for a proof the latest such
 * checkpoint is offered again later, until a later one is cosigned. Errors of this machine (a state
 * file that cannot be written) do throw, so the consumer retries the message.
 */
export class WitnessRunner implements CheckpointWitness {
  private retry: { checkpoint: string | object; treeSize: number; attempts: number; timer?: NodeJS.Timeout } | undefined;
  private readonly log: (message: string) => void;
  private running = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    readonly witness: Witness,
    private readonly options: WitnessRunnerOptions = {},
  ) {
    this.log = options.log ?? ((message) => console.error(message));
  }

  async offer(checkpoint: string | object): Promise<WitnessOutcome | undefined> {
    if (this.closed) return undefined;
    let treeSize: number;
    try {
      treeSize = parseCheckpoint(typeof checkpoint === 'string' ? checkpoint : JSON.stringify(checkpoint)).treeSize;
    } catch (error) {
      this.log(`witness: checkpoint refused: ${(error as Error).message}`);
      return undefined;
    }
    this.running++;
    try {
      const outcome = await this.witness.consider(checkpoint);
      if (outcome.status === 'cosigned') {
        if (this.retry && this.retry.treeSize <= outcome.checkpoint.treeSize) this.clearRetry();
        await this.options.onCosigned?.(outcome);
      } else {
        const proof = outcome.proven ? 'a prefix of it' : 'not proven a prefix of it (the ledger could not be asked)';
        this.log(`witness: tree size ${treeSize} not cosigned: already cosigned ${outcome.held.treeSize}; ${proof}`);
      }
      return outcome;
    } catch (error) {
      if (error instanceof WitnessAlarm) return undefined;
      if (error instanceof WitnessRefusal) {
        this.log(`witness: ${error.message}`);
        return undefined;
      }
      if (error instanceof WitnessUnavailableError) {
        this.scheduleRetry(checkpoint, treeSize);
        this.log(`witness: tree size ${treeSize} not cosigned yet: ${error.message}; will try again`);
        return undefined;
      }
      throw error;
    } finally {
      this.running--;
      this.settle();
    }
  }

  /** Resolves once no offer is running and none waits for a retry. */
  idle(): Promise<void> {
    if (this.running === 0 && !this.retry) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops retrying and closes the witness (releasing its state file). */
  async close(): Promise<void> {
    this.closed = true;
    this.clearRetry();
    this.settle();
    await this.witness.close();
  }

  private scheduleRetry(checkpoint: string | object, treeSize: number): void {
    if (this.closed) return;
    if (this.retry && this.retry.treeSize > treeSize) return;
    const attempts = this.retry && this.retry.treeSize === treeSize ? this.retry.attempts + 1 : 1;
    this.clearRetry();
    const first = this.options.retryDelayMs ?? 1000;
    const delay = Math.min(this.options.maxRetryDelayMs ?? 60_000, first * 2 ** Math.min(attempts - 1, 20));
    const timer = setTimeout(() => {
      if (this.retry?.timer !== timer) return;
      this.retry.timer = undefined;
      void this.offer(checkpoint)
        .catch((error) => this.log(`witness: ${(error as Error).message}`))
        .finally(() => {
          // Cosigned, or refused for good: nothing left to retry for this one.
          if (this.retry && this.retry.treeSize === treeSize && this.retry.timer === undefined) this.clearRetry();
          this.settle();
        });
    }, delay);
    timer.unref();
    this.retry = { checkpoint, treeSize, attempts, timer };
  }

  private clearRetry(): void {
    if (this.retry?.timer) clearTimeout(this.retry.timer);
    this.retry = undefined;
  }

  private settle(): void {
    if (this.running !== 0 || this.retry) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
