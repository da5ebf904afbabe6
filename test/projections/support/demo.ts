import { loadDemo } from '../../../apps/cli/src/demo/demo-loader';

/** Loads the demo partnership into the ledger the environment `env` names (LEDGER_STORE, ...). */
export async function loadDemoWith(env: Record<string, string>): Promise<Awaited<ReturnType<typeof loadDemo>>> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  delete process.env.KAFKA_BROKERS;
  try {
    const result = await loadDemo();
    if (!result.loaded || !result.simulatedHistory) throw new Error(`the demo did not load into an empty ledger: ${JSON.stringify(result)}`);
    return result;
  } finally {
    process.env = saved;
  }
}
