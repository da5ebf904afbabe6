import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { TEST_OPERATOR_KEY } from '../support/ledger-app';
import { startServerProcess, type ServerProcess } from './support/server-process';

type Outcome = { id: string; status: number; code?: string } | { id: string; error: string };

/** One command on a connection of its own (as many clients would send them), answered or failed. */
function register(baseUrl: string, id: string): Promise<Outcome> {
  const body = JSON.stringify({ id, name: id, sector: 'other' });
  return new Promise((resolve) => {
    const request = httpRequest(
      `${baseUrl}/organizations`,
      { method: 'POST', agent: false, headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          const parsed = text ? (JSON.parse(text) as { code?: string }) : {};
          resolve({ id, status: response.statusCode ?? 0, code: parsed.code });
        });
        response.on('error', (error) => resolve({ id, error: error.message }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
    request.end(body);
  });
}

/**
 * SIGTERM in the middle of a burst of commands: the server stops taking requests, answers those in
 * flight, and exits 0. No command it answered is lost (each is in the log when it is opened again),
 * and every command it did not take was refused cleanly: answered 503 shutting_down, or its
 * connection refused — and in both cases nothing of it is in the log.
 */
describe('a graceful stop', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-stop-'));
    server = await startServerProcess({ LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM during a burst of commands, loses no answered command and refuses new ones cleanly', async () => {
    const outcomes: Outcome[] = [];
    let next = 0;
    let stopSent = false;
    const exited = server.exited;
    let gone = false;
    void exited.then(() => (gone = true));
    // Sixteen clients send commands one after another until the server is gone; SIGTERM once 40 are answered.
    const client = async () => {
      while (!gone) {
        const outcome = await register(server.baseUrl, `burst-${next++}`);
        outcomes.push(outcome);
        if (!stopSent && outcomes.filter((o) => 'status' in o && o.status === 201).length >= 40) {
          stopSent = true;
          void server.stop('SIGTERM');
        }
        if ('error' in outcome && outcome.error === 'ECONNREFUSED') break;
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    const exit = await exited;
    expect(exit).toEqual({ code: 0, signal: null });

    const answered = outcomes.filter((o): o is { id: string; status: number; code?: string } => 'status' in o);
    const accepted = answered.filter((o) => o.status === 201).map((o) => o.id);
    const refused = outcomes.filter((o) => !('status' in o) || o.status !== 201);
    expect(accepted.length).toBeGreaterThanOrEqual(40);
    expect(refused.length).toBeGreaterThan(0);
    // Every answer is a 201 or a clean refusal: 503 shutting_down before anything ran.
    for (const o of answered) if (o.status !== 201) expect(o).toMatchObject({ status: 503, code: 'shutting_down' });
    expect(answered.some((o) => o.status === 503)).toBe(true);
    // The others found the port closed (or, connecting as it closed, reset): nothing of them ran either (below).
    for (const o of outcomes) if ('error' in o) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(o.error);

    const store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    try {
      const registered = new Set((await store.readAll({ limit: 100_000 })).filter((e) => e.type === 'OrganizationRegistered').map((e) => (e.data as { organizationId: string }).organizationId));
      for (const id of accepted) expect(registered.has(id)).toBe(true);
      for (const o of refused) expect(registered.has(o.id)).toBe(false);
    } finally {
      await store.close();
    }
    const lines = server.lines();
    expect(lines.some((line) => line.msg === 'stopped')).toBe(true);
    expect(lines.some((line) => typeof line.msg === 'string' && /every request in flight was answered/.test(line.msg))).toBe(true);
  });
});
