import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { chainHash, GENESIS_HASH } from '@ledger/integrity';
import { AppendPlan } from './append-plan';
import type { NewEvent, RecordedEvent } from './envelope';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from './errors';
import type { AppendResult, LogHead, StreamAppend } from './event-store.port';

/** A log in memory, written only through AppendPlan: what every adapter does around its I/O. */
class MemoryLog {
  readonly events: RecordedEvent[] = [];

  head(): LogHead {
    const last = this.events[this.events.length - 1];
    return last ? { position: last.position, hash: last.hash, recordedAt: last.recordedAt } : { position: 0, hash: GENESIS_HASH, recordedAt: null };
  }

  /** One batch (one transaction): each append decided in turn; refused ones change nothing. */
  batch(appends: StreamAppend[][], now: string): Array<AppendResult[] | Error> {
    const plan = new AppendPlan(this.head(), now, {
      eventById: (id) => this.events.find((e) => e.eventId === id),
      revisionOf: (streamId) => {
        const mine = this.events.filter((e) => e.streamId === streamId);
        return mine.length ? mine[mine.length - 1].streamRevision : null;
      },
    });
    const toWrite: RecordedEvent[] = [];
    const outcomes = appends.map((append) => {
      try {
        const decision = plan.decide(append);
        if (decision.kind === 'write') toWrite.push(...decision.events);
        return decision.results;
      } catch (error) {
        return error as Error;
      }
    });
    this.events.push(...toWrite);
    expect(plan.head.position).toBe(this.head().position);
    return outcomes;
  }
}

const event = (n: number, eventId: string = randomUUID()): NewEvent => ({
  eventId,
  type: 'ThingHappened',
  schemaVersion: 1,
  data: { n },
  actor: { type: 'operator' },
  correlationId: 'c',
  causationId: null,
});

describe('AppendPlan: the append rules every store shares', () => {
  it('keeps positions gapless, the chain unbroken and revisions contiguous, over random interleavings of appends, retries and refusals', () => {
    const step = fc.record({
      streams: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 2 }),
      count: fc.integer({ min: 1, max: 3 }),
      expectation: fc.constantFrom('any', 'right', 'wrong', 'no_stream'),
      retryOf: fc.option(fc.nat(), { nil: undefined }),
      reuseIdOf: fc.option(fc.nat(), { nil: undefined }),
      clockBack: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), (batches) => {
        const log = new MemoryLog();
        const accepted: Array<{ append: StreamAppend[]; results: AppendResult[] }> = [];
        let clock = Date.parse('2026-01-01T00:00:00Z');
        let n = 0;
        for (const steps of batches) {
          const appends = steps.map((s): StreamAppend[] => {
            if (s.retryOf !== undefined && accepted.length > 0) return accepted[s.retryOf % accepted.length].append;
            return s.streams.map((streamId) => {
              const stored = log.events.filter((e) => e.streamId === streamId);
              const current = stored.length ? stored[stored.length - 1].streamRevision : null;
              const expected =
                s.expectation === 'right' ? (current ?? 'no_stream') : s.expectation === 'wrong' ? (current ?? -1) + 7 : s.expectation === 'no_stream' ? 'no_stream' : 'any';
              const events = Array.from({ length: s.count }, () => event(++n));
              // An id already stored, with other content: must be refused.
              if (s.reuseIdOf !== undefined && log.events.length > 0) events[0] = event(++n, log.events[s.reuseIdOf % log.events.length].eventId);
              return { streamId, events, expectedRevision: expected };
            });
          });
          const before = log.events.length;
          clock += steps[0].clockBack ? -60_000 : 1_000;
          const outcomes = log.batch(appends, new Date(clock).toISOString());
          let added = 0;
          outcomes.forEach((outcome, i) => {
            if (outcome instanceof Error) {
              expect([WrongExpectedRevisionError, DuplicateEventIdError, InvalidAppendError].some((type) => outcome instanceof type)).toBe(true);
              return;
            }
            const retried = accepted.find((a) => a.append === appends[i]);
            if (retried) {
              // A retry answers exactly what was stored the first time.
              expect(outcome).toEqual(retried.results);
            } else {
              added += outcome.reduce((sum, r) => sum + r.events.length, 0);
              accepted.push({ append: appends[i], results: outcome });
            }
          });
          expect(log.events.length).toBe(before + added);
        }
        // Gapless positions, an unbroken chain that recomputes, contiguous revisions, time that never goes back.
        let prev = GENESIS_HASH;
        const revisions = new Map<string, number>();
        log.events.forEach((e, i) => {
          expect(e.position).toBe(i + 1);
          expect(e.prevHash).toBe(prev);
          const { prevHash: _p, hash: _h, ...content } = e;
          expect(chainHash(prev, content)).toBe(e.hash);
          prev = e.hash;
          expect(e.streamRevision).toBe((revisions.get(e.streamId) ?? -1) + 1);
          revisions.set(e.streamId, e.streamRevision);
          if (i > 0) expect(e.recordedAt >= log.events[i - 1].recordedAt).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('writes an append of several streams all or nothing', () => {
    const log = new MemoryLog();
    log.batch([[{ streamId: 'a', events: [event(1)], expectedRevision: 'no_stream' }]], '2026-01-01T00:00:00.000Z');
    const [refused] = log.batch(
      [
        [
          { streamId: 'b', events: [event(2)], expectedRevision: 'no_stream' },
          { streamId: 'a', events: [event(3)], expectedRevision: 5 },
        ],
      ],
      '2026-01-01T00:00:01.000Z',
    );
    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    expect(log.events.map((e) => e.streamId)).toEqual(['a']);
    const [written] = log.batch(
      [
        [
          { streamId: 'b', events: [event(2)], expectedRevision: 'no_stream' },
          { streamId: 'a', events: [event(3)], expectedRevision: 0 },
        ],
      ],
      '2026-01-01T00:00:02.000Z',
    );
    expect((written as AppendResult[]).map((r) => [r.streamId, r.streamRevision, r.position])).toEqual([
      ['b', 0, 2],
      ['a', 1, 3],
    ]);
    expect(log.batch([[{ streamId: 'a', events: [event(4)], expectedRevision: 'any' }, { streamId: 'a', events: [event(5)], expectedRevision: 'any' }]], '2026-01-01T00:00:03.000Z')[0]).toBeInstanceOf(
      InvalidAppendError,
    );
  });
});
