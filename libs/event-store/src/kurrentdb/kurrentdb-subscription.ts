import type { ResolvedEvent, StreamSubscription } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../envelope';
import type { BatchHandler, SubscribeOptions, Subscription } from '../event-store.port';

/** The part of the client's StreamSubscription (a Readable of ResolvedEvent) this class uses. */
export type LogSubscriptionStream = Pick<StreamSubscription, 'on' | 'pause' | 'resume' | 'unsubscribe'>;

/** What a KurrentDB-backed catch-up subscription needs from the store. */
export interface LogSubscriptionSource {
  /** A server subscription delivering the log's events with position > after, then live ones. */
  open(after: number): LogSubscriptionStream;
  /** A log event as a ledger event; throws if it is not one (the subscription then fails). */
  toRecorded(resolved: ResolvedEvent): RecordedEvent;
  /** The log's current head position (the target of caughtUp()). */
  headPosition(): Promise<number>;
  /** True when a dropped subscription must not be retried (access denied, log deleted, ...). */
  isFatal(error: unknown): boolean;
  /** Told about each drop before the resubscription; default: a warning on stderr. */
  onDropped?(error: unknown, resumeAfter: number, retryInMs: number): void;
}

export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RECONNECT: ReconnectPolicy = { initialDelayMs: 100, maxDelayMs: 5000 };

/**
 * A catch-up subscription on KurrentDB's own push subscription to the log stream.
 *
 * Events arrive one by one; they are buffered and handed to the handler in batches of at most
 * `batchSize`, one batch at a time and in position order (the server stream is paused while the
 * buffer is full). Only a batch the handler has finished moves `position`.
 *
 * When the server subscription drops (network, leader change, server restart) it is reopened,
 * with exponential back-off, after the last position the handler finished: events buffered but
 * not yet handled are discarded and come again, events already handled are skipped by position.
 * A handler error stops the subscription for good and is reported once through onError.
 */
export class KurrentDbSubscription implements Subscription {
  private current: number;
  /** Position of the last event placed in the buffer (or handled). */
  private enqueued: number;
  private buffer: RecordedEvent[] = [];
  private stream: LogSubscriptionStream | null = null;
  private paused = false;
  /** Bumped whenever the current server stream is abandoned; events of older streams are ignored. */
  private generation = 0;
  private stopped = false;
  private failure: unknown = null;
  /** A failure met while events before it were still buffered: reported once they are handled. */
  private pendingFailure: unknown = null;
  private draining: Promise<void> | null = null;
  private drainScheduled = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private readonly batchSize: number;
  private readonly waiters: Array<{ target: number; resolve: () => void; reject: (e: unknown) => void }> = [];

  constructor(
    private readonly source: LogSubscriptionSource,
    private readonly handler: BatchHandler,
    private readonly options: SubscribeOptions,
    private readonly reconnect: ReconnectPolicy = DEFAULT_RECONNECT,
  ) {
    this.current = Math.max(0, options.after);
    this.enqueued = this.current;
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.retryDelayMs = reconnect.initialDelayMs;
    this.connect();
  }

  get position(): number {
    return this.current;
  }

