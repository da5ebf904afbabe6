import type { Command } from 'commander';
import { openLedgerInProcess, refusalText, type ReminderRun } from '../../../ledger/src/in-process';
import { requireExistingLedger } from '../existing-ledger';

/** The exit code of a run in which some sends failed (they are tried again by the next run of the day). */
export const REMINDERS_FAILED_EXIT_CODE = 1;

/**
 * `ledger reminders --now`: the day's reminders, now, by the server's own service (the ledger opened
 * in process): each contact of an organization something waits on gets the day's one message, unless
 * it was sent already today — by this command or by a server's daily run, since each (day,
 * organization, contact) is claimed in the store before it is sent. Sends that failed earlier in the
 * day are tried again. Exits 1 when some sends failed.
 */
export async function runReminders(out: (line: string) => void = console.log): Promise<ReminderRun> {
  requireExistingLedger();
  const ledger = await openLedgerInProcess();
  try {
    let run: ReminderRun;
    try {
      run = await ledger.remindersNow();
    } catch (error) {
      throw new Error(refusalText(error));
    }
    out(
      `reminders of ${run.day}: ${run.sent} sent, ${run.failed} failed, ${run.skipped} already sent today, ` +
        `${run.nothingDue} organization${run.nothingDue === 1 ? '' : 's'} with contacts and nothing waiting`,
    );
    return run;
  } finally {
    await ledger.close();
  }
}

export function registerReminders(program: Command): void {
  program
    .command('reminders')
    .description("send the day's e-mail reminders now (the server sends them daily from LEDGER_REMINDER_HOUR); none twice a day to a contact")
    .option('--now', "send the day's reminders not yet sent, now")
    .action(async (options: { now?: boolean }, command: Command) => {
      if (!options.now) command.error('ledger reminders: say --now to send the day\'s reminders now (the server sends them daily from LEDGER_REMINDER_HOUR)');
      const run = await runReminders();
      if (run.failed > 0) {
        console.error(`ledger reminders: ${run.failed} send${run.failed === 1 ? '' : 's'} failed (see the server's /health or the SMTP server); run it again, or the next run of the day retries them`);
        process.exitCode = REMINDERS_FAILED_EXIT_CODE;
      }
    });
}
