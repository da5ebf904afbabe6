/**
 * Where past states come from. Past versions of a record are kept without their state (only the
 * columns queries filter and count on, and the time they were in force), so a rebuild writes a few
 * dozen bytes per version instead of the whole record each time. When an answer about the past
 * needs a record's whole state — a commitment with its progress reports as they stood — it is
 * folded again from the record's own events recorded by then (queries/state-reader.ts): the log is
 * the source of every state, and the event store reads those events (readStreamsUntil).
 */
import type { EventStore, LogEvent, StreamUntil } from '@ledger/event-store';

/** Reads records' events recorded up to given instants. */
export interface StreamReader {
  /** By stream id: the stream's events recorded at or before `until` (epoch ms), in order. */
  read(streams: readonly StreamUntil[]): Promise<Map<string, LogEvent[]>>;
}

/** A store's streams, as its adapter reads them (SQLite and PostgreSQL: straight from its table). */
export function storeStreamReader(store: EventStore): StreamReader {
  return { read: (streams) => store.readStreamsUntil(streams) };
}
