/**
 * `ledger checkpoint`, `ledger verify` and `ledger proof`, run in-process as the CLI runs them,
 * against a real SQLite data folder.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseCheckpoint,
  parsePublicKey,
  SIGNING_KEY_FILE,
  verifyCheckpointSignature,
  verifyConsistencyProofDocument,
  verifyInclusionProofDocument,
  type InclusionProofDocument,
} from '@ledger/integrity';
import { registerCheckpoint, registerProof } from '../../apps/cli/src/commands/proof.command';
import { registerVerify, VERIFY_FAILED_EXIT_CODE } from '../../apps/cli/src/commands/verify.command';
import { appendEvents, exportLog, ledgerFiles, runCli, tamper, type LedgerFiles } from './support/ledger-files';
import type { RecordedEvent } from '@ledger/event-store';

describe('ledger checkpoint / verify / proof', () => {
  let files: LedgerFiles;
  let events: RecordedEvent[];
  beforeEach(async () => {
    files = ledgerFiles();
    events = await appendEvents(files, 50);
  });
  afterEach(() => files.remove());

  const cp = () => join(files.dataDir, 'cp.json');
  const key = () => join(files.dataDir, 'ledger.pub.pem');

  async function saveCheckpoint(treeSize?: number) {
    const args = ['checkpoint', '--out', cp(), '--public-key-out', key(), ...(treeSize ? ['--tree-size', String(treeSize)] : [])];
    const run = await runCli(files, registerCheckpoint, args);
    expect(run.error).toBeUndefined();
    return run;
  }

  it('signs a checkpoint with a key generated on first use, and verifies against it as the log grows', async () => {
    const run = await saveCheckpoint();
    expect(run.stderr).toContain(`created the ledger signing key ${join(files.dataDir, SIGNING_KEY_FILE)}`);
    if (process.platform !== 'win32') expect(statSync(join(files.dataDir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
    const checkpoint = parseCheckpoint(readFileSync(cp(), 'utf8'));
    expect(checkpoint.treeSize).toBe(50);
    expect(verifyCheckpointSignature(checkpoint, parsePublicKey(readFileSync(key(), 'utf8')))).toBe(true);

    await appendEvents(files, 10, 50);
    const verified = await runCli(files, registerVerify, ['verify', '--checkpoint', cp(), '--public-key', key()]);
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout).toContain('ok: 60 events in the live store');
    expect(verified.stdout).toContain(`consistent with the checkpoint of ${checkpoint.timestamp} (tree size 50, root ${checkpoint.rootHash})`);

    // Without --public-key, the operator's own key in the data folder is used.
    expect((await runCli(files, registerVerify, ['verify', '--checkpoint', cp()])).exitCode).toBe(0);
    // The signed note alone is a checkpoint file too.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(cp(), JSON.parse(readFileSync(cp(), 'utf8')).note);
    expect((await runCli(files, registerVerify, ['verify', '--checkpoint', cp(), '--public-key', key()])).exitCode).toBe(0);
  });

  it('fails with exit code 2, naming position, expected and found, live and from an export alike', async () => {
    await saveCheckpoint(40);
    tamper(files, (db) => db.prepare('DELETE FROM events WHERE position = 23').run());
    const live = await runCli(files, registerVerify, ['verify']);
    expect(live.exitCode).toBe(VERIFY_FAILED_EXIT_CODE);
    expect(live.stderr).toContain(`integrity check failed at position 23 (event ${events[23].eventId}): position`);
    expect(live.stderr).toContain('expected: 23');
    expect(live.stderr).toContain('found:    24');

    const file = await exportLog(files);
    const offline = await runCli(files, registerVerify, ['verify', '--file', file, '--checkpoint', cp(), '--public-key', key()]);
    expect(offline.exitCode).toBe(VERIFY_FAILED_EXIT_CODE);
    expect(offline.stderr.replace(file, 'the live store')).toContain(live.stderr.split('\n').find((l) => l.startsWith('ledger verify'))!);

    const json = await runCli(files, registerVerify, ['verify', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, position: 23, check: 'position', expected: '23', found: '24' });
  });

  it('refuses to sign or prove a log that fails verification', async () => {
    tamper(files, (db) => db.prepare(`UPDATE events SET data = '{"n":1}' WHERE position = 7`).run());
    const signing = await runCli(files, registerCheckpoint, ['checkpoint']);
    expect(signing.error?.message).toMatch(/nothing signed[\s\S]*position 7/);
    const proving = await runCli(files, registerProof, ['proof', events[2].eventId]);
    expect(proving.error?.message).toMatch(/position 7/);
  });

  it('prints inclusion proofs that verify against the signed root, and consistency proofs', async () => {
    await saveCheckpoint(40);
    const checkpoint = parseCheckpoint(readFileSync(cp(), 'utf8'));
    const run = await runCli(files, registerProof, ['proof', events[16].eventId, '--tree-size', '40']);
    expect(run.error).toBeUndefined();
    const proof = JSON.parse(run.stdout) as InclusionProofDocument;
    expect(proof).toMatchObject({ eventId: events[16].eventId, position: 17, leafIndex: 16, treeSize: 40, leaf: events[16].hash });
    expect(proof.path.length).toBeGreaterThan(0);
    expect(verifyInclusionProofDocument(proof, checkpoint.rootHash)).toBe(true);
    expect(verifyInclusionProofDocument({ ...proof, leaf: events[15].hash }, checkpoint.rootHash)).toBe(false);

    const signed = JSON.parse((await runCli(files, registerProof, ['proof', events[49].eventId, '--sign'])).stdout) as InclusionProofDocument;
    expect(signed.treeSize).toBe(50);
    expect(signed.checkpoint).toMatchObject({ treeSize: 50, rootHash: signed.rootHash, origin: checkpoint.origin });
    expect(verifyCheckpointSignature(signed.checkpoint!, parsePublicKey(readFileSync(key(), 'utf8')))).toBe(true);
    expect(verifyInclusionProofDocument(signed, signed.checkpoint!.rootHash)).toBe(true);

    const consistency = JSON.parse((await runCli(files, registerProof, ['proof', '--consistency', '40'])).stdout);
    expect(consistency).toMatchObject({ size1: 40, size2: 50, root1: checkpoint.rootHash, root2: signed.rootHash });
    expect(verifyConsistencyProofDocument(consistency)).toBe(true);

    const unknown = await runCli(files, registerProof, ['proof', events[45].eventId, '--tree-size', '40']);
    expect(unknown.error?.message).toMatch(/not among the first 40 events/);
  });
});
