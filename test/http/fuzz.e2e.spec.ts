import fc from 'fast-check';
import { client } from '../support/http-client';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';

/**
 * Hostile input to every endpoint of the OpenAPI document: generated malformed or hostile bodies,
 * path parameters, query strings and headers, with good, bad and missing keys. Every answer must be
 * a 4xx problem document (a GET may also answer 200), never a 5xx; the process stays up; and the
 * log's length is unchanged by all of it.
 */
const RUNS = 1200;

type Endpoint = { method: 'GET' | 'POST'; path: string };

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '../../etc/passwd', '%00', '\u0000', '\u202e', '<script>alert(1)</script>', "' OR 1=1 --", '${jndi:ldap://x}', '__proto__', 'constructor', 'a'.repeat(5000), '-1', '1e309', 'NaN', '9'.repeat(40)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('id', 'amount', 'currency', 'dueDate', 'collaborativeId', 'promisee', 'parties')), tie('value'), { maxKeys: 6 }),
  ),
})).value;
const hostileBody = fc.oneof(
  hostileValue.map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '{"a":', '[]', 'null', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '{"id":"x","id":"y"}', ''),
  fc.string({ maxLength: 200 }),
);
const hostileQuery = fc.dictionary(
  fc.constantFrom('asOf', 'after', 'limit', 'cursor', 'status', 'promisor', 'promisee', 'collaborative', 'goal', 'dueBefore', 'treeSize', 'from', 'to', 'stream', 'type', 'funder', 'recipient', 'x'),
  hostileString,
  { maxKeys: 4 },
);
const hostileHeaders = fc.record(
  {
    authorization: fc.oneof(fc.constant(`Bearer ${TEST_OPERATOR_KEY}`), fc.constant(`Bearer ${TEST_OPERATOR_KEY}`), hostileString.map((s) => `Bearer ${s}`), fc.constant('')),
    'content-type': fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x'),
    'if-match': hostileString,
    'idempotency-key': hostileString,
    'last-event-id': hostileString,
    'x-ledger-key-id': hostileString,
    'x-ledger-signed-at': hostileString,
    'x-ledger-signature': hostileString,
  },
  { requiredKeys: ['authorization', 'content-type'] },
);

function headerSafe(headers: Record<string, string>): Record<string, string> {
  // fetch refuses header values with control characters or non-Latin-1: send what HTTP allows.
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const clean = value.replace(/[^\x20-\x7e]/g, '').slice(0, 4000);
    if (clean !== '' || name === 'authorization') out[name] = clean;
  }
  return out;
}

