import { ConfigError, loadConfig } from '@ledger/config';
import { createLedgerApp } from './bootstrap';
import { LostHistoryError } from './infrastructure/store-history';
import { createLedgerLogger } from './operations/logging';
import { GracefulShutdown } from './operations/graceful-shutdown';
import { startTracing } from './operations/tracing';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLedgerLogger(config.logLevel);
  // Off unless the standard OTEL_* variables ask for it (operations/tracing.ts).
  const tracing = startTracing();
  if (tracing) log.info('tracing on (OpenTelemetry, OTEL_* variables)');
  const app = await createLedgerApp({ logger: log });
  await app.listen(config.port, config.host);
  log.info({ store: config.store, dataDir: config.dataDir }, `stewardship ledger listening on http://${config.host}:${config.port}`);

  // A graceful stop (operations/graceful-shutdown.ts), bounded by LEDGER_SHUTDOWN_TIMEOUT_S: exit 0
  // once everything in flight is done, 1 if it could not be done in time.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal}: stopping`);
    setTimeout(() => {
      log.error(`did not stop within ${config.shutdownTimeoutMs / 1000} s (LEDGER_SHUTDOWN_TIMEOUT_S); exiting anyway`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app
      .get(GracefulShutdown)
      .drain()
      .then(() => app.close())
      .then(() => tracing?.shutdown())
      .then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (error: Error) => {
          log.error({ err: error }, `could not stop cleanly: ${error.message}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  // A bad configuration or an unreachable store: say what, not a stack trace (at any LOG_LEVEL).
  const message = error instanceof ConfigError || error instanceof LostHistoryError ? error.message : `ledger failed to start: ${(error as Error)?.message ?? error}`;
  createLedgerLogger('fatal').fatal(message);
  process.exit(1);
});
