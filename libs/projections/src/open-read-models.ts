import { join } from 'node:path';
import type { LedgerConfig } from '@ledger/config';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '@ledger/event-store';
import type { LogReader } from './log-event';
import { PostgresReadModels } from './postgres/postgres-read-models';
import { storeStreamReader } from './history';
import { storeLogReader } from './rebuild';
import { SqliteReadModels } from './sqlite/sqlite-read-models';
import type { ReadModelStorage } from './storage';

/** The file holding the read models when the events are not in a database they can share. */
export function readModelFileFor(config: LedgerConfig): string {
  return join(config.dataDir, 'projections.sqlite');
}

/**
 * The read models beside the events, tables created or brought to the current shape:
 * - embedded SQLite: in the ledger's own database file, on the store's own connection;
 * - PostgreSQL: in the events' schema, on the store's connection pool;
 * - KurrentDB (which keeps only events): in `projections.sqlite` in the data folder.
 */
export async function openReadModels(config: LedgerConfig, store: EventStore): Promise<ReadModelStorage> {
  let storage: ReadModelStorage;
  if (store instanceof SqliteEventStore) {
    storage = new SqliteReadModels({ database: store.database, ownsConnection: false, eventsInSameDatabase: true, location: config.sqliteFile });
  } else if (store instanceof PostgresEventStore) {
    storage = new PostgresReadModels(store.pool, store.schema);
  } else {
    storage = SqliteReadModels.openFile(readModelFileFor(config), { streams: storeStreamReader(store) });
  }
  await storage.ensureSchema();
  return storage;
}

/**
 * The fastest way to read the log of a store: straight from its table, parsing only what the read
 * models need, for SQLite and PostgreSQL; through the port otherwise.
 */
export function logReaderFor(store: EventStore): LogReader {
  if (store instanceof SqliteEventStore) {
    return new SqliteReadModels({ database: store.database, ownsConnection: false, eventsInSameDatabase: true, location: '' }).logReader()!;
  }
  if (store instanceof PostgresEventStore) return new PostgresReadModels(store.pool, store.schema).logReader();
  return storeLogReader(store);
}
