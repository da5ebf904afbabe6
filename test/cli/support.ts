import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_OPERATOR_KEY } from '../support/ledger-app';

const REPO = join(__dirname, '../..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The `ledger` command as a user runs it: its main in a child process (the TypeScript sources, as the
 * build compiles them), on the ledger in `dataDir`. Asynchronous, so servers in the test process (an
 * SMTP server) go on answering while it runs.
 */
export function ledgerCli(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', join(REPO, 'test/support/ts-register.js'), join(REPO, 'apps/cli/src/main.ts'), ...args],
      {
        env: { ...process.env, LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir, LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY, LEDGER_CHECKPOINT_INTERVAL_S: '0', LOG_LEVEL: 'silent', ...env },
        encoding: 'utf8',
        timeout: 180_000,
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** A real PDF reader's text of the document: poppler's pdftotext (infra/reports/install.sh). */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-text-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
