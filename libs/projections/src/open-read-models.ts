import { join } from 'node:path';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { storeStreamReader } from './history';
import { PostgresReadModels } from './postgres/postgres-read-models';
import { SqliteReadModels } from './sqlite/sqlite-read-models';
import type { ReadModelStorage } from './storage';

/** The file holding the read models when the events are not in a database they can share. */
function readModelFileFor(config: LedgerConfig): string {
  return join(config.dataDir, 'projections.sqlite');
}

/**
 * The read models beside the events, where the store offers its database (readModelHost()), else
 * in a file of their own; tables not created yet:
 * - embedded SQLite: in the ledger's own database file, on the store's own connection;
 * - PostgreSQL: in the events' schema, on the store's connection pool;
 * - KurrentDB (which keeps only events): in `file`.
 */
export function readModelsFor(store: EventStore, file: string): ReadModelStorage {
  switch (store.readModelHost()?.kind) {
    case 'sqlite':
      return SqliteReadModels.besideEvents(store);
    case 'postgres':
      return PostgresReadModels.besideEvents(store);
    default:
      return SqliteReadModels.openFile(file, { streams: storeStreamReader(store) });
  }
}

/** The ledger's read models (readModelsFor; `projections.sqlite` in the data folder for KurrentDB), tables created or brought to the current shape. */
export async function openReadModels(config: LedgerConfig, store: EventStore): Promise<ReadModelStorage> {
  const storage = readModelsFor(store, readModelFileFor(config));
  await storage.ensureSchema();
  return storage;
}
