import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { eventStoreContract } from './event-store.contract';

let dataDir = '';
const file = () => join(dataDir, 'ledger.sqlite');

eventStoreContract('sqlite', {
  async open() {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
    return new SqliteEventStore({ filename: file() });
  },
  async reopen() {
    return new SqliteEventStore({ filename: file() });
  },
  writerEnv: () => ({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir }),
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
