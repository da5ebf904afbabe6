import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '@ledger/config';
import { openEventStore, type RecordedEvent } from '@ledger/event-store';
import {
  countJsonLines,
  describeFailure,
  jsonLinesEvents,
  parsePublicKey,
  readLedgerPublicKey,
  storeEvents,
  memberSignatureCheck,
  parseCheckpoint,
  parseCosignedCheckpoint,
  parseWitnessList,
  verifyLog,
  witnessPolicy,
  type CosignedCheckpoint,
  type VerifyResult,
  type WitnessPolicy,
} from '@ledger/integrity';
import { progressBar } from '../progress';
import { wholeNumber } from '../options';

/** Exit code of `ledger verify` when the log fails a check (1 stays "could not run"). */
export const VERIFY_FAILED_EXIT_CODE = 2;

interface VerifyOptions {
  file?: string;
  checkpoint?: string;
  publicKey?: string;
  origin?: string;
  witnesses?: string;
  quorum?: number;
  json?: boolean;
}

/**
 * `ledger verify [--file export.jsonl] [--checkpoint cp.json] [--public-key key.pem]`: replays the
 * whole log, live from the configured store or offline from a `ledger export` file, checking
 * positions, the hash chain and the Merkle root, and with a saved checkpoint that the log only grew
 * since it was signed. With `--witnesses FILE --quorum K`, the checkpoint counts only when at least K
 * of the witnesses listed in FILE cosigned it (c2sp.org/tlog-cosignature lines saved with it), so the
 * operator cannot have shown this verifier a history the witnesses did not see. Exit 0 when intact,
 * 2 at the first failure (named: position, event, check, expected, found), 1 when it could not run.
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify the log (live store, or an export offline): positions, hash chain, Merkle root, saved checkpoint')
    .option('-f, --file <export.jsonl>', 'verify a JSON Lines export (ledger export) instead of the live store')
    .option('-c, --checkpoint <file>', 'a saved signed checkpoint (JSON or signed note) the log must be consistent with')
    .option('-k, --public-key <file>', "the ledger's public key (SPKI PEM or base64 of the raw key); default: the key in LEDGER_DATA_DIR")
    .option('--origin <origin>', 'refuse a checkpoint of another origin')
    .option('-w, --witnesses <file>', 'witness verifier keys (vkeys), one a line, # comments: with --quorum, accept the checkpoint only when enough of them cosigned it')
    .option('-q, --quorum <k>', 'how many of the listed witnesses must have cosigned the checkpoint', wholeNumber(1))
    .option('--json', 'print the verdict as JSON on stdout')
    .action(async (options: VerifyOptions) => {
      const policy = readWitnessPolicy(options);
      const saved = options.checkpoint ? readCheckpoint(options.checkpoint, policy !== undefined) : undefined;
      const checkpoint = saved?.checkpoint;
      const publicKey = checkpoint ? ledgerPublicKey(options.publicKey) : undefined;
      const store = options.file ? undefined : await openEventStore(loadConfig());
      try {
        let events: AsyncIterable<RecordedEvent>;
        let total: number;
        if (options.file) {
          total = await countJsonLines(options.file);
          events = jsonLinesEvents(options.file);
        } else {
          total = (await store!.head()).position;
          events = storeEvents(store!);
        }
        const bar = progressBar('verify', total);
        const result = await verifyLog(events, {
          checkpoint,
          publicKey,
          origin: options.origin,
          witnesses: policy && saved ? { policy, cosignatures: saved.cosignatures } : undefined,
          // Every member signature, against the key its organization held at that point of the log.
          eventChecks: [memberSignatureCheck()],
          onProgress: ({ verified }) => bar.update(verified),
          progressEvery: 5000,
        });
        bar.stop();
        report(result, options);
      } finally {
        await store?.close();
      }
    });
}

function report(result: VerifyResult, options: VerifyOptions): void {
  if (options.json) console.log(JSON.stringify(result, null, 2));
  const source = options.file ?? 'the live store';
  if (result.ok) {
    if (!options.json) {
      console.log(`ok: ${result.treeSize} events in ${source}, positions gapless, hash chain intact, member signatures valid`);
      console.log(`tree size ${result.treeSize}, root ${result.rootHash}`);
      if (result.checkpoint) {
        console.log(`consistent with the checkpoint of ${result.checkpoint.timestamp} (tree size ${result.checkpoint.treeSize}, root ${result.checkpoint.rootHash})`);
      }
      if (result.witnesses) {
        const { cosignedBy, listed, quorum } = result.witnesses;
        console.log(`cosigned by ${cosignedBy.length} of the ${listed} listed witnesses (quorum ${quorum}): ${cosignedBy.join(', ')}`);
      }
    }
    return;
  }
  console.error(`ledger verify: ${source}: ${describeFailure(result)}`);
  process.exitCode = VERIFY_FAILED_EXIT_CODE;
}

/** The checkpoint file, with the cosignature lines saved in it when a witness policy will need them. */
function readCheckpoint(file: string, withCosignatures: boolean): Pick<CosignedCheckpoint, 'checkpoint' | 'cosignatures'> {
  try {
    const text = readFileSync(file, 'utf8');
    return withCosignatures ? parseCosignedCheckpoint(text) : { checkpoint: parseCheckpoint(text), cosignatures: [] };
  } catch (error) {
    throw new Error(`cannot read the checkpoint ${file}: ${(error as Error).message}`);
  }
}

/** --witnesses FILE --quorum K, both or neither, and only with a checkpoint to apply them to. */
function readWitnessPolicy(options: VerifyOptions): WitnessPolicy | undefined {
  if (options.witnesses === undefined && options.quorum === undefined) return undefined;
  if (options.witnesses === undefined) throw new Error('--quorum needs --witnesses <file>');
  if (options.quorum === undefined) throw new Error('--witnesses needs --quorum <k>: how many of them must have cosigned');
  if (!options.checkpoint) throw new Error('--witnesses needs --checkpoint <file>: the cosigned checkpoint to check the log against');
  let text: string;
  try {
    text = readFileSync(options.witnesses, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the witnesses ${options.witnesses}: ${(error as Error).message}`);
  }
  return witnessPolicy(parseWitnessList(text, options.witnesses), options.quorum);
}

function ledgerPublicKey(file: string | undefined): KeyObject {
  if (file) {
    try {
      return parsePublicKey(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read the public key ${file}: ${(error as Error).message}`);
    }
  }
  const config = loadConfig();
  const key = readLedgerPublicKey(config.dataDir, config.signingKeyFile);
  if (!key) throw new Error("--checkpoint needs the ledger's public key: give --public-key <file>");
  return key;
}
