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
