import { ConfigError, loadConfig } from '@ledger/config';
import { createLedgerApp } from './bootstrap';
import { LostHistoryError } from './infrastructure/store-history';
import { createLedgerLogger } from './operations/logging';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLedgerLogger(config.logLevel);
  const app = await createLedgerApp({ logger: log });
  await app.listen(config.port, config.host);
  log.info({ store: config.store, dataDir: config.dataDir }, `stewardship ledger listening on http://${config.host}:${config.port}`);
}

main().catch((error) => {
  // A bad configuration or an unreachable store: say what, not a stack trace (at any LOG_LEVEL).
  const message = error instanceof ConfigError || error instanceof LostHistoryError ? error.message : `ledger failed to start: ${(error as Error)?.message ?? error}`;
  createLedgerLogger('fatal').fatal(message);
  process.exit(1);
});
