import { randomUUID } from 'node:crypto';
import { ConflictError, RECORDS, type Command } from '@ledger/domain';
import { SqliteEventStore, type NewEvent, type StreamAppend } from '@ledger/event-store';
import { SqliteSupportStore } from '@ledger/support-store';
import type { Principal } from './principal';
import { RecordCommand, type CommandOptions } from './record-command';
import { RecordCommandHandler } from './record-command.handler';
import { RecordStates } from './record-states';

const OPERATOR: Principal = { kind: 'operator', keyId: 'operator' };
const register: Command = { type: 'RegisterOrganization', data: { id: 'riverside-chc', name: 'Riverside', sector: 'community_org' } };
const designate: Command = { type: 'DesignateRegistryAuditor', data: {} };
const planted = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'ApiKeyIssued',
  schemaVersion: 1,
  data: { organizationId: 'riverside-chc', keyId: '0123456789abcdef' },
  actor: { type: 'operator' },
  correlationId: randomUUID(),
  causationId: null,
});

/** The one command path, on an in-memory SQLite store: load → decide → append, and what surrounds it. */
describe('RecordCommandHandler', () => {
  let store: SqliteEventStore;
  let support: SqliteSupportStore;
  let handler: RecordCommandHandler;
  const send = (command: Command, options: CommandOptions = {}, principal: Principal = OPERATOR) =>
    handler.execute(new RecordCommand(RECORDS.organization, 'riverside-chc', command, { principal, options }));

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
    support = new SqliteSupportStore(':memory:');
    handler = new RecordCommandHandler(store, support, new RecordStates(store), () => new Date());
  });
  afterEach(async () => {
    await support.close();
    await store.close();
  });

  it('answers 201 for a new record and 200 for a change to one, with the revision as the ETag', async () => {
    const created = await send(register);
    expect([created.status, created.body.streamRevision, created.headers.etag]).toEqual([201, 0, '"0"']);
    const changed = await send(designate);
    expect([changed.status, changed.body.streamRevision, changed.headers.etag]).toEqual([200, 1, '"1"']);
  });

  it('decides again on the new state when it loses a race, and appends once', async () => {
    await send(register);
    // Another writer appends to the same stream between the load and the append, once.
    const appendMany = store.appendMany.bind(store);
    let raced = false;
    jest.spyOn(store, 'appendMany').mockImplementation(async (appends: StreamAppend[]) => {
      if (!raced) {
        raced = true;
        await store.append(appends[0].streamId, [planted()], { expectedRevision: 0 });
      }
      return appendMany(appends);
    });
    const outcome = await send(designate);
    expect(outcome.body.streamRevision).toBe(2);
    expect((await store.readStream('organization-riverside-chc')).map((e) => e.type)).toEqual(['OrganizationRegistered', 'ApiKeyIssued', 'RegistryAuditorDesignated']);
  });

  it('refuses a conditional command (If-Match) whose record moved on, appending nothing', async () => {
    await send(register);
    await store.append('organization-riverside-chc', [planted()], { expectedRevision: 0 });
    const refused = send(designate, { ifMatch: 0 });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'revision_conflict', details: { currentRevision: 1 } });
    expect((await store.head()).position).toBe(2);
    expect((await send(designate, { ifMatch: 1 })).body.streamRevision).toBe(2);
  });

  it('answers a retry with the same Idempotency-Key with the first answer, and refuses the key for another request', async () => {
    await send(register);
    const options = { idempotency: { key: 'designate-1', requestHash: 'a'.repeat(64) } };
    const first = await send(designate, options);
    const retry = await send(designate, options);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await store.head()).position).toBe(2);
    await expect(send(designate, { idempotency: { key: 'designate-1', requestHash: 'b'.repeat(64) } })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    // Idempotency keys are per principal: another's key of the same name is not answered from the first (it is decided, and refused).
    await expect(send(designate, options, { kind: 'organization', organizationId: 'riverside-chc' })).rejects.toMatchObject({ code: 'operator_only' });
  });

  it('refuses what the domain refuses, appending nothing', async () => {
    await send(register);
    await send(designate);
    await expect(send(designate)).rejects.toMatchObject({ code: 'already_registry_auditor' });
    await expect(send(designate, {}, { kind: 'organization', organizationId: 'riverside-chc' })).rejects.toMatchObject({ kind: 'forbidden', code: 'operator_only' });
    expect((await store.head()).position).toBe(2);
  });
});
