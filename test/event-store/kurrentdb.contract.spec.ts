/**
 * The event-store contract against a LIVE KurrentDB server, run only when
 * KURRENTDB_CONNECTION_STRING is set (see docs/kurrentdb.md for starting one with Docker):
 *
 *   KURRENTDB_CONNECTION_STRING='kurrentdb://127.0.0.1:2113?tls=false' npx jest test/event-store/kurrentdb
 *
 * Each open() gets an empty ledger by using a fresh random stream prefix on the same server.
 * Without the variable this file registers one test that says, by its name, that the suite did
 * NOT run; it never counts as the contract passing.
 */
import { randomUUID } from 'node:crypto';
import { FORWARDS, KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { JSONRecordedEvent } from '@kurrent/kurrentdb-client';
import { chainHash, GENESIS_HASH } from '@ledger/integrity';
import { KurrentDbEventStore } from '../../libs/event-store/src/kurrentdb/kurrentdb-event-store';
import { newEvent, newEvents } from '../support/events';
import { eventStoreContract } from './event-store.contract';

const connectionString = process.env.KURRENTDB_CONNECTION_STRING || undefined;

if (connectionString) {
  let prefix = '';
  const freshPrefix = () => `contract-${randomUUID().slice(0, 13)}-`;

  eventStoreContract('kurrentdb', {
    async open() {
      prefix = freshPrefix();
      return KurrentDbEventStore.open({ connectionString, streamPrefix: prefix });
    },
    async reopen() {
      return KurrentDbEventStore.open({ connectionString, streamPrefix: prefix });
    },
    // No writerEnv: the crash test's writer process opens its store from the ledger's
    // configuration, which has no KurrentDB stream prefix, so it cannot reach this test's ledger.
  });

  describe('kurrentdb adapter on a live server', () => {
    const opened: KurrentDbEventStore[] = [];
    const open = async (streamPrefix: string) => {
      const store = await KurrentDbEventStore.open({ connectionString, streamPrefix });
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('stores each ledger event as a KurrentDB JSON event in <prefix>log, with the ledger id, type and envelope', async () => {
      const streamPrefix = freshPrefix();
      const store = await open(streamPrefix);
      const event = newEvent('CommitmentMade', { title: 'Open two clinics' }, { causationId: randomUUID() });
      await store.append('commitment-1', [event], { expectedRevision: 'no_stream' });
      const client = KurrentDBClient.connectionString(connectionString);
      try {
        const read: JSONRecordedEvent[] = [];
        for await (const resolved of client.readStream(`${streamPrefix}log`, { direction: FORWARDS })) {
          read.push(resolved.event as JSONRecordedEvent);
        }
        expect(read).toHaveLength(1);
        expect(read[0]).toMatchObject({ id: event.eventId, type: 'CommitmentMade', isJson: true, revision: 0n });
        expect(read[0].data).toEqual({ title: 'Open two clinics' });
        expect(read[0].metadata).toMatchObject({
          streamId: 'commitment-1',
          streamRevision: 0,
          position: 1,
          $correlationId: event.correlationId,
          $causationId: event.causationId,
          prevHash: GENESIS_HASH,
        });
      } finally {
        await client.dispose();
      }
    });

    it('keeps one gapless chain when two processes write the same ledger at once', async () => {
      const streamPrefix = freshPrefix();
      const a = await open(streamPrefix);
      const b = await open(streamPrefix);
      await Promise.all([
        ...Array.from({ length: 25 }, (_, i) => a.append(`a-${i % 5}`, [newEvent('A', { i })])),
        ...Array.from({ length: 25 }, (_, i) => b.append(`b-${i % 5}`, [newEvent('B', { i })])),
      ]);
      const log = await a.readAll({ limit: 100 });
      expect(log.map((e) => e.position)).toEqual([...Array(50).keys()].map((i) => i + 1));
      log.forEach((e, i) => {
        expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : log[i - 1].hash);
        expect(e.hash).toBe(chainHash(e.prevHash, e));
      });
      expect(await b.streamRevision('a-0')).toBe(4);
    });

    it('answers a retry of the same events with the original result, across processes', async () => {
      const streamPrefix = freshPrefix();
      const a = await open(streamPrefix);
      const b = await open(streamPrefix);
      const events = newEvents(2);
      const first = await a.append('idem', events, { expectedRevision: 'no_stream' });
      const again = await b.append('idem', events, { expectedRevision: 'no_stream' });
      expect(again.position).toBe(first.position);
      expect((await b.head()).position).toBe(2);
    });
  });
} else {
  console.warn(
    [
      '',
      '================================================================================',
      '  KurrentDB CONTRACT SUITE NOT RUN: KURRENTDB_CONNECTION_STRING is not set.',
      '  There is no KurrentDB server here, so the KurrentDB adapter has NOT been',
      '  checked against a real server. To run it, see docs/kurrentdb.md:',
      "    KURRENTDB_CONNECTION_STRING='kurrentdb://127.0.0.1:2113?tls=false' \\",
      '      npx jest test/event-store/kurrentdb',
      '================================================================================',
      '',
    ].join('\n'),
  );

  it('kurrentdb contract suite: NOT RUN — no KURRENTDB_CONNECTION_STRING (no KurrentDB server here)', () => {
    expect(process.env.KURRENTDB_CONNECTION_STRING || undefined).toBeUndefined();
  });
}
