import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { BenchRow, log, row } from '../harness';

/** A generated key (`openssl rand -base64 32`): the ledger refuses to start with a weak one. */
export const OPERATOR_KEY = 'gzZZNcWWJY8/yMi28yhOzLnjHcS8eHkSUyLlGO5Ys4Q=';
// The repository root, from dist/bench/suites (built) or bench/suites (run from source).
const root = resolve(__dirname, __dirname.split(/[\\/]/).includes('dist') ? '../../..' : '../..');

interface Ledger {
  url: string;
  stop(): Promise<void>;
}

/** Starts the built ledger (`npm run build` first) as its own process, as users run it. */
async function startLedgerProcess(env: Record<string, string>): Promise<Ledger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-http-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const nodeArgs = (process.env.LEDGER_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(root, 'dist/apps/ledger/src/main.js')], {
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dataDir,
      PORT: String(port),
      LEDGER_OPERATOR_KEY: OPERATOR_KEY,
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
      LEDGER_CHECKPOINT_INTERVAL_S: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function post(url: string, key: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

const dueIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

/** A collaborative with a steward, members and a large pledge, and pools of commitments per stage. */
export async function seed(url: string, members: number, prepared: number) {
  const op = OPERATOR_KEY;
  const C = 'bench-collaborative';
  await post(url, op, '/organizations', { id: 'bench-steward', name: 'Bench Steward', sector: 'hospital' });
  await post(url, op, '/collaboratives', { id: C, name: 'Bench', region: 'Bench', pathwayPhase: 5 });
  await post(url, op, `/collaboratives/${C}/members`, { organizationId: 'bench-steward', role: 'steward' });
  const keys: Record<string, string> = {};
  const issue = async (org: string) => (keys[org] = ((await post(url, op, '/api-keys', { organizationId: org })) as { key: string }).key);
  await issue('bench-steward');
  const orgs: string[] = [];
  for (let i = 0; i < members; i++) {
    const org = `bench-member-${i}`;
    await post(url, op, '/organizations', { id: org, name: `Member ${i}`, sector: 'community_org' });
    await post(url, op, `/collaboratives/${C}/members`, { organizationId: org, role: 'member' });
    await issue(org);
    orgs.push(org);
  }
  const make = async (org: string) =>
    ((await post(url, keys[org], '/commitments', { collaborativeId: C, promisee: { collaborativeId: C }, title: 'Enrol residents in care navigation', dueDate: dueIn(90) })) as { id: string }).id;
  const proposed: Array<{ id: string; org: string }> = [];
  const accepted: Array<{ id: string; org: string }> = [];
  const inProgress: Array<{ id: string; org: string }> = [];
  for (let i = 0; i < prepared; i++) {
    const org = orgs[i % orgs.length];
    proposed.push({ id: await make(org), org });
    const id = await make(org);
    await post(url, keys['bench-steward'], `/commitments/${id}/acceptance`, {});
    // Half are delivered during the run, half only report progress (never after a delivery claim).
    (i % 2 === 0 ? accepted : inProgress).push({ id, org });
  }
  const pledges: Array<{ id: string; org: string }> = [];
  for (const org of orgs) {
    const id = ((await post(url, keys[org], '/pledges', { collaborativeId: C, recipient: { collaborativeId: C }, purpose: 'Core funding', amount: { currency: 'USD', amount: '100000000.00' }, binding: true })) as { id: string }).id;
    pledges.push({ id, org });
  }
  return { C, keys, orgs, proposed, accepted, inProgress, pledges };
}

export type Seeded = Awaited<ReturnType<typeof seed>>;

/** Picks the next command of the mix and builds its request. */
export function commandMix(s: Seeded) {
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
  const request = (key: string, path: string, body: unknown) => ({
    method: 'POST' as const,
    path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  return () => {
    const r = Math.random();
    if (r < 0.25) {
      const org = pick(s.orgs);
      return request(s.keys[org], '/commitments', { collaborativeId: s.C, promisee: { collaborativeId: s.C }, title: 'Open a Saturday clinic', dueDate: dueIn(60) });
    }
    if (r < 0.4 && s.proposed.length > 0) {
      const c = s.proposed.pop()!;
      return request(s.keys['bench-steward'], `/commitments/${c.id}/acceptance`, {});
    }
    if (r < 0.5 && s.accepted.length > 0) {
      const c = s.accepted.pop()!;
      return request(s.keys[c.org], `/commitments/${c.id}/delivery`, { deliveredOn: today(), value: '10' });
    }
    if (r < 0.8) {
      const c = pick(s.inProgress);
      return request(s.keys[c.org], `/commitments/${c.id}/progress`, { note: 'Enrolled 12 more residents', value: '12' });
    }
    if (r < 0.85) {
      const org = pick(s.orgs);
      return request(s.keys[org], '/pledges', { collaborativeId: s.C, recipient: { collaborativeId: s.C }, purpose: 'Transport vouchers', amount: { currency: 'USD', amount: '5000.00' }, binding: true });
    }
    const p = pick(s.pledges);
    return request(s.keys[p.org], `/pledges/${p.id}/disbursements`, { amount: { currency: 'USD', amount: '1.00' }, disbursedOn: today(), reference: 'bench' });
  };
}

export function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolvePromise, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolvePromise(result)));
  });
}

