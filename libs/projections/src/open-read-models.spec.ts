import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore, type NewEvent } from '@ledger/event-store';
import { readModelsFor } from './open-read-models';
import { Projector } from './projector';
import { momentAt, ReadModelQueries } from './queries';
import { SqliteReadModels } from './sqlite/sqlite-read-models';
import type { ReadModelStorage } from './storage';
import { CHECKPOINT_TABLE } from './tables';

const T0 = Date.parse('2025-03-01T09:00:00.000Z');

function event(type: string, data: object): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { commitmentId: 'c1', ...data },
    actor: { type: 'organization', organizationId: 'riverside', role: 'member' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

describe('readModelsFor: the read models where the store offers them', () => {
  let dir: string;
  let now: number;
  let store: SqliteEventStore;
  let storage: ReadModelStorage | null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-models-for-'));
    now = T0;
    store = new SqliteEventStore({ filename: ':memory:', clock: () => new Date(now) });
    storage = null;
    await store.append('commitment-c1', [
      event('CommitmentMade', { collaborativeId: 'uv', promisor: 'riverside', promisee: { collaborativeId: 'uv' }, title: 'Enrol 400 residents', dueDate: '2025-06-30' }),
    ]);
    now = T0 + 1000;
    await store.append('commitment-c1', [event('CommitmentAccepted', { by: 'steward' })]);
    now = T0 + 2000;
    await store.append('commitment-c1', [event('CommitmentProgressReported', { note: 'Enrolled 120' })]);
  });

  afterEach(async () => {
    await storage?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const project = async (on: EventStore, into: ReadModelStorage) => {
    await into.ensureSchema();
    const projector = new Projector(on, into);
    await projector.start();
    expect(await projector.catchUp(5000)).toBe(true);
    await projector.stop();
  };

  it("puts them in the embedded store's own database, on its connection", async () => {
    const host = store.readModelHost();
    storage = readModelsFor(store, join(dir, 'projections.sqlite'));
    expect(storage).toBeInstanceOf(SqliteReadModels);
    expect((storage as SqliteReadModels).connection).toBe(host.database);
    // In memory: no file a rebuild's worker threads could open.
    expect((storage as SqliteReadModels).sharedFile).toBeNull();
    await project(store, storage);
    expect(existsSync(join(dir, 'projections.sqlite'))).toBe(false);
    // The checkpoint is in the events' database, read on the store's connection.
    expect(host.database.prepare(`SELECT position FROM ${CHECKPOINT_TABLE}`).get()).toEqual({ position: 3 });
  });

  it('keeps them in a file of their own for a store that hosts none, and folds past states from its streams', async () => {
    const read = jest.fn((streams: Parameters<EventStore['readStreamsUntil']>[0]) => store.readStreamsUntil(streams));
    const onlyEvents: EventStore = Object.assign(Object.create(store) as EventStore, { readModelHost: () => null, readStreamsUntil: read });
    const file = join(dir, 'projections.sqlite');
    storage = readModelsFor(onlyEvents, file);
    expect(storage.location).toBe(file);
    await project(onlyEvents, storage);
    expect(existsSync(file)).toBe(true);

    const queries = new ReadModelQueries(storage);
    const checkpoint = await storage.checkpoint();
    const current = await queries.commitment('c1', momentAt(T0 + 3000, checkpoint));
    expect(current).toMatchObject({ status: 'active', progress: [{ note: 'Enrolled 120' }], lastEvent: { position: 3 } });
    expect(read).not.toHaveBeenCalled();
    // Between the acceptance and the progress report: the state then, folded from the stream.
    const then = await queries.commitment('c1', momentAt(T0 + 1500, checkpoint));
    expect(then).toMatchObject({ status: 'active', progress: [], lastEvent: { position: 2 } });
    expect(read).toHaveBeenCalledWith([{ streamId: 'commitment-c1', until: T0 + 1500 }]);
  });
});
