/**
 * Unit tests of the KurrentDB adapter that need no server.
 *
 * - The shared event-store contract runs here against FakeKurrentDb, an in-memory SIMULATION of
 *   the client (see __tests__/fake-kurrentdb-client.ts). That checks the adapter's own logic
 *   (gapless log, hash chain, group commit, idempotency, subscriptions); it is NOT the KurrentDB
 *   contract run, which needs a server (test/event-store/kurrentdb.contract.spec.ts).
 * - Failure paths a server makes hard to provoke: lost answers, outages, a second writer, a
 *   tampered log, dropped subscriptions.
 * - Start-up against an address where nothing listens, with the REAL client.
 */
import { createServer } from 'node:net';
import { UnavailableError } from '@kurrent/kurrentdb-client';
import type { LedgerConfig } from '@ledger/config';
import { chainHash, GENESIS_HASH } from '@ledger/integrity';
import { eventStoreContract } from '../../../../test/event-store/event-store.contract';
import { newEvent, newEvents } from '../../../../test/support/events';
import type { RecordedEvent } from '../envelope';
import { DuplicateEventIdError, StoreUnavailableError } from '../errors';
import type { EventStore } from '../event-store.port';
import { openEventStore } from '../open-event-store';
import { FakeKurrentDb } from './__tests__/fake-kurrentdb-client';
import { KurrentDbEventStore, redactConnectionString, type KurrentDbStoreSettings } from './kurrentdb-event-store';
import { KurrentDbCorruptEventError, toEventData } from './kurrentdb-mapping';

const quiet: KurrentDbStoreSettings = { reconnect: { initialDelayMs: 5, maxDelayMs: 20 } };

let server = new FakeKurrentDb();
eventStoreContract('kurrentdb adapter over an in-memory SIMULATION of the client (not a KurrentDB server)', {
  async open() {
    server = new FakeKurrentDb();
    return KurrentDbEventStore.openWithClient(server.client(), { ...quiet, streamPrefix: 'sim-' });
  },
  async reopen() {
    return KurrentDbEventStore.openWithClient(server.client(), { ...quiet, streamPrefix: 'sim-' });
  },
});

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: all.length, limit: 1000 });
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function expectIntactChain(log: RecordedEvent[]): void {
  log.forEach((event, i) => {
    expect(event.position).toBe(i + 1);
    expect(event.prevHash).toBe(i === 0 ? GENESIS_HASH : log[i - 1].hash);
    expect(event.hash).toBe(chainHash(event.prevHash, event));
  });
}

