import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';
import { TcpProxy } from './support/tcp-proxy';

const SCHEMA = `ops_ready_${process.pid}`;

/** Asks `path` until it answers `status` (at most `attempts` times, a quarter second apart); answers the last status seen. */
async function until(http: ReturnType<typeof client>, path: string, status: number, attempts = 120): Promise<number> {
  let seen = 0;
  for (let i = 0; i < attempts; i++) {
    seen = (await http.get(path, { authorization: '' })).status;
    if (seen === status) return seen;
    await new Promise((r) => setTimeout(r, 250));
  }
  return seen;
}

/**
 * Liveness and readiness as an orchestrator reads them, with the PostgreSQL server reached through a
 * TCP proxy the test cuts: the ledger is unready while its database is unreachable, and ready again
 * once it is back, and alive all along (a database outage must not get healthy processes restarted).
 */
describe('/health/live and /health/ready', () => {
  let proxy: TcpProxy;
  let ledger: RunningLedger;

  beforeAll(async () => {
    await ensureTestDatabase();
    await dropSchema(SCHEMA);
    const target = new URL(TEST_POSTGRES_URL);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    const throughProxy = new URL(TEST_POSTGRES_URL);
    throughProxy.port = String(proxy.port);
    ledger = await startLedger({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: throughProxy.toString(), LEDGER_POSTGRES_SCHEMA: SCHEMA });
  });
  afterAll(async () => {
    await ledger?.close();
    await proxy?.stop();
    await dropSchema(SCHEMA);
  });

  it('is unready (503) while PostgreSQL is unreachable and ready (200) again after, alive (200) throughout', async () => {
    const http = client(ledger.baseUrl);
    expect((await http.asOperator('/organizations', { id: 'ready-org', name: 'Ready', sector: 'other' })).status).toBe(201);
    const ready = await http.get('/health/ready', { authorization: '' });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', store: { status: 'up' }, projections: { maxLag: 1000 } });
    expect((await http.get('/health/live', { authorization: '' })).status).toBe(200);

    await proxy.cut();
    expect(await until(http, '/health/ready', 503)).toBe(503);
    const unready = await http.get<{ status: string; problems: string[] }>('/health/ready', { authorization: '' });
    expect(unready.status).toBe(503);
    expect(unready.body.status).toBe('not_ready');
    expect(unready.body.problems.join('\n')).toMatch(/store down/);
    expect((await http.get('/health/live', { authorization: '' })).status).toBe(200);
    // The old /health stays, and says the same.
    expect((await http.get('/health', { authorization: '' })).status).toBe(503);
    // A command meanwhile is a 503 problem, not a crash; liveness holds after it too.
    expect((await http.asOperator('/organizations', { id: 'lost-org', name: 'Lost', sector: 'other' })).status).toBe(503);
    expect((await http.get('/health/live', { authorization: '' })).status).toBe(200);

    await proxy.restore();
    expect(await until(http, '/health/ready', 200)).toBe(200);
    expect((await http.get('/health/live', { authorization: '' })).status).toBe(200);
    expect((await http.asOperator('/organizations', { id: 'back-org', name: 'Back', sector: 'other' })).status).toBe(201);
  });

  it('is unready while the read models are further behind the log than LEDGER_READY_MAX_LAG', async () => {
    // With a limit of 0, any event not yet projected makes the server unready; once projected, ready.
    const strict = await startLedger({ LEDGER_READY_MAX_LAG: '0' });
    try {
      const http = client(strict.baseUrl);
      const projector = strict.app.get((await import('../../apps/ledger/src/queries/projection.service')).ProjectionService).projector;
      await projector.stop();
      expect((await http.asOperator('/organizations', { id: 'lagging-org', name: 'Lagging', sector: 'other' })).status).toBe(201);
      const behind = await http.get<{ problems: string[] }>('/health/ready', { authorization: '' });
      expect(behind.status).toBe(503);
      expect(behind.body.problems.join('\n')).toMatch(/read models 1 events behind the log \(at most 0\)/);
      await projector.start();
      expect(await until(http, '/health/ready', 200)).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
