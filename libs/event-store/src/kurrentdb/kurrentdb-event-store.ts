import { systemClock, type Clock } from '../clock';
import { FORWARDS, KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { EventData } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH } from '@ledger/integrity';
import { AppendPlan } from '../append-plan';
import { validateAppends } from '../append-validation';
import type { NewEvent, RecordedEvent } from '../envelope';
import { InvalidAppendError, StoreUnavailableError } from '../errors';
import { toLogEvent, type LogEvent, type StreamUntil } from '../read-side';
import type {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventStore,
  LogHead,
  ReadAllOptions,
  ReadStreamOptions,
  StoreHealth,
  SubscribeOptions,
  StreamAppend,
  Subscription,
} from '../event-store.port';
import {
  DEFAULT_STREAM_PREFIX,
  KurrentDbCorruptEventError,
  classifyClientError,
  fromLogEvent,
  isTransientClientError,
  logStreamName,
  logStreamStateAfter,
  readRevisionAfter,
  subscribeRevisionAfter,
  toEventData,
  toPortError,
} from './kurrentdb-mapping';
import { KurrentDbSubscription, type ReconnectPolicy } from './kurrentdb-subscription';

/** The client calls the adapter makes (a real KurrentDBClient, or a stand-in in unit tests). */
export type KurrentDbClientLike = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'subscribeToStream' | 'dispose'>;

/** Tuning of the adapter; every field has a default. */
export interface KurrentDbStoreSettings {
  /** Prefix of the KurrentDB streams this ledger owns; the log is `<prefix>log`. Default 'ledger-'. */
  streamPrefix?: string;
  /** How long start-up may take to reach the server and load the log; default 15 000 ms. */
  startupTimeoutMs?: number;
  /** gRPC deadline of one append; default 10 000 ms. */
  appendDeadlineMs?: number;
  /** How long health() waits for the server; default 3000 ms. */
  healthTimeoutMs?: number;
  /** Most events written by one group commit; default 500. */
  maxEventsPerWrite?: number;
  /** Most (estimated) bytes written by one group commit; default 512 KiB (KurrentDB's default limit is 1 MiB). */
  maxBytesPerWrite?: number;
  /** Events kept in memory for readStream and duplicate checks; default 10 000. */
  cacheSize?: number;
  /** Times an append is re-sent after a transient failure (unavailable, deadline, not leader); default 3. */
  maxTransientRetries?: number;
  /** Times a group commit is re-planned after another writer moved the log; default 100. */
  maxConflictRetries?: number;
  /** Back-off of resubscriptions after a dropped subscription. */
  reconnect?: ReconnectPolicy;
  /** How the server is named in messages (a connection string without its password). */
  target?: string;
  /** Source of recordedAt; the system clock unless `ledger demo` simulates history. */
  clock?: Clock;
}

export interface KurrentDbEventStoreOptions extends KurrentDbStoreSettings {
  /** e.g. kurrentdb://127.0.0.1:2113?tls=false */
  connectionString: string;
}

interface PendingAppend {
  appends: StreamAppend[];
  /** Events in all its streams, and their rough size. */
  count: number;
  bytes: number;
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type Decision =
  | { kind: 'write'; pending: PendingAppend; results: AppendResult[]; sealed: RecordedEvent[]; data: EventData[] }
  | { kind: 'retry'; pending: PendingAppend; results: AppendResult[] }
  | { kind: 'refuse'; pending: PendingAppend; error: unknown };

/** Rough size of the envelope metadata of one event, for batching. */
const METADATA_BYTES = 700;
const READ_PAGE = 1000;
const READ_CONCURRENCY = 4;

/**
 * The event store on KurrentDB (EventStoreDB) through @kurrent/kurrentdb-client.
 *
 * The whole ledger log is ONE KurrentDB stream, `<prefix>log`, in which event number n holds
 * ledger position n + 1: gapless by construction. Every append is an optimistic write to that
 * stream with the expected revision of the log's head, so two writers (two processes, or a
 * process that missed a write) can never both take a position; the loser re-reads the tail and
 * re-plans. Record streams (`commitment-1`, ...) are the ledger's own notion: each event names
 * its stream and revision in its metadata, with position, recordedAt, prevHash and hash, all
 * sealed before the write. See docs/kurrentdb.md for why, and for the trade-offs.
 *
 * In memory: an index of the log (event id -> position, stream -> positions, the head) loaded at
 * start-up by reading the log, and kept current by reading the tail before every read; and a
 * bounded cache of events. Appends are group-committed: those queued while a write is in flight
 * go out together in the next write, atomically.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb';
  /** The KurrentDB stream holding the log. */
  readonly logStream: string;
  private readonly target: string;
  private tip: LogHead = { position: 0, hash: GENESIS_HASH, recordedAt: null };
  private readonly streamPositions = new Map<string, number[]>();
  private readonly eventPositions = new Map<string, number>();
  private readonly cache: EventCache;
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private refreshTail: Promise<void> = Promise.resolve();
  private queuedRefresh: Promise<void> | null = null;
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private closing = false;
  private closed = false;
  private readonly settings: Required<Omit<KurrentDbStoreSettings, 'target' | 'streamPrefix' | 'clock'>>;

