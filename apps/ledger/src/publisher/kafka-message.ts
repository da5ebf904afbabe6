import type { RecordedEvent } from '@ledger/event-store';

/** Headers every published event carries, so consumers can deduplicate and resume. */
export const KAFKA_HEADERS = { eventId: 'ledger-event-id', type: 'ledger-event-type', position: 'ledger-position' } as const;

export interface LedgerKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** One event as a Kafka message: keyed by stream id (per-record order), the envelope as JSON value. */
export function toKafkaMessage(event: RecordedEvent): LedgerKafkaMessage {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: {
      [KAFKA_HEADERS.eventId]: event.eventId,
      [KAFKA_HEADERS.type]: event.type,
      [KAFKA_HEADERS.position]: String(event.position),
    },
  };
}

/**
 * Most bytes of messages sent in one produce request. A broker refuses a record batch bigger than
 * its message.max.bytes (1 MiB by default) with MESSAGE_TOO_LARGE, and a refused batch would be
 * retried for ever; keeping each request well under it keeps every partition's batch under it.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/** Per-message overhead in a record batch (offset, timestamp, lengths, header names), rounded up. */
const RECORD_OVERHEAD_BYTES = 64;

export function messageBytes(message: LedgerKafkaMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** One produce request: each topic's messages, in position order, and the last position it carries. */
export interface SendChunk {
  topicMessages: Array<{ topic: string; messages: LedgerKafkaMessage[] }>;
  lastPosition: number;
}

/**
 * Splits a batch of events, in position order, into consecutive chunks of at most `maxBytes` of
 * messages (a chunk always holds at least one event), each sent and checkpointed in turn. Each
 * event goes to the topic `topics[i]` names for it; within a chunk, each topic's messages keep the
 * events' order (and each record is on one topic, so its events keep theirs).
 */
export function chunkForSending(events: RecordedEvent[], topics: readonly string[], maxBytes = MAX_SEND_BYTES): SendChunk[] {
  if (topics.length !== events.length) throw new Error(`${events.length} events but ${topics.length} topics`);
  const chunks: SendChunk[] = [];
  let current = new Map<string, LedgerKafkaMessage[]>();
  let count = 0;
  let bytes = 0;
  const close = (lastPosition: number) => {
    chunks.push({ topicMessages: [...current].map(([topic, messages]) => ({ topic, messages })), lastPosition });
    current = new Map();
    count = 0;
    bytes = 0;
  };
  events.forEach((event, i) => {
    const message = toKafkaMessage(event);
    const size = messageBytes(message);
    if (count > 0 && bytes + size > maxBytes) close(events[i - 1].position);
    const messages = current.get(topics[i]) ?? [];
    messages.push(message);
    current.set(topics[i], messages);
    count++;
    bytes += size;
  });
  if (count > 0) close(events[events.length - 1].position);
  return chunks;
}
