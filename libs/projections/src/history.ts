/**
 * Past versions of a record are kept without their state (only the columns queries filter and
 * count on, and the time they were in force), so a rebuild writes a few dozen bytes per version
 * instead of the whole record each time. When an answer about the past needs a record's whole state
 * — a commitment with its progress reports as they stood — it is folded again, with the domain's
 * evolve, from the record's own events recorded by then: the log is the source of every state.
 */
import type { EventStore, LogEvent, StreamUntil } from '@ledger/event-store';
import { evolveRecord, streamPrefixOf, type RecordKind } from './records';
import type { LastEvent } from './views';

/** Reads records' events recorded up to given instants. */
export interface StreamReader {
  /** By stream id: the stream's events recorded at or before `until` (epoch ms), in order. */
  read(streams: readonly StreamUntil[]): Promise<Map<string, LogEvent[]>>;
}

export interface StateAt<S = unknown> {
  state: S;
  last: LastEvent;
}

/** The states of records as they stood at `until`, by record id (absent: not recorded by then). */
export async function statesAt(reader: StreamReader | null, kind: RecordKind, ids: readonly string[], until: number): Promise<Map<string, StateAt>> {
  const states = new Map<string, StateAt>();
  if (ids.length === 0) return states;
  if (!reader) throw new Error('these read models cannot show past states: the log they were built from is not at hand');
  const prefix = streamPrefixOf(kind);
  const events = await reader.read(ids.map((id) => ({ streamId: prefix + id, until })));
  for (const id of ids) {
    let state: unknown = null;
    let last: LogEvent | null = null;
    for (const event of events.get(prefix + id) ?? []) {
      state = evolveRecord(kind, state, event);
      last = event;
    }
    if (last && state !== null && state !== undefined) {
      states.set(id, { state, last: { position: last.position, streamRevision: last.streamRevision, recordedAt: new Date(last.recordedAt).toISOString() } });
    }
  }
  return states;
}

/** A store's streams, as its adapter reads them (SQLite and PostgreSQL: straight from its table). */
export function storeStreamReader(store: EventStore): StreamReader {
  return { read: (streams) => store.readStreamsUntil(streams) };
}
