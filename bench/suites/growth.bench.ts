/**
 * Growth curves: one embedded (SQLite) ledger grown to 10 000, 100 000, 1 000 000 and 10 000 000
 * events, and at each size the costs that must not grow faster than the work:
 *
 * - a durable single-event append (median and p99 of a few hundred, one at a time) — flat;
 * - a point query: reading one record's stream, and the read model's commitment by id through the
 *   HTTP controllers' query path (answerAt) — flat. A stream's events lie on as many pages as it has
 *   events, so its reads are measured twice: straight after the appends, with the file as the kernel
 *   left it (past a few GB it keeps only part of it in memory here), and after the verification
 *   has read the whole file, as in a ledger that has been serving for a while. With each, where its
 *   pages came from: read system calls per query (SQLite's own page cache missed, the kernel's page
 *   cache answered) and KiB per query read from the disk (both missed), from /proc/self/io;
 * - a full rebuild of the read models, one worker thread, one stream at a time — linear (time per event flat);
 * - verification of the whole log (every chain hash and the Merkle root) — linear;
 * - memory (RSS and heap after a garbage collection, and the RSS peak) after each step.
 *
 * The events are the projections suite's realistic history (commitment lifecycles, pledges,
 * declarations, risk agreements), appended through the real store — hash chain, indexes, group
 * commit — in the same turn of the event loop 2 000 at a time, so they fold meaningfully and the log
 * verifies. Beyond the first million the generator is run again per million with its record ids
 * renamed, so every commitment and pledge is new and the organizations and collaboratives stay.
 *
 * Also writes bench/results/growth.json (the series the charts are drawn from).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { newEventId, SqliteEventStore, type Actor, type NewEvent } from '@ledger/event-store';
import { storeEvents, verifyLog } from '@ledger/integrity';
import { answerAt, logReaderFor, ReadModelQueries, rebuildReadModels, SqliteReadModels } from '@ledger/projections';
import { BenchRow, log, percentile, row, timed } from '../harness';
import { generateHistory } from './projections.bench';

export interface GrowthPoint {
  events: number;
  appendSeconds: number;
  appendP50Ms: number;
  appendP99Ms: number;
  /** Reading one record's stream once the verification has read the whole file (warm page cache). */
  streamReadP50Ms: number;
  streamReadP99Ms: number;
  /** Read system calls per stream read (SQLite page-cache misses) and KiB fetched from the disk per read. */
  streamReadOsReads: number | null;
  streamReadDiskKiB: number | null;
  /** The same straight after the appends, with the file's pages as the kernel left them. */
  streamReadAfterAppendP50Ms: number;
  streamReadAfterAppendOsReads: number | null;
  streamReadAfterAppendDiskKiB: number | null;
  /** Share of the database file in the kernel's page cache then (fincore), or null where unknown. */
  fileCachedAfterAppend: number | null;
  commitmentQueryP50Ms: number;
  commitmentQueryP99Ms: number;
  commitmentQueryOsReads: number | null;
  commitmentQueryDiskKiB: number | null;
  rebuildSeconds: number;
  verifySeconds: number;
  rssMiB: number;
  heapMiB: number;
  peakRssMiB: number;
}

export interface GrowthResult {
  when: string;
  points: GrowthPoint[];
}

const CHUNK = 1_000_000;
const GROUP = 2000;
const SAMPLE = 5000;
interface Sample {
  ids: string[];
  seen: number;
}
const RECORD_PREFIXES = ['commitment-', 'pledge-', 'partnership-', 'risk-agreement-'];

/** A garbage collection on demand (the bench runs without --expose-gc). */
const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const mib = (bytes: number) => bytes / 2 ** 20;

/** This process's read system calls and bytes read from storage so far (Linux /proc/self/io), or null elsewhere. */
function readIo(): { calls: number; diskBytes: number } | null {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1]);
    return { calls: field('syscr'), diskBytes: field('read_bytes') };
  } catch {
    return null;
  }
}

interface Latencies {
  p50: number;
  p99: number;
  /**
   * Read system calls per run: SQLite asks the OS for a page (pread) whenever its own page cache
   * misses, so this shows how many of a query's pages had to come from outside the process.
   */
  osReads: number | null;
  /** KiB per run the kernel had to fetch from the disk for those reads (the page cache missed too). */
  diskKiB: number | null;
}

