import type { LogEvent } from '../log-event';
import { SqliteReadModels } from '../sqlite/sqlite-read-models';
import { momentAt } from './moment';
import { ReadModelQueries } from './read-model-queries';

const T0 = Date.parse('2025-03-01T09:00:00.000Z');
let position = 0;
function event(type: string, data: object, recordedAt: number, streamRevision: number): LogEvent {
  return { position: ++position, streamId: 'commitment-c1', streamRevision, type, schemaVersion: 1, recordedAt, data: { commitmentId: 'c1', ...data } };
}

describe('StateReader: decoded states (through ReadModelQueries)', () => {
  let models: SqliteReadModels;
  beforeEach(async () => {
    position = 0;
    models = SqliteReadModels.openFile(':memory:');
    await models.ensureSchema();
    models.applyBatchSync([
      event('CommitmentMade', { collaborativeId: 'uv', promisor: 'riverside', promisee: { collaborativeId: 'uv' }, title: 'Enrol 400 residents', dueDate: '2025-06-30' }, T0, 0),
      event('CommitmentAccepted', { by: 'steward' }, T0 + 1000, 1),
    ]);
  });
  afterEach(() => models.close());

  const now = async () => momentAt(Date.parse('2025-04-01T00:00:00Z'), await models.checkpoint());

  it('reuses a decoded state only while the record has no later event', async () => {
    const queries = new ReadModelQueries(models);
    const first = await queries.commitment('c1', await now());
    expect(first).toMatchObject({ status: 'active', progress: [], lastEvent: { position: 2 } });
    models.applyBatchSync([event('CommitmentProgressReported', { note: 'Enrolled 120' }, T0 + 2000, 2)]);
    const second = await queries.commitment('c1', await now());
    expect(second).toMatchObject({ status: 'active', progress: [{ note: 'Enrolled 120' }], lastEvent: { position: 3 } });
    const listed = await queries.listCommitments({ promisor: 'riverside' }, { limit: 10 }, await now());
    expect(listed.items).toEqual([expect.objectContaining({ id: 'c1', progressReports: 1 })]);
  });

  it('hands out frozen states, so no view can change what the next answer reads', async () => {
    const queries = new ReadModelQueries(models);
    const view = await queries.commitment('c1', await now());
    expect(Object.isFrozen(view!.promisee)).toBe(true);
    expect(Object.isFrozen(view!.progress)).toBe(true);
    expect(() => (view!.progress as unknown[]).push({ note: 'forged' })).toThrow(TypeError);
    expect((await queries.commitment('c1', await now()))!.progress).toEqual([]);
  });

  it('answers the same with a cache too small to hold anything', async () => {
    const tiny = new ReadModelQueries(models, { decodedStateBytes: 1 });
    const roomy = new ReadModelQueries(models);
    const m = await now();
    expect(await tiny.commitment('c1', m)).toEqual(await roomy.commitment('c1', m));
    expect(await tiny.commitment('c1', m)).toEqual(await roomy.commitment('c1', m));
  });
});
