import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresNotificationStore, SqliteNotificationStore, type NotificationStore } from '@ledger/support-store';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';

const adapters: Array<[string, () => Promise<{ open(): Promise<NotificationStore>; cleanup(): Promise<void> }>]> = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-notifications-'));
      return { open: async () => new SqliteNotificationStore(join(dir, 'l.sqlite')), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  [
    'postgres',
    async () => {
      await ensureTestDatabase();
      const schema = `notifications_${process.pid}_${Date.now()}`;
      return { open: () => PostgresNotificationStore.open(TEST_POSTGRES_URL, schema), cleanup: () => dropSchema(schema) };
    },
  ],
];

const AT = '2026-11-23T10:00:00.000Z';

describe.each(adapters)('notification store: %s', (_name, make) => {
  let store: NotificationStore;
  let adapter: { open(): Promise<NotificationStore>; cleanup(): Promise<void> };
  beforeAll(async () => {
    adapter = await make();
    store = await adapter.open();
  });
  afterAll(async () => {
    await store.close();
    await adapter.cleanup();
  });

  it('claims a day’s reminder to a contact once, again only after a failure, and remembers it across a reopening', async () => {
    expect(await store.claimReminder('2026-11-23', 'riverside-chc', 'c1', AT)).toBe(true);
    // Under way, or cut short by a crash: not claimed again (never sent twice).
    expect(await store.claimReminder('2026-11-23', 'riverside-chc', 'c1', AT)).toBe(false);
    await store.markReminder('2026-11-23', 'riverside-chc', 'c1', 'failed', 'connection refused', AT);
    expect(await store.claimReminder('2026-11-23', 'riverside-chc', 'c1', AT)).toBe(true);
    await store.markReminder('2026-11-23', 'riverside-chc', 'c1', 'sent', null, AT);
    expect(await store.claimReminder('2026-11-23', 'riverside-chc', 'c1', AT)).toBe(false);
    expect(await store.claimReminder('2026-11-24', 'riverside-chc', 'c1', AT)).toBe(true);
    await store.close();
    store = await adapter.open();
    expect(await store.claimReminder('2026-11-23', 'riverside-chc', 'c1', AT)).toBe(false);
    expect(await store.reminders('2026-11-23')).toEqual([
      { day: '2026-11-23', organizationId: 'riverside-chc', contactId: 'c1', status: 'sent', attempts: 2, lastError: null, updatedAt: AT },
    ]);
  });

  it('keeps sealed webhook secrets', async () => {
    await store.saveWebhookSecret('w1', 'sealed-bytes', AT);
    expect(await store.webhookSecret('w1')).toBe('sealed-bytes');
    expect(await store.webhookSecret('w2')).toBeNull();
  });

  it('fills the outbox with its checkpoint in one step, hands out each webhook’s oldest pending delivery when due, and records attempts', async () => {
    const d = (webhookId: string, position: number) => ({ webhookId, organizationId: 'riverside-chc', position, eventId: `e${position}`, eventType: 'CommitmentMade' });
    expect(await store.checkpoint('webhooks')).toBe(0);
    await store.enqueueDeliveries([d('a', 1), d('b', 1), d('a', 2)], 'webhooks', 2, AT);
    // The same positions again (a restart before the checkpoint moved on) add nothing.
    await store.enqueueDeliveries([d('a', 2), d('a', 3)], 'webhooks', 3, AT);
    expect(await store.checkpoint('webhooks')).toBe(3);
    expect(await store.pendingDeliveries()).toBe(4);
    let due = await store.dueDeliveries(1000, 10);
    expect(due.map((x) => [x.webhookId, x.position])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    // a's first fails: a waits (in order per webhook), b goes on.
    await store.recordAttempt(due[0].id, { at: AT, statusCode: 500, error: 'HTTP 500', delivered: false, nextAttemptAt: 5000 });
    await store.recordAttempt(due[1].id, { at: AT, statusCode: 204, error: null, delivered: true, nextAttemptAt: 0 });
    expect(await store.dueDeliveries(1000, 10)).toEqual([]);
    due = await store.dueDeliveries(5000, 10);
    expect(due.map((x) => [x.webhookId, x.position, x.attempts, x.lastStatusCode])).toEqual([['a', 1, 1, 500]]);
    await store.recordAttempt(due[0].id, { at: AT, statusCode: 200, error: null, delivered: true, nextAttemptAt: 0 });
    expect((await store.dueDeliveries(5000, 10)).map((x) => x.position)).toEqual([2]);
    expect(await store.cancelDeliveries('a', null, 'webhook removed', AT)).toBe(2);
    expect(await store.pendingDeliveries()).toBe(0);
    const log = await store.deliveries('a', 10);
    expect(log.map((x) => [x.position, x.status, x.attempts])).toEqual([
      [3, 'cancelled', 0],
      [2, 'cancelled', 0],
      [1, 'delivered', 2],
    ]);
    expect(log[2]).toMatchObject({ deliveredAt: AT, lastStatusCode: 200, eventId: 'e1' });
    expect((await store.deliveries('a', 10, log[1].id)).map((x) => x.position)).toEqual([1]);
  });
});
