import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseError } from 'pg';
import { StoreUnavailableError, WrongExpectedRevisionError } from './errors';
import { storeFault } from './store-faults';

/** The error SQLite raises running `run` on a small database (opened read-only if asked). */
function sqliteError(run: (db: Database.Database) => void, options: { readonly?: boolean; setup?: (db: Database.Database) => void } = {}): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'store-faults-'));
  try {
    const file = join(dir, 'x.sqlite');
    const writer = new Database(file);
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)');
    options.setup?.(writer);
    writer.close();
    const db = new Database(file, { readonly: options.readonly ?? false });
    try {
      run(db);
      return null;
    } catch (error) {
      return error;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function postgresError(code: string, message = 'failed'): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

function systemError(code: string, syscall = 'write'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code, syscall });
}

describe('storeFault', () => {
  it("recognizes SQLite's own errors of a file that cannot be written: read-only, full", () => {
    const readonly = sqliteError((db) => db.exec("INSERT INTO t (v) VALUES ('x')"), { readonly: true });
    expect((readonly as { code: string }).code).toBe('SQLITE_READONLY');
    expect(storeFault(readonly)).toBeInstanceOf(StoreUnavailableError);
    expect(storeFault(readonly)!.message).toContain('SQLITE_READONLY');

    // A database that may not grow is full, as a full disk would make it.
    const full = sqliteError((db) => {
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
      db.prepare('INSERT INTO t (v) VALUES (?)').run('x'.repeat(100_000));
    });
    expect((full as { code: string }).code).toBe('SQLITE_FULL');
    expect(storeFault(full)).toBeInstanceOf(StoreUnavailableError);
  });

  it("leaves SQLite's refusals of the statement alone (a constraint, bad SQL)", () => {
    const constraint = sqliteError((db) => db.exec("INSERT INTO t (v) VALUES ('same')"), { setup: (db) => db.exec("INSERT INTO t (v) VALUES ('same')") });
    expect((constraint as { code: string }).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(storeFault(constraint)).toBeNull();
    expect(storeFault(sqliteError((db) => db.exec('SELECT * FROM no_such_table')))).toBeNull();
  });

  it.each(['08006', '08001', '53100', '53300', '57P01', '57P03', '58030', '25006', '3D000', '28P01'])('recognizes PostgreSQL SQLSTATE %s', (code) => {
    expect(storeFault(postgresError(code))).toBeInstanceOf(StoreUnavailableError);
  });

  it.each(['23505', '22P02', '40001', '42601', '42P01'])('leaves PostgreSQL SQLSTATE %s alone', (code) => {
    expect(storeFault(postgresError(code))).toBeNull();
  });

  it("recognizes the pg client's own errors of a lost connection", () => {
    expect(storeFault(new Error('Connection terminated unexpectedly'))).toBeInstanceOf(StoreUnavailableError);
    expect(storeFault(new Error('timeout exceeded when trying to connect'))).toBeInstanceOf(StoreUnavailableError);
  });

  it.each(['ENOSPC', 'EROFS', 'EIO', 'EDQUOT', 'ECONNREFUSED', 'ECONNRESET'])('recognizes the system error %s', (code) => {
    expect(storeFault(systemError(code))).toBeInstanceOf(StoreUnavailableError);
  });

  it("leaves a client's own hang-up alone (ECONNRESET without a system call)", () => {
    expect(storeFault(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBeNull();
  });

  it('leaves everything else alone, and keeps a StoreUnavailableError as it is', () => {
    expect(storeFault(new Error('a bug'))).toBeNull();
    expect(storeFault(new TypeError('x is undefined'))).toBeNull();
    expect(storeFault(new WrongExpectedRevisionError('s', 1, 2))).toBeNull();
    expect(storeFault('a string')).toBeNull();
    expect(storeFault(null)).toBeNull();
    const unavailable = new StoreUnavailableError('closed');
    expect(storeFault(unavailable)).toBe(unavailable);
  });
});
