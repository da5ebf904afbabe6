import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '@ledger/event-store';
import { createLedgerApp } from '../../apps/ledger/src/bootstrap';
import { registerOperatorKey } from './http-client';

/** The operator key of the ledgers tests start: a generated one (`openssl rand -base64 32`), as a weak key stops the start. */
export const TEST_OPERATOR_KEY = 'EWyxxDPfyTz4Wq9QXxo2vQshMkAR4vicrFWFmDmY6BI=';

/** A real ledger app listening on a random local port, with its data in a temporary folder. */
export interface RunningLedger {
  app: NestFastifyApplication;
  baseUrl: string;
  dataDir: string;
  /** The operator's API key (LEDGER_OPERATOR_KEY), known to client() for this ledger. */
  operatorKey: string;
  close(): Promise<void>;
}

/** `clock`: where the ledger's "now" comes from (recordedAt, deadlines, asOf's default); the system clock by default. */
export async function startLedger(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<RunningLedger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-http-'));
  const saved = { ...process.env };
  Object.assign(process.env, { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', LEDGER_CHECKPOINT_INTERVAL_S: '0', LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY, ...env });
  try {
    const app = await createLedgerApp({ logger: false, clock: options.clock });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const operatorKey = process.env.LEDGER_OPERATOR_KEY ?? TEST_OPERATOR_KEY;
    registerOperatorKey(baseUrl, operatorKey);
    return {
      app,
      dataDir,
      operatorKey,
      baseUrl,
      async close() {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } finally {
    process.env = saved;
  }
}