describe('KurrentDbEventStore over the simulated client', () => {
  let fake: FakeKurrentDb;
  const stores: EventStore[] = [];
  async function open(settings: KurrentDbStoreSettings = {}): Promise<KurrentDbEventStore> {
    const store = await KurrentDbEventStore.openWithClient(fake.client(), { ...quiet, ...settings });
    stores.push(store);
    return store;
  }
  beforeEach(() => {
    fake = new FakeKurrentDb();
  });
  afterEach(async () => {
    fake.down = false;
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  describe('storage layout', () => {
    it('writes every ledger event to the single log stream, event number = position - 1, ids passed through', async () => {
      const store = await open();
      const first = newEvent('CommitmentMade', { title: 'a' }, { causationId: 'c-0' });
      await store.append('commitment-1', [first]);
      await store.append('pledge-1', newEvents(2, 'PledgeMade'));
      const records = fake.recordsOf('ledger-log');
      expect(records.map((r) => r.revision)).toEqual([0n, 1n, 2n]);
      expect(records[0]).toMatchObject({ id: first.eventId, type: 'CommitmentMade', contentType: 'application/json' });
      expect(JSON.parse(records[0].data)).toEqual({ title: 'a' });
      expect(JSON.parse(records[0].metadata!)).toMatchObject({
        streamId: 'commitment-1',
        streamRevision: 0,
        position: 1,
        $correlationId: first.correlationId,
        $causationId: 'c-0',
      });
      expect(JSON.parse(records[2].metadata!)).toMatchObject({ streamId: 'pledge-1', streamRevision: 1, position: 3 });
      expect([...fake.streams.keys()]).toEqual(['ledger-log']);
    });

    it('keeps ledgers with different prefixes apart on one server', async () => {
      const a = await open({ streamPrefix: 'region-a-' });
      const b = await open({ streamPrefix: 'region-b-' });
      await a.append('s', newEvents(2));
      await b.append('s', newEvents(1));
      expect((await a.head()).position).toBe(2);
      expect((await b.head()).position).toBe(1);
      expect([...fake.streams.keys()].sort()).toEqual(['region-a-log', 'region-b-log']);
    });
  });

  describe('group commit', () => {
    it('writes appends queued together in one server write, each with its own answer', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(`g-${i % 4}`, [newEvent('G', { i })])));
      expect(fake.calls.append).toBeLessThan(5);
      expect(results.map((r) => r.position).sort((x, y) => x - y)).toEqual([...Array(40).keys()].map((i) => i + 1));
      expectIntactChain(await readWholeLog(store));
    });

    it('splits a group at the write size limits', async () => {
      const store = await open({ maxEventsPerWrite: 3 });
      await Promise.all(Array.from({ length: 9 }, () => store.append('split', [newEvent()])));
      expect(fake.calls.append).toBe(3);
      expect((await store.head()).position).toBe(9);
    });

    it('refuses one append of a group without failing the others', async () => {
      const store = await open();
      await store.append('busy', [newEvent()]);
      const [ok, stale, fresh] = await Promise.allSettled([
        store.append('busy', [newEvent()], { expectedRevision: 0 }),
        store.append('busy', [newEvent()], { expectedRevision: 0 }),
        store.append('quiet', [newEvent()], { expectedRevision: 'no_stream' }),
      ]);
      expect(ok).toMatchObject({ status: 'fulfilled', value: { streamRevision: 1, position: 2 } });
      expect(stale).toMatchObject({ status: 'rejected', reason: { code: 'wrong_expected_revision', actual: 1 } });
      expect(fresh).toMatchObject({ status: 'fulfilled', value: { position: 3 } });
    });
  });

  describe('lost answers and outages', () => {
    it('resends after a lost answer and relies on KurrentDB idempotency: stored once, answered once', async () => {
      const store = await open();
      await store.append('s', [newEvent()]);
      fake.failNext({ op: 'append', when: 'after', error: () => new UnavailableError(undefined, 'connection reset') });
      const result = await store.append('s', newEvents(2), { expectedRevision: 0 });
      expect(result).toMatchObject({ streamRevision: 2, position: 3 });
      expect(fake.recordsOf('ledger-log')).toHaveLength(3);
      expect(fake.calls.append).toBe(3);
      expectIntactChain(await readWholeLog(store));
    });

    it('fails with StoreUnavailableError when the server stays away, and a later retry gets the original answer', async () => {
      const store = await open({ maxTransientRetries: 1 });
      const events = newEvents(2);
      fake.failNext({ op: 'append', when: 'after', error: () => new UnavailableError(undefined, 'connection reset') });
      fake.failNext({ op: 'append', when: 'before', error: () => new UnavailableError(undefined, 'connection refused') });
      await expect(store.append('amb', events)).rejects.toBeInstanceOf(StoreUnavailableError);
      // It did commit the first time: the caller's retry must not store it twice.
      const retry = await store.append('amb', events, { expectedRevision: 'no_stream' });
      expect(retry).toMatchObject({ streamRevision: 1, position: 2 });
      expect(fake.recordsOf('ledger-log')).toHaveLength(2);
    });

    it('retries the read-back after a write when a read fails transiently', async () => {
      const store = await open();
      fake.failNext({ op: 'read', error: () => new UnavailableError(undefined, 'connection reset') });
      await expect(store.append('rb', newEvents(2))).resolves.toMatchObject({ position: 2 });
    });

    it('reports an outage clearly on reads and in health(), and recovers', async () => {
      const store = await open();
      await store.append('s', [newEvent()]);
      fake.down = true;
      await expect(store.readStream('s')).rejects.toThrow(/KurrentDB cannot be reached while reading ledger-log/);
      await expect(store.append('s', [newEvent()])).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.health()).toMatchObject({ store: 'kurrentdb', status: 'down', detail: expect.stringMatching(/cannot be reached/) });
      fake.down = false;
      expect(await store.health()).toEqual({ store: 'kurrentdb', status: 'up', headPosition: 1 });
      expect(await store.append('s', [newEvent()], { expectedRevision: 0 })).toMatchObject({ position: 2 });
    });

    it('fails start-up with a clear message when the server cannot be reached', async () => {
      fake.down = true;
      const opening = KurrentDbEventStore.openWithClient(fake.client(), { target: 'kurrentdb://db.example:2113?tls=false' });
      await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(opening).rejects.toThrow(
        /cannot open the KurrentDB event store at kurrentdb:\/\/db\.example:2113\?tls=false \(log stream ledger-log\): .*Is KurrentDB running/,
      );
    });
  });

  describe('a second writer on the same ledger', () => {
    it('never lets two processes take the same position: the loser re-reads and re-plans', async () => {
      const a = await open();
      const b = await open();
      await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => a.append(`a-${i % 3}`, [newEvent('A', { i })])),
        ...Array.from({ length: 30 }, (_, i) => b.append(`b-${i % 3}`, [newEvent('B', { i })])),
      ]);
      const log = await readWholeLog(a);
      expect(log).toHaveLength(60);
      expectIntactChain(log);
      expect(await b.streamRevision('a-0')).toBe(9);
      expect((await b.readStream('a-1')).map((e) => (e.data as { i: number }).i)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);
    });

    it('checks expected revisions and event ids against what the other process wrote', async () => {
      const a = await open();
      const b = await open();
      const event = newEvent('Made', { v: 1 });
      await a.append('rec', [event]);
      await expect(b.append('rec', [newEvent()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        code: 'wrong_expected_revision',
        actual: 0,
      });
      await expect(b.append('other', [{ ...event, data: { v: 2 } }])).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await b.append('rec', [event])).toMatchObject({ position: 1, streamRevision: 0 });
      expect(fake.recordsOf('ledger-log')).toHaveLength(1);
    });

    it('answers a retry sent to both processes at once as one append', async () => {
      const a = await open();
      const b = await open();
      const events = newEvents(3);
      const [x, y] = await Promise.all([a.append('twice', events), b.append('twice', events)]);
      expect(x.position).toBe(3);
      expect(y.position).toBe(3);
      expect(y.events.map((e) => e.hash)).toEqual(x.events.map((e) => e.hash));
      expect(fake.recordsOf('ledger-log')).toHaveLength(3);
    });
  });

  describe('integrity of what is read', () => {
    it('refuses to start on a log whose hash chain is broken, naming the position', async () => {
      const store = await open();
      await store.append('s', newEvents(2));
      const [, second] = await store.readAll();
      // A third event whose prevHash does not link to the second one's hash.
      const metadata = { ...toEventDataMetadata(second), position: 3, streamRevision: 2, prevHash: GENESIS_HASH };
      fake.plant('ledger-log', {
        id: newEvent().eventId,
        type: second.type,
        contentType: 'application/json',
        data: JSON.stringify(second.data),
        metadata: JSON.stringify(metadata),
      });
      const reopening = KurrentDbEventStore.openWithClient(fake.client());
      await expect(reopening).rejects.toBeInstanceOf(KurrentDbCorruptEventError);
      await expect(reopening).rejects.toThrow(/hash chain breaks at position 3/);
    });

    it('refuses a foreign event written into the log', async () => {
      const store = await open();
      await store.append('s', [newEvent()]);
      fake.plant('ledger-log', { id: newEvent().eventId, type: 'Foreign', contentType: 'application/json', data: '{}', metadata: undefined });
      await expect(store.readAll()).rejects.toThrow(/has no ledger metadata/);
      await expect(KurrentDbEventStore.openWithClient(fake.client())).rejects.toThrow(/fails verification/);
    });

    it('hands out copies: changing a returned event changes nothing stored', async () => {
      const store = await open();
      const [stored] = (await store.append('copy', [newEvent('C', { n: 1 })])).events;
      (stored.data as { n: number }).n = 99;
      const [again] = await store.readStream('copy');
      expect(again.data).toEqual({ n: 1 });
    });
  });

  describe('subscriptions', () => {
    it('resubscribes after a dropped subscription, from the last handled position, without repeats', async () => {
      const store = await open();
      await store.append('s', newEvents(5));
      const seen: number[] = [];
      const drops: unknown[] = [];
      const subscription = store.subscribe((batch) => void seen.push(...batch.map((e) => e.position)), { after: 0, batchSize: 2 });
      await subscription.caughtUp();
      const warn = jest.spyOn(console, 'warn').mockImplementation((...args) => void drops.push(args));
      fake.dropSubscriptions();
      await store.append('s', newEvents(4));
      fake.dropSubscriptions();
      await store.append('t', newEvents(3));
      await subscription.caughtUp();
      await subscription.stop();
      warn.mockRestore();
      expect(seen).toEqual([...Array(12).keys()].map((i) => i + 1));
      expect(drops.length).toBeGreaterThanOrEqual(1);
      expect(String((drops[0] as unknown[])[0])).toMatch(/resubscribing after position \d+/);
      expect(fake.calls.subscribe).toBeGreaterThanOrEqual(2);
    });

    it('keeps retrying while the server is down and catches up when it is back', async () => {
      const store = await open();
      await store.append('s', newEvents(2));
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      fake.down = true;
      const seen: number[] = [];
      const subscription = store.subscribe((batch) => void seen.push(...batch.map((e) => e.position)), { after: 0 });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(seen).toEqual([]);
      fake.down = false;
      await store.append('s', [newEvent()]);
      await subscription.caughtUp();
      await subscription.stop();
      warn.mockRestore();
      expect(seen).toEqual([1, 2, 3]);
      expect(fake.calls.subscribe).toBeGreaterThan(1);
    });

    it('stops on a corrupt event and reports it once', async () => {
      const store = await open();
      await store.append('s', [newEvent()]);
      fake.plant('ledger-log', { id: newEvent().eventId, type: 'Foreign', contentType: 'application/json', data: '{}', metadata: undefined });
      const errors: unknown[] = [];
      const subscription = store.subscribe(() => undefined, { after: 0, onError: (e) => errors.push(e) });
      await new Promise((resolve) => setTimeout(resolve, 30));
      await subscription.stop();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(KurrentDbCorruptEventError);
      expect(subscription.position).toBe(1);
    });

    it('stops its subscriptions on close', async () => {
      const store = await open();
      store.subscribe(() => undefined, { after: 0 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(fake.subscriptions.size).toBe(1);
      await store.close();
      expect(fake.subscriptions.size).toBe(0);
    });
  });

  describe('close', () => {
    it('finishes queued appends, then refuses everything with StoreUnavailableError and disposes the client', async () => {
      const client = fake.client();
      const store = await KurrentDbEventStore.openWithClient(client, quiet);
      const pending = store.append('c', newEvents(3));
      await store.close();
      await expect(pending).resolves.toMatchObject({ position: 3 });
      expect(client.disposed).toBe(true);
      await expect(store.append('c', [newEvent()])).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.health()).toMatchObject({ status: 'down', detail: 'closed' });
      await store.close();
    });
  });
});

