/**
 * Past versions of a record are kept without their state (only the columns queries filter and
 * count on, and the time they were in force), so a rebuild writes a few dozen bytes per version
 * instead of the whole record each time. When an answer about the past needs a record's whole state
 * — a commitment with its progress reports as they stood — it is folded again, with the domain's
 * evolve, from the record's own events recorded by then: the log is the source of every state.
 */
import type { EventStore } from '@ledger/event-store';
import { evolveRecord, streamPrefixOf, type RecordKind } from './records';
import type { LastEvent } from './views';

export interface StreamEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly position: number;
  readonly streamRevision: number;
  /** Epoch ms. */
  readonly recordedAt: number;
}

/** Reads records' events recorded up to given instants. */
export interface StreamReader {
  /** By stream id: the stream's events recorded at or before `until` (epoch ms), in order. */
  read(streams: ReadonlyArray<{ streamId: string; until: number }>): Promise<Map<string, StreamEvent[]>>;
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
    let last: StreamEvent | null = null;
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

/** Through the event-store port (any adapter, e.g. KurrentDB). */
export function storeStreamReader(store: EventStore): StreamReader {
  return {
    async read(streams) {
      const out = new Map<string, StreamEvent[]>();
      await Promise.all(
        streams.map(async ({ streamId, until }) => {
          const events = await store.readStream(streamId);
          out.set(
            streamId,
            events
              .map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data, position: e.position, streamRevision: e.streamRevision, recordedAt: Date.parse(e.recordedAt) }))
              .filter((e) => e.recordedAt <= until),
          );
        }),
      );
      return out;
    },
  };
}