/** Median and p99 in ms of `count` runs of fn, one at a time, after `warmUp` unmeasured runs, and the I/O they did. */
async function latencies(count: number, warmUp: number, fn: (i: number) => Promise<unknown>): Promise<Latencies> {
  const samples: number[] = [];
  for (let i = 0; i < warmUp; i++) await fn(i);
  const ioBefore = readIo();
  for (let i = warmUp; i < count + warmUp; i++) {
    const started = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const ioAfter = readIo();
  samples.sort((a, b) => a - b);
  const io = ioBefore && ioAfter ? { osReads: (ioAfter.calls - ioBefore.calls) / count, diskKiB: (ioAfter.diskBytes - ioBefore.diskBytes) / 1024 / count } : { osReads: null, diskKiB: null };
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), ...io };
}

/** Samples RSS while a step runs; returns its peak in MiB. */
function peakRss(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  return {
    stop() {
      clearInterval(timer);
      return mib(Math.max(peak, process.memoryUsage.rss()));
    },
  };
}

function actorOf(name: string): Actor {
  return name === 'operator' || name === 'ledger' ? { type: name } : { type: 'organization', organizationId: name, role: 'member' };
}

/**
 * `count` realistic events, as the store's NewEvents. Chunk 0 is the generator's history as is;
 * later chunks leave out the organizations' and collaboratives' streams (they exist already) and
 * rename every record id (and ids derived from it) with a `-k<chunk>` suffix.
 */
function chunkEvents(chunk: number, count: number, end: number, sample: Sample): NewEvent[] & { streams: string[] } {
  // Later chunks ask for more than needed: the organizations' and collaboratives' events are left out.
  const asked = chunk > 0 ? count + 10_000 : count;
  const history = generateHistory(
    { events: asked, commitments: Math.max(100, Math.floor(asked / 10)), organizations: 200, collaboratives: 20, queries: 0 },
    end,
  );
  const events = [] as unknown as NewEvent[] & { streams: string[] };
  events.streams = [];
  for (const planned of history) {
    if (events.length === count) break;
    let streamId = planned.streamId;
    let data = planned.data as Record<string, unknown>;
    if (chunk > 0) {
      const prefix = RECORD_PREFIXES.find((p) => streamId.startsWith(p));
      if (!prefix) continue;
      const id = streamId.slice(prefix.length);
      const renamed = `${id}-k${chunk}`;
      streamId = prefix + renamed;
      data = { ...data };
      for (const [key, value] of Object.entries(data)) {
        if (typeof value === 'string' && (value === id || value.startsWith(`${id}-`))) data[key] = renamed + value.slice(id.length);
      }
    }
    if (planned.type === 'CommitmentMade') {
      // A reservoir of commitments to query, spread uniformly over the whole log.
      const k = sample.seen < SAMPLE ? sample.seen : Math.floor(Math.random() * (sample.seen + 1));
      if (k < SAMPLE) sample.ids[k] = data.commitmentId as string;
      sample.seen++;
    }
    events.push({
      eventId: newEventId(),
      type: planned.type,
      schemaVersion: 1,
      data,
      actor: actorOf(planned.actor),
      correlationId: newEventId(),
      causationId: null,
    });
    events.streams.push(streamId);
  }
  return events;
}

