import { existsSync } from 'node:fs';
import { loadConfig } from '@ledger/config';

/**
 * Commands that read a ledger (a report, the reminders) refuse a data folder that holds no embedded
 * store, rather than open a new, empty ledger there.
 */
export function requireExistingLedger(): void {
  const config = loadConfig();
  if (config.store === 'sqlite' && !existsSync(config.sqliteFile)) throw new Error(`there is no ledger at ${config.sqliteFile} (LEDGER_DATA_DIR=${config.dataDir})`);
}
