/**
 * The embedded store's log as the read side reads it: only the columns a projection uses, rows as
 * arrays (cheaper to build than objects), no envelope parsed beyond the event's data. The SQL on
 * the events table stays in this adapter; the read models only ever see LogEvents.
 */
import type Database from 'better-sqlite3';
import type { LogEvent, StreamUntil } from '../read-side';

const LOG_COLUMNS = 'position, stream_id, stream_revision, type, schema_version, recorded_at, data';

function logEventOf(r: unknown[]): LogEvent {
  return {
    position: r[0] as number,
    streamId: r[1] as string,
    streamRevision: r[2] as number,
    type: r[3] as string,
    schemaVersion: r[4] as number,
    recordedAt: Date.parse(r[5] as string),
    data: JSON.parse(r[6] as string),
  };
}

function logEventsOf(rows: unknown[][]): LogEvent[] {
  const events: LogEvent[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = logEventOf(rows[i]);
  return events;
}

/** Prepared on a connection to the store's database (the store's own). */
export class SqliteLogReader {
  private readonly byPosition: Database.Statement;
  private readonly streamUntil: Database.Statement;

  constructor(db: Database.Database) {
    this.byPosition = db.prepare(`SELECT ${LOG_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw();
    // recorded_at is stored as ISO 8601 UTC with milliseconds: compared as text, it orders as time.
    this.streamUntil = db.prepare(`SELECT ${LOG_COLUMNS} FROM events WHERE stream_id = ? AND recorded_at <= ? ORDER BY stream_revision`).raw();
  }

  readLog(after: number, limit: number): LogEvent[] {
    return logEventsOf(this.byPosition.all(after, limit) as unknown[][]);
  }

  readStreamsUntil(streams: readonly StreamUntil[]): Map<string, LogEvent[]> {
    const out = new Map<string, LogEvent[]>();
    for (const { streamId, until } of streams) {
      out.set(streamId, logEventsOf(this.streamUntil.all(streamId, new Date(until).toISOString()) as unknown[][]));
    }
    return out;
  }
}

/** Where a shard's reading stopped: the last stream read and its last revision ('' and -1 at first). */
export interface StreamCursor {
  readonly streamId: string;
  readonly streamRevision: number;
}

/**
 * One shard of the streams, read one stream after another in revision order (the stream index), up
 * to a position: how each worker thread of a parallel rebuild reads the log on a connection of its
 * own to the database file, so that a record is whole once its stream ends and a fold holds one
 * record at a time. A stream's shard comes from its id's last two characters (ids end in hex or
 * base-36 digits, or a slug), so every event of a record is in the same shard and the log splits
 * evenly; the shards 0 … shards−1 together are the whole log.
 */
export function sqliteShardReader(
  db: Database.Database,
  shard: { index: number; of: number },
): (after: StreamCursor, lastPosition: number, limit: number) => LogEvent[] {
  if (!(Number.isSafeInteger(shard.of) && shard.of >= 1 && Number.isSafeInteger(shard.index) && shard.index >= 0 && shard.index < shard.of)) {
    throw new Error(`no shard ${shard.index} of ${shard.of}`);
  }
  const statement = db
    .prepare(
      `SELECT ${LOG_COLUMNS} FROM events
       WHERE (stream_id, stream_revision) > (?, ?) AND position <= ?
         AND ((unicode(substr(stream_id, -1)) + unicode(substr(stream_id, -2, 1))) % ${shard.of}) = ?
       ORDER BY stream_id, stream_revision LIMIT ?`,
    )
    .raw();
  return (after, lastPosition, limit) => logEventsOf(statement.all(after.streamId, after.streamRevision, lastPosition, shard.index, limit) as unknown[][]);
}
