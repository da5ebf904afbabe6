import { client } from '../support/http-client';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';

describe('HTTP hardening: headers, limits, strict JSON, rate limits', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '40' });
    http = client(ledger.baseUrl);
  });
  afterAll(() => ledger.close());

  it('sends security headers on every answer', async () => {
    const answer = await http.get('/health');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('strict-transport-security')).toBeTruthy();
    // The same headers (computed once at start-up) on refusals and on unknown paths.
    const refused = await fetch(`${ledger.baseUrl}/commitments`);
    const unknown = await fetch(`${ledger.baseUrl}/no-such-path`);
    expect([refused.status, unknown.status]).toEqual([401, 404]);
    for (const other of [refused, unknown]) {
      expect(other.headers.get('content-security-policy')).toBe(answer.headers.get('content-security-policy'));
      expect(other.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(other.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('forbids caching of every API answer (Cache-Control: no-store), while the dashboard page keeps its own', async () => {
    const answers = [
      await http.get('/health'),
      await http.asOperator('/organizations', { id: 'cached-org', name: 'Cached', sector: 'other' }),
      await http.get('/ledger/events?limit=1'),
      await http.asOperator('/organizations', { id: 'cached-org', name: 'Cached', sector: 'other' }),
      await http.asOperator('/organizations', { id: 'Not A Slug' }),
      await http.get('/ledger/events', { authorization: '' }),
      await http.get('/no-such-path'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 201, 200, 409, 400, 401, 404]);
    for (const answer of answers) expect(answer.headers.get('cache-control')).toBe('no-store');
    const page = await fetch(`${ledger.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it.each([
    ['a body over 256 KiB', JSON.stringify({ id: 'big-org', name: 'x'.repeat(300_000), sector: 'other' }), 'application/json', 413],
    ['a body that is not JSON', 'id=big-org', 'application/x-www-form-urlencoded', 415],
    ['truncated JSON', '{"id":', 'application/json', 400],
    ['a prototype-poisoning key', '{"id":"p-org","name":"P","sector":"other","__proto__":{"admin":true}}', 'application/json', 400],
    ['a constructor-poisoning key', '{"id":"p-org","name":"P","sector":"other","constructor":{"prototype":{"admin":true}}}', 'application/json', 400],
  ])('refuses %s with a problem document, appending nothing', async (_, body, contentType, status) => {
    const before = await http.headPosition();
    const answer = await fetch(`${ledger.baseUrl}/organizations`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${TEST_OPERATOR_KEY}` },
      body,
    });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const text = await answer.text();
    expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/); // no stack trace
    expect(await http.headPosition()).toBe(before);
  });

  it('limits requests per key: 429 with Retry-After as a problem document, other keys unaffected', async () => {
    await http.asOperator('/organizations', { id: 'busy-org', name: 'Busy', sector: 'other' });
    const key = await http.keyOf('busy-org');
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await http.get('/ledger/events?limit=1', { authorization: `Bearer ${key}` })).status);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(40);
    const limited = await http.get<{ status: number; type: string }>('/ledger/events?limit=1', { authorization: `Bearer ${key}` });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await http.get('/ledger/events?limit=1')).status).toBe(200);
  });
});
