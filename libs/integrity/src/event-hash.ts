import { createHash, hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventContent, RecordedEvent } from './envelope';

/** prevHash of the event at position 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical bytes of an event: RFC 8785 (JCS) over every envelope field except prevHash and
 * hash. The member signature, when present, is covered too, so it cannot be stripped unnoticed.
 * Absent optional fields are omitted, never serialized as null, so the form is stable across stores.
 */
export function canonicalEventBytes(event: EventContent): Buffer {
  return Buffer.from(canonicalEventText(event), 'utf8');
}

/**
 * canonicalEventBytes as a string. The envelope's keys are known, so they are written in JCS order
 * (UTF-16 code-unit order) directly and only their values go through `canonicalize`; this is
 * byte-for-byte `canonicalize({ position, eventId, …, data, signature? })` (a test holds it to that),
 * without building and sorting the top-level object for every event.
 */
export function canonicalEventText(event: EventContent): string {
  const members =
    member('actor', event.actor) +
    member('causationId', event.causationId) +
    member('correlationId', event.correlationId) +
    member('data', event.data) +
    member('eventId', event.eventId) +
    member('position', event.position) +
    member('recordedAt', event.recordedAt) +
    member('schemaVersion', event.schemaVersion) +
    (event.signature ? member('signature', event.signature) : '') +
    member('streamId', event.streamId) +
    member('streamRevision', event.streamRevision) +
    member('type', event.type);
  return `{${members.slice(1)}}`;
}

/** ',"key":<JCS of value>', or '' for a member canonicalize omits (undefined, symbol). */
function member(key: string, value: unknown): string {
  if (value === undefined || typeof value === 'symbol') return '';
  // canonicalize serializes strings, null and finite numbers with JSON.stringify; the rest goes to it.
  if (typeof value === 'string' || value === null || (typeof value === 'number' && Number.isFinite(value))) {
    return `,"${key}":${JSON.stringify(value)}`;
  }
  return `,"${key}":${canonicalize(value)}`;
}

// One reusable buffer for prevHash ‖ canonical bytes (hashing is synchronous).
let scratch = Buffer.alloc(64 * 1024);

/** hash = SHA-256(prevHash ‖ canonical bytes), where prevHash contributes its 32 raw bytes. */
export function chainHash(prevHash: string, event: EventContent): string {
  const text = canonicalEventText(event);
  if (prevHash.length !== 64) return slowChainHash(prevHash, text).toString('hex');
  const needed = 32 + 3 * text.length;
  if (needed > scratch.length) scratch = Buffer.alloc(Math.max(needed, scratch.length * 2));
  // write() stops at the first non-hex digit: fall back to Buffer.from's exact semantics then.
  if (scratch.write(prevHash, 0, 32, 'hex') !== 32) return slowChainHash(prevHash, text).toString('hex');
  const length = 32 + scratch.write(text, 32, 'utf8');
  return hash('sha256', scratch.subarray(0, length), 'hex');
}

/** chainHash as its 32 raw bytes (the Merkle leaf input of the event). */
export function chainHashBytes(prevHash: string, event: EventContent): Buffer {
  return Buffer.from(chainHash(prevHash, event), 'hex');
}

function slowChainHash(prevHash: string, text: string): Buffer {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(text, 'utf8').digest();
}

/** Seals an event into the chain: sets prevHash and hash on it (in place; no copy) and returns it. */
export function sealEvent<T>(prevHash: string, event: EventContent<T>): RecordedEvent<T> {
  const sealed = event as RecordedEvent<T>;
  sealed.prevHash = prevHash;
  sealed.hash = chainHash(prevHash, event);
  return sealed;
}
