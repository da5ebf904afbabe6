import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresSupportStore, SqliteSupportStore, type SupportStore } from '@ledger/support-store';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';

const adapters: Array<[string, () => Promise<{ store: SupportStore; cleanup(): Promise<void> }>]> = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-support-'));
      return { store: new SqliteSupportStore(join(dir, 'l.sqlite')), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  [
    'postgres',
    async () => {
      await ensureTestDatabase();
      const schema = `support_${process.pid}_${Date.now()}`;
      const store = await PostgresSupportStore.open(TEST_POSTGRES_URL, schema);
      return { store, cleanup: () => dropSchema(schema) };
    },
  ],
];

describe.each(adapters)('support store: %s', (_name, open) => {
  let store: SupportStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  it('keeps API keys by id (hashes only), lists them, and revokes each once', async () => {
    const record = { keyId: 'k1', organizationId: 'riverside-chc', label: 'intake desk', secretHash: 'ab'.repeat(32), createdAt: '2026-11-23T10:00:00.000Z', revokedAt: null };
    await store.saveApiKey(record);
    await store.saveApiKey({ ...record, keyId: 'op', organizationId: null, label: null });
    expect(await store.findApiKey('k1')).toEqual(record);
    expect(await store.findApiKey('nope')).toBeNull();
    expect((await store.listApiKeys()).map((k) => k.keyId).sort()).toEqual(['k1', 'op']);
    expect(await store.revokeApiKey('k1', '2026-11-23T11:00:00.000Z')).toBe(true);
    expect(await store.revokeApiKey('k1', '2026-11-23T12:00:00.000Z')).toBe(false);
    expect(await store.revokeApiKey('nope', '2026-11-23T12:00:00.000Z')).toBe(false);
    expect((await store.findApiKey('k1'))?.revokedAt).toBe('2026-11-23T11:00:00.000Z');
  });

  it('keeps checkpoints, starting at 0', async () => {
    expect(await store.getCheckpoint('kafka')).toBe(0);
    await store.setCheckpoint('kafka', 42);
    await store.setCheckpoint('kafka', 43);
    expect(await store.getCheckpoint('kafka')).toBe(43);
  });

  it('keeps the first idempotent answer only', async () => {
    const first = { requestHash: 'h1', status: 201, body: { id: 'c-1' }, headers: { etag: '"0"' } };
    expect(await store.getAnswer('org-a', 'key-1')).toBeNull();
    expect(await store.saveAnswer('org-a', 'key-1', first)).toBe(true);
    expect(await store.saveAnswer('org-a', 'key-1', { ...first, status: 200 })).toBe(false);
    expect(await store.getAnswer('org-a', 'key-1')).toEqual(first);
    expect(await store.getAnswer('org-b', 'key-1')).toBeNull();
  });
});
