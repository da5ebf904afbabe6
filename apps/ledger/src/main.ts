import { ConfigError, loadConfig } from '@ledger/config';
import { createLedgerApp } from './bootstrap';
import { LostHistoryError } from './infrastructure/store-history';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createLedgerApp();
  await app.listen(config.port, config.host);
  console.log(`stewardship ledger listening on http://${config.host}:${config.port} (store: ${config.store}, data: ${config.dataDir})`);
}

main().catch((error) => {
  // A bad configuration or an unreachable store: say what, not a stack trace.
  console.error(error instanceof ConfigError || error instanceof LostHistoryError ? error.message : `ledger failed to start: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