  private readonly clock: Clock;

  private constructor(
    private readonly client: KurrentDbClientLike,
    settings: KurrentDbStoreSettings,
  ) {
    this.logStream = logStreamName(settings.streamPrefix ?? DEFAULT_STREAM_PREFIX);
    this.target = settings.target ?? 'KurrentDB';
    this.clock = settings.clock ?? systemClock;
    this.settings = {
      startupTimeoutMs: settings.startupTimeoutMs ?? 15_000,
      appendDeadlineMs: settings.appendDeadlineMs ?? 10_000,
      healthTimeoutMs: settings.healthTimeoutMs ?? 3000,
      maxEventsPerWrite: Math.max(1, settings.maxEventsPerWrite ?? 500),
      maxBytesPerWrite: Math.max(1, settings.maxBytesPerWrite ?? 512 * 1024),
      cacheSize: Math.max(0, settings.cacheSize ?? 10_000),
      maxTransientRetries: Math.max(0, settings.maxTransientRetries ?? 3),
      maxConflictRetries: Math.max(1, settings.maxConflictRetries ?? 100),
      reconnect: settings.reconnect ?? { initialDelayMs: 100, maxDelayMs: 5000 },
    };
    this.cache = new EventCache(this.settings.cacheSize);
  }

  /**
   * Connects to the server the connection string names and loads the log. Fails with a clear
   * StoreUnavailableError when the server cannot be reached within startupTimeoutMs.
   */
  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const { connectionString, ...settings } = options;
    const target = settings.target ?? redactConnectionString(connectionString);
    let client: KurrentDBClient;
    try {
      client = KurrentDBClient.connectionString(connectionString);
    } catch (error) {
      throw new Error(`${target} is not a valid KurrentDB connection string: ${messageOf(error)}`, { cause: error });
    }
    return KurrentDbEventStore.openWithClient(client, { ...settings, target });
  }

  /** Opens the store over a client made elsewhere; disposes of it if the start-up fails. */
  static async openWithClient(client: KurrentDbClientLike, settings: KurrentDbStoreSettings = {}): Promise<KurrentDbEventStore> {
    let store: KurrentDbEventStore;
    try {
      store = new KurrentDbEventStore(client, settings);
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw error;
    }
    try {
      await withTimeout(store.refresh(), store.settings.startupTimeoutMs, () => new StoreUnavailableError(`no answer within ${store.settings.startupTimeoutMs} ms`));
    } catch (error) {
      await client.dispose().catch(() => undefined);
      if (error instanceof KurrentDbCorruptEventError) {
        throw new KurrentDbCorruptEventError(`the ledger log ${store.logStream} at ${store.target} fails verification: ${error.message}`, {
          cause: error,
        });
      }
      throw new StoreUnavailableError(
        `cannot open the KurrentDB event store at ${store.target} (log stream ${store.logStream}): ${messageOf(error)}. ` +
          'Is KurrentDB running and reachable? See docs/kurrentdb.md.',
        { cause: error },
      );
    }
    return store;
  }

  // -------------------------------------------------------------------------------------------
  // Appending

  append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (this.closing || this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    let bytes: number;
    try {
      validateAppends(appends);
      bytes = appends.reduce((sum, a) => sum + estimateBytes(a.events), 0);
    } catch (error) {
      return Promise.reject(error);
    }
    const count = appends.reduce((n, a) => n + a.events.length, 0);
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, count, bytes, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flushLoop())
      .finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.kick();
      });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) await this.writeBatch(this.takeBatch());
  }

  /** The appends of the next group commit: queue order, within the write's size limits. */
  private takeBatch(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    let events = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (
        batch.length > 0 &&
        (events + next.count > this.settings.maxEventsPerWrite || bytes + next.bytes > this.settings.maxBytesPerWrite)
      )
        break;
      batch.push(this.queue.shift()!);
      events += next.count;
      bytes += next.bytes;
    }
    return batch;
  }

  /**
   * One group commit. Plans every append against the index (retry, refusal or new events sealed
   * into the chain), writes the new events to the log in one write expecting the head the plan
   * started from, then reads the tail back to confirm what the server holds. If another writer
   * moved the log in between, the index catches up and the batch is planned again. Never throws:
   * every append is settled.
   */
  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    try {
      for (let attempt = 1; ; attempt++) {
        const plan = await this.plan(batch);
        const data = plan.decisions.flatMap((d) => (d.kind === 'write' ? d.data : []));
        const written = data.length > 0 ? await this.writeLog(data, plan.basePosition) : true;
        await this.readBack();
        const confirmed = written && (await this.confirm(plan));
        if (confirmed) {
          await this.settle(plan.decisions);
          return;
        }
        if (attempt >= this.settings.maxConflictRetries) {
          throw new StoreUnavailableError(
            `gave up after ${attempt} attempts: another writer keeps appending to ${this.logStream} at ${this.target}`,
          );
        }
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  /** What to write, retry or refuse is the AppendPlan's, from the index and the events it names. */
  private async plan(batch: PendingAppend[]): Promise<{ decisions: Decision[]; basePosition: number }> {
    const base = this.tip;
    const ids = batch.flatMap((p) => p.appends.flatMap((a) => a.events.map((e) => e.eventId.toLowerCase())));
    const positions = ids.map((id) => this.eventPositions.get(id)).filter((p): p is number => p !== undefined);
    const stored = new Map((await this.eventsAt(positions)).map((event) => [event.eventId, event]));
    const plan = new AppendPlan(base, this.clock().toISOString(), { eventById: (id) => stored.get(id), revisionOf: (streamId) => this.revisionOf(streamId) });
    const decisions = batch.map((pending): Decision => {
      try {
        const decision = plan.decide(pending.appends);
        return decision.kind === 'write'
          ? { kind: 'write', pending, results: decision.results, sealed: decision.events, data: decision.events.map(toEventData) }
          : { kind: 'retry', pending, results: decision.results };
      } catch (error) {
        return { kind: 'refuse', pending, error };
      }
    });
    return { decisions, basePosition: base.position };
  }

  /**
   * Writes to the log expecting it to end at basePosition. False when another writer got there
   * first. A transient failure is retried with the very same events: if the first attempt did
   * commit, KurrentDB's idempotency (same event ids at the same expected revision) answers
   * success without writing them twice.
   */
  private async writeLog(data: EventData[], basePosition: number): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.appendToStream(this.logStream, data, {
          streamState: logStreamStateAfter(basePosition),
          deadline: this.settings.appendDeadlineMs,
        });
        return true;
      } catch (error) {
        if (classifyClientError(error) === 'wrong_expected_version') return false;
        if (isTransientClientError(error) && attempt < this.settings.maxTransientRetries && !this.closed) {
          await delay(100 * 2 ** attempt);
          continue;
        }
        throw toPortError(error, { action: `appending to ${this.logStream}` });
      }
    }
  }

  /** refresh() after a write, retried on transient failures: the write may well have succeeded. */
  private async readBack(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.refresh();
      } catch (error) {
        const cause = error instanceof StoreUnavailableError ? error.cause : error;
        if (!isTransientClientError(cause) || attempt >= this.settings.maxTransientRetries || this.closed) throw error;
        await delay(100 * 2 ** attempt);
      }
    }
  }

  /**
   * True when the log, as now read back, holds exactly what the plan sealed after basePosition
   * and nothing else came between. (A write "succeeds" without writing when the same event ids
   * already sit at that place: another process appended the same events first.)
   */
  private async confirm(plan: { decisions: Decision[]; basePosition: number }): Promise<boolean> {
    const sealed = plan.decisions.flatMap((d) => (d.kind === 'write' ? d.sealed : []));
    if (sealed.length === 0) return this.tip.position === plan.basePosition;
    const last = sealed[sealed.length - 1].position;
    if (this.tip.position < last) return false;
    const stored = await this.eventsAt(sealed.map((e) => e.position));
    return stored.every((event, i) => event.hash === sealed[i].hash && event.eventId === sealed[i].eventId);
  }

  private async settle(decisions: Decision[]): Promise<void> {
    for (const decision of decisions) {
      const { pending } = decision;
      if (decision.kind === 'refuse') {
        pending.reject(decision.error);
        continue;
      }
      const results: AppendResult[] = [];
      for (const result of decision.results) {
        // As the server holds them (a write), or as stored before (a retry).
        const events = decision.kind === 'write' ? await this.eventsAt(result.events.map((e) => e.position)) : result.events.map((e) => structuredClone(e));
        results.push({ ...result, events });
      }
      pending.resolve(results);
    }
  }

  // -------------------------------------------------------------------------------------------
  // The in-memory index of the log

  /**
   * Brings the index up to the log's current end. Concurrent callers share one read, but a
   * caller never joins a read that started before it called (it would miss a write completed
   * just before the call).
   */
  private refresh(): Promise<void> {
    if (this.queuedRefresh) return this.queuedRefresh;
    const next = this.refreshTail
      .catch(() => undefined)
      .then(() => {
        this.queuedRefresh = null;
        return this.readTail();
      });
    this.queuedRefresh = next;
    this.refreshTail = next;
    return next;
  }

  private async readTail(): Promise<void> {
    for (;;) {
      const events = await this.readLogEvents(this.tip.position, READ_PAGE);
      for (const event of events) this.apply(event);
      if (events.length < READ_PAGE) return;
    }
  }

  /** Adds one log event to the index, checking the log's invariants on the way. */
  private apply(event: RecordedEvent): void {
    const head = this.tip;
    if (event.position <= head.position) return;
    if (event.position !== head.position + 1) {
      throw new KurrentDbCorruptEventError(`position ${event.position} follows position ${head.position} in ${this.logStream}`);
    }
    if (event.prevHash !== head.hash) {
      throw new KurrentDbCorruptEventError(
        `the hash chain breaks at position ${event.position} (event ${event.eventId}): prevHash ${event.prevHash} but position ${head.position} has hash ${head.hash}`,
      );
    }
    const positions = this.streamPositions.get(event.streamId) ?? [];
    if (event.streamRevision !== positions.length) {
      throw new KurrentDbCorruptEventError(
        `event ${event.eventId} at position ${event.position} claims revision ${event.streamRevision} of ${event.streamId}, which is at ${positions.length - 1}`,
      );
    }
    if (this.eventPositions.has(event.eventId)) {
      throw new KurrentDbCorruptEventError(`event id ${event.eventId} is stored twice (positions ${this.eventPositions.get(event.eventId)} and ${event.position})`);
    }
    positions.push(event.position);
    this.streamPositions.set(event.streamId, positions);
    this.eventPositions.set(event.eventId, event.position);
    this.tip = { position: event.position, hash: event.hash, recordedAt: event.recordedAt };
    this.cache.set(event);
  }

  private revisionOf(streamId: string): number | null {
    const positions = this.streamPositions.get(streamId);
    return positions ? positions.length - 1 : null;
  }

  private async storedEvent(eventId: string): Promise<RecordedEvent | undefined> {
    const position = this.eventPositions.get(eventId);
    if (position === undefined) return undefined;
    return (await this.eventsAt([position]))[0];
  }

  /** The log events at these positions (each must be in the index), from the cache or the server. */
  private async eventsAt(positions: number[]): Promise<RecordedEvent[]> {
    const found = new Map<number, RecordedEvent>();
    const missing: number[] = [];
    for (const position of positions) {
      const cached = this.cache.get(position);
      if (cached) found.set(position, cached);
      else missing.push(position);
    }
    const runs: Array<{ first: number; count: number }> = [];
    for (const position of [...new Set(missing)].sort((a, b) => a - b)) {
      const run = runs[runs.length - 1];
      if (run && run.first + run.count === position) run.count++;
      else runs.push({ first: position, count: 1 });
    }
    for (let i = 0; i < runs.length; i += READ_CONCURRENCY) {
      await Promise.all(
        runs.slice(i, i + READ_CONCURRENCY).map(async ({ first, count }) => {
          for (const event of await this.readLogEvents(first - 1, count)) found.set(event.position, event);
        }),
      );
    }
    return positions.map((position) => {
      const event = found.get(position);
      if (!event) throw new KurrentDbCorruptEventError(`position ${position} is missing from ${this.logStream}`);
      return event;
    });
  }

  /** Up to `limit` log events with position > after; [] when the log does not exist yet. */
  private async readLogEvents(after: number, limit: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    try {
      const reading = this.client.readStream(this.logStream, {
        fromRevision: readRevisionAfter(after),
        maxCount: limit,
        direction: FORWARDS,
      });
      for await (const resolved of reading) events.push(fromLogEvent(resolved, this.logStream));
    } catch (error) {
      if (classifyClientError(error) === 'stream_not_found') return events;
      throw toPortError(error, { action: `reading ${this.logStream}` });
    }
    return events;
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    await this.refresh();
    const all = this.streamPositions.get(streamId) ?? [];
    const from = Math.max(0, options.fromRevision ?? 0);
    const end = options.maxCount === undefined ? all.length : Math.min(all.length, from + Math.max(0, options.maxCount));
    const events = await this.eventsAt(all.slice(from, end));
    events.forEach((event, i) => {
      if (event.streamId !== streamId || event.streamRevision !== from + i) {
        throw new KurrentDbCorruptEventError(
          `position ${event.position} holds ${event.streamId}@${event.streamRevision}, expected ${streamId}@${from + i}`,
        );
      }
    });
    return events;
  }

  async streamRevision(streamId: string): Promise<number | null> {
    this.assertOpen();
    await this.refresh();
    return this.revisionOf(streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readLogEvents(Math.max(0, options.after ?? 0), options.limit ?? 1000);
  }

  async head(): Promise<LogHead> {
    this.assertOpen();
    await this.refresh();
    return { ...this.tip };
  }

  // The read side's reads (read-side.ts), through the reads above. KurrentDB keeps only events: the
  // read models live in a database of their own (readModelHost() is null).

  async readLog(after: number, limit: number): Promise<LogEvent[]> {
    return (await this.readAll({ after, limit })).map(toLogEvent);
  }

  async readStreamsUntil(streams: readonly StreamUntil[]): Promise<Map<string, LogEvent[]>> {
    const read = async ({ streamId, until }: StreamUntil) =>
      [streamId, (await this.readStream(streamId)).map(toLogEvent).filter((e) => e.recordedAt <= until)] as const;
    return new Map(await Promise.all(streams.map(read)));
  }

  readModelHost(): null {
    return null;
  }

  subscribe(handler: BatchHandler, options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new KurrentDbSubscription(
      {
        open: (after) => this.client.subscribeToStream(this.logStream, { fromRevision: subscribeRevisionAfter(after) }),
        toRecorded: (resolved) => fromLogEvent(resolved, this.logStream),
        headPosition: async () => (await this.head()).position,
        isFatal: (error) => {
          const kind = classifyClientError(error);
          return kind === 'access_denied' || kind === 'stream_deleted' || error instanceof KurrentDbCorruptEventError;
        },
      },
      handler,
      options,
      this.settings.reconnect,
    );
    this.subscriptions.add(subscription);
    return {
      get position() {
        return subscription.position;
      },
      caughtUp: () => subscription.caughtUp(),
      stop: async () => {
        await subscription.stop();
        this.subscriptions.delete(subscription);
      },
    };
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { store: this.kind, status: 'down', detail: 'closed' };
    try {
      await withTimeout(
        this.refresh(),
        this.settings.healthTimeoutMs,
        () => new StoreUnavailableError(`${this.target} did not answer within ${this.settings.healthTimeoutMs} ms`),
      );
      return { store: this.kind, status: 'up', headPosition: this.tip.position };
    } catch (error) {
      return { store: this.kind, status: 'down', detail: messageOf(error) };
    }
  }

  /** Finishes the appends already queued, stops the subscriptions, then disconnects. */
  async close(): Promise<void> {
    if (this.closing || this.closed) return;
    this.closing = true;
    while (this.flushing) await this.flushing;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }
}

/** Recently appended or read events by position. The cache owns its objects: callers get copies. */
class EventCache {
  private readonly events = new Map<number, RecordedEvent>();

  constructor(private readonly capacity: number) {}

  get(position: number): RecordedEvent | undefined {
    const event = this.events.get(position);
    return event ? structuredClone(event) : undefined;
  }

  set(event: RecordedEvent): void {
    if (this.capacity === 0) return;
    this.events.set(event.position, event);
    while (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value as number);
  }
}

/** A connection string fit for messages and logs: the password replaced. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}

function estimateBytes(events: NewEvent[]): number {
  let bytes = 0;
  for (const event of events) {
    const text = JSON.stringify(event.data);
    if (text === undefined) throw new InvalidAppendError(`event ${event.eventId} has no JSON data`);
    bytes += Buffer.byteLength(text) + METADATA_BYTES;
  }
  return bytes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.constructor.name : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
