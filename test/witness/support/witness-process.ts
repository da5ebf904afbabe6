/**
 * A member's witness in a process of its own, for the restart test. Its setup (keys, state file, the
 * consistency proofs the ledger would answer) is a JSON file; then it reads checkpoints from stdin,
 * one JSON-encoded note a line, considers each and prints one JSON line with the outcome, so the
 * test decides exactly when to kill it.
 *
 *   tsx test/witness/support/witness-process.ts <setup.json>
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parsePublicKey } from '@ledger/integrity';
import { Witness, WitnessAlarm } from '@ledger/member-consumer';

interface Script {
  name: string;
  witnessKeyPem: string;
  ledgerPublicKeyPem: string;
  stateFile: string;
  /** "from-to" → proof hashes. */
  proofs: Record<string, string[]>;
}

async function main(): Promise<void> {
  const script = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Script;
  const witness = Witness.open({
    name: script.name,
    privateKey: createPrivateKey(script.witnessKeyPem),
    ledgerPublicKey: parsePublicKey(script.ledgerPublicKeyPem),
    stateFile: script.stateFile,
    fetchConsistencyProof: async (from, to) => {
      const proof = script.proofs[`${from}-${to}`];
      if (!proof) throw new Error(`no proof ${from}-${to} in the script`);
      return proof;
    },
  });
  process.stdout.write('{"status":"ready"}\n');
  for await (const input of createInterface({ input: process.stdin })) {
    const note = JSON.parse(input) as string;
    try {
      const outcome = await witness.consider(note);
      const line = outcome.status === 'cosigned' ? outcome.line : undefined;
      process.stdout.write(`${JSON.stringify({ status: outcome.status, treeSize: outcome.checkpoint.treeSize, line })}\n`);
    } catch (error) {
      const kind = error instanceof WitnessAlarm ? error.kind : 'error';
      process.stdout.write(`${JSON.stringify({ status: 'refused', kind, message: (error as Error).message })}\n`);
    }
  }
  await witness.close();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
