import type { RecordedEvent } from '@ledger/event-store';
import { chainHash } from '@ledger/integrity';
import type { DedupStore } from './dedup-store';
import { MemoryDedupStore } from './dedup-store';

/** Headers the ledger's publisher puts on every message (the key is the record's stream id). */
export const LEDGER_HEADERS = { eventId: 'ledger-event-id', type: 'ledger-event-type', position: 'ledger-position' } as const;

/** Where a message came from, as handed to member code beside the event. */
export interface Delivery {
  topic: string;
  partition: number;
  offset: string;
  /** The message key: the record's stream id. */
  key: string | null;
  headers: Record<string, string>;
}

export interface GateCounters {
  /** Events handed to member code. */
  handed: number;
  /** Events dropped because their stream revision was already handed on (re-published). */
  duplicates: number;
  /** Events whose link to the previous position could be checked (both seen, one after the other). */
  linksChecked: number;
  /** Events refused by an integrity check (hash, link, headers, revision gap). */
  refused: number;
}

export type GateVerdict =
  | { kind: 'new'; event: RecordedEvent }
  | { kind: 'duplicate'; event: RecordedEvent; lastRevision: number }
  | { kind: 'refused'; event: RecordedEvent; reason: string };

/**
 * The pure part of the member consumer, independent of Kafka: for each arriving event it decides
 * whether it is new (hand it to member code), a duplicate (drop it) or fails an integrity check.
 *
 * - Duplicates: delivery is at least once, so an event whose stream revision is not past the last
 *   one handed on for its stream is dropped.
 * - Per-record order: a record's events arrive in revision order, so a revision more than one past
 *   the last handed on means events were lost; that is refused as a gap, not handed on.
 * - Integrity: the event's hash is recomputed from its canonical form; when the event at the
 *   previous position was seen just before on the same topic, its hash must be this event's
 *   prevHash; the message key and headers must agree with the event.
 */
export class LedgerEventGate {
  readonly counters: GateCounters = { handed: 0, duplicates: 0, linksChecked: 0, refused: 0 };
  /** The last event that passed, per topic (links are checked between events of one topic). */
  private readonly last = new Map<string, { position: number; hash: string }>();

  constructor(readonly dedup: DedupStore = new MemoryDedupStore()) {}

  async check(event: RecordedEvent, delivery?: Pick<Delivery, 'key' | 'headers'> & { topic?: string }): Promise<GateVerdict> {
    const seen = await this.dedup.lastRevision(event.streamId);
    if (seen !== undefined && event.streamRevision <= seen) {
      this.counters.duplicates++;
      return { kind: 'duplicate', event, lastRevision: seen };
    }
    const reason = this.problem(event, seen, delivery);
    if (reason) {
      this.counters.refused++;
      return { kind: 'refused', event, reason };
    }
    return { kind: 'new', event };
  }

  /** Call once member code has finished with a 'new' event. */
  async handed(event: RecordedEvent): Promise<void> {
    await this.dedup.remember(event.streamId, event.streamRevision);
    this.counters.handed++;
  }

  private problem(event: RecordedEvent, seen: number | undefined, delivery?: Pick<Delivery, 'key' | 'headers'> & { topic?: string }): string | null {
    if (delivery) {
      if (delivery.key !== null && delivery.key !== event.streamId) return `message key ${delivery.key} is not the event's stream id ${event.streamId}`;
      const expected: Record<string, string> = {
        [LEDGER_HEADERS.eventId]: event.eventId,
        [LEDGER_HEADERS.type]: event.type,
        [LEDGER_HEADERS.position]: String(event.position),
      };
      for (const [name, value] of Object.entries(expected)) {
        const header = delivery.headers[name];
        if (header !== undefined && header !== value) return `header ${name}=${header} does not match the event (${value})`;
      }
    }
    if (seen !== undefined && event.streamRevision > seen + 1) {
      return `stream ${event.streamId} jumped from revision ${seen} to ${event.streamRevision}: revisions ${seen + 1}..${event.streamRevision - 1} were never delivered`;
    }
    const { prevHash, hash, ...content } = event;
    if (chainHash(prevHash, content) !== hash) return 'its hash does not match its content';
    const topic = delivery?.topic ?? '';
    const last = this.last.get(topic);
    if (last && last.position === event.position - 1) {
      this.counters.linksChecked++;
      if (last.hash !== prevHash) return `prevHash does not match the hash of position ${last.position}`;
    }
    this.last.set(topic, { position: event.position, hash });
    return null;
  }
}
