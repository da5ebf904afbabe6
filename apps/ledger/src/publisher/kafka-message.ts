import type { RecordedEvent } from '@ledger/event-store';

/** Headers every published event carries, so consumers can deduplicate and resume. */
export const KAFKA_HEADERS = { eventId: 'ledger-event-id', type: 'ledger-event-type', position: 'ledger-position' } as const;

/** One event as a Kafka message: keyed by stream id (per-record order), the envelope as JSON value. */
export function toKafkaMessage(event: RecordedEvent) {
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
