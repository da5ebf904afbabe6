import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '@ledger/config';
import { registerBackup } from './commands/backup.command';
import { registerDemo } from './commands/demo.command';
import { registerExport } from './commands/export.command';
import { registerImport } from './commands/import.command';
import { registerKeys } from './commands/keys.command';
import { registerCheckpoint, registerProof } from './commands/proof.command';
import { registerReminders } from './commands/reminders.command';
import { registerReplay } from './commands/replay.command';
import { registerReport } from './commands/report.command';
import { registerVerify } from './commands/verify.command';
import { USAGE_EXIT_CODE } from './options';

/**
 * `ledger`: the operators' and auditors' command line. Every command reads the same environment as
 * the server (LEDGER_STORE, LEDGER_DATA_DIR, ...). Failures exit non-zero with a message.
 */
const program = new Command('ledger').description('stewardship ledger: operator and auditor tools');
// Usage errors (an unknown option, a bad value) end the run with their own exit code, below.
program.exitOverride();
registerKeys(program);
registerDemo(program);
registerExport(program);
registerVerify(program);
registerProof(program);
registerCheckpoint(program);
registerReplay(program);
registerBackup(program);
registerImport(program);
registerReport(program);
registerReminders(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help asked for).
    process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE);
  }
  console.error(error instanceof ConfigError ? error.message : `ledger: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