/**
 * HTTP load on the running ledger (its own process, as `npm start` runs it): a mix of durable
 * commands from 50 connections, then a mix of queries. Throughput and latency are autocannon's.
 */
export async function benchHttpLoad(store: 'sqlite' | 'postgres', env: Record<string, string> = {}, seconds = 15): Promise<BenchRow[]> {
  const suite = `http/${store}`;
  const ledger = await startLedgerProcess({ LEDGER_STORE: store, ...env });
  try {
    log(`${suite}: seeding`);
    const seeded = await seed(ledger.url, 20, 1500);
    const next = commandMix(seeded);
    log(`${suite}: commands from 50 connections for ${seconds} s`);
    const commands = await run({
      url: ledger.url,
      connections: 50,
      duration: seconds,
      requests: [{ setupRequest: (request) => Object.assign(request, next()) }],
    });
    const rows = [
      row(suite, 'commands/s (mix, 50 connections)', commands.requests.average, 'req/s', store === 'sqlite' ? { atLeast: 3000 } : undefined),
      row(suite, 'command latency median', commands.latency.p50, 'ms'),
      row(suite, 'command latency p99', commands.latency.p99, 'ms', store === 'sqlite' ? { atMost: 50 } : undefined),
      row(suite, 'commands refused or failed', commands.non2xx + commands.errors, 'requests'),
    ];
    const queries = await queryMix(ledger.url, seeded);
    if (queries) {
      log(`${suite}: queries from 50 connections for ${seconds} s`);
      const result = await run({ url: ledger.url, connections: 50, duration: seconds, requests: [{ setupRequest: (request) => Object.assign(request, queries()) }] });
      rows.push(
        row(suite, 'queries/s (mix, 50 connections)', result.requests.average, 'req/s', store === 'sqlite' ? { atLeast: 8000 } : undefined),
        row(suite, 'query latency median', result.latency.p50, 'ms'),
        row(suite, 'query latency p99', result.latency.p99, 'ms'),
        row(suite, 'queries refused or failed', result.non2xx + result.errors, 'requests'),
      );
    }
    return rows;
  } finally {
    await ledger.stop();
  }
}

/** The query mix, once the read side answers: lists, one commitment, scorecards, pledges. */
async function queryMix(url: string, s: Seeded): Promise<(() => { method: 'GET'; path: string; headers: Record<string, string> }) | null> {
  const probe = await fetch(`${url}/commitments?collaborative=${s.C}&limit=1`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
  if (probe.status !== 200) return null;
  const ids = ((await probe.json()) as { items: Array<{ id: string }> }).items.map((c) => c.id);
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
  const commitmentIds = [...ids, ...s.proposed.map((c) => c.id)];
  return () => {
    const org = pick(s.orgs);
    const headers = { authorization: `Bearer ${s.keys[org]}` };
    const r = Math.random();
    const path =
      r < 0.35
        ? `/commitments?collaborative=${s.C}&limit=20`
        : r < 0.6
          ? `/commitments/${pick(commitmentIds)}`
          : r < 0.8
            ? `/organizations/${org}/accountability`
            : r < 0.9
              ? `/pledges?collaborative=${s.C}&limit=20`
              : `/commitments?promisor=${org}&status=active&limit=20`;
    return { method: 'GET', path, headers };
  };
}
