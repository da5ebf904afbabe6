/**
 * The fast canonical form and chain hash must be byte-for-byte the reference definition:
 * JCS (the `canonicalize` package) over the envelope minus prevHash/hash, and
 * SHA-256(prevHash bytes ‖ canonical bytes).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import type { EventContent } from '.';
import { canonicalEventBytes, chainHash, chainHashBytes, GENESIS_HASH } from '.';

function referenceBytes(event: EventContent): Buffer {
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
  return Buffer.from(canonicalize(content)!, 'utf8');
}

function referenceHash(prevHash: string, event: EventContent): string {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(referenceBytes(event)).digest('hex');
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const envelope: fc.Arbitrary<EventContent> = fc.record({
  position: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  eventId: fc.uuid(),
  type: fc.string(),
  schemaVersion: fc.integer(),
  streamId: fc.string({ unit: 'binary' }),
  streamRevision: fc.nat(),
  recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  actor: fc.record({ type: fc.constantFrom('organization', 'operator', 'ledger'), organizationId: maybe(fc.string()), role: maybe(fc.string()) }, { requiredKeys: ['type'] }),
  correlationId: fc.string(),
  causationId: fc.option(fc.string()),
  data: fc.jsonValue(),
  signature: fc.option(fc.record({ organizationId: fc.string(), keyId: fc.string(), signature: fc.base64String() }), { nil: undefined }),
}) as fc.Arbitrary<EventContent>;

describe('canonical event bytes and chain hash', () => {
  it('equal the reference JCS form and SHA-256 for any envelope', () => {
    fc.assert(
      fc.property(envelope, fc.oneof(fc.constant(GENESIS_HASH), fc.stringMatching(/^[0-9a-f]{64}$/)), (event, prevHash) => {
        expect(canonicalEventBytes(event)).toEqual(referenceBytes(event));
        expect(chainHash(prevHash, event)).toBe(referenceHash(prevHash, event));
        expect(chainHashBytes(prevHash, event).toString('hex')).toBe(referenceHash(prevHash, event));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the reference semantics for a malformed prevHash and a very large event', () => {
    fc.assert(
      fc.property(envelope, fc.string({ unit: 'binary', maxLength: 80 }), (event, prevHash) => {
        expect(chainHash(prevHash, event)).toBe(referenceHash(prevHash, event));
      }),
      { numRuns: 200 },
    );
    const big = { position: 1, eventId: 'e', type: 't', schemaVersion: 1, streamId: 's', streamRevision: 0, recordedAt: 'r',
      actor: { type: 'operator' }, correlationId: 'c', causationId: null, data: { text: '€'.repeat(200_000) } } as EventContent;
    expect(chainHash(GENESIS_HASH, big)).toBe(referenceHash(GENESIS_HASH, big));
  });

  it('omits absent optional members and covers the member signature', () => {
    const event = { position: 1, eventId: 'e', type: 't', schemaVersion: 1, streamId: 's', streamRevision: 0, recordedAt: 'r',
      actor: { type: 'operator' }, correlationId: 'c', causationId: null, data: {} } as EventContent;
    expect(canonicalEventBytes(event).toString()).toBe(
      '{"actor":{"type":"operator"},"causationId":null,"correlationId":"c","data":{},"eventId":"e","position":1,"recordedAt":"r","schemaVersion":1,"streamId":"s","streamRevision":0,"type":"t"}',
    );
    const signed = { ...event, signature: { organizationId: 'o', keyId: 'k', signature: 'AA==' } };
    expect(chainHash(GENESIS_HASH, signed)).not.toBe(chainHash(GENESIS_HASH, event));
  });
});
