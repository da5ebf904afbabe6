import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { isHexDigest } from '@ledger/integrity';

/** A checkpoint the witness cosigned: what it answers for. */
export interface CosignedHead {
  treeSize: number;
  /** Lowercase hex. */
  rootHash: string;
  /** The ledger's signed note as offered. */
  note: string;
  /** This witness's signature line for it. */
  cosignature: string;
  /** When, ISO 8601. */
  cosignedAt: string;
}

export interface RecordedAlarm {
  kind: string;
  message: string;
  at: string;
  held: { treeSize: number; rootHash: string; note?: string };
  offered: { treeSize: number; rootHash: string; note: string };
}

export interface WitnessStateData {
  format: 'ledger-witness/1';
  /** The witness's vkey when it last wrote (for people reading the file). */
  vkey?: string;
  /** The log's origin, pinned by the first checkpoint cosigned. */
  origin?: string;
  /** The largest checkpoint cosigned; every later one must extend it. */
  head?: CosignedHead;
  /** Earlier heads cosigned (the last HISTORY_SIZE): a same-size fork of any of them is caught offline. */
  history: Array<{ treeSize: number; rootHash: string; note: string }>;
  /** Alarms raised (the last ALARMS_KEPT), with both checkpoints: evidence that survives a restart. */
  alarms: RecordedAlarm[];
}

export const HISTORY_SIZE = 128;
export const ALARMS_KEPT = 32;

/**
 * The witness's durable state: one JSON file, rewritten atomically (temporary file, fsync, rename,
 * fsync of the folder) with mode 0600, so a crash leaves the old or the new state, never a torn or
 * lost one. A file that cannot be read is an error, never a fresh start: starting afresh would let
 * the witness cosign a history inconsistent with what it already cosigned.
 *
 * One process at a time: `<file>.lock` holds the owner's pid and host; a lock left by a dead process
 * of this host is taken over.
 */
export class WitnessStateFile {
  private readonly lockFile: string;
  private locked = false;

  constructor(readonly path: string) {
    this.lockFile = `${path}.lock`;
  }

  lock(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const owner = `${process.pid}@${hostname()}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockFile, 'wx', 0o600);
        writeSync(fd, owner);
        closeSync(fd);
        this.locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readFileSync(this.lockFile, 'utf8').trim();
      const [pid, host] = holder.split('@');
      // Left by a process of this host that died, or torn (a crash between creating and writing it).
      const stale = !/^\d+@/.test(holder) || (host === hostname() && Number(pid) !== process.pid && !alive(Number(pid)));
      if (attempt === 0 && stale) {
        unlinkSync(this.lockFile);
        continue;
      }
      throw new Error(`${this.path} is in use by another witness (${this.lockFile} names ${holder}); one witness process per state file`);
    }
  }

  unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    try {
      unlinkSync(this.lockFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  read(): WitnessStateData {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'ledger-witness/1', history: [], alarms: [] };
      throw error;
    }
    let data: Partial<WitnessStateData>;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.path} is not a witness state file: ${(error as Error).message}`);
    }
    if (data.format !== 'ledger-witness/1' || !Array.isArray(data.history) || !Array.isArray(data.alarms)) {
      throw new Error(`${this.path} is not a witness state file (expected format "ledger-witness/1")`);
    }
    const wellFormed = (head: { treeSize?: unknown; rootHash?: unknown; note?: unknown } | undefined) =>
      !!head && Number.isSafeInteger(head.treeSize) && (head.treeSize as number) >= 0 && isHexDigest(head.rootHash) && typeof head.note === 'string';
    if (data.head !== undefined && !(wellFormed(data.head) && typeof data.head.cosignature === 'string')) throw new Error(`${this.path}: its head is malformed`);
    if (!data.history.every(wellFormed)) throw new Error(`${this.path}: its history is malformed`);
    return data as WitnessStateData;
  }

  write(data: WitnessStateData): void {
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      fchmodSync(fd, 0o600); // a leftover temporary file keeps its old mode otherwise
      writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    syncFolder(dirname(this.path));
  }
}

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes the rename durable; folders cannot be opened for fsync on Windows. */
function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
