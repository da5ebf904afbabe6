import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import { LEDGER_HEADERS } from '@ledger/member-consumer';
import { KAFKA_HEADERS, MAX_SEND_BYTES, chunkForSending, messageBytes, toKafkaMessage, type SendChunk } from './kafka-message';
import { MAX_RETRY_DELAY_MS, retryDelay } from './kafka-publisher.service';

function event(position: number, streamId = 'commitment-1', dataBytes = 100): RecordedEvent {
  return {
    eventId: randomUUID(),
    type: 'CommitmentProgressReported',
    schemaVersion: 1,
    data: { note: 'x'.repeat(dataBytes) },
    actor: { type: 'operator' },
    correlationId: randomUUID(),
    causationId: null,
    position,
    streamId,
    streamRevision: position - 1,
    recordedAt: '2026-01-01T00:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  };
}

describe('Kafka messages of the publisher', () => {
  it('keys each event by its record stream and carries id, type and position in headers', () => {
    const e = event(7, 'pledge-9');
    const message = toKafkaMessage(e);
    expect(message.key).toBe('pledge-9');
    expect(JSON.parse(message.value)).toEqual(e);
    expect(message.headers).toEqual({ 'ledger-event-id': e.eventId, 'ledger-event-type': e.type, 'ledger-position': '7' });
  });

  it('uses the header names the member library reads', () => {
    expect(KAFKA_HEADERS).toEqual(LEDGER_HEADERS);
  });

  const messagesOf = (chunk: SendChunk) => chunk.topicMessages.flatMap((t) => t.messages);

  it('splits a batch into requests under the size limit, in order, each with its last position', () => {
    const events = Array.from({ length: 300 }, (_, i) => event(i + 1, 'commitment-big', 8 * 1024));
    const chunks = chunkForSending(events, events.map(() => 'ledger.collaborative.a'));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(messagesOf(chunk).reduce((sum, m) => sum + messageBytes(m), 0)).toBeLessThanOrEqual(MAX_SEND_BYTES);
    expect(chunks.flatMap((c) => messagesOf(c).map((m) => JSON.parse(m.value).position))).toEqual(events.map((e) => e.position));
    for (const chunk of chunks) expect(chunk.lastPosition).toBe(JSON.parse(messagesOf(chunk).at(-1)!.value).position);
    expect(chunks[chunks.length - 1].lastPosition).toBe(300);
  });

  it('keeps a small batch in one request, and gives an event bigger than the limit a request of its own', () => {
    const topics = (n: number) => Array.from({ length: n }, () => 't');
    expect(chunkForSending([event(1), event(2), event(3)], topics(3))).toHaveLength(1);
    const chunks = chunkForSending([event(1), event(2, 's', 2000), event(3)], topics(3), 1500);
    expect(chunks.map((c) => messagesOf(c).length)).toEqual([1, 1, 1]);
    expect(chunks.map((c) => c.lastPosition)).toEqual([1, 2, 3]);
    expect(chunkForSending([], [])).toEqual([]);
  });

  it("sends each event to its topic, each topic's messages in the events' order", () => {
    const events = [event(1, 'commitment-a'), event(2, 'organization-x'), event(3, 'commitment-a'), event(4, 'pledge-b')];
    const [chunk] = chunkForSending(events, ['ledger.collaborative.one', 'ledger.registry', 'ledger.collaborative.one', 'ledger.collaborative.two']);
    expect(chunk.lastPosition).toBe(4);
    expect(chunk.topicMessages.map((t) => [t.topic, t.messages.map((m) => m.headers['ledger-position'])])).toEqual([
      ['ledger.collaborative.one', ['1', '3']],
      ['ledger.registry', ['2']],
      ['ledger.collaborative.two', ['4']],
    ]);
    expect(() => chunkForSending(events, ['t'])).toThrow(/4 events but 1 topics/);
  });

  it('backs off from 250 ms, doubling, to at most MAX_RETRY_DELAY_MS', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelay)).toEqual([250, 500, 1000, 2000, 4000, MAX_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS]);
  });
});
