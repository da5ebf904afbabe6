import type { RecordedEvent } from '@ledger/event-store';

/**
 * What a projection needs of a stored event: where it is in the log, which stream, what happened
 * and when it was recorded (epoch milliseconds, UTC). The envelope's other fields (actor, hashes,
 * ids) do not change a read model, so the fast log readers do not even parse them.
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

/** Reads the log forward by position, as LogEvents. */
export interface LogReader {
  read(after: number, limit: number): Promise<LogEvent[]>;
  headPosition(): Promise<number>;
}
