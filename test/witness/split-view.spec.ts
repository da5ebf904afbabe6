/**
 * Split view (issue 25): the operator serves two histories, the ledger's store and a tampered copy
 * of it forked at position 25, both signed with the ledger's one key. Three member witnesses follow
 * the log; one of them is shown the fork. The fork cannot gather a quorum of cosignatures, the
 * witnesses shown both histories raise alarms naming both roots, `ledger verify --quorum 2` refuses
 * the forked checkpoint, and a witness restarted (in-process, and as a killed process) cosigns
 * nothing inconsistent with what it cosigned before.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  checkCheckpointSignature,
  checkNoteQuorum,
  formatCosignedCheckpointNote,
  parseCheckpoint,
  parseWitnessKey,
  publicKeyPem,
  witnessPolicy,
  type WitnessPolicy,
} from '@ledger/integrity';
import { Witness, WitnessAlarm, type WitnessOutcome } from '@ledger/member-consumer';
import { registerVerify, VERIFY_FAILED_EXIT_CODE } from '../../apps/cli/src/commands/verify.command';
import { exportLog, runCli } from '../integrity/support/ledger-files';
import { twoHistories, type LedgerView, type TwoHistories } from './support/two-histories';

interface Member {
  name: string;
  key: KeyObject;
  witness: Witness;
  alarms: WitnessAlarm[];
  /** The history the operator shows this member (where its proofs come from). */
  shown: LedgerView;
}

