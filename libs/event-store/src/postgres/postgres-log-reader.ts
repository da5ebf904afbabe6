/**
 * The PostgreSQL store's log as the read side reads it: only the columns a projection uses,
 * recordedAt as epoch milliseconds computed by the server, rows as arrays. The SQL on the events
 * table stays in this adapter; the read models only ever see LogEvents.
 */
import type { Pool } from 'pg';
import { byStream, type LogEvent, type StreamUntil } from '../read-side';
import { quoteIdent } from './postgres-migrations';

const MS = (column: string) => `floor(extract(epoch FROM ${column}) * 1000)::bigint`;

function logEventOf(r: unknown[]): LogEvent {
  return {
    position: Number(r[0]),
    streamId: r[1] as string,
    streamRevision: Number(r[2]),
    type: r[3] as string,
    schemaVersion: Number(r[4]),
    recordedAt: Number(r[5]),
    data: JSON.parse(r[6] as string),
  };
}

export class PostgresLogReader {
  private readonly byPosition: string;
  private readonly streamsUntil: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    const events = `${quoteIdent(schema)}.events`;
    this.byPosition = `SELECT position, stream_id, stream_revision, type, schema_version, ${MS('recorded_at')} AS recorded_at, data::text AS data
      FROM ${events} WHERE position > $1 ORDER BY position LIMIT $2`;
    // Every stream asked for in one statement (the stream index), each up to its own instant.
    this.streamsUntil = `SELECT e.position, e.stream_id, e.stream_revision, e.type, e.schema_version, ${MS('e.recorded_at')} AS recorded_at, e.data::text AS data
      FROM unnest($1::text[], $2::bigint[]) AS r(stream_id, until)
      JOIN ${events} e ON e.stream_id = r.stream_id
      WHERE ${MS('e.recorded_at')} <= r.until
      ORDER BY e.stream_id, e.stream_revision`;
  }

  async readLog(after: number, limit: number): Promise<LogEvent[]> {
    const { rows } = await this.pool.query({ text: this.byPosition, values: [after, limit], rowMode: 'array' });
    return (rows as unknown[][]).map(logEventOf);
  }

  async readStreamsUntil(streams: readonly StreamUntil[]): Promise<Map<string, LogEvent[]>> {
    if (streams.length === 0) return new Map();
    const { rows } = await this.pool.query({
      text: this.streamsUntil,
      values: [streams.map((s) => s.streamId), streams.map((s) => s.until)],
      rowMode: 'array',
    });
    return byStream(streams, (rows as unknown[][]).map(logEventOf));
  }
}
