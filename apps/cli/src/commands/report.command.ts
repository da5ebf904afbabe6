import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { openLedgerInProcess, refusalText, type BoardPackFormat } from '../../../ledger/src/in-process';
import { LANGUAGES, type Language } from '../../../ledger/src/reports/i18n';
import { requireExistingLedger } from '../existing-ledger';
import { dateOrInstant, oneOf } from '../options';

export interface ReportOptions {
  collaborative: string;
  asOf?: string;
  from?: string;
  lang: Language;
  format: BoardPackFormat;
  out: string;
}

/**
 * `ledger report --collaborative ID --as-of DATE [--from DATE] [--lang en|fr] [--format pdf|html] --out FILE`:
 * the board pack of GET /collaboratives/:id/report, made offline from the store, as the operator
 * reads it. The ledger is opened in process (the read models brought to the log's head first), so
 * the report is gathered and written by the very code the HTTP route runs, and carries the same tree
 * size and root hash. FILE is written whole or not at all (a partial file beside it, then renamed).
 */
export async function runReport(options: ReportOptions, out: (line: string) => void = console.log): Promise<void> {
  const file = resolve(options.out);
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  requireExistingLedger();
  const ledger = await openLedgerInProcess();
  try {
    let report;
    try {
      report = await ledger.boardPack(options.collaborative, { asOf: options.asOf, from: options.from, language: options.lang, format: options.format });
    } catch (error) {
      // A refusal of the ledger (an unknown collaborative, a reversed period): say what, not a stack trace.
      throw new Error(refusalText(error));
    }
    writeFileSync(partial, report.body, { mode: 0o600 });
    renameSync(partial, file);
    out(`board pack of ${options.collaborative} as of ${report.asOf} (${options.format}, ${options.lang}) written to ${file}: ${report.body.length} bytes; tree size ${report.treeSize}, root hash ${report.rootHash}`);
  } finally {
    rmSync(partial, { force: true });
    await ledger.close();
  }
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the board pack of a collaborative (as GET /collaboratives/:id/report answers it) from the store, without the server')
    .requiredOption('--collaborative <id>', 'the collaborative')
    .option('--as-of <date>', 'the ledger as it stood then: a date (YYYY-MM-DD, the end of that UTC day) or an ISO 8601 instant; default now', dateOrInstant('end'))
    .option('--from <date>', 'decisions adopted from then to --as-of are listed: a date (its start, UTC) or an instant; default 91 days before --as-of', dateOrInstant('start'))
    .option('--lang <lang>', 'en or fr', oneOf(LANGUAGES), 'en')
    .option('--format <format>', 'pdf or html', oneOf(['pdf', 'html'] as const), 'pdf')
    .requiredOption('-o, --out <file>', 'the file to write')
    .action(async (options: ReportOptions) => {
      await runReport(options);
    });
}

