import { sealEvent } from '@ledger/integrity';
import type { RecordedEvent } from './envelope';
import { contentFingerprint } from './append-validation';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from './errors';
import type { AppendResult, LogHead, StreamAppend } from './event-store.port';

/** What the plan needs to know of what is already stored (an adapter answers from its storage). */
export interface StoredLookups {
  /** The stored event with this (lowercase) id, or undefined. */
  eventById(eventId: string): RecordedEvent | undefined;
  /** The stream's last revision, or null when it has no event. */
  revisionOf(streamId: string): number | null;
}

/** What to do with one append: answer a retry with what was stored, or write these sealed events. */
export type AppendDecision =
  | { kind: 'retry'; results: AppendResult[] }
  | { kind: 'write'; results: AppendResult[]; events: RecordedEvent[] };

/**
 * The one home of what every event store decides when it appends — the rules of the port, whatever
 * the storage: an idempotent retry (every event id already stored with the same content) answers
 * what was stored; a reused id with other content, or an append only partly stored, is refused; the
 * expected revision of each stream is checked; positions continue the log without a gap; recordedAt
 * never goes backwards; and each event is sealed into the hash chain after the one before it.
 *
 * An adapter opens a plan inside its write transaction with the log's head, and hands it each
 * append of the batch in turn (`decide`); the plan remembers what the batch has written so far, so
 * later appends of the same batch see it. Each append (of one stream, or several streams at once)
 * is all or nothing: a refusal throws before the plan changes. The adapter then writes the events
 * of every `write` decision, and moves its head to `plan.head`.
 */
export class AppendPlan {
  private position: number;
  private hash: string;
  readonly recordedAt: string;
  /** Events this batch has written, by lowercase id, and the streams' revisions after them. */
  private readonly written = new Map<string, RecordedEvent>();
  private readonly revisions = new Map<string, number>();

  constructor(
    head: LogHead,
    /** The adapter's clock reading for this batch (ISO 8601). */
    now: string,
    private readonly stored: StoredLookups,
    private readonly seal: typeof sealEvent = sealEvent,
  ) {
    this.position = head.position;
    this.hash = head.hash;
    this.recordedAt = head.recordedAt && head.recordedAt > now ? head.recordedAt : now;
  }

  /** The log's head once every `write` decided so far is stored. */
  get head(): LogHead {
    return { position: this.position, hash: this.hash, recordedAt: this.position === 0 ? null : this.recordedAt };
  }

  /** Decides one append; throws (changing nothing) when it is refused. */
  decide(appends: StreamAppend[]): AppendDecision {
    const streams = new Set<string>();
    for (const { streamId } of appends) {
      if (streams.has(streamId)) throw new InvalidAppendError(`stream ${streamId} appears twice in one append`);
      streams.add(streamId);
    }
    const retry = this.findRetry(appends);
    if (retry) return { kind: 'retry', results: retry };
    for (const { streamId, expectedRevision: expected = 'any' } of appends) {
      const current = this.revisionOf(streamId);
      if (expected === 'no_stream' ? current !== null : typeof expected === 'number' && current !== expected) {
        throw new WrongExpectedRevisionError(streamId, expected, current);
      }
    }
    const results: AppendResult[] = [];
    const events: RecordedEvent[] = [];
    for (const { streamId, events: incoming } of appends) {
      let revision = this.revisionOf(streamId) ?? -1;
      const sealed: RecordedEvent[] = [];
      for (const event of incoming) {
        const recorded = this.seal(this.hash, {
          position: ++this.position,
          eventId: event.eventId.toLowerCase(),
          type: event.type,
          schemaVersion: event.schemaVersion,
          streamId,
          streamRevision: ++revision,
          recordedAt: this.recordedAt,
          actor: event.actor,
          correlationId: event.correlationId,
          causationId: event.causationId,
          data: event.data,
          ...(event.signature ? { signature: event.signature } : {}),
        });
        this.hash = recorded.hash;
        this.written.set(recorded.eventId, recorded);
        sealed.push(recorded);
      }
      this.revisions.set(streamId, revision);
      events.push(...sealed);
      results.push({ streamId, streamRevision: revision, position: this.position, events: sealed });
    }
    return { kind: 'write', results, events };
  }

  private revisionOf(streamId: string): number | null {
    const written = this.revisions.get(streamId);
    return written !== undefined ? written : this.stored.revisionOf(streamId);
  }

  private eventById(eventId: string): RecordedEvent | undefined {
    return this.written.get(eventId) ?? this.stored.eventById(eventId);
  }

  /**
   * An append whose event ids are all stored already, with the same content, is a retry: answer
   * with what was stored. A reused id with other content, or an append only partly stored, is refused.
   */
  private findRetry(appends: StreamAppend[]): AppendResult[] | null {
    let found = 0;
    let total = 0;
    let firstFound: string | null = null;
    const results: AppendResult[] = [];
    for (const { streamId, events } of appends) {
      const stored: RecordedEvent[] = [];
      for (const event of events) {
        total++;
        const existing = this.eventById(event.eventId.toLowerCase());
        if (!existing) continue;
        if (contentFingerprint(existing.streamId, existing) !== contentFingerprint(streamId, event)) {
          throw new DuplicateEventIdError(event.eventId, `stored in ${existing.streamId} as ${existing.type}`);
        }
        found++;
        firstFound ??= existing.eventId;
        stored.push(existing);
      }
      if (stored.length > 0) {
        const last = stored[stored.length - 1];
        results.push({ streamId, streamRevision: last.streamRevision, position: last.position, events: stored });
      }
    }
    if (found === 0) return null;
    if (found !== total) throw new DuplicateEventIdError(firstFound!, 'only part of this append was stored before');
    return results;
  }
}
