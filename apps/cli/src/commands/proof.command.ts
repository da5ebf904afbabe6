import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '@ledger/config';
import { openEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  checkpointDocument,
  CheckpointSigner,
  consistencyProofDocument,
  describeFailure,
  inclusionProofDocument,
  loadOrCreateSigningKey,
  MerkleTree,
  publicKeyPem,
  storeEvents,
  verifyLog,
  type CheckpointDocument,
  type InclusionProofDocument,
} from '@ledger/integrity';
import { wholeNumber } from '../options';
import { progressBar } from '../progress';


/**
 * `ledger proof <eventId> [--tree-size N]`: the RFC 9162 inclusion proof of an event in the tree of
 * the first N events (default: the whole log), as JSON. `--consistency <size1>` prints instead the
 * consistency proof from tree size1 to N. The log's first N events are verified first (a broken
 * chain gets no proof); `--sign` attaches a checkpoint for N signed with the ledger key.
 */
export function registerProof(program: Command): void {
  program
    .command('proof')
    .description('print the Merkle inclusion proof of an event (or a consistency proof) as JSON')
    .argument('[eventId]', 'the event to prove')
    .option('-n, --tree-size <n>', 'prove against the tree of the first n events (default: the whole log)', wholeNumber())
    .option('--consistency <size1>', 'print the consistency proof from tree size1 to the tree size instead', wholeNumber())
    .option('--sign', 'attach a checkpoint for the tree size, signed with the ledger key (created on first use)')
    .option('--origin <origin>', 'origin of the signed checkpoint (default: derived from the ledger key)')
    .action(async (eventId: string | undefined, options: { treeSize?: number; consistency?: number; sign?: boolean; origin?: string }) => {
      if (!eventId === (options.consistency === undefined)) throw new Error('give either an event id or --consistency <size1>');
      const config = loadConfig();
      const store = await openEventStore(config);
      try {
        const treeSize = await chooseTreeSize(store, options.treeSize);
        const tree = new MerkleTree(treeSize);
        let target: RecordedEvent | undefined;
        await verifiedPrefix(store, treeSize, tree, (event) => {
          if (event.eventId === eventId?.toLowerCase()) target = event;
        });
        let document: InclusionProofDocument | ReturnType<typeof consistencyProofDocument> & { checkpoint?: CheckpointDocument };
        if (options.consistency !== undefined) {
          if (options.consistency > treeSize) throw new Error(`--consistency ${options.consistency} is larger than the tree size ${treeSize}`);
          document = consistencyProofDocument(tree, options.consistency, treeSize);
        } else {
          if (!target) throw new Error(`event ${eventId} is not among the first ${treeSize} events`);
          document = inclusionProofDocument(tree, target, treeSize);
        }
        if (options.sign) {
          const signer = ledgerSigner(config.dataDir, config.signingKeyFile, options.origin);
          document.checkpoint = checkpointDocument(signer.sign({ treeSize, rootHash: tree.root(treeSize).toString('hex') }));
        }
        console.log(JSON.stringify(document, null, 2));
      } finally {
        await store.close();
      }
    });
}

/**
 * `ledger checkpoint [--tree-size N] [--out cp.json]`: verifies the first N events (default: all)
 * and signs their tree head with the ledger key, printing the checkpoint document (JSON with the
 * C2SP signed note). `--public-key-out` writes the ledger public key (SPKI PEM) for auditors.
 */
export function registerCheckpoint(program: Command): void {
  program
    .command('checkpoint')
    .description('verify the log and sign its tree head with the ledger key (a checkpoint to verify against later)')
    .option('-n, --tree-size <n>', 'sign the tree of the first n events (default: the whole log)', wholeNumber())
    .option('-o, --out <file>', 'write the checkpoint to this file instead of stdout')
    .option('--public-key-out <file>', 'also write the ledger public key (SPKI PEM) to this file')
    .option('--origin <origin>', 'origin of the checkpoint (default: derived from the ledger key)')
    .action(async (options: { treeSize?: number; out?: string; publicKeyOut?: string; origin?: string }) => {
      const config = loadConfig();
      const store = await openEventStore(config);
      try {
        const treeSize = await chooseTreeSize(store, options.treeSize);
        const head = await verifiedPrefix(store, treeSize);
        const signer = ledgerSigner(config.dataDir, config.signingKeyFile, options.origin);
        const text = JSON.stringify(checkpointDocument(signer.sign(head)), null, 2) + '\n';
        if (options.out) writeFileSync(options.out, text);
        else process.stdout.write(text);
        if (options.publicKeyOut) writeFileSync(options.publicKeyOut, publicKeyPem(signer.publicKey));
      } finally {
        await store.close();
      }
    });
}

async function chooseTreeSize(store: EventStore, requested: number | undefined): Promise<number> {
  const head = (await store.head()).position;
  if (requested === undefined) return head;
  if (requested > head) throw new Error(`--tree-size ${requested} is beyond the log's head (position ${head})`);
  return requested;
}

/** Verifies positions 1..treeSize (throwing the first failure), optionally filling `tree`. */
async function verifiedPrefix(
  store: EventStore,
  treeSize: number,
  tree?: MerkleTree,
  onEvent?: (event: RecordedEvent) => void,
): Promise<{ treeSize: number; rootHash: string }> {
  const bar = progressBar('verify', treeSize);
  const result = await verifyLog(storeEvents(store, { toPosition: treeSize }), {
    tree,
    onVerified: onEvent,
    onProgress: ({ verified }) => bar.update(verified),
    progressEvery: 5000,
  });
  bar.stop();
  if (!result.ok) throw new Error(`the log fails verification, nothing signed or proven:\n${describeFailure(result)}`);
  if (result.treeSize !== treeSize) throw new Error(`the log holds ${result.treeSize} events, not ${treeSize}`);
  return { treeSize: result.treeSize, rootHash: result.rootHash };
}

function ledgerSigner(dataDir: string, file: string | undefined, origin: string | undefined): CheckpointSigner {
  const key = loadOrCreateSigningKey({ dataDir, file });
  if (key.created) process.stderr.write(`ledger: created the ledger signing key ${key.file}\n`);
  if (key.warning) process.stderr.write(`ledger: warning: ${key.warning}\n`);
  return new CheckpointSigner(key.privateKey, key.publicKey, origin);
}
