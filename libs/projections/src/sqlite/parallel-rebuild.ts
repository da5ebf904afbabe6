/**
 * A full rebuild in worker threads, for read models that share the embedded store's database file:
 * the streams are split into shards (every event of a record in the same one), each folded by a
 * worker thread that reads its shard of the log one stream at a time (so it holds one record in
 * memory, however long the log) and writes its versions into the new tables. Rows
 * do not depend on the order records are folded in, so the tables are the very ones a single fold
 * builds; the main thread then builds the indexes and swaps them in with the checkpoint.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Checkpoint } from '../storage';
import type { SqliteReadModels } from './sqlite-read-models';
import type { ShardReport, ShardTask } from './shards';

export interface ParallelRebuildOptions {
  /** Fold the events up to this position (and its recordedAt for the checkpoint). */
  last: { position: number; recordedAt: number };
  /** Worker threads, one shard of the streams each; default defaultShards(). */
  shards?: number;
  pageSize?: number;
  flushRows?: number;
  onProgress?: (position: number, last: number) => void;
}

export function defaultShards(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export async function rebuildSqliteInParallel(
  storage: SqliteReadModels,
  options: ParallelRebuildOptions,
): Promise<{ events: number; checkpoint: Checkpoint }> {
  const filename = storage.sharedFile;
  if (!filename) throw new Error('a parallel rebuild needs the read models in the events\' database file');
  const shards = options.shards ?? defaultShards();
  const target = await storage.beginRebuild();
  try {
    const lock = new SharedArrayBuffer(4);
    const progress = new Array<number>(shards).fill(0);
    const script = join(__dirname, `rebuild-worker${extname(__filename)}`);
    // From TypeScript sources (tests, tsx) the worker needs tsx's loader; built, it is plain JavaScript.
    const execArgv = extname(__filename) === '.ts' ? ['--require', 'tsx/cjs'] : [];
    const workers: Worker[] = [];
    // Progress: the events folded by all shards, as a position of the log (positions have no gaps).
    const report = () => options.onProgress?.(Math.min(options.last.position, progress.reduce((sum, p) => sum + p, 0)), options.last.position);
    const foldShard = (shard: number): Promise<ShardReport> => {
      const task: ShardTask = {
        filename,
        shard,
        shards,
        last: options.last.position,
        pageSize: options.pageSize ?? 20_000,
        flushRows: options.flushRows ?? 50_000,
        lock,
      };
      return new Promise<ShardReport>((resolve, reject) => {
        const worker = new Worker(script, { workerData: task, execArgv, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
        workers.push(worker);
        worker.on('message', (message: { progress?: number; done?: ShardReport; failed?: string }) => {
          if (message.failed) reject(new Error(`rebuild shard ${shard} failed: ${message.failed}`));
          if (message.progress !== undefined) {
            progress[shard] = message.progress;
            report();
          }
          if (message.done) {
            progress[shard] = message.done.applied;
            report();
            resolve(message.done);
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`rebuild shard ${shard} stopped with code ${code}`))));
      });
    };
    const reports = await Promise.all(Array.from({ length: shards }, (_, shard) => foldShard(shard))).catch(async (error: unknown) => {
      // One shard failed: stop the others before their tables are dropped.
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    });
    options.onProgress?.(options.last.position, options.last.position);
    const checkpoint = await target.finish(options.last);
    return { events: reports.reduce((sum, r) => sum + r.applied, 0), checkpoint };
  } catch (error) {
    await target.abort().catch(() => undefined);
    throw error;
  }
}
