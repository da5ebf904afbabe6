import { request as httpRequest } from 'node:http';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';

/** A GET sent from another local address (127.0.0.2), as a second client would. */
function getFrom(localAddress: string, url: string, authorization: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { localAddress, headers: { authorization } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const UNKNOWN_KEY = 'Bearer ldk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('failed authentications are limited per client address (LEDGER_AUTH_FAILURES_PER_MINUTE)', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_AUTH_FAILURES_PER_MINUTE: '5', LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    http = client(ledger.baseUrl);
  });
  afterAll(() => ledger.close());

  it('answers 429 with Retry-After, as a problem document, once an address has failed 5 times, without checking keys; valid keys that worked go on', async () => {
    await http.asOperator('/organizations', { id: 'steady-org', name: 'Steady', sector: 'other' });
    const steadyKey = await http.keyOf('steady-org');
    // A key that works, used before the guessing starts; successes are not counted.
    const ownScorecard = '/organizations/steady-org/accountability';
    for (let i = 0; i < 30; i++) expect((await http.get(ownScorecard, { authorization: `Bearer ${steadyKey}` })).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await http.get('/ledger/events?limit=1', { authorization: UNKNOWN_KEY })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));

    const limited = await http.get<{ status: number; code: string; detail: string }>('/commitments', { authorization: 'Bearer some-guess-of-the-operator-key' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'too_many_failed_authentications' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    // Keys that worked from this address in the last minute are not locked out by the guesser.
    expect((await http.get(ownScorecard, { authorization: `Bearer ${steadyKey}` })).status).toBe(200);
    expect((await http.get('/ledger/events?limit=1')).status).toBe(200);
    // A key never seen to work from here waits like any other: it is not checked while the address is over its limit.
    const freshKey = ((await http.asOperator('/api-keys', { organizationId: 'steady-org' })).body as { key: string }).key;
    expect((await http.get(ownScorecard, { authorization: `Bearer ${freshKey}` })).status).toBe(429);
    // A request without a key is no attempt: /health stays public.
    expect((await http.get('/health', { authorization: '' })).status).toBe(200);

    // Another address is not affected: its failures are its own, and the fresh key works from it.
    expect((await getFrom('127.0.0.2', `${ledger.baseUrl}/ledger/events?limit=1`, UNKNOWN_KEY)).status).toBe(401);
    expect((await getFrom('127.0.0.2', `${ledger.baseUrl}${ownScorecard}`, `Bearer ${freshKey}`)).status).toBe(200);
  });
});

describe('a key sent to /health', () => {
  it('is checked like any other (the operator sees more there): wrong ones count as failed authentications', async () => {
    const ledger = await startLedger({ LEDGER_AUTH_FAILURES_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${ledger.baseUrl}/health`, { headers: { authorization: UNKNOWN_KEY } })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await fetch(`${ledger.baseUrl}/health`)).status).toBe(200);
    } finally {
      await ledger.close();
    }
  });
});

describe('LEDGER_AUTH_FAILURES_PER_MINUTE=0', () => {
  it('turns the limit off', async () => {
    const ledger = await startLedger({ LEDGER_AUTH_FAILURES_PER_MINUTE: '0', LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      const http = client(ledger.baseUrl);
      const statuses = new Set<number>();
      for (let i = 0; i < 40; i++) statuses.add((await http.get('/ledger/events', { authorization: UNKNOWN_KEY })).status);
      expect(statuses).toEqual(new Set([401]));
    } finally {
      await ledger.close();
    }
  });
});
