import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** Opens the adapter the configuration names (LEDGER_STORE). */
export async function openEventStore(config: LedgerConfig): Promise<EventStore> {
  switch (config.store) {
    case 'sqlite':
      return new SqliteEventStore({ filename: config.sqliteFile });
    default:
      throw new Error(`LEDGER_STORE=${config.store} is not available in this build`);
  }
}
