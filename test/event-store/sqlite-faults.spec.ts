import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEventId, openPrivateDatabase, SqliteEventStore, StoreUnavailableError, type NewEvent } from '@ledger/event-store';
import { SqliteSupportStore } from '@ledger/support-store';

function event(): NewEvent {
  return { eventId: newEventId(), type: 'Noted', schemaVersion: 1, data: { n: 1 }, actor: { type: 'operator' }, correlationId: newEventId(), causationId: null };
}

describe('the embedded store on a faulty disk', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-faults-'));
    file = join(dir, 'ledger.sqlite');
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its files readable by their owner only (0600), whatever the umask', async () => {
    const umask = process.umask(0);
    try {
      store = new SqliteEventStore({ filename: join(dir, 'data', 'ledger.sqlite') });
      await store.append('s-1', [event()]);
      const support = new SqliteSupportStore(join(dir, 'data', 'support.sqlite'));
      await support.setCheckpoint('x', 1);
      for (const name of ['ledger.sqlite', 'ledger.sqlite-wal', 'ledger.sqlite-shm', 'support.sqlite', 'support.sqlite-wal', 'support.sqlite-shm']) {
        expect({ name, mode: (statSync(join(dir, 'data', name)).mode & 0o777).toString(8) }).toEqual({ name, mode: '600' });
      }
      expect((statSync(join(dir, 'data')).mode & 0o777).toString(8)).toBe('700');
      await support.close();
    } finally {
      process.umask(umask);
    }
  });

  it.each([
    ['the database file is deleted', (f: string) => unlinkSync(f), 'ledger.sqlite was deleted'],
    ['its write-ahead log is deleted', (f: string) => unlinkSync(`${f}-wal`), 'ledger.sqlite-wal was deleted'],
    ['all three files are deleted', (f: string) => ['', '-wal', '-shm'].forEach((suffix) => unlinkSync(f + suffix)), 'ledger.sqlite was deleted'],
    ['another file is moved over it', (f: string) => {
      new Database(`${f}.other`).close();
      renameSync(`${f}.other`, f);
    }, 'ledger.sqlite was replaced'],
  ])('refuses to acknowledge appends once %s while open, and says so in its health', async (_, damage, said) => {
    store = new SqliteEventStore({ filename: file });
    await store.append('s-1', [event()]);
    damage(file);
    await expect(store.append('s-1', [event()])).rejects.toThrow(StoreUnavailableError);
    await expect(store.append('s-2', [event()])).rejects.toThrow(said);
    expect(await store.health()).toMatchObject({ status: 'down', detail: expect.stringContaining(said) });
  });

  it('answers a full disk with StoreUnavailableError, appends nothing, and appends again once there is room', async () => {
    store = new SqliteEventStore({ filename: file });
    await store.append('s-1', [event()]);
    const db = store.database;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const big = { ...event(), data: { text: 'x'.repeat(200_000) } };
    await expect(store.append('s-2', [big])).rejects.toThrow(/SQLITE_FULL/);
    await expect(store.append('s-2', [big])).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await store.head()).position).toBe(1);
    // Appends sharing the transaction of one that filled the disk are refused with it: SQLite rolled
    // the whole transaction back, and none of them may be committed on its own with a gap before it.
    const batch = [store.append('s-3', [event()]), store.append('s-4', [big]), store.append('s-5', [event()])];
    for (const append of batch) await expect(append).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await store.head()).position).toBe(1);
    db.pragma('max_page_count = 1073741823');
    expect((await store.append('s-2', [big])).position).toBe(2);
    expect((await store.append('s-3', [event()])).position).toBe(3);
    expect((await store.readAll()).map((e) => e.position)).toEqual([1, 2, 3]);
    expect((await store.health()).status).toBe('up');
  });

  it('keeps the support tables from writing into a file deleted while open', async () => {
    const support = new SqliteSupportStore(file);
    try {
      await support.setCheckpoint('publisher', 1);
      for (const suffix of ['', '-wal', '-shm']) unlinkSync(file + suffix);
      await expect(support.setCheckpoint('publisher', 2)).rejects.toThrow(/ledger\.sqlite was deleted/);
      await expect(support.saveAnswer('scope', 'key', { requestHash: 'h', status: 201, body: {}, headers: {} })).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await support.close();
    }
  });

  it('names the file it cannot open', () => {
    mkdirSync(file);
    expect(() => openPrivateDatabase(file)).toThrow(StoreUnavailableError);
    expect(() => openPrivateDatabase(file)).toThrow(`cannot open ${file}`);
  });
});
