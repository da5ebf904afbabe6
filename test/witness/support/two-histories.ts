/**
 * A split view, built from real stores: the ledger's SQLite file, and a tampered copy of it whose
 * history was rewritten from one position on (each with an internally valid hash chain), both
 * growing afterwards. The operator holds the one checkpoint key and signs tree heads of either, as a
 * ledger showing one history to some members and another to the rest would.
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import {
  CheckpointSigner,
  formatCheckpointNote,
  loadOrCreateSigningKey,
  MerkleTree,
  publicKeyPem,
  toHex,
  verifyLog,
  type LedgerSigningKey,
} from '@ledger/integrity';
import { appendEvents, ledgerFiles, readAllEvents, rewriteHistoryFrom, type LedgerFiles } from '../../integrity/support/ledger-files';

/** One history as a ledger would serve it: signed checkpoints and consistency proofs. */
export class LedgerView {
  constructor(
    readonly files: LedgerFiles,
    readonly events: RecordedEvent[],
    readonly tree: MerkleTree,
    private readonly signer: CheckpointSigner,
  ) {}

  static async load(files: LedgerFiles, signer: CheckpointSigner): Promise<LedgerView> {
    const events = await readAllEvents(files);
    const tree = new MerkleTree();
    const verdict = await verifyLog(events, { tree });
    if (!verdict.ok) throw new Error(`the history does not verify: ${verdict.message}`);
    return new LedgerView(files, events, tree, signer);
  }

  root(size = this.tree.size): string {
    return toHex(this.tree.root(size));
  }

  /** The signed note of the tree head at `size`, as GET /ledger/checkpoint or a CheckpointSigned event gives it. */
  checkpoint(size = this.tree.size, at = new Date('2026-11-22T12:00:00.000Z')): string {
    return formatCheckpointNote(this.signer.sign({ treeSize: size, rootHash: this.root(size) }, at));
  }

  /** GET /ledger/proofs/consistency?from=&to= of this history. */
  proof = async (from: number, to: number): Promise<string[]> => this.tree.consistencyProof(from, to).map(toHex);
}

export interface TwoHistories {
  genuine: LedgerView;
  fork: LedgerView;
  key: LedgerSigningKey;
  /** The ledger's public key as a PEM file, for `ledger verify --public-key`. */
  publicKeyFile: string;
  /** The position from which the fork differs. */
  forkAt: number;
  remove(): void;
}

/**
 * `before` events, the copy forked from `forkAt` (positions forkAt..before rewritten), then `after`
 * more events appended to each (different ones).
 */
export async function twoHistories(options: { before?: number; forkAt?: number; after?: number } = {}): Promise<TwoHistories> {
  const before = options.before ?? 40;
  const forkAt = options.forkAt ?? 25;
  const after = options.after ?? 5;
  const genuineFiles = ledgerFiles();
  const forkFiles = ledgerFiles();
  const events = await appendEvents(genuineFiles, before);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(genuineFiles.sqliteFile + suffix)) copyFileSync(genuineFiles.sqliteFile + suffix, forkFiles.sqliteFile + suffix);
  }
  rewriteHistoryFrom(forkFiles, events, forkAt);
  await appendEvents(genuineFiles, after, before);
  await appendEvents(forkFiles, after, before);

  const key = loadOrCreateSigningKey({ dataDir: genuineFiles.dataDir });
  const signer = new CheckpointSigner(key.privateKey, key.publicKey);
  const publicKeyFile = join(genuineFiles.dataDir, 'ledger.pub.pem');
  writeFileSync(publicKeyFile, publicKeyPem(key.publicKey));
  return {
    genuine: await LedgerView.load(genuineFiles, signer),
    fork: await LedgerView.load(forkFiles, signer),
    key,
    publicKeyFile,
    forkAt,
    remove: () => {
      genuineFiles.remove();
      forkFiles.remove();
    },
  };
}
