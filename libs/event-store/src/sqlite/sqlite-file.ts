import Database from 'better-sqlite3';
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { StoreUnavailableError } from '../errors';
import { storeFault } from '../store-faults';

/** Files the ledger creates in its data folder are its own user's alone (keys, the database, its journal). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Opens one of the ledger's SQLite files in WAL mode. A new file (and its folder) is created
 * readable by its owner only, before SQLite opens it: SQLite gives the -wal and -shm files it
 * creates the database's mode; those left by an older version are tightened too. A file that
 * cannot be opened (a read-only folder without the database's -wal and -shm, a full disk, ...) is a
 * StoreUnavailableError naming it.
 */
export function openPrivateDatabase(filename: string): Database.Database {
  if (filename === ':memory:') return new Database(filename);
  mkdirSync(dirname(filename), { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (!existsSync(filename)) {
    try {
      closeSync(openSync(filename, 'wx', PRIVATE_FILE_MODE));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(filename);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db?.close();
    throw new StoreUnavailableError(`cannot open ${filename}: ${(storeFault(error) ?? (error as Error)).message}`, { cause: error });
  }
  for (const companion of [`${filename}-wal`, `${filename}-shm`]) {
    try {
      chmodSync(companion, PRIVATE_FILE_MODE);
    } catch {
      // Not there yet (SQLite creates them with the database's mode), or a read-only folder: /health says so.
    }
  }
  return db;
}

interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

/** The file's identity, 'missing' when there is none at the path, 'unknown' when it cannot be looked at (a folder made unreadable). */
function identityOf(path: string): FileIdentity | 'missing' | 'unknown' {
  try {
    const { dev, ino } = statSync(path, { bigint: true });
    return { dev, ino };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unknown';
  }
}

/**
 * Whether the database file a connection has open is still the one at its path, and writable.
 * Deleted or replaced while open, SQLite goes on writing into the old file without an error (in
 * WAL mode it does not look), and whatever it writes is gone at the next start. The same holds for
 * the write-ahead log, where every commit since the last checkpoint lives.
 */
export class SqliteFileWatch {
  private readonly opened = new Map<string, FileIdentity>();

  constructor(
    private readonly db: Database.Database,
    private readonly filename: string,
  ) {
    if (filename === ':memory:') return;
    this.remember(filename);
    this.remember(`${filename}-wal`);
  }

  /** Why commits would be lost: the database or its log was deleted or replaced; null when they are not. */
  lost(): string | null {
    if (this.filename === ':memory:') return null;
    // The log appears at the first transaction (and again after a clean close of every connection).
    if (!this.opened.has(`${this.filename}-wal`)) this.remember(`${this.filename}-wal`);
    for (const [path, identity] of this.opened) {
      const now = identityOf(path);
      if (now === 'missing') return `${basename(path)} was deleted while the ledger had it open: what is written to it now would be lost`;
      // What cannot be looked at is not known to be lost (unwritable() reports the folder).
      if (now === 'unknown') continue;
      if (now.dev !== identity.dev || now.ino !== identity.ino) {
        return `${basename(path)} was replaced while the ledger had it open: what is written to it now would be lost`;
      }
    }
    return null;
  }

  /** Why nothing can be written: the connection is read-only, or the file or its folder cannot be written; null when it can. */
  unwritable(): string | null {
    if (this.filename === ':memory:') return null;
    const name = basename(this.filename);
    if (this.db.readonly) return `${name} is open read-only (the file or its folder cannot be written)`;
    for (const path of [this.filename, dirname(this.filename)]) {
      try {
        accessSync(path, constants.W_OK);
      } catch (error) {
        return `${path === this.filename ? name : `the folder of ${name}`} cannot be written (${(error as NodeJS.ErrnoException).code})`;
      }
    }
    return null;
  }

  /** The first thing wrong with the file, or null. */
  problem(): string | null {
    return this.lost() ?? this.unwritable();
  }

  private remember(path: string): void {
    const identity = identityOf(path);
    if (typeof identity === 'object') this.opened.set(path, identity);
  }
}
