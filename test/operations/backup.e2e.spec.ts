import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { registerBackup } from '../../apps/cli/src/commands/backup.command';
import { registerVerify } from '../../apps/cli/src/commands/verify.command';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';
import { runCliWith, spawnCli } from './support/cli';

/**
 * `ledger backup` of a live embedded store: taken while fifty clients write, by the real command in a
 * process of its own, it opens, verifies, and holds every event that had been answered before it
 * began — and it is the live log as it stood at one instant (a prefix of it, hash for hash).
 */
describe('ledger backup', () => {
  let ledger: RunningLedger;
  let folder: string;

  beforeAll(async () => {
    ledger = await startLedger();
    folder = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
  });
  afterAll(async () => {
    await ledger?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('copies the store consistently while fifty clients write', async () => {
    const answered: Array<{ eventId: string; position: number }> = [];
    let writing = true;
    const writer = async (client: number) => {
      for (let n = 0; writing; n++) {
        const response = await fetch(`${ledger.baseUrl}/organizations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: `backup-${client}-${n}`, name: `Writer ${client}`, sector: 'other' }),
        });
        const body = (await response.json()) as { position: number; events: Array<{ eventId: string }> };
        expect(response.status).toBe(201);
        answered.push({ eventId: body.events[0].eventId, position: body.position });
      }
    };
    const writers = Array.from({ length: 50 }, (_, client) => writer(client));
    while (answered.length < 200) await new Promise((r) => setTimeout(r, 20));

    const before = [...answered];
    const out = join(folder, 'ledger-backup.sqlite');
    const backup = await spawnCli({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: ledger.dataDir, LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY }, ['backup', '--out', out]);
    const during = answered.length - before.length;
    writing = false;
    await Promise.all(writers);

    expect(backup.stderr).not.toMatch(/failed|does not verify/);
    expect(backup.exitCode).toBe(0);
    expect(backup.stdout).toMatch(/backup of .* written to .*ledger-backup\.sqlite: \d+ pages, \d+ events, root [0-9a-f]{64}/);
    // The writers went on while it ran: the server was live.
    expect(during).toBeGreaterThan(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(existsSync(join(folder, '.ledger-backup.sqlite.partial'))).toBe(false);

    // It opens as a store, and `ledger verify` passes on it.
    const restored = mkdtempSync(join(tmpdir(), 'ledger-restored-'));
    try {
      copyFileSync(out, join(restored, 'ledger.sqlite'));
      const verify = await runCliWith({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: restored }, registerVerify, ['verify']);
      expect(verify.exitCode).toBe(0);
      expect(verify.stdout).toMatch(/^ok: \d+ events/);

      const copy = new SqliteEventStore({ filename: join(restored, 'ledger.sqlite') });
      const live = new SqliteEventStore({ filename: join(ledger.dataDir, 'ledger.sqlite') });
      try {
        const copied = await copy.readAll({ limit: 1_000_000 });
        const ids = new Set(copied.map((e) => e.eventId));
        for (const { eventId } of before) expect(ids.has(eventId)).toBe(true);
        expect(copied.length).toBeGreaterThanOrEqual(Math.max(...before.map((a) => a.position)));
        // The log as it stood at one instant: the live log's first events, the same hashes.
        const head = copied[copied.length - 1];
        const [same] = await live.readAll({ after: head.position - 1, limit: 1 });
        expect(same.hash).toBe(head.hash);
      } finally {
        await copy.close();
        await live.close();
      }
    } finally {
      rmSync(restored, { recursive: true, force: true });
    }
  });

  it('refuses a file that exists, and a store that is not the embedded one', async () => {
    const existing = join(folder, 'taken.sqlite');
    copyFileSync(join(ledger.dataDir, 'ledger.sqlite'), existing);
    const env = { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: ledger.dataDir };
    const taken = await runCliWith(env, registerBackup, ['backup', '--out', existing]);
    expect(taken.error?.message).toMatch(/exists already/);
    const postgres = await runCliWith({ ...env, LEDGER_STORE: 'postgres' }, registerBackup, ['backup', '--out', join(folder, 'pg.sqlite')]);
    expect(postgres.error?.message).toMatch(/embedded SQLite store; LEDGER_STORE is postgres/);
  });
});
