import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemo } from '../../../apps/cli/src/demo/demo-loader';

/**
 * Loads the demo partnership into the ledger the environment `env` names (LEDGER_STORE, ...).
 * The ledger's own files (operator key, signing key) go to a temporary data folder unless `env`
 * names one, so that no test writes into the checkout's `data/`.
 */
export async function loadDemoWith(env: Record<string, string>): Promise<Awaited<ReturnType<typeof loadDemo>>> {
  const saved = { ...process.env };
  const ownDataDir = env.LEDGER_DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'ledger-demo-files-')) : undefined;
  Object.assign(process.env, { ...(ownDataDir ? { LEDGER_DATA_DIR: ownDataDir } : {}), ...env });
  delete process.env.KAFKA_BROKERS;
  try {
    const result = await loadDemo();
    if (!result.loaded || !result.simulatedHistory) throw new Error(`the demo did not load into an empty ledger: ${JSON.stringify(result)}`);
    return result;
  } finally {
    process.env = saved;
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
  }
}