/** Grows a SQLite ledger through `sizes` (ascending event counts) and measures each step. */
export async function benchGrowth(sizes: number[] = [10_000, 100_000, 1_000_000, 10_000_000]): Promise<{ rows: BenchRow[]; result: GrowthResult }> {
  const suite = 'growth';
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-growth-'));
  const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite') });
  const points: GrowthPoint[] = [];
  const rows: BenchRow[] = [];
  try {
    const storage = SqliteReadModels.besideEvents(store);
    await storage.ensureSchema();
    const queries = new ReadModelQueries(storage);
    const sample: Sample = { ids: [], seen: 0 };
    const commitments = sample.ids;
    const end = Date.now();
    let chunk = 0;
    let generated = 0; // generator events appended (the probes below come on top)
    let probes = 0;
    let appendSeconds = 0;

    for (const size of sizes) {
      // 1. Grow to `size` events through the store (groups of appends committed together).
      log(`${suite}: appending up to ${size.toLocaleString('en-US')} events`);
      while (generated + probes < size) {
        // Each piece is a fresh run of the generator (whole lifecycles), its ids renamed after the first.
        const count = Math.min(CHUNK, size - generated - probes);
        const events = chunkEvents(chunk++, count, end, sample);
        appendSeconds += await timed(async () => {
          for (let from = 0; from < events.length; from += GROUP) {
            const pending: Promise<unknown>[] = [];
            for (let i = from; i < Math.min(events.length, from + GROUP); i++) pending.push(store.append(events.streams[i], [events[i]]));
            await Promise.all(pending);
          }
        });
        generated += events.length;
      }
      const total = (await store.head()).position;
      log(`${suite}: ${total} events, appended at ${Math.round(total / appendSeconds)} events/s overall`);

      // 2. Durable single-event appends, one at a time (event types the read models ignore).
      const append = await latencies(300, 20, (i) =>
        store.append(`bench-probe-${i % 10}`, [
          {
            eventId: newEventId(),
            type: 'BenchLatencyProbe',
            schemaVersion: 1,
            data: { i, note: 'Enrolled 40 more residents in the navigation programme' },
            actor: actorOf('org-1'),
            correlationId: newEventId(),
            causationId: null,
          },
        ]),
      );
      probes += 320;

      // 3. Point query on the log: one commitment's stream, with the file's pages as the appends left them.
      const pick = () => commitments[Math.floor(Math.random() * commitments.length)];
      // The generator's garbage (a million planned events) is the benchmark's, not the ledger's.
      gc();
      const fileCachedAfterAppend = cachedShare(join(dir, 'ledger.sqlite'));
      const streamReadAfterAppend = await latencies(2000, 100, () => store.readStream(`commitment-${pick()}`));

      // 4. Full rebuild of the read models, as `ledger replay` does by default: one worker thread that
      // reads the log one stream at a time and so holds one record in memory at a time.
      gc();
      let meter = peakRss();
      const rebuilt = await rebuildReadModels(storage, logReaderFor(store), { parallel: 1 });
      let peak = meter.stop();
      log(`${suite}: rebuilt ${rebuilt.events} events in ${rebuilt.seconds.toFixed(2)} s`);

      // 5. Point query on the read models: a commitment by id, now, through answerAt.
      const commitmentQuery = await latencies(2000, 100, async () => {
        const found = await answerAt(() => storage.checkpoint(), Date.now(), (m) => queries.commitment(pick(), m));
        if (!found) throw new Error('a commitment of the log is missing from the read models');
      });

      // 6. Verification of the whole log.
      gc();
      meter = peakRss();
      let verified = 0;
      const verifySeconds = await timed(async () => {
        const result = await verifyLog(storeEvents(store));
        if (!result.ok) throw new Error(`the grown log does not verify: ${JSON.stringify(result).slice(0, 300)}`);
        verified = result.treeSize;
      });
      peak = Math.max(peak, meter.stop());
      log(`${suite}: verified ${verified} events in ${verifySeconds.toFixed(2)} s`);

      // 7. The stream reads again, now that the verification has read the whole file.
      const streamRead = await latencies(2000, 100, () => store.readStream(`commitment-${pick()}`));

      gc();
      const memory = process.memoryUsage();
      const point: GrowthPoint = {
        events: total,
        appendSeconds,
        appendP50Ms: append.p50,
        appendP99Ms: append.p99,
        streamReadP50Ms: streamRead.p50,
        streamReadP99Ms: streamRead.p99,
        streamReadOsReads: streamRead.osReads,
        streamReadDiskKiB: streamRead.diskKiB,
        streamReadAfterAppendP50Ms: streamReadAfterAppend.p50,
        streamReadAfterAppendOsReads: streamReadAfterAppend.osReads,
        streamReadAfterAppendDiskKiB: streamReadAfterAppend.diskKiB,
        fileCachedAfterAppend,
        commitmentQueryP50Ms: commitmentQuery.p50,
        commitmentQueryP99Ms: commitmentQuery.p99,
        commitmentQueryOsReads: commitmentQuery.osReads,
        commitmentQueryDiskKiB: commitmentQuery.diskKiB,
        rebuildSeconds: rebuilt.seconds,
        verifySeconds,
        rssMiB: mib(memory.rss),
        heapMiB: mib(memory.heapUsed),
        peakRssMiB: peak,
      };
      points.push(point);
      const at = `@ ${label(size)}`;
      const us = (seconds: number) => (seconds / total) * 1e6;
      rows.push(
        row(suite, `${at}: durable append, median`, point.appendP50Ms, 'ms'),
        row(suite, `${at}: durable append, p99`, point.appendP99Ms, 'ms'),
        row(suite, `${at}: read one record's stream, median`, point.streamReadP50Ms, `ms${ioNote(point.streamReadOsReads, point.streamReadDiskKiB)}`),
        row(
          suite,
          `${at}: read one record's stream straight after the appends, median`,
          point.streamReadAfterAppendP50Ms,
          `ms${ioNote(point.streamReadAfterAppendOsReads, point.streamReadAfterAppendDiskKiB)}` +
            (fileCachedAfterAppend === null ? '' : `, ${Math.round(fileCachedAfterAppend * 100)} % of the file in the page cache`),
        ),
        row(suite, `${at}: read-model commitment by id, median`, point.commitmentQueryP50Ms, `ms${ioNote(point.commitmentQueryOsReads, point.commitmentQueryDiskKiB)}`),
        row(suite, `${at}: read-model commitment by id, p99`, point.commitmentQueryP99Ms, 'ms'),
        row(suite, `${at}: full rebuild, 1 worker thread`, point.rebuildSeconds, 's'),
        row(suite, `${at}: full rebuild per event`, us(point.rebuildSeconds), 'µs'),
        row(suite, `${at}: verify whole log`, point.verifySeconds, 's'),
        row(suite, `${at}: verify per event`, us(point.verifySeconds), 'µs'),
        row(suite, `${at}: RSS / heap after GC`, Math.round(point.rssMiB), `MiB (heap ${Math.round(point.heapMiB)} MiB, peak RSS ${Math.round(point.peakRssMiB)} MiB)`),
      );
      console.error(`[bench] ${suite}: ${JSON.stringify(point)}`);
    }

    // Growth ratios, largest size against the smallest: ~1 for flat costs (appends, point queries).
    // For linear ones (rebuild, verification) the marginal time per event — the time one step of
    // growth added, over the events it added — of the last step against the first: ~1 if the work
    // is linear, and the fixed costs (a worker thread's start, its JIT warm-up: ~0.5 s of a 10k
    // rebuild) cancel out instead of flattering the ratio.
    if (points.length >= 2) {
      const [first, second] = points;
      const [beforeLast, last] = points.slice(-2);
      const span = `${label(first.events)} → ${label(last.events)}`;
      const steps = `${label(beforeLast.events)}–${label(last.events)} vs ${label(first.events)}–${label(second.events)}`;
      const marginal = (from: GrowthPoint, to: GrowthPoint, seconds: (p: GrowthPoint) => number) => (seconds(to) - seconds(from)) / (to.events - from.events);
      const marginalRatio = (seconds: (p: GrowthPoint) => number) => marginal(beforeLast, last, seconds) / marginal(first, second, seconds);
      rows.push(
        row(suite, `durable append median, ${span}`, last.appendP50Ms / first.appendP50Ms, '×', { atMost: 2 }),
        row(suite, `stream read median, ${span}`, last.streamReadP50Ms / first.streamReadP50Ms, '×', { atMost: 2 }),
        row(suite, `stream read median straight after the appends, ${span}`, last.streamReadAfterAppendP50Ms / first.streamReadAfterAppendP50Ms, '×'),
        row(suite, `read-model commitment by id median, ${span}`, last.commitmentQueryP50Ms / first.commitmentQueryP50Ms, '×', { atMost: 2 }),
        row(suite, `rebuild marginal time per event, ${steps}`, marginalRatio((p) => p.rebuildSeconds), '×', { atMost: 1.5 }),
        row(suite, `verification marginal time per event, ${steps}`, marginalRatio((p) => p.verifySeconds), '×', { atMost: 1.5 }),
      );
    }
    return { rows, result: { when: new Date().toISOString(), points } };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The share of a file in the kernel's page cache (util-linux fincore), or null if it cannot tell. */
function cachedShare(file: string): number | null {
  try {
    const [resident, size] = execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES,SIZE', file], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    return size > 0 ? resident / size : null;
  } catch {
    return null;
  }
}

/** " (3.2 OS reads, 0.0 KiB from disk per query)": where a query's pages came from. */
function ioNote(osReads: number | null, diskKiB: number | null): string {
  return osReads === null || diskKiB === null ? '' : ` (${osReads.toFixed(1)} OS reads, ${diskKiB.toFixed(1)} KiB from disk per query)`;
}

function label(events: number): string {
  return events >= 1e6 ? `${events / 1e6}M` : events >= 1e3 ? `${events / 1e3}k` : String(events);
}