describe('split view: two histories under one ledger key', () => {
  let histories: TwoHistories;
  let dir: string;
  let members: Member[];
  let policy: WitnessPolicy;

  beforeEach(async () => {
    histories = await twoHistories({ before: 40, forkAt: 25, after: 5 });
    dir = mkdtempSync(join(tmpdir(), 'split-view-'));
    members = ['riverside-chc', 'upper-valley-health', 'valley-funders'].map((org, i) => {
      const key = generateKeyPairSync('ed25519').privateKey;
      const alarms: WitnessAlarm[] = [];
      // The operator shows the fork to the third member only.
      const shown = i === 2 ? histories.fork : histories.genuine;
      const witness = openWitness(`${org}.example/ledger-witness`, key, alarms, () => shown);
      return { name: `${org}.example/ledger-witness`, key, witness, alarms, shown };
    });
    policy = witnessPolicy(members.map((m) => parseWitnessKey(m.witness.vkey)), 2);
  });
  afterEach(async () => {
    for (const m of members) await m.witness.close();
    rmSync(dir, { recursive: true, force: true });
    histories.remove();
  });

  function openWitness(name: string, key: KeyObject, alarms: WitnessAlarm[], shown: () => LedgerView): Witness {
    return Witness.open({
      name,
      privateKey: key,
      ledgerPublicKey: histories.key.publicKey,
      stateFile: join(dir, `${name.split('.')[0]}.witness.json`),
      fetchConsistencyProof: (from, to) => shown().proof(from, to),
      onAlarm: (alarm) => void alarms.push(alarm),
      clock: () => new Date('2026-11-22T12:00:10.000Z'),
    });
  }

  const cosigned = (outcome: WitnessOutcome) => {
    if (outcome.status !== 'cosigned') throw new Error(`expected a cosignature, got ${outcome.status}`);
    return outcome.line;
  };

  /** Each member is shown its history's checkpoint of `size`; the cosigned notes, per history. */
  async function round(size: number): Promise<{ genuine: string; fork: string }> {
    const lines = { genuine: [] as string[], fork: [] as string[] };
    for (const m of members) {
      const line = cosigned(await m.witness.consider(m.shown.checkpoint(size)));
      (m.shown === histories.genuine ? lines.genuine : lines.fork).push(line);
    }
    const note = (view: LedgerView, cosignatures: string[]) => formatCosignedCheckpointNote(parseCheckpoint(view.checkpoint(size)), cosignatures);
    return { genuine: note(histories.genuine, lines.genuine), fork: note(histories.fork, lines.fork) };
  }

  it('the fork gathers one cosignature, the genuine history a quorum; the quorum refuses the fork', async () => {
    // Before the fork point both histories are one: every witness cosigns size 20, whatever it is shown.
    expect(histories.fork.root(20)).toBe(histories.genuine.root(20));
    const at20 = await round(20);
    expect(checkNoteQuorum(at20.genuine, witnessPolicy(policy.witnesses, 2)).ok).toBe(true);

    // At size 40 the histories differ. The member shown only the fork cannot tell on its own: the
    // fork extends what it cosigned (positions 1..24 are shared), so it cosigns it.
    expect(histories.fork.root(40)).not.toBe(histories.genuine.root(40));
    const at40 = await round(40);

    const genuine = checkNoteQuorum(at40.genuine, policy);
    expect(genuine.ok).toBe(true);
    expect(genuine.cosigned.map((c) => c.witness.name)).toEqual(['riverside-chc.example/ledger-witness', 'upper-valley-health.example/ledger-witness']);

    const fork = checkNoteQuorum(at40.fork, policy);
    expect(fork.ok).toBe(false);
    expect(fork.message).toBe(
      '1 of the 3 listed witnesses cosigned this checkpoint (quorum 2); cosigned by valley-funders.example/ledger-witness; ' +
        'no valid cosignature from riverside-chc.example/ledger-witness, upper-valley-health.example/ledger-witness',
    );

    // Copying the genuine checkpoint's cosignatures onto the fork does not help: they sign another root.
    const genuineLines = at40.genuine.trimEnd().split('\n').slice(-2);
    const dressed = formatCosignedCheckpointNote(parseCheckpoint(at40.fork), [...at40.fork.trimEnd().split('\n').slice(-1), ...genuineLines]);
    const copied = checkNoteQuorum(dressed, policy);
    expect(copied.ok).toBe(false);
    expect(copied.invalid.map((i) => i.witness.name)).toEqual(['riverside-chc.example/ledger-witness', 'upper-valley-health.example/ledger-witness']);
  });

  it('witnesses shown the other history refuse it and raise alarms naming both roots and sizes', async () => {
    await round(20);
    await round(40);
    const [riverside, upperValley, funders] = members;
    const genuine40 = histories.genuine.root(40);
    const fork40 = histories.fork.root(40);

    // The operator offers the fork to a witness that cosigned the genuine tree of the same size.
    const sameSize = await riverside.witness.consider(histories.fork.checkpoint(40)).catch((e) => e);
    expect(sameSize).toBeInstanceOf(WitnessAlarm);
    expect(sameSize.message).toBe(`split view: the ledger signed tree size 40 with root ${fork40}, but this witness cosigned tree size 40 with root ${genuine40}`);
    expect(riverside.alarms).toEqual([sameSize]);
    // Both notes carry the ledger's valid signature: evidence the operator signed two histories.
    checkCheckpointSignature(parseCheckpoint(sameSize.held.note), histories.key.publicKey);
    checkCheckpointSignature(parseCheckpoint(sameSize.offered.note), histories.key.publicKey);

    // A larger fork, with the proof the fork's history gives: it does not lead to the root held.
    upperValley.shown = histories.fork;
    const larger = await upperValley.witness.consider(histories.fork.checkpoint(45)).catch((e) => e);
    expect(larger).toMatchObject({ kind: 'inconsistent', held: { treeSize: 40, rootHash: genuine40 }, offered: { treeSize: 45, rootHash: histories.fork.root(45) } });
    expect(larger.message).toContain(`tree size 45 (root ${histories.fork.root(45)}) is not consistent with tree size 40 (root ${genuine40})`);

    // The member kept on the fork sees the genuine history as soon as it reaches it (Kafka carries the
    // ledger's real checkpoints): its alarm names the fork root it cosigned and the genuine one.
    funders.shown = histories.genuine;
    const seen = await funders.witness.consider(histories.genuine.checkpoint(45)).catch((e) => e);
    expect(seen).toMatchObject({ kind: 'inconsistent', held: { treeSize: 40, rootHash: fork40 }, offered: { treeSize: 45, rootHash: histories.genuine.root(45) } });

    // None of them moved: the genuine witnesses still hold genuine 40, and cosign its extension.
    expect(riverside.witness.head).toMatchObject({ treeSize: 40, rootHash: genuine40 });
    expect(upperValley.witness.head).toMatchObject({ treeSize: 40, rootHash: genuine40 });
    expect(cosigned(await riverside.witness.consider(histories.genuine.checkpoint(45)))).toBeDefined();
    // The alarms are kept in the state file with both checkpoints.
    const state = JSON.parse(readFileSync(join(dir, 'riverside-chc.witness.json'), 'utf8'));
    expect(state.alarms[0]).toMatchObject({ kind: 'same-size-fork', held: { rootHash: genuine40 }, offered: { rootHash: fork40 } });
  });

  it('ledger verify --witnesses --quorum 2 refuses the forked checkpoint and accepts the genuine one', async () => {
    await round(20);
    const at40 = await round(40);
    const witnessesFile = join(dir, 'witnesses.txt');
    writeFileSync(witnessesFile, `# the collaborative's witnesses\n${members.map((m) => `${m.witness.vkey}  # ${m.name}`).join('\n')}\n`);
    writeFileSync(join(dir, 'genuine-40.note'), at40.genuine);
    writeFileSync(join(dir, 'fork-40.note'), at40.fork);
    const genuineExport = await exportLog(histories.genuine.files);
    const forkExport = await exportLog(histories.fork.files);
    const verify = (exported: string, checkpoint: string, ...more: string[]) =>
      runCli(histories.genuine.files, registerVerify, ['verify', '--file', exported, '--checkpoint', join(dir, checkpoint), '--public-key', histories.publicKeyFile, ...more]);
    const quorum = ['--witnesses', witnessesFile, '--quorum', '2'];

    const accepted = await verify(genuineExport, 'genuine-40.note', ...quorum);
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stdout).toContain('ok: 45 events');
    expect(accepted.stdout).toContain(
      'cosigned by 2 of the 3 listed witnesses (quorum 2): riverside-chc.example/ledger-witness, upper-valley-health.example/ledger-witness',
    );

    // The forked log with its own checkpoint: consistent with each other, so only the quorum refuses it.
    expect((await verify(forkExport, 'fork-40.note')).exitCode).toBe(0);
    const refused = await verify(forkExport, 'fork-40.note', ...quorum);
    expect(refused.exitCode).toBe(VERIFY_FAILED_EXIT_CODE);
    expect(refused.stderr).toContain('integrity check failed at position 40: checkpoint-cosignatures');
    expect(refused.stderr).toContain('expected: cosignatures of at least 2 of the 3 listed witnesses');
    expect(refused.stderr).toContain('found:    1 valid (valley-funders.example/ledger-witness)');
    expect(refused.stderr).toContain(
      'no valid cosignature from riverside-chc.example/ledger-witness, upper-valley-health.example/ledger-witness',
    );

    // And the genuine, witnessed checkpoint catches the forked log itself.
    const caught = await verify(forkExport, 'genuine-40.note', ...quorum);
    expect(caught.exitCode).toBe(VERIFY_FAILED_EXIT_CODE);
    expect(caught.stderr).toContain('integrity check failed at position 40');
    expect(caught.stderr).toContain('checkpoint-root');

    const json = await verify(genuineExport, 'genuine-40.note', ...quorum, '--json');
    expect(JSON.parse(json.stdout).witnesses).toEqual({ quorum: 2, listed: 3, cosignedBy: ['riverside-chc.example/ledger-witness', 'upper-valley-health.example/ledger-witness'] });
  });

  it('ledger verify refuses a witness policy it cannot apply', async () => {
    const witnessesFile = join(dir, 'witnesses.txt');
    writeFileSync(witnessesFile, `${members[0].witness.vkey}\n`);
    writeFileSync(join(dir, 'cp.note'), histories.genuine.checkpoint(40));
    const run = (...args: string[]) => runCli(histories.genuine.files, registerVerify, ['verify', '--public-key', histories.publicKeyFile, ...args]);
    const cp = ['--checkpoint', join(dir, 'cp.note')];
    expect((await run(...cp, '--witnesses', witnessesFile)).error?.message).toMatch(/--witnesses needs --quorum/);
    expect((await run(...cp, '--quorum', '1')).error?.message).toMatch(/--quorum needs --witnesses/);
    expect((await run('--witnesses', witnessesFile, '--quorum', '1')).error?.message).toMatch(/needs --checkpoint/);
    expect((await run(...cp, '--witnesses', witnessesFile, '--quorum', '2')).error?.message).toMatch(/from 1 to 1/);
    expect((await run(...cp, '--witnesses', witnessesFile, '--quorum', 'two')).error?.message).toMatch(/whole number/);
    // A checkpoint with no cosignature at all fails the policy, exit 2.
    const bare = await run(...cp, '--witnesses', witnessesFile, '--quorum', '1');
    expect(bare.exitCode).toBe(VERIFY_FAILED_EXIT_CODE);
    expect(bare.stderr).toContain('found:    0 valid');
  });

  it('a witness restarted mid-run cosigns nothing inconsistent with what it cosigned before', async () => {
    const [riverside] = members;
    await riverside.witness.consider(histories.genuine.checkpoint(20));
    await riverside.witness.consider(histories.genuine.checkpoint(40));
    await riverside.witness.close();

    // The restarted witness (a new object on the same state file) is shown the fork.
    const alarms: WitnessAlarm[] = [];
    riverside.witness = openWitness(riverside.name, riverside.key, alarms, () => histories.fork);
    expect(riverside.witness.head).toMatchObject({ treeSize: 40, rootHash: histories.genuine.root(40) });
    await expect(riverside.witness.consider(histories.fork.checkpoint(40))).rejects.toMatchObject({ kind: 'same-size-fork' });
    await expect(riverside.witness.consider(histories.fork.checkpoint(45))).rejects.toMatchObject({ kind: 'inconsistent' });
    await expect(riverside.witness.consider(histories.fork.checkpoint(30))).rejects.toMatchObject({ kind: 'inconsistent' });
    expect(alarms).toHaveLength(3);
    expect(riverside.witness.head?.rootHash).toBe(histories.genuine.root(40));
  });
});

