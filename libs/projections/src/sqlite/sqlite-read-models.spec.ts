import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModels } from './sqlite-read-models';

describe('SqliteReadModels durability settings', () => {
  it('commits projection batches without an fsync of their own, and leaves the connection at synchronous = FULL for appends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const models = SqliteReadModels.openFile(join(dir, 'projections.sqlite'));
    try {
      await models.ensureSchema();
      const seen: number[] = [];
      const pragma = models.connection.pragma.bind(models.connection);
      // Record the level each transaction runs at (better-sqlite3 has no hook, so wrap transaction()).
      const transaction = models.connection.transaction.bind(models.connection);
      models.connection.transaction = ((fn: (...args: unknown[]) => unknown) =>
        transaction((...args: unknown[]) => {
          seen.push(pragma('synchronous', { simple: true }) as number);
          return fn(...args);
        })) as typeof models.connection.transaction;
      models.applyBatchSync([]);
      expect(seen).toEqual([1]); // NORMAL inside the projection's transaction
      expect(pragma('synchronous', { simple: true })).toBe(2); // FULL again afterwards
    } finally {
      await models.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
