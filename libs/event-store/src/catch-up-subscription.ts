import type { RecordedEvent } from './envelope';
import type { BatchHandler, SubscribeOptions, Subscription } from './event-store.port';

/** What a catch-up subscription needs from an adapter. */
export interface LogSource {
  readAll(options: { after: number; limit: number }): Promise<RecordedEvent[]>;
  headPosition(): Promise<number>;
  /**
   * Resolves when an append may have happened after `position`, or after `timeoutMs` at the latest
   * (a safety net for writers the adapter cannot hear, such as another process).
   */
  waitForAppend(position: number, timeoutMs: number): Promise<void>;
}

/**
 * A catch-up subscription shared by the adapters that read the log by position: it reads batches
 * after the checkpoint and hands them to the handler one at a time, in order; when it reaches the
 * head it waits for the next append. The handler finishing a batch is what moves `position`, so a
 * subscription restarted from its subscriber's checkpoint neither skips nor repeats events.
 */
export class CatchUpSubscription implements Subscription {
  private current: number;
  private stopped = false;
  private readonly running: Promise<void>;
  private readonly batchSize: number;
  private readonly waiters: Array<{ target: number; resolve: () => void; reject: (e: unknown) => void }> = [];
  private failure: unknown = null;
  /** Ends an idle wait at once when stop() is called. */
  private interruptWait: () => void = () => undefined;

  constructor(
    private readonly source: LogSource,
    private readonly handler: BatchHandler,
    private readonly options: SubscribeOptions,
    private readonly idleWaitMs = 250,
  ) {
    this.current = options.after;
    this.batchSize = options.batchSize ?? 500;
    this.running = this.loop();
  }

  get position(): number {
    return this.current;
  }

  async caughtUp(): Promise<void> {
    const target = await this.source.headPosition();
    if (this.failure) throw this.failure;
    if (this.current >= target) return;
    return new Promise((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptWait();
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped) {
        const batch = await this.source.readAll({ after: this.current, limit: this.batchSize });
        if (this.stopped) break;
        if (batch.length === 0) {
          this.settleWaiters();
          await Promise.race([
            this.source.waitForAppend(this.current, this.idleWaitMs),
            new Promise<void>((resolve) => (this.interruptWait = resolve)),
          ]);
          continue;
        }
        await this.handler(batch);
        this.current = batch[batch.length - 1].position;
        this.settleWaiters();
      }
    } catch (error) {
      this.failure = error;
      for (const w of this.waiters.splice(0)) w.reject(error);
      if (this.options.onError) this.options.onError(error);
      else console.error('subscription stopped:', error);
    }
    this.settleWaiters();
    const stoppedError = new Error('subscription stopped before catching up');
    for (const w of this.waiters.splice(0)) w.reject(stoppedError);
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (this.current >= waiter.target) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
