/**
 * The event-store contract: written once, run against every adapter (see *.contract.spec.ts).
 * Each adapter's spec file supplies a harness that opens a fresh, empty store.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import {
  DuplicateEventIdError,
  EventStore,
  InvalidAppendError,
  RecordedEvent,
  toLogEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { chainHash, GENESIS_HASH } from '@ledger/integrity';
import { newEvent, newEvents } from '../support/events';

export interface EventStoreHarness {
  /** A fresh, empty store. */
  open(): Promise<EventStore>;
  /** The same storage opened again, as after a restart. */
  reopen(): Promise<EventStore>;
  /** Environment under which fixtures/append-writer.ts opens the same storage; omit if unsupported. */
  writerEnv?(): NodeJS.ProcessEnv;
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: all.length ? all[all.length - 1].position : 0, limit: 1000 });
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function expectGapless(events: RecordedEvent[]): void {
  events.forEach((event, i) => expect(event.position).toBe(i + 1));
}

export function eventStoreContract(name: string, harness: EventStoreHarness): void {
  describe(`event-store contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('appending to several streams at once (appendMany)', () => {
      it('writes every stream of the append in one commit, in the order given, gapless', async () => {
        await store.append('partnership-1', newEvents(1), { expectedRevision: 'no_stream' });
        const results = await store.appendMany([
          { streamId: 'resolution-1', events: newEvents(1), expectedRevision: 'no_stream' },
          { streamId: 'partnership-1', events: newEvents(2), expectedRevision: 0 },
        ]);
        expect(results.map((r) => [r.streamId, r.streamRevision, r.position])).toEqual([
          ['resolution-1', 0, 2],
          ['partnership-1', 2, 4],
        ]);
        const log = await readWholeLog(store);
        expectGapless(log);
        expect(new Set(log.slice(1).map((e) => e.recordedAt)).size).toBe(1);
      });

      it('appends nothing of any stream when one stream is refused', async () => {
        await store.append('partnership-1', newEvents(1), { expectedRevision: 'no_stream' });
        await expect(
          store.appendMany([
            { streamId: 'resolution-1', events: newEvents(1), expectedRevision: 'no_stream' },
            { streamId: 'partnership-1', events: newEvents(1), expectedRevision: 7 },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect((await readWholeLog(store)).map((e) => e.streamId)).toEqual(['partnership-1']);
        expect(await store.streamRevision('resolution-1')).toBeNull();
      });

      it('answers a retry of the whole append with what was stored, and refuses a partial one', async () => {
        const first = [
          { streamId: 'resolution-1', events: newEvents(1), expectedRevision: 'no_stream' as const },
          { streamId: 'commitment-9', events: newEvents(1), expectedRevision: 'no_stream' as const },
        ];
        const stored = await store.appendMany(first);
        expect(await store.appendMany(first)).toEqual(stored);
        await expect(store.appendMany([first[0], { streamId: 'commitment-10', events: newEvents(1) }])).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await readWholeLog(store)).toHaveLength(2);
      });

      it('refuses a stream named twice, or no stream at all', async () => {
        await expect(store.appendMany([])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store.appendMany([
            { streamId: 'a-1', events: newEvents(1) },
            { streamId: 'a-1', events: newEvents(1) },
          ]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await readWholeLog(store)).toHaveLength(0);
      });
    });

    describe('append and expected revisions', () => {
      it('creates a stream with no_stream and answers its revision and position', async () => {
        const result = await store.append('commitment-1', newEvents(2), { expectedRevision: 'no_stream' });
        expect(result).toMatchObject({ streamId: 'commitment-1', streamRevision: 1, position: 2 });
        expect(result.events.map((e) => e.streamRevision)).toEqual([0, 1]);
        expect(await store.streamRevision('commitment-1')).toBe(1);
        expect(await store.streamRevision('nothing-here')).toBeNull();
      });

      it('refuses no_stream on an existing stream and appends nothing', async () => {
        await store.append('s-1', [newEvent()], { expectedRevision: 'no_stream' });
        const attempt = store.append('s-1', [newEvent()], { expectedRevision: 'no_stream' });
        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(attempt).rejects.toMatchObject({ streamId: 's-1', expected: 'no_stream', actual: 0 });
        expect((await store.head()).position).toBe(1);
      });

      it('appends at an exact revision and refuses a stale one', async () => {
        await store.append('s-2', newEvents(3));
        const ok = await store.append('s-2', [newEvent()], { expectedRevision: 2 });
        expect(ok.streamRevision).toBe(3);
        const stale = store.append('s-2', newEvents(2), { expectedRevision: 2 });
        await expect(stale).rejects.toMatchObject({ code: 'wrong_expected_revision', actual: 3, expected: 2 });
        const missing = store.append('s-none', [newEvent()], { expectedRevision: 0 });
        await expect(missing).rejects.toMatchObject({ code: 'wrong_expected_revision', actual: null });
        expect((await store.readStream('s-2')).length).toBe(4);
      });

      it("appends anywhere with 'any'", async () => {
        await store.append('s-3', [newEvent()], { expectedRevision: 'any' });
        const second = await store.append('s-3', [newEvent()], { expectedRevision: 'any' });
        expect(second.streamRevision).toBe(1);
      });

      it('lets exactly one of many racing writers win each revision', async () => {
        await store.append('race', [newEvent()]);
        for (let round = 0; round < 5; round++) {
          const expected = round;
          const attempts = await Promise.allSettled(
            Array.from({ length: 20 }, () => store.append('race', [newEvent('Raced', { round })], { expectedRevision: expected })),
          );
          const won = attempts.filter((a) => a.status === 'fulfilled');
          const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(19);
          for (const loss of lost) expect(loss.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        const stream = await store.readStream('race');
        expect(stream.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4, 5]);
        expectGapless(await readWholeLog(store));
      });

      it('refuses empty appends, bad stream ids and a repeated id within one append', async () => {
        await expect(store.append('s-4', [])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('bad stream id', [newEvent()])).rejects.toBeInstanceOf(InvalidAppendError);
        const event = newEvent();
        await expect(store.append('s-4', [event, event])).rejects.toBeInstanceOf(InvalidAppendError);
        expect((await store.head()).position).toBe(0);
      });
    });

    describe('idempotency by event id', () => {
      it('treats a re-append of the same events as a retry: same answer, nothing new', async () => {
        const events = newEvents(2);
        const first = await store.append('idem-1', events, { expectedRevision: 'no_stream' });
        const again = await store.append('idem-1', events, { expectedRevision: 'no_stream' });
        expect(again.position).toBe(first.position);
        expect(again.streamRevision).toBe(first.streamRevision);
        expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
        expect((await store.head()).position).toBe(2);
      });

      it('refuses an id reused for other content, clearly, and appends nothing', async () => {
        const event = newEvent('A', { v: 1 });
        await store.append('idem-2', [event]);
        const reused = store.append('idem-3', [{ ...event, data: { v: 2 } }]);
        await expect(reused).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(reused).rejects.toThrow(event.eventId);
        expect(await store.readStream('idem-3')).toEqual([]);
        expect((await store.head()).position).toBe(1);
      });
    });

    describe('reading', () => {
      it('reads one stream forward from a revision', async () => {
        await store.append('r-1', newEvents(5));
        await store.append('r-2', newEvents(2));
        const tail = await store.readStream('r-1', { fromRevision: 3 });
        expect(tail.map((e) => e.streamRevision)).toEqual([3, 4]);
        expect(tail.every((e) => e.streamId === 'r-1')).toBe(true);
        expect(await store.readStream('r-unknown')).toEqual([]);
        expect(await store.readStream('r-1', { fromRevision: 1, maxCount: 2 })).toHaveLength(2);
      });

      it('reads the log forward from a position, in pages', async () => {
        for (let i = 0; i < 10; i++) await store.append(`p-${i % 3}`, newEvents(3));
        const page = await store.readAll({ after: 10, limit: 5 });
        expect(page.map((e) => e.position)).toEqual([11, 12, 13, 14, 15]);
        expect(await store.readAll({ after: 30 })).toEqual([]);
      });

      it('keeps positions gapless and strictly increasing under many concurrent writers', async () => {
        await Promise.all(
          Array.from({ length: 50 }, (_, writer) =>
            (async () => {
              for (let i = 0; i < 10; i++) await store.append(`w-${writer}`, [newEvent('W', { writer, i })]);
            })(),
          ),
        );
        const log = await readWholeLog(store);
        expect(log).toHaveLength(500);
        expectGapless(log);
        for (let writer = 0; writer < 50; writer++) {
          const stream = await store.readStream(`w-${writer}`);
          expect(stream.map((e) => (e.data as { i: number }).i)).toEqual([...Array(10).keys()]);
        }
      });

      it('returns the full envelope, chained by hash, with recordedAt that never goes back', async () => {
        const causation = newEvent('Caused');
        await store.append('env-1', [causation]);
        await store.append('env-1', [
          newEvent('Followed', { amount: { currency: 'USD', amount: '10.00' } }, {
            causationId: causation.eventId,
            actor: { type: 'operator' },
            signature: { organizationId: 'org-a', keyId: 'k1', signature: 'c2lnbmF0dXJl' },
          }),
        ]);
        const [first, second] = await readWholeLog(store);
        expect(second).toMatchObject({
          position: 2,
          streamId: 'env-1',
          streamRevision: 1,
          type: 'Followed',
          schemaVersion: 1,
          causationId: causation.eventId,
          actor: { type: 'operator' },
          data: { amount: { currency: 'USD', amount: '10.00' } },
          signature: { organizationId: 'org-a', keyId: 'k1', signature: 'c2lnbmF0dXJl' },
        });
        expect(first.signature).toBeUndefined();
        expect(second.eventId).toMatch(/^[0-9a-f-]{36}$/);
        expect(second.correlationId).toEqual(expect.any(String));
        expect(new Date(second.recordedAt).toISOString()).toBe(second.recordedAt);
        expect(second.recordedAt >= first.recordedAt).toBe(true);
        expect(first.prevHash).toBe(GENESIS_HASH);
        expect(first.hash).toBe(chainHash(GENESIS_HASH, first));
        expect(second.prevHash).toBe(first.hash);
        expect(second.hash).toBe(chainHash(first.hash, second));
        expect(await store.head()).toMatchObject({ position: 2, hash: second.hash });
      });
    });

    describe("the read side's reads", () => {
      const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

      it('reads the log forward as slim events: the same events as readAll, in pages', async () => {
        for (let i = 0; i < 4; i++) await store.append(`slim-${i % 2}`, [newEvent('Counted', { i, nested: { note: `n${i}` } }), newEvent('Counted', { i: -i })]);
        const all = await readWholeLog(store);
        expect(await store.readLog(0, 100)).toEqual(all.map(toLogEvent));
        const page = await store.readLog(3, 4);
        expect(page.map((e) => e.position)).toEqual([4, 5, 6, 7]);
        expect(page[0]).toEqual({
          position: 4,
          streamId: 'slim-1',
          streamRevision: 1,
          type: 'Counted',
          schemaVersion: 1,
          recordedAt: Date.parse(all[3].recordedAt),
          data: { i: -1 },
        });
        expect(await store.readLog(8, 10)).toEqual([]);
        expect((await store.head()).position).toBe(8);
      });

      it('reads several streams as they stood at instants, each up to its own', async () => {
        for (let i = 0; i < 6; i++) {
          await store.append(`past-${i % 2}`, [newEvent('Stepped', { i })]);
          await pause();
        }
        const all = await readWholeLog(store);
        const at = (position: number) => Date.parse(all[position - 1].recordedAt);
        const asked = [
          { streamId: 'past-0', until: at(3) },
          { streamId: 'past-1', until: at(6) },
          { streamId: 'past-none', until: at(6) },
        ];
        const read = await store.readStreamsUntil(asked);
        for (const { streamId, until } of asked) {
          const expected = (await store.readStream(streamId)).map(toLogEvent).filter((e) => e.recordedAt <= until);
          expect(read.get(streamId) ?? []).toEqual(expected);
        }
        expect(read.get('past-0')!.map((e) => e.streamRevision)).toEqual([0, 1]);
        expect(read.get('past-1')!.map((e) => e.streamRevision)).toEqual([0, 1, 2]);
        expect(read.get('past-none') ?? []).toEqual([]);
        expect(await store.readStreamsUntil([{ streamId: 'past-0', until: at(1) - 1 }])).toEqual(new Map([['past-0', []]]));
        expect(await store.readStreamsUntil([])).toEqual(new Map());
      });

      it('offers its own database for read models, or none', async () => {
        const host = store.readModelHost();
        expect(host === null || host.kind === store.kind).toBe(true);
      });
    });

    describe('catch-up subscriptions', () => {
      it('delivers history in order, then live events, and resumes from its checkpoint', async () => {
        for (let i = 0; i < 7; i++) await store.append(`sub-${i % 2}`, newEvents(3));
        const seen: number[] = [];
        const first = store.subscribe(
          (batch) => {
            for (const e of batch) seen.push(e.position);
          },
          { after: 0, batchSize: 4 },
        );
        await first.caughtUp();
        expect(seen).toEqual([...Array(21).keys()].map((i) => i + 1));

        await store.append('sub-live', newEvents(2));
        await first.caughtUp();
        expect(seen.slice(-2)).toEqual([22, 23]);
        await first.stop();
        const checkpoint = first.position;
        expect(checkpoint).toBe(23);

        await store.append('sub-live', newEvents(3));
        const resumed: number[] = [];
        const second = store.subscribe((batch) => void resumed.push(...batch.map((e) => e.position)), {
          after: checkpoint,
        });
        await second.caughtUp();
        await second.stop();
        expect(resumed).toEqual([24, 25, 26]);
      });

      it('stops and reports when the handler fails, without moving past the failed batch', async () => {
        await store.append('sub-fail', newEvents(3));
        const errors: unknown[] = [];
        const subscription = store.subscribe(
          () => {
            throw new Error('projection broke');
          },
          { after: 0, onError: (e) => errors.push(e) },
        );
        await expect(subscription.caughtUp()).rejects.toThrow('projection broke');
        await subscription.stop();
        expect(errors).toHaveLength(1);
        expect(subscription.position).toBe(0);
      });
    });

    describe('durability', () => {
      it('keeps everything across a close and reopen', async () => {
        await store.append('dur-1', newEvents(3));
        const head = await store.head();
        await store.close();
        store = await harness.reopen();
        expect(await store.head()).toEqual(head);
        const next = await store.append('dur-1', [newEvent()], { expectedRevision: 2 });
        expect(next.position).toBe(4);
      });

      if (harness.writerEnv) {
        it('keeps every resolved append when the writer process is killed mid-stream', async () => {
          await store.close();
          const resolved = await runAndKillWriter(harness.writerEnv!(), 400);
          store = await harness.reopen();
          const log = await readWholeLog(store);
          expectGapless(log);
          const stored = new Map(log.map((e) => [e.eventId, e.position]));
          for (const { position, eventId } of resolved) expect(stored.get(eventId)).toBe(position);
          expect(log.length).toBeGreaterThanOrEqual(resolved.length);
          for (let i = 1; i < log.length; i++) expect(log[i].prevHash).toBe(log[i - 1].hash);
        });
      }
    });
  });
}

/** Starts the writer fixture, SIGKILLs it once `killAfter` appends have resolved, returns them. */
async function runAndKillWriter(
  env: NodeJS.ProcessEnv,
  killAfter: number,
): Promise<Array<{ position: number; eventId: string }>> {
  const writer = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'append-writer.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const resolved: Array<{ position: number; eventId: string }> = [];
  let stderr = '';
  writer.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    writer.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  for await (const line of createInterface({ input: writer.stdout })) {
    const [word, position, eventId] = line.split(' ');
    if (word !== 'ok') continue;
    resolved.push({ position: Number(position), eventId });
    if (resolved.length === killAfter) writer.kill('SIGKILL');
  }
  const ending = await exited;
  if (ending !== 'SIGKILL') throw new Error(`writer ended with ${ending} before it was killed: ${stderr}`);
  return resolved;
}
