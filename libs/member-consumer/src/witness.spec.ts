import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkpointBody,
  checkpointDocument,
  CheckpointSigner,
  formatCheckpointNote,
  MerkleTree,
  parseCheckpoint,
  toHex,
  verifyCosignature,
} from '@ledger/integrity';
import { WitnessUnavailableError } from './ledger-http';
import { Witness, WitnessAlarm, WitnessRefusal, type WitnessOptions } from './witness';

/** A log the test controls: its leaves, a Merkle tree over them, and the ledger's signing key. */
class TestLog {
  readonly tree = new MerkleTree();
  constructor(
    readonly signer: CheckpointSigner,
    leaves: string[],
  ) {
    for (const leaf of leaves) this.tree.append(createHash('sha256').update(leaf).digest());
  }
  checkpoint(size = this.tree.size, at = new Date('2026-11-22T12:00:00.000Z')): string {
    return formatCheckpointNote(this.signer.sign({ treeSize: size, rootHash: toHex(this.tree.root(size)) }, at));
  }
  proof = async (from: number, to: number) => this.tree.consistencyProof(from, to).map(toHex);
  root(size = this.tree.size): string {
    return toHex(this.tree.root(size));
  }
}

const leaves = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe('Witness', () => {
  let dir: string;
  let signer: CheckpointSigner;
  let ledgerKey: KeyObject;
  let honest: TestLog;
  let fork: TestLog;
  const open: Witness[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'witness-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    ledgerKey = privateKey;
    signer = new CheckpointSigner(privateKey, publicKey, 'stewardship-ledger/test');
    // Both share events 0..9; from 10 on, the fork has other events (a rewritten history).
    honest = new TestLog(signer, [...leaves('e', 0, 10), ...leaves('e', 10, 30)]);
    fork = new TestLog(signer, [...leaves('e', 0, 10), ...leaves('forged-', 10, 30)]);
  });
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const witnessKey = generateKeyPairSync('ed25519').privateKey;
  function witness(overrides: Partial<WitnessOptions> = {}): Witness {
    const w = Witness.open({
      name: 'riverside-chc.example/ledger-witness',
      privateKey: witnessKey,
      ledgerPublicKey: signer.publicKey,
      stateFile: join(dir, 'witness.json'),
      fetchConsistencyProof: honest.proof,
      clock: () => new Date('2026-11-22T12:00:05.000Z'),
      ...overrides,
    });
    open.push(w);
    return w;
  }
  const state = () => JSON.parse(readFileSync(join(dir, 'witness.json'), 'utf8'));

  it('cosigns the first checkpoint (trust on first use), durably, in the C2SP format', async () => {
    const w = witness();
    const note = honest.checkpoint(10);
    const outcome = await w.consider(note);
    expect(outcome.status).toBe('cosigned');
    if (outcome.status !== 'cosigned') return;
    const body = checkpointBody(parseCheckpoint(note));
    expect(verifyCosignature(body, outcome.line, w.vkey)).toMatchObject({ ok: true, cosignature: { timestamp: Date.parse('2026-11-22T12:00:05Z') / 1000 } });
    expect(state().head).toEqual({ treeSize: 10, rootHash: honest.root(10), note, cosignature: outcome.line, cosignedAt: '2026-11-22T12:00:05.000Z' });
    expect(state().origin).toBe('stewardship-ledger/test');
    if (process.platform !== 'win32') expect(statSync(join(dir, 'witness.json')).mode & 0o777).toBe(0o600);
  });

  it('cosigns each larger checkpoint the ledger proves consistent, asking from the last size cosigned', async () => {
    const asked: Array<[number, number]> = [];
    const w = witness({ fetchConsistencyProof: (from, to) => (asked.push([from, to]), honest.proof(from, to)) });
    await w.consider(honest.checkpoint(10));
    const outcome = await w.consider(checkpointDocument(parseCheckpoint(honest.checkpoint(17))));
    expect(outcome).toMatchObject({ status: 'cosigned', previous: { treeSize: 10, rootHash: honest.root(10) } });
    await w.consider(honest.checkpoint(30));
    expect(asked).toEqual([[10, 17], [17, 30]]);
    expect(w.head?.treeSize).toBe(30);
    expect(state().history.map((h: { treeSize: number }) => h.treeSize)).toEqual([10, 17]);
  });

  it('cosigns the same tree again (another ledger timestamp), without a proof', async () => {
    const w = witness({ fetchConsistencyProof: () => Promise.reject(new Error('not needed')) });
    await w.consider(honest.checkpoint(10));
    const again = await w.consider(honest.checkpoint(10, new Date('2026-11-22T13:00:00.000Z')));
    expect(again.status).toBe('cosigned');
    expect(w.head?.note).toContain('2026-11-22T13:00:00.000Z');
  });

  it('raises an alarm naming both roots and sizes for the same size with another root, and keeps its head', async () => {
    const alarms: WitnessAlarm[] = [];
    const w = witness({ onAlarm: (alarm) => void alarms.push(alarm) });
    await w.consider(honest.checkpoint(20));
    const forked = fork.checkpoint(20);
    const error = await w.consider(forked).catch((e) => e);
    expect(error).toBeInstanceOf(WitnessAlarm);
    expect(alarms).toEqual([error]);
    expect(error).toMatchObject({ kind: 'same-size-fork', held: { treeSize: 20, rootHash: honest.root(20) }, offered: { treeSize: 20, rootHash: fork.root(20), note: forked } });
    expect(error.message).toBe(`split view: the ledger signed tree size 20 with root ${fork.root(20)}, but this witness cosigned tree size 20 with root ${honest.root(20)}`);
    expect(w.head?.rootHash).toBe(honest.root(20));
    expect(state().alarms).toHaveLength(1);
    expect(state().alarms[0]).toMatchObject({ kind: 'same-size-fork', offered: { rootHash: fork.root(20) } });
  });

  it('raises an alarm when the ledger cannot prove a larger checkpoint extends the one cosigned', async () => {
    // The proof comes from the fork's tree, as a ledger showing the fork would answer. The two
    // histories share events 0..9, so the witness must hold a head past them (12) to see the fork.
    const w = witness({ fetchConsistencyProof: fork.proof });
    await w.consider(honest.checkpoint(12));
    const error = await w.consider(fork.checkpoint(25)).catch((e) => e);
    expect(error).toBeInstanceOf(WitnessAlarm);
    expect(error.kind).toBe('inconsistent');
    expect(error.message).toContain(`tree size 25 (root ${fork.root(25)}) is not consistent with tree size 12 (root ${honest.root(12)})`);
    expect(w.head?.treeSize).toBe(12);
  });

  it('cosigns a checkpoint of the other history while it is still consistent with its head (the shared prefix)', async () => {
    const w = witness({ fetchConsistencyProof: fork.proof });
    await w.consider(honest.checkpoint(10));
    expect((await w.consider(fork.checkpoint(25))).status).toBe('cosigned');
  });

  it('does not cosign a smaller checkpoint, and raises the alarm when it is not a prefix of its head', async () => {
    const w = witness();
    await w.consider(honest.checkpoint(12));
    await w.consider(honest.checkpoint(20));
    // Known size (in its history): decided offline.
    expect(await w.consider(honest.checkpoint(12))).toMatchObject({ status: 'stale', held: { treeSize: 20 }, proven: true });
    await expect(w.consider(fork.checkpoint(12))).rejects.toMatchObject({ kind: 'same-size-fork', held: { treeSize: 12, rootHash: honest.root(12) } });
    // Unknown size: the ledger must prove it a prefix.
    expect(await w.consider(honest.checkpoint(15))).toMatchObject({ status: 'stale', proven: true });
    const error = await w.consider(fork.checkpoint(15)).catch((e) => e);
    expect(error).toMatchObject({ kind: 'inconsistent', held: { treeSize: 20, rootHash: honest.root(20) }, offered: { treeSize: 15, rootHash: fork.root(15) } });
  });

  it('refuses, without alarm, a checkpoint not signed by the ledger key, of another origin, or malformed', async () => {
    const alarms: WitnessAlarm[] = [];
    const w = witness({ onAlarm: (a) => void alarms.push(a) });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const impostor = new TestLog(new CheckpointSigner(privateKey, publicKey, 'stewardship-ledger/test'), leaves('e', 0, 10));
    await expect(w.consider(impostor.checkpoint(10))).rejects.toThrow(WitnessRefusal);
    await expect(w.consider('not a checkpoint')).rejects.toThrow(WitnessRefusal);
    const tampered = honest.checkpoint(10).replace('\n10\n', '\n11\n');
    await expect(w.consider(tampered)).rejects.toThrow(/does not verify/);

    await w.consider(honest.checkpoint(10));
    // The same key signing for another origin: the first checkpoint cosigned pinned the origin.
    const otherOrigin = formatCheckpointNote(new CheckpointSigner(ledgerKey, signer.publicKey, 'another-log').sign({ treeSize: 12, rootHash: honest.root(12) }));
    await expect(w.consider(otherOrigin)).rejects.toThrow(/origin "another-log", not "stewardship-ledger\/test"/);
    expect(alarms).toEqual([]);
    expect(w.head?.treeSize).toBe(10);
  });

  it('cosigns nothing and keeps its head when the ledger cannot be asked for a proof', async () => {
    let up = false;
    const w = witness({ fetchConsistencyProof: (from, to) => (up ? honest.proof(from, to) : Promise.reject(new WitnessUnavailableError('503'))) });
    await w.consider(honest.checkpoint(10));
    await expect(w.consider(honest.checkpoint(20))).rejects.toThrow(WitnessUnavailableError);
    expect(state().head.treeSize).toBe(10);
    up = true;
    expect((await w.consider(honest.checkpoint(20))).status).toBe('cosigned');
  });

  it('returns no cosignature when its state could not be written', async () => {
    const w = witness();
    await w.consider(honest.checkpoint(10));
    // A real write failure: the temporary file's name is taken by a folder.
    const temporary = join(dir, `witness.json.${process.pid}.tmp`);
    fs.mkdirSync(temporary);
    await expect(w.consider(honest.checkpoint(20))).rejects.toThrow(/EISDIR/);
    fs.rmdirSync(temporary);
    expect(w.head?.treeSize).toBe(10);
    expect(state().head.treeSize).toBe(10);
    expect((await w.consider(honest.checkpoint(20))).status).toBe('cosigned');
  });

  it('keeps its head across a restart and refuses there what it refused before', async () => {
    const first = witness();
    await first.consider(honest.checkpoint(20));
    await first.close();
    open.splice(open.indexOf(first), 1);
    const second = witness();
    expect(second.head).toMatchObject({ treeSize: 20, rootHash: honest.root(20) });
    await expect(second.consider(fork.checkpoint(20))).rejects.toThrow(WitnessAlarm);
    await expect(second.consider(fork.checkpoint(30))).rejects.toMatchObject({ kind: 'inconsistent' });
    expect((await second.consider(honest.checkpoint(30))).status).toBe('cosigned');
  });

  it('allows one witness per state file, and takes over the lock of a process that died', () => {
    witness();
    expect(() => witness()).toThrow(/in use by another witness/);
    writeFileSync(join(dir, 'other.json.lock'), `999999999@${hostname()}`);
    expect(() => witness({ stateFile: join(dir, 'other.json') })).not.toThrow();
    // A lock file torn by a crash between creating and writing it.
    writeFileSync(join(dir, 'third.json.lock'), '');
    expect(() => witness({ stateFile: join(dir, 'third.json') })).not.toThrow();
  });

  it('refuses to start on a state file it cannot read, rather than starting afresh', () => {
    writeFileSync(join(dir, 'witness.json'), '{"format":"ledger-witness/1","history":[],"alarms":[],"head":{"treeSize":"x"}}');
    expect(() => witness()).toThrow(/head is malformed/);
    writeFileSync(join(dir, 'witness.json'), '{"format":"ledger-witness/1","history":[{"treeSize":3}],"alarms":[]}');
    expect(() => witness()).toThrow(/history is malformed/);
    writeFileSync(join(dir, 'witness.json'), '{ torn');
    expect(() => witness()).toThrow(/not a witness state file/);
    // and it did not keep the lock
    rmSync(join(dir, 'witness.json'));
    expect(() => witness()).not.toThrow();
  });

  it('refuses the empty tree with another root than SHA-256("")', async () => {
    const w = witness();
    const bad = formatCheckpointNote(signer.sign({ treeSize: 0, rootHash: honest.root(1) }));
    await expect(w.consider(bad)).rejects.toThrow(/empty tree/);
    expect((await w.consider(honest.checkpoint(0))).status).toBe('cosigned');
    expect((await w.consider(honest.checkpoint(5))).status).toBe('cosigned');
  });
});
