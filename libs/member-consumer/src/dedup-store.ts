import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where a consumer remembers, per record stream, the last stream revision it handed to member code.
 * The ledger publishes at least once and in per-record order, so an event whose revision is not
 * past the remembered one is a duplicate.
 */
export interface DedupStore {
  lastRevision(streamId: string): Promise<number | undefined> | number | undefined;
  remember(streamId: string, revision: number): Promise<void> | void;
}

/** In memory: enough for a process that replays the topic from its start on every boot. */
export class MemoryDedupStore implements DedupStore {
  private readonly revisions = new Map<string, number>();

  lastRevision(streamId: string): number | undefined {
    return this.revisions.get(streamId);
  }

  remember(streamId: string, revision: number): void {
    const known = this.revisions.get(streamId);
    if (known === undefined || revision > known) this.revisions.set(streamId, revision);
  }

  /** How many record streams it knows. */
  get size(): number {
    return this.revisions.size;
  }
}

interface DedupFile {
  format: 'ledger-dedup/1';
  revisions: Record<string, number>;
}

/**
 * A JSON file holding the last revision handed on per stream, rewritten atomically (write to a
 * temporary file, fsync, rename) on every `remember`, so a crash leaves either the old or the new
 * state, never a torn file. Meant for small members and examples: one file write per event.
 * A member whose handler writes to its own database should rather keep these revisions in that
 * database, in the same transaction as its effects (implement DedupStore over it).
 */
export class FileDedupStore implements DedupStore {
  private readonly revisions = new Map<string, number>();

  constructor(readonly path: string) {
    if (existsSync(path)) {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<DedupFile>;
      if (parsed.format !== 'ledger-dedup/1' || typeof parsed.revisions !== 'object' || parsed.revisions === null) {
        throw new Error(`${path} is not a ledger dedup file (expected format "ledger-dedup/1")`);
      }
      for (const [streamId, revision] of Object.entries(parsed.revisions)) {
        if (!Number.isInteger(revision) || revision < 0) throw new Error(`${path}: bad revision for stream ${streamId}: ${revision}`);
        this.revisions.set(streamId, revision);
      }
    } else {
      mkdirSync(dirname(path), { recursive: true });
    }
  }

  lastRevision(streamId: string): number | undefined {
    return this.revisions.get(streamId);
  }

  remember(streamId: string, revision: number): void {
    const known = this.revisions.get(streamId);
    if (known !== undefined && revision <= known) return;
    this.revisions.set(streamId, revision);
    this.save();
  }

  get size(): number {
    return this.revisions.size;
  }

  private save(): void {
    const content: DedupFile = { format: 'ledger-dedup/1', revisions: Object.fromEntries(this.revisions) };
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify(content));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }
}
