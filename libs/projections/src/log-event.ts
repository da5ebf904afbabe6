import type { EventStore, LogEvent } from '@ledger/event-store';

/**
 * What a projection needs of a stored event (position, stream, type, schema version, data and
 * recordedAt in epoch ms) is the event-store port's LogEvent: each store reads it its own fastest
 * way (readLog).
 */
export type { LogEvent } from '@ledger/event-store';
export { toLogEvent } from '@ledger/event-store';

/** Reads the log forward by position, as LogEvents. */
export interface LogReader {
  read(after: number, limit: number): Promise<LogEvent[]>;
  headPosition(): Promise<number>;
}

/** A store's log, as its adapter reads it fastest (SQLite and PostgreSQL: straight from its table). */
export function logReaderFor(store: EventStore): LogReader {
  return {
    read: (after, limit) => store.readLog(after, limit),
    headPosition: async () => (await store.head()).position,
  };
}
