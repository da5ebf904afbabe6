import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from './support/server-process';

/**
 * The server's log, as an operator's log shipper would collect it: every line JSON, one line per
 * request carrying its x-request-id (the client's, or one made and echoed), the acting organization
 * and key id — and not one line holding any key the run created or used.
 */
describe('request logs', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-logs-'));
    // No LEDGER_OPERATOR_KEY: the ledger generates the operator's key, and must not log it.
    server = await startServerProcess({ LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', LEDGER_OPERATOR_KEY: undefined });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes one JSON line per request with its id, organization and key id, and never a key', async () => {
    const operatorKey = readFileSync(join(dataDir, 'operator.key'), 'utf8').trim();
    const keys: string[] = [operatorKey];
    const sent: Array<{ requestId: string; method: string; path: string; status: number; organization: string | null; keyId: string | null }> = [];
    async function send(method: string, path: string, key: string | null, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(server.baseUrl + path, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toBeTruthy();
      return { response, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, requestId: requestId! };
    }
    async function record(method: string, path: string, key: string | null, who: { organization: string | null; keyId: string | null }, body?: unknown, headers: Record<string, string> = {}) {
      const answer = await send(method, path, key, body, headers);
      sent.push({ requestId: answer.requestId, method, path, status: answer.response.status, ...who });
      return answer;
    }
    const operator = { organization: 'operator', keyId: 'operator' };
    const nobody = { organization: null, keyId: null };

    for (const id of ['north-clinic', 'south-fund']) {
      expect((await record('POST', '/organizations', operatorKey, operator, { id, name: id, sector: 'other' })).response.status).toBe(201);
    }
    const issued: Record<string, { key: string; keyId: string }> = {};
    for (const id of ['north-clinic', 'south-fund']) {
      const answer = await record('POST', '/api-keys', operatorKey, operator, { organizationId: id, label: 'logs test' });
      expect(answer.response.status).toBe(201);
      issued[id] = { key: answer.body!.key as string, keyId: answer.body!.keyId as string };
      keys.push(issued[id].key);
    }
    const north = { organization: 'north-clinic', keyId: issued['north-clinic'].keyId };
    // The client's own request id is kept and echoed; one that is not a plausible id is replaced.
    const mine = await record('GET', '/commitments', issued['north-clinic'].key, north, undefined, { 'x-request-id': 'client-chosen-id.42' });
    expect(mine.requestId).toBe('client-chosen-id.42');
    const odd = await record('GET', '/commitments', issued['north-clinic'].key, north, undefined, { 'x-request-id': 'x'.repeat(300) });
    expect(odd.requestId).not.toBe('x'.repeat(300));
    expect((await record('GET', '/api-keys', issued['north-clinic'].key, north)).response.status).toBe(200);
    // Refused requests are logged too: a wrong key (a made-up one of the right form), none, a missing route.
    const madeUp = `ldk_0123456789abcdef_${'A'.repeat(43)}`;
    keys.push(madeUp);
    expect((await record('GET', '/commitments', madeUp, nobody)).response.status).toBe(401);
    expect((await record('GET', '/commitments', null, nobody)).response.status).toBe(401);
    expect((await record('GET', '/no-such-route', operatorKey, nobody)).response.status).toBe(404);
    expect((await record('POST', `/api-keys/${issued['south-fund'].keyId}/revocation`, operatorKey, operator, {})).response.status).toBe(200);
    expect((await record('GET', '/commitments', issued['south-fund'].key, nobody)).response.status).toBe(401);

    // The last request's line is written once its answer is sent: wait for it.
    const last = sent[sent.length - 1].requestId;
    for (let i = 0; i < 100 && !server.output().includes(last); i++) await new Promise((r) => setTimeout(r, 50));
    await server.stop('SIGTERM');

    const lines = server.lines();
    const output = server.output();
    for (const key of keys) {
      expect(output).not.toContain(key);
      // Nor an organization key's secret part alone (ldk_<keyId>_<secret>).
      if (key.startsWith('ldk_')) expect(output).not.toContain(key.slice(-43));
    }
    expect(output).toContain(join(dataDir, 'operator.key'));

    const requestLines = lines.filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(sent.length);
    for (const request of sent) {
      const matching = requestLines.filter((line) => line.requestId === request.requestId);
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({ method: request.method, path: request.path, status: request.status, organization: request.organization, keyId: request.keyId });
      expect(typeof matching[0].durationMs).toBe('number');
      expect(matching[0].level).toBe('info');
    }
    expect(requestLines.find((line) => line.requestId === mine.requestId)).toMatchObject({ route: '/commitments' });
    expect(requestLines.find((line) => line.path === '/no-such-route')).toMatchObject({ route: null, status: 404 });
    expect(requestLines.find((line) => line.path === `/api-keys/${issued['south-fund'].keyId}/revocation`)).toMatchObject({ route: '/api-keys/:keyId/revocation' });
    // Every line of the run, requests or not, is a JSON object with a level, a time and a message.
    for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
  });
});