describe('a witness process killed mid-run', () => {
  let histories: TwoHistories;
  let dir: string;
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeAll(async () => {
    histories = await twoHistories({ before: 40, forkAt: 25, after: 5 });
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'witness-process-'))));
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => histories.remove());

  /** Starts the witness process; `consider(note)` sends it a checkpoint and resolves with its answer. */
  function start(setup: object) {
    const setupFile = join(dir, `setup-${children.length}.json`);
    writeFileSync(setupFile, JSON.stringify(setup));
    const root = resolve(__dirname, '../..');
    // Node itself runs the witness (tsx as a loader, not its CLI, which would run it in a child of its
    // own): a SIGKILL then kills the witness, not a wrapper whose child would close gracefully.
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'support/witness-process.ts'), setupFile], { cwd: root });
    children.push(child);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const next = async () => {
      const line = await lines.next();
      if (line.done) throw new Error(`the witness process ended: ${stderr}`);
      return JSON.parse(line.value) as { status: string; kind?: string; treeSize?: number; line?: string; message?: string };
    };
    return {
      child,
      ready: next,
      consider: async (note: string) => {
        child.stdin.write(`${JSON.stringify(note)}\n`);
        return next();
      },
    };
  }

  it('is killed right after a cosignature; restarted, it holds that head and refuses the fork', async () => {
    const witnessKey = generateKeyPairSync('ed25519').privateKey;
    const proofs: Record<string, string[]> = {};
    for (const [from, to] of [[20, 40], [40, 45], [20, 45]]) proofs[`${from}-${to}`] = await histories.fork.proof(from, to);
    // The genuine proof 20→40 is the one the first run is given; the second run only gets the fork's.
    const setup = {
      name: 'riverside-chc.example/ledger-witness',
      witnessKeyPem: witnessKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      ledgerPublicKeyPem: publicKeyPem(histories.key.publicKey),
      stateFile: join(dir, 'witness.json'),
    };
    const first = start({ ...setup, proofs: { '20-40': await histories.genuine.proof(20, 40) } });
    expect(await first.ready()).toEqual({ status: 'ready' });
    expect(await first.consider(histories.genuine.checkpoint(20))).toMatchObject({ status: 'cosigned', treeSize: 20 });
    const last = await first.consider(histories.genuine.checkpoint(40));
    expect(last).toMatchObject({ status: 'cosigned', treeSize: 40 });
    // Killed without warning: it never posted that cosignature, never closed, left its lock behind.
    first.child.kill('SIGKILL');
    await new Promise((done) => first.child.once('exit', done));
    expect(existsSync(join(dir, 'witness.json.lock'))).toBe(true);

    const second = start({ ...setup, proofs });
    expect(await second.ready()).toEqual({ status: 'ready' });
    expect(await second.consider(histories.fork.checkpoint(40))).toMatchObject({ status: 'refused', kind: 'same-size-fork' });
    expect(await second.consider(histories.fork.checkpoint(45))).toMatchObject({ status: 'refused', kind: 'inconsistent' });
    second.child.stdin.end();
    await new Promise((done) => second.child.once('exit', done));

    const state = JSON.parse(readFileSync(join(dir, 'witness.json'), 'utf8'));
    expect(state.head).toMatchObject({ treeSize: 40, rootHash: histories.genuine.root(40), cosignature: last.line });
    expect(state.alarms.map((a: { kind: string }) => a.kind)).toEqual(['same-size-fork', 'inconsistent']);
    expect(existsSync(join(dir, 'witness.json.lock'))).toBe(false);
  });
});
