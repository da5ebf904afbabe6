import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { LedgerConfig } from '@ledger/config';
import { SqliteEventStore, type BatchHandler, type EventStore, type NewEvent, type SubscribeOptions } from '@ledger/event-store';
import { AccessIndex } from '../access/access-index.service';
import { ReadPolicy } from '../access/read-policy';
import { LiveStreams } from './live-streams.service';

/** What a stream wrote, as a ServerResponse would take it. */
class RecordingResponse extends EventEmitter {
  readonly chunks: string[] = [];
  writableEnded = false;
  writeHead(): this {
    return this;
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.writableEnded = true;
  }
  positions(): number[] {
    return [...this.chunks.join('').matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  }
}

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  actor: { type: 'operator' },
  correlationId: randomUUID(),
  causationId: null,
});
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A live stream must never judge an event by an index that has not applied it (issue 17: a member's
 * stream dropped its collaborative's new records because the index learning which collaborative a
 * stream belongs to lagged behind). Here the index is made to lag on purpose.
 */
describe('LiveStreams with an access index that lags', () => {
  let store: SqliteEventStore;
  let index: AccessIndex;
  let streams: LiveStreams;
  let release: () => void = () => undefined;
  let held = false;

  beforeEach(async () => {
    store = new SqliteEventStore({ filename: ':memory:' });
    // The index reads the log through a store whose deliveries can be held back.
    const lagging: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribe: (handler: BatchHandler, options: SubscribeOptions) =>
        store.subscribe(async (events) => {
          while (held) await new Promise<void>((resolve) => (release = resolve));
          return handler(events);
        }, options),
    });
    index = new AccessIndex(lagging);
    index.onApplicationBootstrap();
    const policy = new ReadPolicy(index);
    streams = new LiveStreams(store, { streamsPerKey: 5 } as LedgerConfig, index, policy);
    await store.append('organization-mb', [event('OrganizationRegistered', { organizationId: 'mb', name: 'mb', sector: 'other' })], { expectedRevision: 'no_stream' });
    await store.append('collaborative-cb', [event('CollaborativeFormed', { collaborativeId: 'cb', name: 'B', region: 'R', pathwayPhase: 3 })], { expectedRevision: 'no_stream' });
    await store.append('collaborative-cb', [event('MemberAdmitted', { collaborativeId: 'cb', organizationId: 'mb', role: 'member' })], { expectedRevision: 0 });
    await index.current();
  });

  afterEach(async () => {
    held = false;
    release();
    await streams.onApplicationShutdown();
    await index.onApplicationShutdown();
    await store.close();
  });

  it("delivers a member every new record of its collaborative, only once the index has applied it", async () => {
    const response = new RecordingResponse();
    await streams.open(response as unknown as ServerResponse, { kind: 'organization', organizationId: 'mb', keyId: 'k1' }, (await store.head()).position);
    held = true;
    const positions: number[] = [];
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      positions.push((await store.append(`commitment-${id}`, [event('CommitmentMade', { commitmentId: id, collaborativeId: 'cb', title: `#${i}` })], { expectedRevision: 'no_stream' })).position);
    }
    await wait(100);
    // Held back: the index has not applied them, so nothing is judged — and nothing dropped.
    expect(response.positions()).toEqual([]);
    held = false;
    release();
    for (let i = 0; i < 100 && response.positions().length < 10; i++) await wait(10);
    expect(response.positions()).toEqual(positions);
  });

  it('ends the stream at the revocation of its key, delivering nothing after it', async () => {
    const response = new RecordingResponse();
    await streams.open(response as unknown as ServerResponse, { kind: 'organization', organizationId: 'mb', keyId: 'k1' }, (await store.head()).position);
    await store.append('organization-mb', [event('ApiKeyRevoked', { organizationId: 'mb', keyId: 'k1' })], { expectedRevision: 0 });
    const id = randomUUID();
    await store.append(`commitment-${id}`, [event('CommitmentMade', { commitmentId: id, collaborativeId: 'cb', title: 'after' })], { expectedRevision: 'no_stream' });
    for (let i = 0; i < 100 && !response.writableEnded; i++) await wait(10);
    expect(response.writableEnded).toBe(true);
    expect(response.positions()).toEqual([]);
    expect(streams.count).toBe(0);
  });
});
