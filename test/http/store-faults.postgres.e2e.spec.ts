import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { LostHistoryError } from '../../apps/ledger/src/infrastructure/store-history';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { TEST_POSTGRES_URL } from '../support/postgres';

/** A database of its own, beside the test database, that this suite drops and creates. */
const target = new URL(TEST_POSTGRES_URL);
const DATABASE = `${target.pathname.slice(1)}_store_faults`;
const url = new URL(TEST_POSTGRES_URL);
url.pathname = `/${DATABASE}`;

async function admin(sql: string): Promise<void> {
  const server = new URL(TEST_POSTGRES_URL);
  server.pathname = '/postgres';
  const connection = new Client({ connectionString: server.toString() });
  await connection.connect();
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

describe('storage faults on PostgreSQL', () => {
  let ledger: RunningLedger;
  const env = { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: url.toString(), LEDGER_POSTGRES_SCHEMA: 'ledger' };

  beforeAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${DATABASE}"`);
    ledger = await startLedger(env);
  });
  afterAll(async () => {
    await ledger.app.close().catch(() => undefined);
    rmSync(ledger.dataDir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  });

  it('answers 503 with a problem document once the database is gone, and /health says so', async () => {
    const http = client(ledger.baseUrl);
    expect((await http.asOperator('/organizations', { id: 'kept-org', name: 'Kept', sector: 'other' })).status).toBe(201);
    expect((await http.get('/health')).status).toBe(200);
    await admin(`DROP DATABASE "${DATABASE}" WITH (FORCE)`);
    const refused = await http.asOperator('/organizations', { id: 'lost-org', name: 'Lost', sector: 'other' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 503, code: 'store_unavailable' });
    expect((await http.get('/commitments')).status).toBe(503);
    const health = await http.get<{ store: { status: string } }>('/health');
    expect(health.status).toBe(503);
    expect(health.body.store.status).toBe('down');
  });

  it('refuses to start on the database created again, empty, where the data folder saw a history', async () => {
    await ledger.app.close();
    await admin(`CREATE DATABASE "${DATABASE}"`);
    let refusal: unknown;
    await startLedger({ ...env, LEDGER_DATA_DIR: ledger.dataDir }).catch((error) => (refusal = error));
    expect(refusal).toBeInstanceOf(LostHistoryError);
    expect((refusal as Error).message).toMatch(/the event store \(postgres\) is empty[\s\S]*ledger-head\.json: the log held 1 events/);
    const fresh = await startLedger({ ...env, LEDGER_DATA_DIR: ledger.dataDir, LEDGER_ALLOW_EMPTY_STORE: 'true' });
    expect(await client(fresh.baseUrl).headPosition()).toBe(0);
    await fresh.app.close();
  });
});
