import 'reflect-metadata';
import { Command } from 'commander';
import { ConfigError } from '@ledger/config';
import { registerDemo } from './commands/demo.command';
import { registerExport } from './commands/export.command';
import { registerKeys } from './commands/keys.command';
import { registerCheckpoint, registerProof } from './commands/proof.command';
import { registerReplay } from './commands/replay.command';
import { registerVerify } from './commands/verify.command';

/**
 * `ledger`: the operators' and auditors' command line. Every command reads the same environment as
 * the server (LEDGER_STORE, LEDGER_DATA_DIR, ...). Failures exit non-zero with a message.
 */
const program = new Command('ledger').description('stewardship ledger: operator and auditor tools');
registerKeys(program);
registerDemo(program);
registerExport(program);
registerVerify(program);
registerProof(program);
registerCheckpoint(program);
registerReplay(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `ledger: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
