/**
 * `npm run bench`: runs every benchmark, prints the figures, writes bench/results/latest.json and
 * latest.md, and regenerates the README's figures table between its bench markers.
 * `npm run bench -- --only sqlite` runs the suites whose name contains "sqlite"; `--quick` stops the
 * growth curves at 1 000 000 events (instead of 10 000 000). The growth suite also writes
 * bench/results/growth.json and the charts under docs/bench/, linked from the README's section.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensurePostgresDatabase, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';
import { Client } from 'pg';
import { BenchRow, log } from './harness';
import { writeGrowthCharts } from './charts';
import { benchPostgresVersusEmmett, benchSqliteVersusEmmett } from './suites/emmett-comparison.bench';
import { benchEventStore } from './suites/event-store.bench';
import { benchHashingCost, benchVerify } from './suites/integrity.bench';
import { benchHttpLoad } from './suites/http-load.bench';
import { benchCluster } from './suites/cluster.bench';
import { benchKafkaLatency } from './suites/kafka-latency.bench';
import { benchProjections } from './suites/projections.bench';
import { benchGrowth, type GrowthResult } from './suites/growth.bench';
import { benchReports } from './suites/reports.bench';

interface Suite {
  name: string;
  run(): Promise<BenchRow[]>;
}

const root = resolve(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
/** The rows measured so far, rewritten after each suite and removed once the run completes. */
const PARTIAL = join(root, 'bench', 'results', 'partial.json');
/** Set when the growth suite ran: its series, for the charts and the README. */
let growth: GrowthResult | undefined;
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
  { name: 'emmett/sqlite', run: () => benchSqliteVersusEmmett(root) },
  {
    name: 'emmett/postgres',
    async run() {
      // One fresh database holds both stores (Emmett keeps its tables in the public schema).
      const base = process.env.LEDGER_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/ledger_test';
      const url = new URL(base);
      url.pathname = '/ledger_bench_emmett';
      await recreateDatabase(url.toString());
      return benchPostgresVersusEmmett(url.toString());
    },
  },
  { name: 'projections/sqlite', run: () => benchProjections() },
  { name: 'integrity', run: async () => [...(await benchVerify(1_000_000)), ...(await benchHashingCost())] },
  {
    name: 'kafka/latency',
    run: () => benchKafkaLatency((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')),
  },
  { name: 'reports', run: () => benchReports() },
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
  {
    name: 'cluster',
    async run() {
      const base = new URL(process.env.LEDGER_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/ledger_test');
      base.pathname = '/ledger_bench_cluster';
      await recreateDatabase(base.toString());
      return benchCluster(base.toString());
    },
  },
  // Last: the longest (10 000 000 events unless --quick).
  {
    name: 'growth',
    async run() {
      const { rows, result } = await benchGrowth(quick ? [10_000, 100_000, 1_000_000] : [10_000, 100_000, 1_000_000, 10_000_000]);
      growth = result;
      return rows;
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

/** The growth curves as one row per size, and the charts drawn from them. */
function growthSection(result: GrowthResult, charts: string[]): string {
  const ms = (value: number) => value.toFixed(2);
  const lines = [
    '**Growth curves** (one SQLite ledger grown through the real store; appends and point queries should stay flat,',
    'rebuild and verification grow linearly — µs per event flat):',
    '',
    '| events | append median / p99 ms | stream read median ms (OS reads, disk KiB per read) | the same straight after the appends (file in page cache) | commitment by id median / p99 ms (OS reads, disk KiB) | rebuild s (µs/event) | verify s (µs/event) | RSS / peak MiB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  // Where a query's pages came from: read system calls are SQLite page-cache misses; disk KiB, page-cache misses too.
  const io = (osReads: number | null | undefined, diskKiB: number | null | undefined) =>
    osReads === null || osReads === undefined || diskKiB === null || diskKiB === undefined ? '' : ` (${osReads.toFixed(1)}, ${diskKiB.toFixed(1)})`;
  for (const p of result.points) {
    const perEvent = (seconds: number) => ((seconds / p.events) * 1e6).toFixed(1);
    const cached = p.fileCachedAfterAppend === null ? '' : `; ${Math.round(p.fileCachedAfterAppend * 100)} %`;
    lines.push(
      `| ${p.events.toLocaleString('en-US')} | ${ms(p.appendP50Ms)} / ${ms(p.appendP99Ms)} | ${ms(p.streamReadP50Ms)}${io(p.streamReadOsReads, p.streamReadDiskKiB)} | ` +
        `${ms(p.streamReadAfterAppendP50Ms)}${io(p.streamReadAfterAppendOsReads, p.streamReadAfterAppendDiskKiB)}${cached} | ` +
        `${ms(p.commitmentQueryP50Ms)} / ${ms(p.commitmentQueryP99Ms)}${io(p.commitmentQueryOsReads, p.commitmentQueryDiskKiB)} | ` +
        `${p.rebuildSeconds.toFixed(1)} (${perEvent(p.rebuildSeconds)}) | ${p.verifySeconds.toFixed(1)} (${perEvent(p.verifySeconds)}) | ${Math.round(p.rssMiB)} / ${Math.round(p.peakRssMiB)} |`,
    );
  }
  lines.push('', charts.map((chart) => `![${chart}](${chart})`).join('\n'), '');
  return lines.join('\n');
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
  const failed: string[] = [];
  const started = Date.now();
  for (const suite of suites) {
    if (filter && !suite.name.includes(filter)) continue;
    log(`suite ${suite.name}`);
    const suiteStarted = Date.now();
    try {
      rows.push(...(await suite.run()));
    } catch (error) {
      // Keep going: one broken suite should not throw away the others' figures.
      failed.push(suite.name);
      log(`suite ${suite.name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    log(`suite ${suite.name}: ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s`);
    // Kept after every suite: a run that dies later (out of memory at 10M events) loses nothing measured.
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(PARTIAL, JSON.stringify({ started: new Date(started).toISOString(), argv: process.argv.slice(2), failed, rows }, null, 2) + '\n');
  }
  const minutes = (Date.now() - started) / 60_000;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const when = new Date().toISOString();
  const flags = [filter && `--only ${filter}`, quick && '--quick'].filter(Boolean).join(' ');
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  let growthMarkdown = '';
  if (growth) {
    writeFileSync(join(resultsDir, 'growth.json'), JSON.stringify(growth, null, 2) + '\n');
    growthMarkdown = `\n${growthSection(growth, writeGrowthCharts(root, growth))}`;
  }
  // The growth suite's per-size rows are in the growth table; its ratio rows stay in the main table.
  const mainRows = rows.filter((r) => !(r.suite === 'growth' && r.name.startsWith('@')));
  const markdown =
    `Measured ${when} on ${machine} with \`npm run bench\`${flags ? ` (${flags})` : ''}, in ${minutes.toFixed(1)} minutes.\n\n` +
    `${table(mainRows)}\n${growthMarkdown}`;
  console.log(markdown);

  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({ when, machine, minutes, flags, failed, rows, growth }, null, 2) + '\n');
  writeFileSync(join(resultsDir, 'latest.md'), markdown);
  rmSync(PARTIAL, { force: true });
  if (failed.length > 0) {
    log(`FAILED suites: ${failed.join(', ')} — the README is left as it was`);
    process.exitCode = 1;
    return;
  }
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
