import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Problem = { status: number; code?: string; type: string };
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('API keys: who is acting comes from the key, and only from it', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger();
    http = client(ledger.baseUrl);
    for (const [id, sector] of [['upper-valley-health', 'hospital'], ['riverside-chc', 'community_org']]) {
      await http.asOperator('/organizations', { id, name: id, sector });
    }
    await http.asOperator('/collaboratives', { id: 'uv', name: 'Upper Valley', region: 'Upper Valley', pathwayPhase: 5 });
    await http.asOperator('/collaboratives/uv/members', { organizationId: 'upper-valley-health', role: 'steward' });
    await http.asOperator('/collaboratives/uv/members', { organizationId: 'riverside-chc', role: 'member' });
  });
  afterAll(() => ledger.close());

  it.each([
    ['no key', '', 'missing_api_key'],
    ['a malformed header', 'Basic abc', 'missing_api_key'],
    ['an unknown key', 'Bearer ldk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'unknown_api_key'],
  ])('refuses a request with %s: 401 problem document, nothing appended', async (_, authorization, code) => {
    const before = await http.headPosition();
    for (const [method, path] of [['POST', '/organizations'], ['GET', '/ledger/events'], ['GET', '/api-keys']]) {
      const answer = await http.call<Problem>(method, path, method === 'POST' ? { id: 'x-org', name: 'X', sector: 'other' } : undefined, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(answer.body.code).toBe(code);
    }
    expect(await http.headPosition()).toBe(before);
  });

  it('keeps /health open to anyone', async () => {
    expect((await http.get('/health', { authorization: '' })).status).toBe(200);
  });

  it('issues a key shown once, lists keys without secrets, and records the key and role on events', async () => {
    const issued = await http.asOperator('/api-keys', { organizationId: 'riverside-chc', label: 'intake desk' });
    expect(issued.status).toBe(201);
    const { keyId, key } = issued.body as { keyId: string; key: string };
    expect(key).toMatch(/^ldk_[0-9a-f]{16}_/);
    const listed = await http.get<{ items: Array<Record<string, unknown>> }>('/api-keys');
    const entry = listed.body.items.find((k) => k.keyId === keyId)!;
    expect(entry).toMatchObject({ organizationId: 'riverside-chc', label: 'intake desk', revokedAt: null });
    // The secret follows `ldk_<key id>_`; it is base64url, so it may hold '_' itself.
    const secret = key.slice(`ldk_${keyId}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(entry).not.toHaveProperty('secretHash');

    const made = await http.call<{ id: string }>('POST', '/commitments', {
      collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Open a Saturday clinic', dueDate: daysFromNow(30),
    }, { authorization: `Bearer ${key}` });
    expect(made.status).toBe(201);
    const events = await http.get<{ items: Array<{ actor: Record<string, string> }> }>(`/ledger/events?stream=commitment-${made.body.id}`);
    expect(events.body.items[0].actor).toEqual({ type: 'organization', organizationId: 'riverside-chc', role: 'member', keyId });
  });

  it('ignores any attempt to name another actor in headers or body', async () => {
    const key = await http.keyOf('riverside-chc');
    // Acting as riverside while claiming to be the steward: a steward-only step stays refused.
    const made = await http.as('riverside-chc')('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'A promise', dueDate: daysFromNow(20) });
    const accepted = await http.call<Problem>('POST', `/commitments/${(made.body as { id: string }).id}/acceptance`, {}, {
      authorization: `Bearer ${key}`,
      'x-acting-organization': 'upper-valley-health',
    });
    expect(accepted.status).toBe(403);
    const smuggled = await http.call<Problem>('POST', `/commitments/${(made.body as { id: string }).id}/acceptance`, { actor: 'upper-valley-health' }, { authorization: `Bearer ${key}` });
    expect(smuggled.status).toBe(400);
  });

  it('lets only the operator issue keys, refuses keys for unknown organizations, and refuses revoked keys', async () => {
    expect((await http.as('riverside-chc')('/api-keys', { organizationId: 'riverside-chc' })).status).toBe(403);
    expect((await http.asOperator('/api-keys', { organizationId: 'no-such-org' })).status).toBe(404);
    const issued = (await http.asOperator('/api-keys', { organizationId: 'upper-valley-health' })).body as { keyId: string; key: string };
    expect((await http.get('/ledger/events?limit=1', { authorization: `Bearer ${issued.key}` })).status).toBe(200);
    expect((await http.asOperator(`/api-keys/${issued.keyId}/revocation`, {})).status).toBe(200);
    expect((await http.asOperator(`/api-keys/${issued.keyId}/revocation`, {})).status).toBe(409);
    expect((await http.asOperator('/api-keys/0000000000000000/revocation', {})).status).toBe(404);
    const refused = await http.get<Problem>('/ledger/events?limit=1', { authorization: `Bearer ${issued.key}` });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('revoked_api_key');
  });

  it('records issuing and revoking a key on the organization\'s own stream, never the secret', async () => {
    const issued = (await http.asOperator('/api-keys', { organizationId: 'riverside-chc', label: 'intake desk' })).body as { keyId: string; key: string };
    expect((await http.asOperator(`/api-keys/${issued.keyId}/revocation`, {})).status).toBe(200);
    const events = await http.get<{ items: Array<{ type: string; data: Record<string, unknown>; actor: Record<string, string> }> }>(
      '/ledger/events?stream=organization-riverside-chc&limit=1000',
    );
    const mine = events.body.items.filter((e) => e.data.keyId === issued.keyId);
    expect(mine.map((e) => e.type)).toEqual(['ApiKeyIssued', 'ApiKeyRevoked']);
    expect(mine[0].data).toEqual({ organizationId: 'riverside-chc', keyId: issued.keyId, label: 'intake desk' });
    expect(mine[0].actor).toMatchObject({ type: 'operator' });
    const secret = issued.key.split('_').slice(2).join('_');
    expect(JSON.stringify(events.body)).not.toContain(secret);
  });

  it('lets an organization list and revoke its own keys, and only its own', async () => {
    const own = await http.keyOf('riverside-chc');
    const theirs = (await http.asOperator('/api-keys', { organizationId: 'upper-valley-health' })).body as { keyId: string };
    const spare = (await http.asOperator('/api-keys', { organizationId: 'riverside-chc', label: 'spare' })).body as { keyId: string; key: string };
    const listed = await http.get<{ items: Array<{ keyId: string; organizationId: string }> }>('/api-keys', { authorization: `Bearer ${own}` });
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(listed.body.items.every((k) => k.organizationId === 'riverside-chc')).toBe(true);
    expect(listed.body.items.map((k) => k.keyId)).toContain(spare.keyId);
    expect(JSON.stringify(listed.body)).not.toMatch(/secret|ldk_/i);
    const before = await http.headPosition();
    const other = await http.call<Problem>('POST', `/api-keys/${theirs.keyId}/revocation`, {}, { authorization: `Bearer ${own}` });
    expect(other.status).toBe(403);
    expect(await http.headPosition()).toBe(before);
    expect((await http.call('POST', `/api-keys/${spare.keyId}/revocation`, {}, { authorization: `Bearer ${own}` })).status).toBe(200);
    expect((await http.get('/ledger/events?limit=1', { authorization: `Bearer ${spare.key}` })).status).toBe(401);
  });
});

describe('the operator key when none is configured', () => {
  it('is generated on first start into the data folder (mode 0600), never printed (only its file\'s path), and kept across restarts', async () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    let first: RunningLedger | undefined;
    try {
      first = await startLedger({ LEDGER_OPERATOR_KEY: '' });
      const file = join(first.dataDir, 'operator.key');
      const key = readFileSync(file, 'utf8').trim();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Container logs keep standard output: the key is written to its file, and only the path is said.
      expect(writes.join('')).not.toContain(key);
      const answer = await fetch(`${first.baseUrl}/api-keys`, { headers: { authorization: `Bearer ${key}` } });
      expect(answer.status).toBe(200);
      await first.app.close();
      writes.length = 0;
      const second = await startLedger({ LEDGER_OPERATOR_KEY: '', LEDGER_DATA_DIR: first.dataDir });
      expect(writes.join('')).not.toContain(key);
      expect((await fetch(`${second.baseUrl}/api-keys`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      await second.close();
    } finally {
      spy.mockRestore();
    }
  });
});
