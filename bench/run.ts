/**
 * `npm run bench`: runs every benchmark, prints the figures, writes bench/results/latest.json and
 * latest.md, and regenerates the README's figures table between its bench markers.
 * `npm run bench -- --only sqlite` runs the suites whose name contains "sqlite".
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensurePostgresDatabase, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';
import { Client } from 'pg';
import { BenchRow, log } from './harness';
import { benchPostgresVersusEmmett } from './suites/emmett-postgres.bench';
import { benchEventStore } from './suites/event-store.bench';
import { benchHashingCost, benchVerify } from './suites/integrity.bench';
import { benchHttpLoad } from './suites/http-load.bench';
import { benchKafkaLatency } from './suites/kafka-latency.bench';
import { benchProjections } from './suites/projections.bench';

interface Suite {
  name: string;
  run(): Promise<BenchRow[]>;
}

const root = resolve(__dirname, '..', '..');
const suites: Suite[] = [
  {
    name: 'event-store/sqlite',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
      const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite') });
      try {
        return await benchEventStore('sqlite', store);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'event-store/postgres',
    async run() {
      const url = process.env.LEDGER_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/ledger_test';
      const schema = `bench_${process.pid}`;
      await ensurePostgresDatabase(url);
      const store = await PostgresEventStore.open({ connectionString: url, schema });
      try {
        return await benchEventStore('postgres', store, { single: 500, concurrentPerCaller: 100, batches: 300, batchSize: 100 });
      } finally {
        await store.close();
        const client = new Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    },
  },
  {
    name: 'event-store/postgres-vs-emmett',
    async run() {
      // One fresh database holds both stores (Emmett keeps its tables in the public schema).
      const base = process.env.LEDGER_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/ledger_test';
      const url = new URL(base);
      url.pathname = '/ledger_bench_emmett';
      await recreateDatabase(url.toString());
      return benchPostgresVersusEmmett(url.toString(), 'ledger');
    },
  },
  { name: 'projections/sqlite', run: () => benchProjections() },
  { name: 'integrity', run: async () => [...(await benchVerify(1_000_000)), ...(await benchHashingCost())] },
  {
    name: 'kafka/latency',
    run: () => benchKafkaLatency((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')),
  },
  { name: 'http/sqlite', run: () => benchHttpLoad('sqlite') },
  {
    name: 'http/postgres',
    async run() {
      const base = new URL(process.env.LEDGER_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/ledger_test');
      base.pathname = '/ledger_bench_http';
      await recreateDatabase(base.toString());
      return benchHttpLoad('postgres', { LEDGER_POSTGRES_URL: base.toString() });
    },
  },
];

async function recreateDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

function table(rows: BenchRow[]): string {
  const lines = ['| suite | figure | value | aim | met |', '| --- | --- | ---: | --- | --- |'];
  for (const r of rows) {
    lines.push(
      `| ${r.suite} | ${r.name} | ${r.value.toLocaleString('en-US')} ${r.unit} | ${r.aim ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--only');
  const filter = only >= 0 ? process.argv[only + 1] : undefined;
  const rows: BenchRow[] = [];
  for (const suite of suites) {
    if (filter && !suite.name.includes(filter)) continue;
    log(`suite ${suite.name}`);
    rows.push(...(await suite.run()));
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const when = new Date().toISOString();
  const markdown = `Measured ${when} on ${machine} with \`npm run bench\`${filter ? ` (--only ${filter})` : ''}.\n\n${table(rows)}\n`;
  console.log(markdown);

  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({ when, machine, rows }, null, 2) + '\n');
  writeFileSync(join(resultsDir, 'latest.md'), markdown);
  if (!filter) {
    const readmePath = join(root, 'README.md');
    const readme = readFileSync(readmePath, 'utf8');
    const updated = readme.replace(
      /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
      `<!-- bench:start -->\n${markdown}<!-- bench:end -->`,
    );
    writeFileSync(readmePath, updated);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