describe('hostile input to every endpoint (property-based)', () => {
  let ledger: RunningLedger;
  let endpoints: Endpoint[];

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    const http = client(ledger.baseUrl);
    await http.asOperator('/organizations', { id: 'fuzz-org', name: 'Fuzz', sector: 'other' });
    const doc = (await http.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json')).body;
    endpoints = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m === 'get' || m === 'post')
        .map((m) => ({ method: m.toUpperCase() as 'GET' | 'POST', path })),
    );
    expect(endpoints.length).toBeGreaterThan(40);
  });
  afterAll(() => ledger.close());

  it(`answers ${RUNS} hostile requests with 4xx problem documents (GETs may succeed), never 5xx, appending nothing`, async () => {
    const http = client(ledger.baseUrl);
    const before = await http.headPosition();
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(hostileString, { minLength: 3, maxLength: 3 }),
        hostileBody,
        hostileQuery,
        hostileHeaders,
        async (which, params, body, query, headers) => {
          const endpoint = endpoints[which % endpoints.length];
          let p = 0;
          const path = endpoint.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[p++ % params.length]) || 'x');
          const search = new URLSearchParams(query as Record<string, string>).toString();
          const url = `${ledger.baseUrl}${path}${search ? `?${search}` : ''}`;
          const abort = AbortSignal.timeout(5000);
          const response = await fetch(url, {
            method: endpoint.method,
            headers: headerSafe(headers as Record<string, string>),
            body: endpoint.method === 'POST' ? body : undefined,
            signal: abort,
          }).catch((error: Error) => {
            // A live stream that accepted the request keeps the connection open: that is an answer.
            if (error.name === 'TimeoutError' && path === '/ledger/stream') return null;
            throw error;
          });
          if (!response) return;
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
          const type = response.headers.get('content-type') ?? '';
          if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
            await response.body?.cancel();
            return;
          }
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          if (endpoint.method === 'POST') expect(response.status).toBeGreaterThanOrEqual(400);
          if (response.status >= 400) {
            expect(type).toMatch(/application\/problem\+json/);
            const problem = JSON.parse(text) as { status: number; title: string };
            expect(problem.status).toBe(response.status);
            expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/);
          }
        },
      ),
      { numRuns: RUNS, seed: 20261123 },
    );
    // Still up, and nothing was appended by any of it.
    expect((await http.get('/health')).status).toBe(200);
    expect(await http.headPosition()).toBe(before);
    // The requests reached the endpoints' own checks, not only the key check.
    expect([...seen.keys()].filter((s) => s !== 401).length).toBeGreaterThan(2);
  }, 300_000);

  it('answers deep, wide and long bodies on every command path with 4xx problem documents, appending nothing', async () => {
    const http = client(ledger.baseUrl);
    const before = await http.headPosition();
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const bodies: Array<[string, string, number | null, string | null]> = [
      // name, body, the status expected (null: any 4xx), the problem's code expected
      ['an array nested 10 000 deep', deep(10_000), 400, 'json_too_deep'],
      ['an object nested 10 000 deep', deepObject(10_000), 400, 'json_too_deep'],
      ['an array nested 100 000 deep (just under 256 KiB)', deep(100_000), 400, 'json_too_deep'],
      ['a command whose field nests 33 deep', `{"id":"deep-org","name":${deep(32)},"sector":"other"}`, 400, 'json_too_deep'],
      ['a command whose field nests 32 deep (refused by validation)', `{"id":"deep-org","name":${deep(31)},"sector":"other"}`, 400, null],
      ['an array of 60 000 entries', `[${new Array(60_000).fill(0).join(',')}]`, 400, 'json_too_many_entries'],
      ['an object of 20 000 members', `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":0`).join(',')}}`, 400, 'json_too_many_entries'],
      ['9 000 unknown members (refused by validation)', `{${Array.from({ length: 9_000 }, (_, i) => `"k${i}":0`).join(',')}}`, 400, null],
      ['a 250 000-character string', JSON.stringify({ id: 'long-org', name: 'x'.repeat(250_000), sector: 'other' }), 400, null],
      ['a 250 000-character key', JSON.stringify({ ['k'.repeat(250_000)]: 1 }), 400, null],
      ['a body over 256 KiB', JSON.stringify({ name: 'x'.repeat(300_000) }), 413, null],
    ];
    const commandPaths = endpoints.filter((e) => e.method === 'POST').map((e) => e.path.replace(/\{[^}]+\}/g, 'fuzz-org'));
    expect(commandPaths.length).toBeGreaterThan(25);
    for (const path of commandPaths) {
      for (const [name, body, status, code] of bodies) {
        const response = await fetch(`${ledger.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_OPERATOR_KEY}` },
          body,
        });
        const text = await response.text();
        const context = `POST ${path} with ${name}: ${response.status} ${text.slice(0, 200)}`;
        expect({ context, fourXX: response.status >= 400 && response.status < 500 }).toEqual({ context, fourXX: true });
        if (status !== null) expect({ context, status: response.status }).toEqual({ context, status });
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
        if (code !== null) expect({ context, code: (JSON.parse(text) as { code?: string }).code }).toEqual({ context, code });
      }
    }
    expect((await http.get('/health')).status).toBe(200);
    expect(await http.headPosition()).toBe(before);
  }, 300_000);
});
