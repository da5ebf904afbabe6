/**
 * Where read models live: the storage port, implemented on SQLite (the embedded store's own
 * database file, or a file of its own beside a KurrentDB log) and on PostgreSQL (the events'
 * schema). A batch of events and the checkpoint change in one transaction.
 */
import type { Version, VersionSink } from './folder';
import type { StreamReader } from './history';
import type { LogEvent } from './log-event';
import type { ReadDb } from './read-db';

export interface Checkpoint {
  /** Position of the last event applied; 0 before the first. */
  readonly position: number;
  /** recordedAt (epoch ms) of that event; 0 before the first. */
  readonly recordedAt: number;
  /** Bumped by every rebuild (index names carry it). */
  readonly generation: number;
  /** When the tables in use were built by a rebuild (ISO), or null if they grew live. */
  readonly rebuiltAt: string | null;
}

export interface ApplyResult {
  /** The checkpoint after the batch. */
  readonly position: number;
  /**
   * The stored checkpoint is not where this batch continues (a rebuild swapped other tables in, or
   * another process applied these events): nothing was applied, resubscribe from `position`.
   */
  readonly resync: boolean;
}

/** New tables being filled by a rebuild; invisible to queries until `finish` swaps them in. */
export interface RebuildTarget extends VersionSink {
  /** Rows buffered and not yet written. */
  readonly buffered: number;
  /** Writes the buffered rows (one transaction). */
  flush(): Promise<void>;
  /** Adds the open versions at the end of the fold. */
  addOpen(versions: Iterable<Version>): void;
  /** Creates the indexes and swaps the new tables in, with the checkpoint, in one transaction. */
  finish(checkpoint: { position: number; recordedAt: number }): Promise<Checkpoint>;
  /** Drops the new tables. */
  abort(): Promise<void>;
}

export interface ReadModelStorage {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the read models are, for messages: a file or a PostgreSQL schema. */
  readonly location: string;
  readonly db: ReadDb;
  /** Records' events, to fold past versions again: the event store's (null when the log is not at hand). */
  readonly streams: StreamReader | null;
  /** Creates the tables (or recreates them empty, at checkpoint 0, when their shape changed). */
  ensureSchema(): Promise<void>;
  checkpoint(): Promise<Checkpoint>;
  /** Applies events after the checkpoint and moves it, in one transaction. */
  applyBatch(events: readonly LogEvent[]): Promise<ApplyResult>;
  beginRebuild(): Promise<RebuildTarget>;
  close(): Promise<void>;
}
