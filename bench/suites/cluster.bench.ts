import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { BenchRow, log, row } from '../harness';
import { OPERATOR_KEY, commandMix, run, seed } from './http-load.bench';

// The repository root, from dist/bench/suites (built) or bench/suites (run from source).
const root = resolve(__dirname, __dirname.split(/[\\/]/).includes('dist') ? '../../..' : '../..');
const exec = promisify(execFile);

interface Health {
  cluster?: { role: string };
}

async function script(name: 'start.sh' | 'stop.sh', args: string[], env: Record<string, string>): Promise<string> {
  const { stdout, stderr } = await exec(join(root, 'infra/cluster', name), args, { cwd: root, env: { ...process.env, ...env }, timeout: 300_000 });
  return stdout + stderr;
}

async function role(url: string): Promise<string | undefined> {
  try {
    return ((await (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).json()) as Health).cluster?.role;
  } catch {
    return undefined;
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Several servers on one PostgreSQL database behind HAProxy, as infra/cluster/start.sh runs them
 * (the build, `npm run build` first): the HTTP command mix of http-load.bench.ts from 50 connections
 * through the proxy with 1, 2 and 3 servers; then, with 3, the leader killed with SIGKILL and the time
 * until a survivor leads (LEDGER.md: within 10 s). No broker: the commands' own cost is measured.
 */
export async function benchCluster(postgresUrl: string, seconds = 15): Promise<BenchRow[]> {
  const suite = 'cluster';
  const rows: BenchRow[] = [];
  for (const servers of [1, 2, 3]) {
    const schema = `bench_cluster_${servers}_${process.pid}`;
    const runDir = mkdtempSync(join(tmpdir(), 'ledger-bench-cluster-'));
    const firstPort = 21000 + Math.floor(Math.random() * 8000);
    const proxyPort = firstPort + 100;
    const env = {
      CLUSTER_RUN_DIR: runDir,
      CLUSTER_FIRST_PORT: String(firstPort),
      CLUSTER_PROXY_PORT: String(proxyPort),
      LEDGER_POSTGRES_URL: postgresUrl,
      LEDGER_POSTGRES_SCHEMA: schema,
      LEDGER_OPERATOR_KEY: OPERATOR_KEY,
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
      KAFKA_BROKERS: '',
      LOG_LEVEL: 'warn',
    };
    await dropSchema(postgresUrl, schema);
    log(`${suite}: ${servers} server(s) behind HAProxy`);
    await script('start.sh', [String(servers)], env);
    const proxy = `http://127.0.0.1:${proxyPort}`;
    try {
      const seeded = await seed(proxy, 20, 600);
      const next = commandMix(seeded);
      log(`${suite}: commands through the proxy from 50 connections for ${seconds} s`);
      const result = await run({ url: proxy, connections: 50, duration: seconds, requests: [{ setupRequest: (request) => Object.assign(request, next()) }] });
      const label = `${servers} server${servers > 1 ? 's' : ''}`;
      rows.push(
        row(suite, `commands/s through the proxy, ${label} (mix, 50 connections)`, result.requests.average, 'req/s'),
        row(suite, `command latency median, ${label}`, result.latency.p50, 'ms'),
        row(suite, `command latency p99, ${label}`, result.latency.p99, 'ms'),
        row(suite, `commands refused or failed, ${label}`, result.non2xx + result.errors, 'requests'),
      );
      if (servers === 3) {
        const urls = [0, 1, 2].map((i) => `http://127.0.0.1:${firstPort + i}`);
        const roles = await Promise.all(urls.map(role));
        const leader = roles.indexOf('leader');
        if (leader < 0) throw new Error(`no leader among the servers: ${roles.join(', ')}`);
        const survivors = urls.filter((_, i) => i !== leader);
        await script('stop.sh', ['--server', String(leader + 1), '--kill'], env);
        const killed = performance.now();
        let tookOver = Number.NaN;
        while (performance.now() - killed < 30_000) {
          if ((await Promise.all(survivors.map(role))).includes('leader')) {
            tookOver = performance.now() - killed;
            break;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        log(`${suite}: the leader (server ${leader + 1}) killed with SIGKILL; a survivor leads ${Math.round(tookOver)} ms later`);
        rows.push(row(suite, "take-over: a survivor leads after the leader's SIGKILL", tookOver, 'ms', { atMost: 10_000 }));
      }
    } finally {
      await script('stop.sh', [], env).catch((error) => log(`${suite}: stop.sh: ${(error as Error).message}`));
      await dropSchema(postgresUrl, schema).catch(() => undefined);
      rmSync(runDir, { recursive: true, force: true });
    }
  }
  return rows;
}
