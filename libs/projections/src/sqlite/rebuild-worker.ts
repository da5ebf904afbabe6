/**
 * One shard of a parallel rebuild (parallel-rebuild.ts), in a worker thread: it reads the events of
 * its shard of streams from the log one stream at a time (its own connection to the database file),
 * folds them with the same Folder as every other path, and writes the versions into the rebuild's
 * new tables, taking turns with the other shards for SQLite's single writer through a shared lock.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { sqliteShardReader } from '@ledger/event-store';
import { NEXT_SUFFIX } from '../ddl';
import { Folder } from '../folder';
import { VersionOps } from '../ops';
import { SqliteTableSet } from './sqlite-read-models';
import type { ShardTask, ShardReport } from './shards';

const task = workerData as ShardTask;
const lock = new Int32Array(task.lock);

/** Waits for the write turn (no busy-wait and no SQLite busy-handler sleeps between shards). */
function withWriteTurn(write: () => void): void {
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0) Atomics.wait(lock, 0, 1);
  try {
    write();
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}

function run(): ShardReport {
  const db = new Database(task.filename);
  try {
    // A running ledger (another process) may hold the write lock for a moment.
    db.pragma('busy_timeout = 60000');
    // Only the rebuild's new tables are written here; they count once swapped in, by a durable commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    // The shard's events one stream after another (the stream index, in revision order), as the
    // SQLite adapter reads them: a record is whole once its stream ends, so the fold hands it over
    // then and holds one record at a time.
    const read = sqliteShardReader(db, { index: task.shard, of: task.shards });
    const tables = new SqliteTableSet(db, NEXT_SUFFIX, true);
    const ops = new VersionOps();
    const folder = new Folder(ops);
    const flush = () => {
      if (ops.size === 0) return;
      withWriteTurn(() => db.transaction(() => tables.write(ops)).immediate());
      ops.clear();
    };
    const release = (streamId: string) => {
      const version = folder.release(streamId);
      if (version) ops.addOpen([version]);
    };
    let afterStream = '';
    let afterRevision = -1;
    for (;;) {
      const events = read({ streamId: afterStream, streamRevision: afterRevision }, task.last, task.pageSize);
      if (events.length === 0) break;
      for (const event of events) {
        if (event.streamId !== afterStream && afterStream !== '') release(afterStream);
        afterStream = event.streamId;
        folder.apply(event);
      }
      afterRevision = events[events.length - 1].streamRevision;
      if (ops.size >= task.flushRows) flush();
      parentPort!.postMessage({ progress: folder.applied });
    }
    if (afterStream !== '') release(afterStream);
    flush();
    return { applied: folder.applied };
  } finally {
    db.close();
  }
}

try {
  parentPort!.postMessage({ done: run() });
} catch (error) {
  parentPort!.postMessage({ failed: (error as Error)?.stack ?? String(error) });
}
