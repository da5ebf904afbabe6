import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { openEventStore, PRIVATE_FILE_MODE, type Clock, type EventStore, type LogHead } from '@ledger/event-store';
import { SIGNING_KEY_FILE } from '@ledger/integrity';
import { OPERATOR_KEY_FILE } from '../access/api-keys';

/**
 * The head of the log as this server last saw it (position, hash, when), kept in the data folder
 * (store-watch.service.ts writes it), so that a store found empty at the next start can be told
 * from a new one.
 */
export const SAVED_HEAD_FILE = 'ledger-head.json';

export interface SavedHead {
  position: number;
  hash: string;
  savedAt: string;
}

/** The ledger will not start on an empty store where a history existed, unless told to. */
export class LostHistoryError extends Error {}

/**
 * Opens the event store, refusing to when it is empty but the data folder shows that a ledger with
 * a history ran there: the database was deleted or moved, or the ledger points at another store.
 * Starting anyway would begin a second history beside the first one's keys, with its API keys gone.
 */
export async function openEventStoreKeepingHistory(config: LedgerConfig, options: { clock?: Clock } = {}): Promise<EventStore> {
  keepHistory(config, `${config.sqliteFile} is missing`, evidenceWithoutDatabase(config));
  const store = await openEventStore(config, options);
  try {
    keepHistory(config, `the event store (${config.store}) is empty`, evidenceOfEmptiedLog(config, await store.head()));
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export function readSavedHead(dataDir: string): SavedHead | null {
  const file = join(dataDir, SAVED_HEAD_FILE);
  if (!existsSync(file)) return null;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedHead;
  return Number.isSafeInteger(saved.position) ? saved : null;
}

/** Replaces the saved head at once (written aside, then renamed over it), readable by the ledger's user only. */
export function saveHead(dataDir: string, head: LogHead, now = new Date()): void {
  const file = join(dataDir, SAVED_HEAD_FILE);
  const saved: SavedHead = { position: head.position, hash: head.hash, savedAt: now.toISOString() };
  const aside = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(aside, `${JSON.stringify(saved)}\n`, { mode: PRIVATE_FILE_MODE });
  renameSync(aside, file);
}

/** Files a ledger leaves in its data folder, and what each is. */
function leftovers(config: LedgerConfig): Array<[file: string, what: string]> {
  const database = basename(config.sqliteFile);
  return [
    [`${database}-wal`, "the database's write-ahead log, without its database"],
    [`${database}-shm`, "the database's shared-memory index, without its database"],
    [SIGNING_KEY_FILE, "the ledger's checkpoint-signing key"],
    [OPERATOR_KEY_FILE, "the operator's generated API key"],
  ];
}

/** The embedded store's file is missing (or empty) beside files a running ledger leaves. */
function evidenceWithoutDatabase(config: LedgerConfig): string[] {
  if (config.store !== 'sqlite' || (existsSync(config.sqliteFile) && statSync(config.sqliteFile).size > 0)) return [];
  const found = leftovers(config)
    .filter(([file]) => existsSync(join(config.dataDir, file)))
    .map(([file, what]) => `${file}: ${what}`);
  return [...found, ...evidenceOfEmptiedLog(config, null)];
}

/** The log is empty, but the head saved in the data folder says it held events. */
function evidenceOfEmptiedLog(config: LedgerConfig, head: LogHead | null): string[] {
  if (head !== null && head.position > 0) return [];
  let saved: SavedHead | null;
  try {
    saved = readSavedHead(config.dataDir);
  } catch (error) {
    return [`${SAVED_HEAD_FILE}: the head of the log saved by an earlier run (unreadable: ${(error as Error).message})`];
  }
  if (saved === null || saved.position === 0) return [];
  return [`${SAVED_HEAD_FILE}: the log held ${saved.position} events (head hash ${saved.hash}) when last seen, at ${saved.savedAt}`];
}

function keepHistory(config: LedgerConfig, finding: string, evidence: string[]): void {
  if (evidence.length === 0) return;
  const listed = evidence.map((line) => `\n  - ${line}`).join('');
  if (!config.allowEmptyStore) {
    throw new LostHistoryError(
      `the ledger refuses to start: ${finding}, but ${config.dataDir} shows that a ledger with a history ran here:${listed}\n` +
        'If the store was deleted or moved, put it back (or point LEDGER_DATA_DIR, LEDGER_POSTGRES_URL at it) and start again. ' +
        'To start a new, empty ledger here on purpose, set LEDGER_ALLOW_EMPTY_STORE=true.',
    );
  }
  new Logger('Store').warn(`starting a new, empty ledger as LEDGER_ALLOW_EMPTY_STORE=true, although ${finding} and ${config.dataDir} shows a history:${listed}`);
  rmSync(join(config.dataDir, SAVED_HEAD_FILE), { force: true });
}
