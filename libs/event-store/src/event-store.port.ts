import type { NewEvent, RecordedEvent } from './envelope';
import type { LeaderLock } from './leader-lock';
import type { LogEvent, ReadModelHost, StreamUntil } from './read-side';

/**
 * What the caller expects of the stream before appending:
 * - 'no_stream': the stream must not exist yet (creating a record);
 * - 'any': no check;
 * - a number: the stream's last revision must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

/** One stream's part of an append of several streams (appendMany). */
export interface StreamAppend extends AppendOptions {
  streamId: string;
  events: NewEvent[];
}

export interface AppendResult {
  streamId: string;
  /** The stream's revision after the append (its last event's revision). */
  streamRevision: number;
  /** The global position of the last event appended. */
  position: number;
  /** The events as stored (or as already stored, for an idempotent retry). */
  events: RecordedEvent[];
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive); default 0. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events with position > after; default 0 (from the start). */
  after?: number;
  /** At most this many; default 1000. */
  limit?: number;
}

/** The last stored event's position and hash; position 0 for an empty log. */
export interface LogHead {
  position: number;
  hash: string;
  recordedAt: string | null;
}

export interface StoreHealth {
  store: string;
  status: 'up' | 'down';
  headPosition?: number;
  detail?: string;
}

export type BatchHandler = (events: RecordedEvent[]) => Promise<void> | void;

export interface SubscribeOptions {
  /** Deliver events with position > after (the subscriber's checkpoint). */
  after: number;
  /** Maximum events handed to the handler at once; default 500. */
  batchSize?: number;
  /** Called once if the handler throws; the subscription stops. Default: logs to stderr. */
  onError?: (error: unknown) => void;
}

/** A running catch-up subscription. */
export interface Subscription {
  /** Position of the last event the handler finished with. */
  readonly position: number;
  /** Resolves once the subscription has caught up with the head seen when called. */
  caughtUp(): Promise<void>;
  /** Stops delivering; resolves after the batch in flight (if any) has been handled. */
  stop(): Promise<void>;
}

/**
 * The event-store port. Every adapter (SQLite, PostgreSQL, KurrentDB) implements it and passes
 * the contract suite in test/event-store/.
 */
export interface EventStore {
  /** 'sqlite' | 'postgres' | 'kurrentdb' */
  readonly kind: string;

  /**
   * Appends events to one stream atomically. Resolves only once they are durable.
   * Throws WrongExpectedRevisionError (nothing appended) on a revision mismatch, and
   * DuplicateEventIdError when an event id is reused for other content. Re-appending events whose
   * ids are all stored with the same content returns the original result and appends nothing.
   */
  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /**
   * Appends to several streams atomically, in the order given (one commit: all or nothing), each
   * with its own expected revision; answers each stream's result in that order. The same rules as
   * `append` (a retry of the whole append answers what was stored). A stream may appear once.
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;

  /** One stream forward from a revision. An unknown stream reads as []. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** The stream's last revision, or null when it does not exist. */
  streamRevision(streamId: string): Promise<number | null>;

  /** The whole log forward from a global position, in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** The last stored event's position and hash. */
  head(): Promise<LogHead>;

  /** Catch-up subscription: every event after the checkpoint in position order, then live ones. */
  subscribe(handler: BatchHandler, options: SubscribeOptions): Subscription;

  health(): Promise<StoreHealth>;

  close(): Promise<void>;

  // --- for the read side (read-side.ts) ------------------------------------------------------

  /**
   * The log forward from a global position, as the slim events projections fold: the same events
   * as readAll, in position order, without the envelope's other fields (SQLite and PostgreSQL read
   * only those columns). The head position is head()'s.
   */
  readLog(after: number, limit: number): Promise<LogEvent[]>;

  /**
   * Several streams as they stood at instants: by stream id (each one asked for), its events
   * recorded at or before its `until`, in revision order. Time travel folds past states from them.
   */
  readStreamsUntil(streams: readonly StreamUntil[]): Promise<Map<string, LogEvent[]>>;

  /**
   * The database the events are in, when read models may live in it beside them (the embedded
   * SQLite file, the PostgreSQL schema); null for a store that keeps only events (KurrentDB).
   */
  readModelHost(): ReadModelHost | null;

  /**
   * For a store several processes may share (PostgreSQL): a new handle on the lock that elects the
   * one process running the singletons (leader-lock.ts). Absent where one process has the store.
   */
  leaderLock?(): LeaderLock;
}
