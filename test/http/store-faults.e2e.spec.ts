import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { SqliteEventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../../apps/ledger/src/infrastructure/tokens';
import { LostHistoryError } from '../../apps/ledger/src/infrastructure/store-history';
import { client } from '../support/http-client';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';

const REPO = resolve(__dirname, '../..');
const ORGANIZATION = { id: 'kept-org', name: 'Kept', sector: 'other' };

/** The real server (apps/ledger/src/main.ts) in a child process, as `npm start` runs it. */
function runServer(dataDir: string, env: Record<string, string>, user: { uid?: number; gid?: number } = {}) {
  const child = spawn(process.execPath, ['--require', join(REPO, 'test/support/ts-register.js'), join(REPO, 'apps/ledger/src/main.ts')], {
    cwd: REPO,
    env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY, LEDGER_CHECKPOINT_INTERVAL_S: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    output: () => output,
    exited,
    async listening(): Promise<void> {
      const deadline = Date.now() + 60_000;
      while (!output.includes('stewardship ledger listening')) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(): Promise<number | null> {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/**
 * Makes a folder and its files read-only for the ledger's process. Root writes whatever the modes
 * say, so as root the folder is handed to `nobody` and the server runs as that user.
 */
function makeReadOnly(dir: string): { uid?: number; gid?: number } {
  const asRoot = process.getuid?.() === 0;
  for (const path of [dir, ...readdirSync(dir).map((name) => join(dir, name))]) {
    if (asRoot) chownSync(path, 65534, 65534);
    chmodSync(path, statSync(path).isDirectory() ? 0o555 : 0o400);
  }
  return asRoot ? { uid: 65534, gid: 65534 } : {};
}

function makeWritable(dir: string): void {
  for (const path of [dir, ...readdirSync(dir).map((name) => join(dir, name))]) chmodSync(path, statSync(path).isDirectory() ? 0o700 : 0o600);
}

/** A data folder with a ledger that recorded an organization, stopped cleanly. */
async function folderWithHistory(): Promise<string> {
  const ledger = await startLedger();
  expect((await client(ledger.baseUrl).asOperator('/organizations', ORGANIZATION)).status).toBe(201);
  await ledger.app.close();
  return ledger.dataDir;
}

describe('storage faults', () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) {
      if (existsSync(dir)) makeWritable(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the database deleted while the ledger runs', () => {
    let ledger: RunningLedger;
    let logged: jest.SpyInstance;

    beforeAll(async () => {
      logged = jest.spyOn(Logger.prototype, 'error');
      ledger = await startLedger();
      folders.push(ledger.dataDir);
    });
    afterAll(() => logged.mockRestore());

    it('answers commands 503 with a problem document instead of 201 into the deleted file; /health says why, and so does the log', async () => {
      const http = client(ledger.baseUrl);
      expect((await http.asOperator('/organizations', ORGANIZATION)).status).toBe(201);
      expect((await http.get('/health')).status).toBe(200);
      for (const suffix of ['', '-wal', '-shm']) unlinkSync(join(ledger.dataDir, `ledger.sqlite${suffix}`));

      const refused = await http.asOperator('/organizations', { id: 'lost-org', name: 'Lost', sector: 'other' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 503, code: 'store_unavailable' });
      expect(JSON.stringify(refused.body)).not.toContain(ledger.dataDir);

      const health = await http.get<{ status: string; store: { status: string; detail: string } }>('/health', { authorization: '' });
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'degraded', store: { status: 'down', detail: expect.stringContaining('ledger.sqlite was deleted while the ledger had it open') } });
      const lines = logged.mock.calls.map((call) => String(call[0]));
      expect(lines).toContainEqual(expect.stringContaining('the store is unavailable: ledger.sqlite was deleted'));
      expect(existsSync(join(ledger.dataDir, 'ledger.sqlite'))).toBe(false);
    });

    it('refuses to start again on the emptied folder, naming what it found and the setting that overrides it', async () => {
      await ledger.app.close();
      let refusal: unknown;
      await startLedger({ LEDGER_DATA_DIR: ledger.dataDir }).catch((error) => (refusal = error));
      expect(refusal).toBeInstanceOf(LostHistoryError);
      const message = (refusal as Error).message;
      expect(message).toContain(`${join(ledger.dataDir, 'ledger.sqlite')} is missing`);
      expect(message).toContain("ledger-signing-key.pem: the ledger's checkpoint-signing key");
      expect(message).toContain('ledger-head.json: the log held 1 events');
      expect(message).toContain('LEDGER_ALLOW_EMPTY_STORE=true');
      expect(existsSync(join(ledger.dataDir, 'ledger.sqlite'))).toBe(false);
    });

    it('starts a new, empty ledger there when told to (LEDGER_ALLOW_EMPTY_STORE=true), and from then on without being told', async () => {
      const fresh = await startLedger({ LEDGER_DATA_DIR: ledger.dataDir, LEDGER_ALLOW_EMPTY_STORE: 'true' });
      expect(await client(fresh.baseUrl).headPosition()).toBe(0);
      await fresh.app.close();
      const again = await startLedger({ LEDGER_DATA_DIR: ledger.dataDir });
      expect(await client(again.baseUrl).headPosition()).toBe(0);
      await again.app.close();
    });
  });

  it.each([
    ["a write-ahead log without its database", (dir: string) => writeFileSync(join(dir, 'ledger.sqlite-wal'), ''), 'ledger.sqlite-wal'],
    ["the operator's generated key without the database", (dir: string) => writeFileSync(join(dir, 'operator.key'), 'ldk_x\n'), 'operator.key'],
  ])('refuses to start on %s', async (_, leave, named) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-lost-'));
    folders.push(dir);
    leave(dir);
    await expect(startLedger({ LEDGER_DATA_DIR: dir })).rejects.toThrow(named);
  });

  it('refuses to start on a database emptied since the head saved beside it', async () => {
    const dir = await folderWithHistory();
    folders.push(dir);
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `ledger.sqlite${suffix}`), { force: true });
    new Database(join(dir, 'ledger.sqlite')).exec('CREATE TABLE placeholder (x)');
    await expect(startLedger({ LEDGER_DATA_DIR: dir })).rejects.toThrow(/the event store \(sqlite\) is empty[\s\S]*ledger-head\.json: the log held 1 events/);
  });

  it('exits non-zero with the message when the server itself is started on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-lost-'));
    folders.push(dir);
    writeFileSync(join(dir, 'ledger-signing-key.pem'), 'kept from the lost ledger');
    const server = runServer(dir, { PORT: String(await freePort()) });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`the ledger refuses to start: ${join(dir, 'ledger.sqlite')} is missing`);
    expect(server.output()).toContain('LEDGER_ALLOW_EMPTY_STORE=true');
    expect(existsSync(join(dir, 'ledger.sqlite'))).toBe(false);
  }, 120_000);

  it('on a read-only data folder: starts, /health answers 503 saying so, commands 503, queries still answer', async () => {
    const dir = await folderWithHistory();
    folders.push(dir);
    // A connection left open keeps the database's -wal and -shm (as a ledger that did not stop cleanly
    // leaves them): without them SQLite cannot open a read-only database at all (the next test).
    const holder = new Database(join(dir, 'ledger.sqlite'));
    holder.prepare('SELECT COUNT(*) FROM events').get();
    const port = await freePort();
    const server = runServer(dir, { PORT: String(port) }, makeReadOnly(dir));
    try {
      await server.listening();
      const url = `http://127.0.0.1:${port}`;
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ store: { status: 'down', detail: expect.stringMatching(/ledger\.sqlite (is open read-only|cannot be written)/) } });
      const command = await fetch(`${url}/organizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_OPERATOR_KEY}` },
        body: JSON.stringify({ id: 'new-org', name: 'New', sector: 'other' }),
      });
      expect(command.status).toBe(503);
      expect(await command.json()).toMatchObject({ code: 'store_unavailable' });
      const query = await fetch(`${url}/organizations/${ORGANIZATION.id}/accountability`, { headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}` } });
      expect(query.status).toBe(200);
      expect(server.output()).toMatch(/the store is unavailable: ledger\.sqlite (is open read-only|cannot be written)/);
    } finally {
      await server.stop();
      holder.close();
    }
  }, 120_000);

  it('on a read-only data folder the database cannot even be opened from: exits non-zero naming the file', async () => {
    const dir = await folderWithHistory();
    folders.push(dir);
    const server = runServer(dir, { PORT: String(await freePort()) }, makeReadOnly(dir));
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`ledger failed to start: cannot open ${join(dir, 'ledger.sqlite')}: SQLite: attempt to write a readonly database`);
  }, 120_000);

  it('keeps every file it writes in its data folder to its own user (0600), in a folder of its own (0700), whatever the umask', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ledger-modes-'));
    folders.push(parent);
    const dataDir = join(parent, 'data');
    const umask = process.umask(0);
    try {
      const ledger = await startLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_OPERATOR_KEY: '' });
      const operatorKey = readFileSync(join(dataDir, 'operator.key'), 'utf8').trim();
      const answer = await fetch(`${ledger.baseUrl}/organizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorKey}` },
        body: JSON.stringify(ORGANIZATION),
      });
      expect(answer.status).toBe(201);
      expect((await fetch(`${ledger.baseUrl}/health`)).status).toBe(200);
      const files = readdirSync(dataDir);
      expect(files).toEqual(expect.arrayContaining(['ledger.sqlite', 'ledger.sqlite-wal', 'ledger.sqlite-shm', 'ledger-signing-key.pem', 'operator.key', 'ledger-head.json']));
      for (const name of files) expect({ name, mode: (statSync(join(dataDir, name)).mode & 0o777).toString(8) }).toEqual({ name, mode: '600' });
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
      await ledger.app.close();
    } finally {
      process.umask(umask);
    }
  });

  it('answers 503 when the disk is full, appending nothing, and records again once there is room', async () => {
    const ledger = await startLedger();
    try {
      const http = client(ledger.baseUrl);
      const db = ledger.app.get<SqliteEventStore>(EVENT_STORE).database;
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
      const before = await http.headPosition();
      const body = { id: 'full-org', name: 'x'.repeat(200), sector: 'other' };
      let answer = await http.asOperator('/organizations', body);
      // Free pages may take a few small events before the file must grow.
      for (let i = 0; answer.status === 201 && i < 500; i++) answer = await http.asOperator('/organizations', { ...body, id: `full-org-${i}` });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ code: 'store_unavailable' });
      const head = await http.headPosition();
      expect(head).toBeGreaterThanOrEqual(before);
      expect((await http.asOperator('/organizations', { ...body, id: 'still-full' })).status).toBe(503);
      expect(await http.headPosition()).toBe(head);
      db.pragma('max_page_count = 1073741823');
      expect((await http.asOperator('/organizations', { ...body, id: 'room-again' })).status).toBe(201);
    } finally {
      await ledger.close();
    }
  });
});
