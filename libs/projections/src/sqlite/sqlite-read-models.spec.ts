import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type NewEvent } from '@ledger/event-store';
import { answerAt, logReaderFor, ReadModelQueries, SqliteReadModels } from '@ledger/projections';

const event = (type: string, data: object): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  actor: { type: 'operator' },
  correlationId: randomUUID(),
  causationId: null,
});

const pledge = (pledgeId: string, funder: string, amount: { currency: string; amount: string }, binding = true) =>
  event('PledgeMade', { pledgeId, collaborativeId: 'uv', funder, recipient: { collaborativeId: 'uv' }, purpose: 'x', amount, binding });

describe('read models on SQLite', () => {
  let store: SqliteEventStore;
  let storage: SqliteReadModels;

  beforeEach(async () => {
    store = new SqliteEventStore({ filename: ':memory:' });
    storage = new SqliteReadModels({ database: store.database, ownsConnection: false, eventsInSameDatabase: true, location: ':memory:' });
    await storage.ensureSchema();
  });
  afterEach(() => store.close());

  async function project(): Promise<void> {
    const events = await logReaderFor(store).read((await storage.checkpoint()).position, 10_000);
    expect(await storage.applyBatch(events)).toEqual({ position: events[events.length - 1].position, resync: false });
  }

  it('adds up money exactly: 64-bit sums in SQL, anything larger exactly all the same', async () => {
    await store.append('organization-big-funder', [event('OrganizationRegistered', { organizationId: 'big-funder', name: 'Big', sector: 'funder' })]);
    await store.append('pledge-p1', [pledge('p1', 'big-funder', { currency: 'USD', amount: '92233720368547758.07' })]); // 2^63 − 1 minor units
    await store.append('pledge-p2', [pledge('p2', 'big-funder', { currency: 'USD', amount: '0.01' }, false)]);
    await store.append('pledge-p3', [pledge('p3', 'big-funder', { currency: 'JPY', amount: '1500' })]);
    await project();
    const queries = new ReadModelQueries(storage);
    const funds = async () => (await answerAt(() => storage.checkpoint(), Date.now(), (m) => queries.scorecard('big-funder', m)))!.funds;
    // The USD sum overflows 64 bits: added up exactly outside SQL; JPY in SQL.
    expect(await funds()).toEqual([
      { currency: 'JPY', pledged: '1500', disbursed: '0', cancelled: '0', outstanding: '1500', overdue: '0', indicative: '0' },
      { currency: 'USD', pledged: '92233720368547758.08', disbursed: '0.00', cancelled: '0.00', outstanding: '92233720368547758.08', overdue: '0.00', indicative: '0.01' },
    ]);
    // Beyond 64 bits in one pledge: stored as decimal text, never rounded.
    await store.append('pledge-p4', [pledge('p4', 'big-funder', { currency: 'JPY', amount: '123456789012345678901234567890' })]);
    await project();
    expect((await funds())[0]).toMatchObject({ currency: 'JPY', pledged: '123456789012345678901234569390', outstanding: '123456789012345678901234569390' });
    expect(storage.connection.prepare(`SELECT typeof(pledged) AS t FROM rm_pledges WHERE id = 'p4'`).get()).toEqual({ t: 'text' });
    expect(storage.connection.prepare(`SELECT typeof(pledged) AS t FROM rm_pledges WHERE id = 'p3'`).get()).toEqual({ t: 'integer' });
  });

  it('answers a batch already applied, or one that does not follow the checkpoint, without applying it', async () => {
    await store.append('organization-a', [event('OrganizationRegistered', { organizationId: 'a', name: 'A', sector: 'other' })]);
    await store.append('organization-b', [event('OrganizationRegistered', { organizationId: 'b', name: 'B', sector: 'other' })]);
    const [first, second] = await logReaderFor(store).read(0, 10);
    expect(await storage.applyBatch([second])).toEqual({ position: 0, resync: true });
    expect(await storage.applyBatch([first])).toEqual({ position: 1, resync: false });
    expect(await storage.applyBatch([first])).toEqual({ position: 1, resync: false });
    expect(await storage.applyBatch([first, second])).toEqual({ position: 2, resync: false });
    expect(storage.connection.prepare(`SELECT COUNT(*) AS n FROM rm_organizations`).get()).toEqual({ n: 2 });
  });
});
