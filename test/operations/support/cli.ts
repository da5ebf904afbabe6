import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Command } from 'commander';

const REPO = resolve(__dirname, '../../..');

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  error?: Error;
}

/** Runs `ledger <args>` in this process, with `env` added to the environment, capturing its output. */
export async function runCliWith(env: Record<string, string>, register: (program: Command) => void, args: string[]): Promise<CliRun> {
  const saved = { env: { ...process.env }, exitCode: process.exitCode };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  const log = jest.spyOn(console, 'log').mockImplementation((...parts) => void stdout.push(parts.join(' ') + '\n'));
  const error = jest.spyOn(console, 'error').mockImplementation((...parts) => void stderr.push(parts.join(' ') + '\n'));
  Object.assign(process.env, env);
  delete process.env.KAFKA_BROKERS;
  process.exitCode = 0;
  const program = new Command('ledger').exitOverride();
  register(program);
  let failure: Error | undefined;
  try {
    await program.parseAsync(['node', 'ledger', ...args]);
  } catch (e) {
    failure = e as Error;
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
  const exitCode = failure ? 1 : Number(process.exitCode ?? 0);
  process.env = saved.env;
  process.exitCode = saved.exitCode;
  return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode, error: failure };
}

/** Runs the real `ledger` command line (apps/cli/src/main.ts) in a child process. */
export function spawnCli(env: Record<string, string>, args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--require', join(REPO, 'test/support/ts-register.js'), join(REPO, 'apps/cli/src/main.ts'), ...args], {
      cwd: REPO,
      env: { ...process.env, ...env, KAFKA_BROKERS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => done({ stdout, stderr, exitCode: code ?? 1 }));
  });
}
