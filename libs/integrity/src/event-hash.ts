import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventContent, RecordedEvent } from '@ledger/event-store';

/** prevHash of the event at position 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical bytes of an event: RFC 8785 (JCS) over every envelope field except prevHash and
 * hash. The member signature, when present, is covered too, so it cannot be stripped unnoticed.
 * Absent optional fields are omitted, never serialized as null, so the form is stable across stores.
 */
export function canonicalEventBytes(event: EventContent): Buffer {
  const content: Record<string, unknown> = {
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data: event.data,
  };
  if (event.signature) content.signature = event.signature;
  const text = canonicalize(content);
  if (text === undefined) throw new Error(`event ${event.eventId} cannot be canonicalized`);
  return Buffer.from(text, 'utf8');
}

/** hash = SHA-256(prevHash ‖ canonical bytes), where prevHash contributes its 32 raw bytes. */
export function chainHash(prevHash: string, event: EventContent): string {
  return createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(canonicalEventBytes(event))
    .digest('hex');
}

/** Seals an event into the chain: sets prevHash and hash on it (in place; no copy) and returns it. */
export function sealEvent<T>(prevHash: string, event: EventContent<T>): RecordedEvent<T> {
  const sealed = event as RecordedEvent<T>;
  sealed.prevHash = prevHash;
  sealed.hash = chainHash(prevHash, event);
  return sealed;
}
