import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The `ledger` command as a user runs it (its main, in a child process): a bad number for a position,
 * a tree size or a thread count is refused before anything runs, with a message naming the option and
 * exit code 2 — never "done (NaN)" with exit 0.
 */
const REPO = join(__dirname, '../..');

function ledger(args: string[], dataDir: string) {
  return spawnSync(process.execPath, ['--require', join(REPO, 'test/support/ts-register.js'), join(REPO, 'apps/cli/src/main.ts'), ...args], {
    env: { ...process.env, LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('ledger: usage errors', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-usage-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    [['export', '--to-position', 'abc'], '--to-position'],
    [['export', '--to-position', '-1'], '--to-position'],
    [['replay', '--to-position', '1.5'], '--to-position'],
    [['replay', '--threads', '0'], '--threads'],
    [['proof', '0190a0a0-0000-7000-8000-000000000000', '--tree-size', '1e3'], '--tree-size'],
    [['checkpoint', '--tree-size', 'ten'], '--tree-size'],
  ])('refuses %j with exit code 2, naming the option', (args, option) => {
    const run = ledger(args, dataDir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(option);
    expect(run.stdout).not.toMatch(/done/);
  });
});
