import Database from 'better-sqlite3';
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store';
import { describeFailure, memberSignatureCheck, storeEvents, verifyLog } from '@ledger/integrity';
import { progressBar } from '../progress';
import { VERIFY_FAILED_EXIT_CODE } from './verify.command';

/**
 * `ledger backup --out FILE`: a consistent copy of the embedded (SQLite) store while the server runs
 * and writes, with SQLite's online backup (better-sqlite3's `backup`). The whole database is copied
 * in one step — one read transaction, so the copy is the database as it stood at one instant (a
 * copy made page by page would restart each time the server commits). In WAL mode the server's
 * writes go on meanwhile. The copy is written beside FILE and renamed once complete and verified
 * (hash chain, Merkle root, member signatures), so FILE is never a partial or unverified copy.
 *
 * PostgreSQL has its own tools (pg_dump, base backups); any store can also be exported (`ledger
 * export`) and imported (`ledger import`).
 */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the live embedded (SQLite) store consistently into FILE, then verify the copy')
    .requiredOption('-o, --out <file>', 'the backup file to write (must not exist)')
    .action(async (options: { out: string }) => {
      const config = loadConfig();
      if (config.store !== 'sqlite') {
        throw new Error(`backup copies the embedded SQLite store; LEDGER_STORE is ${config.store}: back PostgreSQL up with its own tools, or use \`ledger export\``);
      }
      const out = resolve(options.out);
      if (existsSync(out)) throw new Error(`${out} exists already: choose a new file`);
      if (!existsSync(config.sqliteFile)) throw new Error(`there is no store to back up at ${config.sqliteFile}`);
      const partial = join(dirname(out), `.${basename(out)}.partial`);
      rmSync(partial, { force: true });

      const source = new Database(config.sqliteFile, { readonly: true, fileMustExist: true });
      let pages = 0;
      try {
        const bar = progressBar('backup (pages)', 1);
        const done = await source.backup(partial, {
          // The first call reports the size; the next step copies every page at once.
          progress: ({ totalPages }) => {
            pages = totalPages;
            return 0x7fffffff;
          },
        });
        pages = done.totalPages;
        // The events of every organization: readable by this user only, as the store itself.
        chmodSync(partial, 0o600);
        bar.update(1);
        bar.stop();
      } catch (error) {
        rmSync(partial, { force: true });
        throw new Error(`the backup failed: ${(error as Error).message}`);
      } finally {
        source.close();
      }

      // The copy opens and holds an intact log.
      const copy = new SqliteEventStore({ filename: partial });
      try {
        const total = (await copy.head()).position;
        const bar = progressBar('verify the backup', total);
        const result = await verifyLog(storeEvents(copy), { eventChecks: [memberSignatureCheck()], onProgress: ({ verified }) => bar.update(verified), progressEvery: 5000 });
        bar.stop();
        if (!result.ok) {
          console.error(`ledger backup: the copy does not verify, kept nothing: ${describeFailure(result)}`);
          process.exitCode = VERIFY_FAILED_EXIT_CODE;
          return;
        }
        console.log(`backup of ${config.sqliteFile} written to ${out}: ${pages} pages, ${result.treeSize} events, root ${result.rootHash}`);
      } finally {
        await copy.close();
        if (process.exitCode === VERIFY_FAILED_EXIT_CODE) rmSync(partial, { force: true });
      }
      // Closing the copy folded its write-ahead log into it; were one left, it goes along.
      for (const suffix of ['-wal', '-shm']) if (existsSync(partial + suffix)) renameSync(partial + suffix, out + suffix);
      renameSync(partial, out);
    });
}
