import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import { isIsoInstant } from '@ledger/domain';
import { openEventStore } from '@ledger/event-store';
import {
  logReaderFor,
  momentAt,
  openReadModels,
  ReadModelQueries,
  rebuildReadModels,
  SqliteReadModels,
  storeStreamReader,
  type ReadModelStorage,
  type RebuildResult,
} from '@ledger/projections';
import { progressBar } from '../progress';
import { wholeNumber } from '../options';

export interface ReplayOptions {
  /** Replay only the events recorded at or before this instant (ISO 8601). */
  asOf?: string;
  /** Replay only the events up to this position. */
  toPosition?: number;
  /** Build into this SQLite file instead of the ledger's own read models. */
  out?: string;
  /** Print every collaborative's summary as JSON (one per line) on stdout. */
  json?: boolean;
  /** Fold in this many worker threads (read models in the embedded store's file; default 1). */
  threads?: number;
}

export interface ReplayOutcome extends RebuildResult {
  /** Where the read models were built. */
  location: string;
  /** true when they replaced the ledger's own read models. */
  swapped: boolean;
  summaries: unknown[];
}

/**
 * Replays the log into fresh read models. Without bounds or --out, the ledger's own read models
 * are rebuilt into new tables and swapped in with their checkpoint in one transaction (a running
 * ledger keeps answering from the old ones until then, and its projector carries on from the new
 * checkpoint). With --as-of or --to-position, part of history is replayed into a file of its own
 * (the ledger's read models keep following the log) and each collaborative's summary is printed
 * as it stood then, computed from nothing but the log.
 */
export async function runReplay(config: LedgerConfig, options: ReplayOptions, out: (line: string) => void = console.log): Promise<ReplayOutcome> {
  if (options.asOf !== undefined && !isIsoInstant(options.asOf)) {
    throw new Error(`--as-of must be an ISO 8601 instant with a time zone, e.g. 2025-06-30T23:59:59Z; got ${JSON.stringify(options.asOf)}`);
  }
  if (options.toPosition !== undefined && !(Number.isSafeInteger(options.toPosition) && options.toPosition >= 0)) {
    throw new Error(`--to-position must be a position (a whole number); got ${options.toPosition}`);
  }
  if (options.threads !== undefined && !(Number.isSafeInteger(options.threads) && options.threads >= 1 && options.threads <= 16)) {
    throw new Error(`--threads must be a whole number from 1 to 16; got ${options.threads}`);
  }
  const asOf = options.asOf === undefined ? undefined : Date.parse(options.asOf);
  const bounded = asOf !== undefined || options.toPosition !== undefined;
  const store = await openEventStore(config);
  let storage: ReadModelStorage | null = null;
  try {
    const file = options.out ?? (bounded ? join(config.dataDir, boundedFileName(options)) : undefined);
    if (file) {
      storage = SqliteReadModels.openFile(file, { streams: storeStreamReader(store) });
      await storage.ensureSchema();
    } else {
      storage = await openReadModels(config, store);
    }
    const head = (await store.head()).position;
    const last = Math.min(head, options.toPosition ?? head);
    const bar = progressBar('replay', last);
    const result = await rebuildReadModels(storage, logReaderFor(store), {
      asOf,
      toPosition: options.toPosition,
      parallel: options.threads,
      onProgress: (position) => bar.update(Math.min(position, last)),
    });
    bar.stop();
    const rate = result.seconds > 0 ? Math.round(result.events / result.seconds) : result.events;
    out(
      `replayed ${result.events} events (positions 1–${result.checkpoint.position}) in ${result.seconds.toFixed(2)} s ` +
        `(${rate.toLocaleString('en-US')} events/s) into ${file ? `${file} (the ledger's read models are untouched)` : `the ledger's read models in ${storage.location}, swapped in`}`,
    );
    const summaries: unknown[] = [];
    if (bounded || options.json) {
      const queries = new ReadModelQueries(storage);
      // As of the bound: the instant asked for, or the last replayed event's time.
      const moment = momentAt(asOf ?? (result.checkpoint.recordedAt || Date.now()), result.checkpoint);
      out(`as of ${moment.iso} (checkpoint ${result.checkpoint.position}):`);
      for (const id of await queries.collaborativeIds(moment)) {
        const summary = (await queries.summary(id, moment))!;
        summaries.push(summary);
        if (options.json) out(JSON.stringify(summary));
        else out(describe(id, summary));
      }
    }
    return { ...result, location: file ?? storage.location, swapped: !file, summaries };
  } finally {
    await storage?.close();
    await store.close();
  }
}

function boundedFileName(options: ReplayOptions): string {
  const parts = [options.asOf ? `as-of-${options.asOf.replace(/[^0-9A-Za-z]/g, '')}` : '', options.toPosition !== undefined ? `to-${options.toPosition}` : ''];
  return `replay-${parts.filter(Boolean).join('-')}.sqlite`;
}

function describe(id: string, summary: NonNullable<Awaited<ReturnType<ReadModelQueries['summary']>>>): string {
  const c = summary.commitments;
  const funds = summary.funds.map((f) => `${f.currency} ${f.pledged} pledged, ${f.disbursed} disbursed, ${f.outstanding} outstanding`).join('; ');
  return (
    `  ${id}: ${c.made} commitments — ${c.delivered} delivered (${c.deliveredOnTime} on time, ${c.deliveredLate} late), ` +
    `${c.active} active, ${c.overdue} overdue, ${c.missed} missed, ${c.withdrawn} withdrawn; on-time rate ${c.onTimeRate ?? 'n/a'} %` +
    (funds ? `; funds: ${funds}` : '')
  );
}

/** `ledger replay [--as-of <instant>] [--to-position <n>] [--out <file>] [--json]` */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('rebuild every read model from the log (fresh tables swapped in), or replay part of history into a file')
    .option('--as-of <instant>', 'replay only the events recorded at or before this instant (ISO 8601), into a file of its own')
    .option('--to-position <n>', 'replay only the events up to this position, into a file of its own', wholeNumber())
    .option('-o, --out <file>', 'build the read models in this SQLite file instead of the ledger\'s own')
    .option('--json', 'print each collaborative\'s summary as JSON, one per line')
    .option('--threads <n>', 'fold in n worker threads, one shard of the records each (embedded store; default 1)', wholeNumber(1))
    .action(async (options: ReplayOptions) => {
      await runReplay(loadConfig(), options);
    });
}
