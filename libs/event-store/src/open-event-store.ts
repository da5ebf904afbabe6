import type { LedgerConfig } from '@ledger/config';
import type { Clock } from './clock';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
// A static import: a dynamic import() stays a native ESM import under tsx/cjs (the writer fixture,
// dev runs), which cannot load an extensionless .ts path; and index.ts re-exports the adapter anyway.
import { PostgresEventStore } from './postgres/postgres-event-store';

/** Opens the adapter the configuration names (LEDGER_STORE). */
export async function openEventStore(config: LedgerConfig, options: { clock?: Clock } = {}): Promise<EventStore> {
  const { clock } = options;
  switch (config.store) {
    case 'sqlite':
      return new SqliteEventStore({ filename: config.sqliteFile, clock });
    case 'postgres': {
      return PostgresEventStore.open({ connectionString: config.postgresUrl, schema: config.postgresSchema, clock });
    }
    case 'kurrentdb': {
      if (!config.kurrentdbConnectionString) {
        throw new Error('LEDGER_STORE=kurrentdb needs KURRENTDB_CONNECTION_STRING (e.g. kurrentdb://127.0.0.1:2113?tls=false)');
      }
      // Loaded only when selected, so the other stores never load the KurrentDB client and its
      // native bridge. require(), not import(), for the tsx/cjs reason noted above.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { KurrentDbEventStore } = require('./kurrentdb/kurrentdb-event-store') as typeof import('./kurrentdb/kurrentdb-event-store');
      return KurrentDbEventStore.open({ connectionString: config.kurrentdbConnectionString, clock });
    }
    default:
      throw new Error(`LEDGER_STORE=${config.store} is not available in this build`);
  }
}