/** The metadata toEventData would write for an event. */
function toEventDataMetadata(event: RecordedEvent): Record<string, unknown> {
  return (toEventData(event) as { metadata: Record<string, unknown> }).metadata;
}

describe('KurrentDbEventStore with the real client and no server', () => {
  /** A local port on which nothing listens. */
  async function closedPort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  it('fails fast at start-up with a message naming the server and what to check', async () => {
    const port = await closedPort();
    const started = Date.now();
    const opening = KurrentDbEventStore.open({ connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`, startupTimeoutMs: 20_000 });
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(opening).rejects.toThrow(
      new RegExp(`cannot open the KurrentDB event store at kurrentdb://127\\.0\\.0\\.1:${port}\\?tls=false \\(log stream ledger-log\\): .*Is KurrentDB running`),
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('makes openEventStore fail at start-up when LEDGER_STORE=kurrentdb and the server is away', async () => {
    const port = await closedPort();
    const config = { store: 'kurrentdb', kurrentdbConnectionString: `kurrentdb://admin:changeit@127.0.0.1:${port}?tls=false` } as LedgerConfig;
    const opening = openEventStore(config);
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(opening).rejects.toThrow(`kurrentdb://admin:***@127.0.0.1:${port}`);
    await expect(opening).rejects.not.toThrow('changeit');
  });

  it('refuses a malformed connection string with a clear message', async () => {
    await expect(KurrentDbEventStore.open({ connectionString: 'http://nope' })).rejects.toThrow(/not a valid KurrentDB connection string/);
  });

  it('never prints a password', () => {
    expect(redactConnectionString('kurrentdb://admin:changeit@db:2113?tls=true')).toBe('kurrentdb://admin:***@db:2113?tls=true');
    expect(redactConnectionString('kurrentdb://db:2113?tls=false')).toBe('kurrentdb://db:2113?tls=false');
  });
});
