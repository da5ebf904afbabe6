import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@ledger/event-store';
import { registerExport } from '../../apps/cli/src/commands/export.command';
import { registerImport } from '../../apps/cli/src/commands/import.command';
import { registerVerify } from '../../apps/cli/src/commands/verify.command';
import { loadDemoWith } from '../projections/support/demo';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';
import { runCliWith, type CliRun } from './support/cli';

const SCHEMA = `ops_import_${process.pid}`;
const TAMPERED_SCHEMA = `ops_import_bad_${process.pid}`;
const COLLABORATIVE = 'upper-valley-partnership';

const ROOT = /root ([0-9a-f]{64})/;

/** Asks `/health` until the read models hold the whole log. */
async function projected(ledger: RunningLedger): Promise<void> {
  const http = client(ledger.baseUrl);
  for (let i = 0; i < 600; i++) {
    const health = await http.get<{ projections: { lag?: number } }>('/health');
    if (health.body.projections.lag === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the read models did not catch up with the log');
}

/**
 * The demo partnership, recorded in the embedded SQLite store, exported and imported into a fresh
 * PostgreSQL schema with the real commands: the same log (root hash, `ledger verify`), the same
 * answers to the demo's queries from a ledger running on each; and an export that does not verify,
 * or a store that is not empty, is refused with nothing written.
 */
describe('ledger export → ledger import into PostgreSQL', () => {
  const sqliteDir = mkdtempSync(join(tmpdir(), 'ledger-import-from-'));
  const postgresDir = mkdtempSync(join(tmpdir(), 'ledger-import-to-'));
  const file = join(sqliteDir, 'export.jsonl');
  const fromSqlite = { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: sqliteDir };
  const intoPostgres = { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: TEST_POSTGRES_URL, LEDGER_POSTGRES_SCHEMA: SCHEMA, LEDGER_DATA_DIR: postgresDir };
  let exportedRoot: string;
  let imported: CliRun;

  beforeAll(async () => {
    await ensureTestDatabase();
    await dropSchema(SCHEMA);
    await dropSchema(TAMPERED_SCHEMA);
    await loadDemoWith(fromSqlite);
    const exported = await runCliWith(fromSqlite, registerExport, ['export', '--out', file]);
    expect(exported.exitCode).toBe(0);
    const verified = await runCliWith(fromSqlite, registerVerify, ['verify', '--file', file]);
    expect(verified.exitCode).toBe(0);
    exportedRoot = ROOT.exec(verified.stdout)![1];
    imported = await runCliWith(intoPostgres, registerImport, ['import', file]);
  }, 300_000);
  afterAll(async () => {
    await dropSchema(SCHEMA);
    await dropSchema(TAMPERED_SCHEMA);
    rmSync(sqliteDir, { recursive: true, force: true });
    rmSync(postgresDir, { recursive: true, force: true });
  });

  it('loads the log with the same root hash, which `ledger verify` then passes', async () => {
    expect(imported.error).toBeUndefined();
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toMatch(/^imported \d+ events into postgres: tree size \d+, root [0-9a-f]{64} \(the export's\)/);
    expect(ROOT.exec(imported.stdout)![1]).toBe(exportedRoot);
    // Progress went to standard error.
    expect(imported.stderr).toMatch(/import into postgres/);

    const verified = await runCliWith(intoPostgres, registerVerify, ['verify']);
    expect(verified.exitCode).toBe(0);
    expect(ROOT.exec(verified.stdout)![1]).toBe(exportedRoot);
    // The PostgreSQL log, exported in turn, is the same file.
    const again = join(postgresDir, 'again.jsonl');
    expect((await runCliWith(intoPostgres, registerExport, ['export', '--out', again])).exitCode).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('answers the demo queries the same from both stores', async () => {
    const sqlite = await startLedger(fromSqlite);
    const postgres = await startLedger(intoPostgres);
    try {
      await projected(sqlite);
      await projected(postgres);
      const asOf = new Date().toISOString();
      const summaryOf = await client(sqlite.baseUrl).get<{ collaborative: { members: Array<{ organizationId: string }> } }>(`/collaboratives/${COLLABORATIVE}/summary?asOf=${asOf}`);
      expect(summaryOf.status).toBe(200);
      const members = summaryOf.body.collaborative.members.map((m) => m.organizationId);
      expect(members.length).toBeGreaterThan(10);
      const commitments = await client(sqlite.baseUrl).get<{ items: Array<{ id: string }> }>(`/commitments?collaborative=${COLLABORATIVE}&limit=500&asOf=${asOf}`);
      const pledges = await client(sqlite.baseUrl).get<{ items: Array<{ id: string }> }>(`/pledges?collaborative=${COLLABORATIVE}&limit=500&asOf=${asOf}`);
      const resolutions = await client(sqlite.baseUrl).get<{ items: Array<{ id: string }> }>(`/resolutions?collaborative=${COLLABORATIVE}&limit=500&asOf=${asOf}`);
      expect(commitments.body.items.length).toBe(30);
      const paths = [
        `/collaboratives/${COLLABORATIVE}/summary`,
        `/collaboratives/${COLLABORATIVE}/charter`,
        `/collaboratives/${COLLABORATIVE}/decisions?limit=500`,
        `/commitments?collaborative=${COLLABORATIVE}&limit=500`,
        `/commitments?collaborative=${COLLABORATIVE}&status=overdue,disputed`,
        `/pledges?collaborative=${COLLABORATIVE}&limit=500`,
        `/resolutions?collaborative=${COLLABORATIVE}&limit=500`,
        ...members.map((id) => `/organizations/${id}/accountability`),
        ...commitments.body.items.map((c) => `/commitments/${c.id}`),
        ...pledges.body.items.map((p) => `/pledges/${p.id}`),
        ...resolutions.body.items.map((r) => `/resolutions/${r.id}`),
        '/ledger/events?limit=1000',
      ];
      for (const path of paths) {
        // The raw log has no asOf (it is the log itself); every other query is asked as of one instant.
        const at = path.startsWith('/ledger/') ? path : `${path}${path.includes('?') ? '&' : '?'}asOf=${asOf}`;
        const [a, b] = await Promise.all([client(sqlite.baseUrl).get(at), client(postgres.baseUrl).get(at)]);
        expect({ path, status: b.status }).toEqual({ path, status: a.status });
        expect({ path, status: a.status, body: a.status === 200 ? null : a.body }).toEqual({ path, status: 200, body: null });
        expect({ path, body: b.body }).toEqual({ path, body: a.body });
      }
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it('refuses a store that is not empty, and an export that does not verify, writing nothing', async () => {
    const full = await runCliWith(intoPostgres, registerImport, ['import', file]);
    expect(full.error?.message).toMatch(/the postgres store already holds \d+ events: import only into an empty store/);

    // One event's data changed after the export: its hash no longer matches.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const middle = Math.floor(lines.length / 2);
    const event = JSON.parse(lines[middle]);
    event.data = { ...event.data, forged: true };
    lines[middle] = JSON.stringify(event);
    const tampered = join(sqliteDir, 'tampered.jsonl');
    writeFileSync(tampered, lines.join('\n') + '\n');
    const refused = await runCliWith({ ...intoPostgres, LEDGER_POSTGRES_SCHEMA: TAMPERED_SCHEMA }, registerImport, ['import', tampered]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`does not verify, nothing imported: .*position ${middle + 1}`));
    const store = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, schema: TAMPERED_SCHEMA });
    try {
      expect((await store.head()).position).toBe(0);
    } finally {
      await store.close();
    }
  });
});