  async caughtUp(): Promise<void> {
    const target = await this.source.headPosition();
    if (this.failure) throw this.failure;
    if (this.current >= target) return;
    if (this.stopped) throw new Error('subscription stopped before catching up');
    return new Promise((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  async stop(): Promise<void> {
    let unsubscribed: Promise<void> = Promise.resolve();
    if (!this.stopped) {
      this.stopped = true;
      unsubscribed = this.abandonStream();
    }
    await Promise.all([unsubscribed, this.draining]);
    this.buffer = [];
    this.settleWaiters();
    const stoppedError = new Error('subscription stopped before catching up');
    for (const w of this.waiters.splice(0)) w.reject(stoppedError);
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopped || this.failure || this.pendingFailure) return;
    const generation = ++this.generation;
    this.buffer = [];
    this.enqueued = this.current;
    this.paused = false;
    let stream: LogSubscriptionStream;
    try {
      stream = this.source.open(this.current);
    } catch (error) {
      this.dropped(generation, error);
      return;
    }
    this.stream = stream;
    stream.on('data', (resolved: ResolvedEvent) => this.onEvent(generation, resolved));
    // An 'error' listener stays attached for the stream's whole life: an unhandled 'error' event
    // would crash the process.
    stream.on('error', (error: Error) => this.dropped(generation, error));
    stream.on('end', () => this.dropped(generation, new Error('the KurrentDB subscription ended')));
    stream.on('close', () => this.dropped(generation, new Error('the KurrentDB subscription closed')));
  }

  private onEvent(generation: number, resolved: ResolvedEvent): void {
    if (generation !== this.generation || this.stopped || this.failure) return;
    let event: RecordedEvent;
    try {
      event = this.source.toRecorded(resolved);
    } catch (error) {
      this.failAfterDrain(error);
      return;
    }
    if (event.position <= this.enqueued) return; // delivered again after a resubscription
    if (event.position !== this.enqueued + 1) {
      this.dropped(generation, new Error(`subscription skipped from position ${this.enqueued} to ${event.position}`));
      return;
    }
    this.enqueued = event.position;
    this.buffer.push(event);
    this.retryDelayMs = this.reconnect.initialDelayMs;
    if (this.buffer.length >= this.batchSize && !this.paused) {
      this.paused = true;
      this.stream?.pause();
    }
    this.scheduleDrain();
  }

  /** Drains on the next turn, so a burst of events already received becomes one batch. */
  private scheduleDrain(): void {
    if (this.drainScheduled || this.draining) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      if (this.draining) return;
      this.draining = this.drain().finally(() => {
        this.draining = null;
        if (this.buffer.length > 0 && !this.stopped && !this.failure) this.scheduleDrain();
        else if (this.pendingFailure && !this.failure) this.fail(this.pendingFailure);
      });
    });
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0 && !this.stopped && !this.failure) {
      const batch = this.buffer.splice(0, this.batchSize);
      if (this.paused && this.buffer.length < this.batchSize) {
        this.paused = false;
        this.stream?.resume();
      }
      try {
        await this.handler(batch);
      } catch (error) {
        this.fail(error);
        return;
      }
      this.current = batch[batch.length - 1].position;
      this.settleWaiters();
    }
  }

  /** The server stream dropped: resubscribe after the last handled position, with back-off. */
  private dropped(generation: number, error: unknown): void {
    if (generation !== this.generation || this.stopped || this.failure || this.pendingFailure) return;
    void this.abandonStream();
    if (this.source.isFatal(error)) {
      this.fail(error);
      return;
    }
    this.buffer = [];
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.reconnect.maxDelayMs);
    const report =
      this.source.onDropped ??
      ((e: unknown, after: number, inMs: number) =>
        console.warn(
          `KurrentDB subscription dropped (${e instanceof Error ? e.message : String(e)}); resubscribing after position ${after} in ${inMs} ms`,
        ));
    report(error, this.current, delay);
    this.reconnectTimer = setTimeout(() => {
      // Resume only once the batch in flight is handled, so `current` is final.
      void Promise.resolve(this.draining).then(() => this.connect());
    }, delay);
  }

  /** Stops reading, lets the handler finish the events before the bad one, then fails. */
  private failAfterDrain(error: unknown): void {
    this.pendingFailure = error;
    void this.abandonStream();
    if (this.buffer.length === 0 && !this.draining && !this.drainScheduled) this.fail(error);
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    void this.abandonStream();
    this.buffer = [];
    for (const w of this.waiters.splice(0)) w.reject(error);
    if (this.options.onError) this.options.onError(error);
    else console.error('subscription stopped:', error);
  }

  /** Ignores the current server stream from now on and cancels it. */
  private abandonStream(): Promise<void> {
    this.generation++;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const stream = this.stream;
    this.stream = null;
    return stream ? stream.unsubscribe().catch(() => undefined) : Promise.resolve();
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
