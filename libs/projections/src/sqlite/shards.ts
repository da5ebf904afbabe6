/** What a rebuild shard is given, and what it reports. */
export interface ShardTask {
  filename: string;
  shard: number;
  shards: number;
  /** Fold the events up to this position. */
  last: number;
  pageSize: number;
  flushRows: number;
  /** SharedArrayBuffer(4): the write-turn lock shared by the shards. */
  lock: SharedArrayBuffer;
}

export interface ShardReport {
  applied: number;
}

/**
 * The shard of a stream, in SQL: from its id's last two characters (ids end in hex or base-36
 * digits, or a slug), so every event of a record goes to the same shard and the log splits evenly.
 */
export function shardPredicate(column: string, shards: number): string {
  return `((unicode(substr(${column}, -1)) + unicode(substr(${column}, -2, 1))) % ${shards})`;
}
