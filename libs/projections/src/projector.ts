/**
 * The live projector: a catch-up subscription from the read models' checkpoint. Each batch is
 * applied with the checkpoint in one transaction (ReadModelStorage.applyBatch), so a crash at any
 * moment leaves the read models exactly at a batch boundary, and a restart continues from there:
 * no event is applied twice, none is skipped.
 */
import { toLogEvent, type EventStore, type RecordedEvent, type Subscription } from '@ledger/event-store';
import type { ReadModelStorage } from './storage';

export interface ProjectorOptions {
  /** Events per transaction; default 500. */
  batchSize?: number;
  /** First wait before retrying after a failure (doubling up to 30 s); default 1000 ms. */
  retryMs?: number;
  /** Told about every failure (the projector retries by itself). */
  onError?: (error: unknown) => void;
  /** Told after every batch applied, with the new checkpoint. */
  onBatch?: (position: number, events: number) => void;
}

export type ProjectorState = 'stopped' | 'running' | 'failing';

export interface ProjectionStatus {
  state: ProjectorState;
  /** Position of the last event applied to the read models. */
  checkpoint: number;
  headPosition: number;
  /** Events in the log not yet in the read models (head − checkpoint). */
  lag: number;
  lastError?: string;
}

/** The stored checkpoint is not where the subscription is: subscribe again from it. */
class Resync extends Error {}

export class Projector {
  private subscription: Subscription | null = null;
  private position = 0;
  private state: ProjectorState = 'stopped';
  private stopped = true;
  private failures = 0;
  private lastError: string | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly waiters = new Set<{ target: number; resolve: (caughtUp: boolean) => void }>();

  constructor(
    private readonly store: EventStore,
    private readonly storage: ReadModelStorage,
    private readonly options: ProjectorOptions = {},
  ) {}

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    this.state = 'stopped';
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
  }

  /** The position of the last event this projector knows to be applied. */
  get checkpoint(): number {
    return this.position;
  }

  /**
   * Resolves true once every event appended before the call is in the read models, or false
   * after `timeoutMs` (or when the projector stops first).
   */
  async catchUp(timeoutMs: number): Promise<boolean> {
    const head = (await this.store.head()).position;
    if (this.position >= head) return true;
    // Stopped, or retrying after a failure: waiting would only delay the answer.
    if (this.stopped || this.state === 'failing') return false;
    return new Promise<boolean>((resolve) => {
      const waiter = {
        target: head,
        resolve: (caughtUp: boolean) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(caughtUp);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async status(): Promise<ProjectionStatus> {
    const [checkpoint, head] = await Promise.all([this.storage.checkpoint(), this.store.head()]);
    return {
      state: this.state,
      checkpoint: checkpoint.position,
      headPosition: head.position,
      lag: Math.max(0, head.position - checkpoint.position),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async subscribe(): Promise<void> {
    if (this.stopped) return;
    try {
      const checkpoint = await this.storage.checkpoint();
      if (this.stopped) return;
      this.position = checkpoint.position;
      this.settle();
      if (this.failures === 0) this.state = 'running';
      this.subscription = this.store.subscribe((events) => this.handle(events), {
        after: checkpoint.position,
        batchSize: this.options.batchSize ?? 500,
        onError: (error) => this.failed(error),
      });
    } catch (error) {
      this.failed(error);
    }
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    const result = await this.storage.applyBatch(events.map(toLogEvent));
    if (result.resync) throw new Resync(`read models are at ${result.position}, the subscription at ${events[0].position - 1}`);
    this.position = result.position;
    if (this.failures > 0 || this.state !== 'running') {
      this.failures = 0;
      this.lastError = null;
      this.state = 'running';
    }
    this.options.onBatch?.(result.position, events.length);
    this.settle();
  }

  private failed(error: unknown): void {
    this.subscription = null;
    if (this.stopped) return;
    if (error instanceof Resync) {
      void this.subscribe();
      return;
    }
    this.failures++;
    this.state = 'failing';
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error);
    const delay = Math.min((this.options.retryMs ?? 1000) * 2 ** (this.failures - 1), 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.subscribe();
    }, delay);
  }

  private settle(): void {
    for (const waiter of this.waiters) if (this.position >= waiter.target) waiter.resolve(true);
  }
}
