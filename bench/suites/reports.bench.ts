/**
 * Reports and exports:
 *
 * - the board pack of the demo partnership (`ledger demo`: 13 organizations, 30 commitments, six
 *   pledges, a settled risk agreement, a year of governance) as a PDF and as HTML, over HTTP from a
 *   ledger serving the demo: time to the whole PDF, median and p95 of 20 requests after 3 warm-ups;
 * - the CSV export of 100 000 commitments (the projections suite's generated history: a million
 *   events, read models rebuilt), through the export's own path (csvAnswer: pages of 500 read as
 *   csv-stringify asks for more, every page for the moment of the first), drained by a sink that
 *   counts: rows per second, and the process's peak resident memory during the export against
 *   before it — constant memory means the export adds about the same whatever the list's length.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SqliteEventStore } from '@ledger/event-store';
import { answerAt, decodeCursor, defaultShards, logReaderFor, ReadModelQueries, rebuildReadModels, SqliteReadModels, type Moment } from '@ledger/projections';
import { loadDemo } from '../../apps/cli/src/demo/demo-loader';
import { DEMO_COLLABORATIVE_ID } from '../../apps/cli/src/demo/upper-valley-partnership';
import { createLedgerApp } from '../../apps/ledger/src/bootstrap';
import { COMMITMENT_COLUMNS, CSV_PAGE, csvAnswer } from '../../apps/ledger/src/queries/csv-export';
import { BenchRow, log, percentile, row } from '../harness';
import { generateHistory, writeHistory } from './projections.bench';

const suite = 'reports';

async function benchBoardPack(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-reports-'));
  const saved = { ...process.env };
  const operatorKey = randomBytes(32).toString('base64');
  Object.assign(process.env, { LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', LEDGER_OPERATOR_KEY: operatorKey, LEDGER_CHECKPOINT_INTERVAL_S: '0', LEDGER_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'error' });
  delete process.env.KAFKA_BROKERS;
  try {
    log(`${suite}: loading the demo partnership`);
    await loadDemo();
    const app = await createLedgerApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    try {
      for (const format of ['pdf', 'html'] as const) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < 23; i++) {
          const started = process.hrtime.bigint();
          const response = await fetch(`${base}/collaboratives/${DEMO_COLLABORATIVE_ID}/report?format=${format}&lang=${i % 2 ? 'fr' : 'en'}`, {
            headers: { authorization: `Bearer ${operatorKey}` },
          });
          const body = Buffer.from(await response.arrayBuffer());
          if (response.status !== 200) throw new Error(`the board pack answered ${response.status}: ${body.toString()}`);
          if (i >= 3) times.push(Number(process.hrtime.bigint() - started) / 1e6);
          bytes = body.length;
        }
        times.sort((a, b) => a - b);
        const what = format === 'pdf' ? 'board pack of the demo partnership, time to the PDF' : 'board pack of the demo partnership, as HTML';
        rows.push(row(suite, `${what}, median`, percentile(times, 50), 'ms'));
        rows.push(row(suite, `${what}, p95`, percentile(times, 95), 'ms'));
        rows.push(row(suite, `${what}: size`, bytes / 1024, 'KiB'));
      }
    } finally {
      await app.close();
    }
  } finally {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function benchCsv(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-csv-'));
  const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite') });
  try {
    const end = Date.now();
    log(`${suite}: generating 1 000 000 events (100 000 commitments) and rebuilding the read models`);
    const history = generateHistory({ events: 1_000_000, commitments: 100_000, organizations: 200, collaboratives: 20, queries: 0 }, end);
    writeHistory(store, history);
    const storage = SqliteReadModels.besideEvents(store);
    await storage.ensureSchema();
    await rebuildReadModels(storage, logReaderFor(store), { parallel: defaultShards() });
    const queries = new ReadModelQueries(storage);
    // The query service's answer(), over these read models: the moment of asOf, or the cursor's.
    const answerer = {
      answer<T>(asOf: string | undefined, answer: (m: Moment) => Promise<T>, cursor?: { value: string | undefined; keyLength: number }): Promise<T> {
        const ms = cursor?.value !== undefined ? decodeCursor(cursor.value, cursor.keyLength).at : asOf !== undefined ? Date.parse(asOf) : Date.now();
        return answerAt(() => storage.checkpoint(), ms, answer);
      },
    };
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    let lines = 0;
    let bytes = 0;
    const started = process.hrtime.bigint();
    const file = await csvAnswer(answerer, 'commitments', COMMITMENT_COLUMNS, { keyLength: 2 }, (cursor, m) => queries.listCommitments({}, { limit: CSV_PAGE, cursor }, m));
    await pipeline(
      file.getStream(),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          peak = Math.max(peak, process.memoryUsage().rss);
          done();
        },
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const exported = lines - 1; // the header
    log(`${suite}: exported ${exported} commitments (${(bytes / 2 ** 20).toFixed(1)} MiB of CSV) in ${seconds.toFixed(2)} s`);
    if (exported < 100_000) throw new Error(`the CSV export held ${exported} rows, not the 100 000 commitments`);
    rows.push(row(suite, 'CSV of 100 000 commitments: rows/s', exported / seconds, 'rows/s'));
    rows.push(row(suite, 'CSV of 100 000 commitments: time', seconds, 's'));
    rows.push(row(suite, 'CSV of 100 000 commitments: size', bytes / 2 ** 20, 'MiB'));
    rows.push(row(suite, 'CSV of 100 000 commitments: peak RSS of the process during the export', peak / 2 ** 20, 'MiB'));
    rows.push(row(suite, 'CSV of 100 000 commitments: peak RSS above the RSS before the export', (peak - before) / 2 ** 20, 'MiB'));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function benchReports(): Promise<BenchRow[]> {
  return [...(await benchBoardPack()), ...(await benchCsv())];
}
