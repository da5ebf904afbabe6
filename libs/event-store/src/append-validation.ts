import canonicalize from 'canonicalize';
import type { NewEvent } from './envelope';
import { InvalidAppendError } from './errors';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:~@$-]{0,199}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks what every adapter must refuse before touching storage. */
export function validateAppend(streamId: string, events: NewEvent[]): void {
  if (!STREAM_ID.test(streamId)) throw new InvalidAppendError(`invalid stream id ${JSON.stringify(streamId)}`);
  if (events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new InvalidAppendError(`event id ${event.eventId} is not a UUID`);
    const id = event.eventId.toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(`event id ${event.eventId} appears twice in one append`);
    seen.add(id);
    if (!event.type) throw new InvalidAppendError('an event needs a type');
    if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1)
      throw new InvalidAppendError(`schemaVersion of ${event.type} must be a positive integer`);
  }
}

/** Checks an append of several streams: each stream's part, and no stream twice. */
export function validateAppends(appends: ReadonlyArray<{ streamId: string; events: NewEvent[] }>): void {
  if (appends.length === 0) throw new InvalidAppendError('an append needs at least one stream');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const { streamId, events } of appends) {
    validateAppend(streamId, events);
    if (streams.has(streamId)) throw new InvalidAppendError(`stream ${streamId} appears twice in one append`);
    streams.add(streamId);
    for (const event of events) {
      const id = event.eventId.toLowerCase();
      if (ids.has(id)) throw new InvalidAppendError(`event id ${event.eventId} appears twice in one append`);
      ids.add(id);
    }
  }
}

/**
 * The identity of an event's content as the caller gave it, for telling an idempotent retry
 * (same id, same content) from a reused id (same id, other content).
 */
export function contentFingerprint(streamId: string, event: NewEvent): string {
  return (
    canonicalize({
      streamId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      signature: event.signature ?? null,
    }) ?? ''
  );
}
