/**
 * A ledger server in a process of its own (apps/ledger/src/main.ts, as `npm start` runs it, from the
 * sources through test/support/ts-register.js), for the suites that kill one with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');

export interface LedgerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Everything it printed, for failure messages. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port free now (the OS's choice), for a server to listen on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Starts a ledger server with `env` (over the test process's) and resolves once it listens. */
export async function startLedgerProcess(name: string, env: Record<string, string>, timeoutMs = 120_000): Promise<LedgerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', resolve(REPO, 'test/support/ts-register.js'), resolve(REPO, 'apps/ledger/src/main.ts')], {
    cwd: REPO,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const alive = () => child.exitCode === null && child.signalCode === null;
  let timer: NodeJS.Timeout | undefined;
  const listening = await Promise.race([
    new Promise<boolean>((done) => {
      const check = () => {
        if (!out.includes('stewardship ledger listening on')) return;
        child.stdout!.off('data', check);
        done(true);
      };
      child.stdout!.on('data', check);
    }),
    exited.then(() => false),
    new Promise<boolean>((done) => (timer = setTimeout(() => done(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!listening) {
    child.kill('SIGKILL');
    throw new Error(`ledger server ${name} did not start:\n${out.slice(-4000)}`);
  }
  return {
    name,
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    alive,
    async kill(signal) {
      if (alive()) child.kill(signal);
      return exited;
    },
  };
}
