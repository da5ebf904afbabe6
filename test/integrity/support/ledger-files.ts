/**
 * A real SQLite ledger in a temporary data folder, tampered with directly in its file (as an
 * attacker with disk access would), exported and verified through the real CLI commands.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { SQLITE_EVENT_COLUMNS, sqliteEventRow, SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { sealEvent } from '@ledger/integrity';
import { registerExport } from '../../../apps/cli/src/commands/export.command';
import { newEvent } from '../../support/events';

export interface LedgerFiles {
  dataDir: string;
  sqliteFile: string;
  remove(): void;
}

export function ledgerFiles(): LedgerFiles {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-integrity-'));
  return {
    dataDir,
    sqliteFile: join(dataDir, 'ledger.sqlite'),
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export function openStore(files: LedgerFiles): SqliteEventStore {
  return new SqliteEventStore({ filename: files.sqliteFile });
}

/** Appends `count` events over a few streams, in batches of 1 to 3, and returns them as stored. */
export async function appendEvents(files: LedgerFiles, count: number, from = 0): Promise<RecordedEvent[]> {
  const store = openStore(files);
  const stored: RecordedEvent[] = [];
  try {
    let i = from;
    while (i < from + count) {
      const size = Math.min(1 + (i % 3), from + count - i);
      const events = Array.from({ length: size }, (_, j) => newEvent('CommitmentProgressReported', { n: i + j, note: `step ${i + j}` }));
      const result = await store.append(`commitment-${i % 7}`, events);
      stored.push(...result.events);
      i += size;
    }
  } finally {
    await store.close();
  }
  return stored;
}

export async function readAllEvents(files: LedgerFiles): Promise<RecordedEvent[]> {
  const store = openStore(files);
  try {
    return await store.readAll({ after: 0, limit: 1_000_000 });
  } finally {
    await store.close();
  }
}

/** Runs SQL on the database file behind the store's back. */
export function tamper(files: LedgerFiles, change: (db: Database.Database) => void): void {
  const db = new Database(files.sqliteFile);
  try {
    db.transaction(() => change(db))();
  } finally {
    db.close();
  }
}

/** Rewrites positions from..end with other data and a freshly computed, internally valid chain. */
export function rewriteHistoryFrom(files: LedgerFiles, events: RecordedEvent[], from: number): void {
  tamper(files, (db) => {
    const update = db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?');
    let prevHash = events[from - 2]?.hash ?? '0'.repeat(64);
    for (const original of events.slice(from - 1)) {
      const { prevHash: _p, hash: _h, ...content } = original;
      const forged = sealEvent(prevHash, { ...content, data: { ...(original.data as object), rewritten: true } });
      update.run(JSON.stringify(forged.data), forged.prevHash, forged.hash, forged.position);
      prevHash = forged.hash;
    }
  });
}

/** Inserts a row as the store would have, from a (possibly forged) envelope. */
export function insertRow(files: LedgerFiles, event: RecordedEvent): void {
  tamper(files, (db) => db.prepare(`INSERT INTO events (${SQLITE_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...sqliteEventRow(event)));
}

/** A forged event shaped like a real one at `position`. */
export function forgedEvent(after: RecordedEvent, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    ...after,
    position: after.position + 1,
    eventId: randomUUID(),
    streamRevision: after.streamRevision + 1,
    data: { n: 9999, note: 'a delivery that never happened' },
    prevHash: after.hash,
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

/** Runs a `ledger` sub-command in-process against this data folder, capturing its output. */
export async function runCli(
  files: LedgerFiles,
  register: (program: Command) => void,
  args: string[],
): Promise<{ stdout: string; stderr: string; exitCode: number; error?: Error }> {
  const saved = { env: { ...process.env }, exitCode: process.exitCode };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  const log = jest.spyOn(console, 'log').mockImplementation((...parts) => void stdout.push(parts.join(' ') + '\n'));
  const error = jest.spyOn(console, 'error').mockImplementation((...parts) => void stderr.push(parts.join(' ') + '\n'));
  process.env.LEDGER_STORE = 'sqlite';
  process.env.LEDGER_DATA_DIR = files.dataDir;
  process.exitCode = 0;
  const program = new Command('ledger').exitOverride();
  register(program);
  let failure: Error | undefined;
  try {
    await program.parseAsync(['node', 'ledger', ...args]);
  } catch (e) {
    failure = e as Error;
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
  const exitCode = failure ? 1 : Number(process.exitCode ?? 0);
  process.env = saved.env;
  process.exitCode = saved.exitCode;
  return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode, error: failure };
}

/** `ledger export --out <file>`, the real command. */
export async function exportLog(files: LedgerFiles, name = 'export.jsonl'): Promise<string> {
  const file = join(files.dataDir, name);
  const result = await runCli(files, registerExport, ['export', '--out', file]);
  if (result.error) throw result.error;
  return file;
}
