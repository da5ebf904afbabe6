import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDedupStore, MemoryDedupStore } from './dedup-store';

describe('MemoryDedupStore', () => {
  it('remembers the last revision per stream, and never moves it back', () => {
    const store = new MemoryDedupStore();
    expect(store.lastRevision('commitment-1')).toBeUndefined();
    store.remember('commitment-1', 0);
    store.remember('commitment-1', 2);
    store.remember('commitment-1', 1);
    store.remember('pledge-1', 0);
    expect(store.lastRevision('commitment-1')).toBe(2);
    expect(store.lastRevision('pledge-1')).toBe(0);
    expect(store.size).toBe(2);
  });
});

describe('FileDedupStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-dedup-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its revisions across restarts, in a file it creates with its folder', () => {
    const path = join(dir, 'state', 'dedup.json');
    const first = new FileDedupStore(path);
    expect(first.lastRevision('commitment-1')).toBeUndefined();
    first.remember('commitment-1', 0);
    first.remember('commitment-1', 3);
    first.remember('organization-a', 0);

    const again = new FileDedupStore(path);
    expect(again.lastRevision('commitment-1')).toBe(3);
    expect(again.lastRevision('organization-a')).toBe(0);
    expect(again.size).toBe(2);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ format: 'ledger-dedup/1', revisions: { 'commitment-1': 3, 'organization-a': 0 } });
    expect(existsSync(`${path}.tmp`)).toBe(false); // written aside, then renamed over
  });

  it('never moves a revision back (a late duplicate does not reopen the window)', () => {
    const path = join(dir, 'dedup.json');
    const store = new FileDedupStore(path);
    store.remember('s', 5);
    store.remember('s', 4);
    expect(new FileDedupStore(path).lastRevision('s')).toBe(5);
  });

  it('refuses a file that is not its own rather than starting from nothing', () => {
    const path = join(dir, 'dedup.json');
    writeFileSync(path, JSON.stringify({ some: 'thing' }));
    expect(() => new FileDedupStore(path)).toThrow(/not a ledger dedup file/);
    writeFileSync(path, JSON.stringify({ format: 'ledger-dedup/1', revisions: { s: -1 } }));
    expect(() => new FileDedupStore(path)).toThrow(/bad revision for stream s/);
    writeFileSync(path, '{"format":');
    expect(() => new FileDedupStore(path)).toThrow();
  });
});
