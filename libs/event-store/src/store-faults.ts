import { StoreUnavailableError } from './errors';

/**
 * Failures of the machine under a store, as opposed to refusals of what was asked of it: they say
 * nothing about the request, and the same request may succeed once the store is back. Adapters turn
 * them into StoreUnavailableError; the HTTP layer answers any of them 503 (http/problem-details.filter.ts).
 */

/** SQLite result codes (better-sqlite3's SqliteError.code) of a file that cannot be read or written as it should. */
const SQLITE_FAULT = /^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|CORRUPT|NOTADB|NOLFS|PERM|PROTOCOL|BUSY)(_|$)/;

/**
 * Operating-system errors of a disk or a connection, from a system call (a client that hangs up on
 * its own request raises ECONNRESET too, without one: that is not the store's).
 */
const SYSTEM_FAULTS = new Set([
  'ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE',
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve: 08 connection exception, 53 insufficient
 * resources (disk full, out of memory, too many connections), 57P0x shutting down or restarting,
 * 58 system error (I/O), 25006 read-only transaction (a standby), 3D000 the database is gone,
 * 28 the ledger's role may no longer log in.
 */
const POSTGRES_FAULT = /^(08|53|57P0|58|25006$|3D000$|28)/;

/** Errors the pg client raises itself when a connection is lost or cannot be made (no SQLSTATE). */
const POSTGRES_CLIENT_FAULT = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end)/;

/** The error as a StoreUnavailableError when it is a fault of the store's machine; null otherwise. */
export function storeFault(error: unknown): StoreUnavailableError | null {
  if (error instanceof StoreUnavailableError) return error;
  // Duck-typed, not `instanceof Error`: a native module's errors may come from another realm (jest).
  if (typeof error !== 'object' || error === null || typeof (error as Error).message !== 'string') return null;
  const { name, message, code, severity, syscall } = error as Error & { code?: unknown; severity?: unknown; syscall?: unknown };
  if (typeof code === 'string') {
    if (name === 'SqliteError' && SQLITE_FAULT.test(code)) return new StoreUnavailableError(`SQLite: ${message} (${code})`, { cause: error });
    if (typeof severity === 'string' && POSTGRES_FAULT.test(code)) return new StoreUnavailableError(`PostgreSQL: ${message} (${code})`, { cause: error });
    if (typeof syscall === 'string' && SYSTEM_FAULTS.has(code)) return new StoreUnavailableError(message, { cause: error });
  }
  if (POSTGRES_CLIENT_FAULT.test(message)) return new StoreUnavailableError(`PostgreSQL: ${message}`, { cause: error });
  return null;
}
