/**
 * What the read side asks of a store, declared here and answered by each adapter in its own way:
 * the log read forward fast (only what a projection needs of an event), records' streams as they
 * stood at an instant (to fold a past state again), and — for stores whose database can hold the
 * read models too — that database. Nothing outside an adapter touches its tables or its connection.
 */
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import type { RecordedEvent } from './envelope';

/**
 * What a projection needs of a stored event: where it is in the log, which stream, what happened
 * and when it was recorded (epoch milliseconds, UTC). The envelope's other fields (actor, hashes,
 * ids) do not change a read model, so the fast readers do not even parse them.
 */
export interface LogEvent {
  readonly position: number;
  readonly streamId: string;
  readonly streamRevision: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** recordedAt as epoch milliseconds. */
  readonly recordedAt: number;
  readonly data: unknown;
}

export function toLogEvent(event: RecordedEvent): LogEvent {
  return {
    position: event.position,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: Date.parse(event.recordedAt),
    data: event.data,
  };
}

/** A stream as it stood at an instant: its events recorded at or before `until` (epoch ms). */
export interface StreamUntil {
  readonly streamId: string;
  readonly until: number;
}

/**
 * The database a store keeps its events in, offered to read models that live beside them:
 * - SQLite: the store's own connection, so a projection batch and its checkpoint commit in the same
 *   file as the events, one synchronous transaction at a time with the store's appends; `file` is
 *   where another connection (a rebuild's worker thread) opens it, null for an in-memory database;
 * - PostgreSQL: the store's pool and its schema.
 */
export type ReadModelHost = SqliteReadModelHost | PostgresReadModelHost;

export interface SqliteReadModelHost {
  readonly kind: 'sqlite';
  readonly database: Database.Database;
  readonly file: string | null;
}

export interface PostgresReadModelHost {
  readonly kind: 'postgres';
  readonly pool: Pool;
  readonly schema: string;
}

/** Groups events read in stream order by stream id, every stream asked for present (possibly empty). */
export function byStream(streams: readonly StreamUntil[], events: Iterable<LogEvent>): Map<string, LogEvent[]> {
  const out = new Map<string, LogEvent[]>(streams.map((s) => [s.streamId, []]));
  for (const event of events) out.get(event.streamId)?.push(event);
  return out;
}
