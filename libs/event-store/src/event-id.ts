import { v7 } from 'uuid';

/**
 * New event ids are UUIDv7: time-ordered, so the stores' unique index on event ids grows at its
 * end instead of at random pages (about twice the append throughput of random v4 ids in SQLite).
 */
export function newEventId(): string {
  return v7();
}
