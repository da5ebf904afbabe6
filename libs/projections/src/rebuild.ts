/**
 * Rebuilds every read model from the log into new tables, then swaps them in with the checkpoint in
 * one transaction. The fold keeps each record's version in force (and its state) in memory and
 * writes a version only once it is superseded, the open versions and current states once the
 * record's stream ends (embedded store) or at the end: inserts only, in large transactions,
 * indexes built after the rows.
 */
import { Folder } from './folder';
import type { LogReader } from './log-event';
import { rebuildSqliteInParallel } from './sqlite/parallel-rebuild';
import { SqliteReadModels } from './sqlite/sqlite-read-models';
import type { Checkpoint, ReadModelStorage } from './storage';

export interface RebuildOptions {
  /** Replay only the events recorded at or before this instant (epoch ms). */
  asOf?: number;
  /** Replay only the events up to this position. */
  toPosition?: number;
  /** Events read at a time; default 20 000. */
  pageSize?: number;
  /** Rows buffered before they are written; default 50 000. */
  flushRows?: number;
  /** Called after every page with the last position folded and the position the replay goes to. */
  onProgress?: (position: number, last: number) => void;
  /**
   * For read models in the embedded store's database file: fold in this many worker threads, one
   * shard of the streams each, reading the log one stream at a time so a fold holds one record in
   * memory (default 1; `ledger replay --threads n`). false folds on the calling thread in log order,
   * as every other storage does: it holds every record in memory until the swap.
   */
  parallel?: number | false;
}

export interface RebuildResult {
  /** Events read from the log and folded. */
  events: number;
  checkpoint: Checkpoint;
  seconds: number;
}

export async function rebuildReadModels(storage: ReadModelStorage, reader: LogReader, options: RebuildOptions = {}): Promise<RebuildResult> {
  const started = process.hrtime.bigint();
  const threads = options.parallel ?? 1;
  if (threads !== false && threads >= 1 && storage instanceof SqliteReadModels && storage.sharedFile) {
    const last = await lastEventWithin(reader, options);
    const { events, checkpoint } = await rebuildSqliteInParallel(storage, { ...options, last, shards: threads });
    return { events, checkpoint, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }
  const pageSize = options.pageSize ?? 20_000;
  const flushRows = options.flushRows ?? 50_000;
  const bounded = options.asOf !== undefined || options.toPosition !== undefined;
  const target = await storage.beginRebuild();
  try {
    const folder = new Folder(target);
    let after = 0;
    let last = Math.min(await reader.headPosition(), options.toPosition ?? Number.MAX_SAFE_INTEGER);
    let reachedAsOf = false;
    for (;;) {
      while (after < last && !reachedAsOf) {
        const page = await reader.read(after, Math.min(pageSize, last - after));
        if (page.length === 0) break;
        for (const event of page) {
          if (options.asOf !== undefined && event.recordedAt > options.asOf) {
            reachedAsOf = true;
            break;
          }
          folder.apply(event);
        }
        after = page[page.length - 1].position;
        if (target.buffered >= flushRows) await target.flush();
        options.onProgress?.(reachedAsOf ? last : after, last);
      }
      // A full rebuild also folds what was appended meanwhile, so the swap leaves little to catch up.
      if (bounded || reachedAsOf) break;
      const head = await reader.headPosition();
      if (head <= after) break;
      last = head;
    }
    target.addOpen(folder.pendingOpen());
    const checkpoint = await target.finish({ position: folder.lastPosition, recordedAt: folder.lastRecordedAt });
    return { events: folder.applied, checkpoint, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } catch (error) {
    await target.abort().catch(() => undefined);
    throw error;
  }
}

/** The last event a rebuild with these bounds folds: its position and recordedAt (0, 0 if none). */
async function lastEventWithin(reader: LogReader, options: Pick<RebuildOptions, 'asOf' | 'toPosition'>): Promise<{ position: number; recordedAt: number }> {
  const at = async (position: number) => (position < 1 ? null : ((await reader.read(position - 1, 1))[0] ?? null));
  let high = Math.min(await reader.headPosition(), options.toPosition ?? Number.MAX_SAFE_INTEGER);
  const last = await at(high);
  if (!last) return { position: 0, recordedAt: 0 };
  if (options.asOf === undefined || last.recordedAt <= options.asOf) return { position: last.position, recordedAt: last.recordedAt };
  // recordedAt never decreases along positions: search for the last one at or before asOf.
  let low = 0;
  let found = { position: 0, recordedAt: 0 };
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const event = (await at(middle))!;
    if (event.recordedAt <= options.asOf) {
      found = { position: event.position, recordedAt: event.recordedAt };
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
