/**
 * Members witness the log, all real processes (issue 25): the ledger server (apps/ledger/src/main.ts)
 * publishing to a real Kafka broker, and three member applications (apps/member-example with
 * MEMBER_WITNESS=true) following its topic, each registering its organization's witness key, asking
 * the ledger for consistency proofs and posting its cosignatures back to the ledger.
 *
 * 1. As the log grows, every checkpoint the ledger appends is cosigned by the three, and the ledger
 *    answers it with their lines, which an independent implementation of the C2SP formats verifies.
 *    One witness is killed (SIGKILL) mid-run and restarted: it goes on cosigning, and nothing it ever
 *    cosigned is inconsistent with the ledger's log.
 * 2. A split view: the operator stops the ledger, copies its store, writes into the copy a history
 *    the ledger never had, and serves the copy with a second ledger process under the same key. A
 *    fourth member, shown only the copy, cosigns it (deceived, as any first-time witness can be).
 *    A witness that cosigned the genuine log, once shown the copy, raises its alarm naming both roots
 *    and cosigns nothing; `ledger verify --witnesses --quorum 2` refuses the copy's checkpoint (one
 *    cosignature of four witnesses) and accepts the genuine one.
 *
 * Fails, never skips, without a broker (infra/kafka/start.sh).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { checkpointBody, parseCheckpoint, type CheckpointDocument } from '@ledger/integrity';
import { registerVerify, VERIFY_FAILED_EXIT_CODE } from '../../apps/cli/src/commands/verify.command';
import { runCli } from '../integrity/support/ledger-files';
import { BROKERS, REPO, assertBrokerReachable, deleteTopicsWithPrefix, uniqueName, waitFor } from '../kafka/support/kafka-kit';
import { newEvent } from '../support/events';
import { client, registerOperatorKey } from '../support/http-client';
import { TEST_OPERATOR_KEY } from '../support/ledger-app';
import { c2sp } from './support/independent-c2sp';

jest.setTimeout(420_000);

const COLLABORATIVE = 'witnessed-valley';
const WITNESSES = ['riverside-chc', 'upper-valley-health', 'valley-funders'] as const;
/** A member the operator shows only the copy: it witnesses the fork, deceived. */
const DECEIVED = 'north-clinic';

type Cosigned = CheckpointDocument & { cosignatures: string[]; cosignedBy: Array<{ organizationId: string }> };
type Events = { items: Array<{ position: number; type: string; data: { treeSize: number } }> };

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

interface Running {
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const children: ChildProcess[] = [];

function run(args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The ledger server, as `npm start` runs it, publishing to the topics prefixed `topic` and appending a checkpoint every second. */
async function startLedgerProcess(dataDir: string, port: number, topic: string): Promise<Running & { url: string }> {
  const ledger = run(['--require', join(REPO, 'test/support/ts-register.js'), join(REPO, 'apps/ledger/src/main.ts')], {
    LEDGER_DATA_DIR: dataDir,
    LEDGER_STORE: 'sqlite',
    LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY,
    LEDGER_CHECKPOINT_INTERVAL_S: '1',
    PORT: String(port),
    KAFKA_BROKERS: BROKERS.join(','),
    KAFKA_TOPIC_PREFIX: topic,
    KAFKA_PARTITIONS: '2',
    LOG_LEVEL: 'warn',
  });
  const url = `http://127.0.0.1:${port}`;
  // Listening is logged at info, below this LOG_LEVEL: ask the liveness probe instead.
  const answers = () =>
    fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
  await waitFor('the ledger to listen', async () => ledger.child.exitCode !== null || (await answers()), 120_000);
  if (ledger.child.exitCode !== null) throw new Error(`the ledger did not start:\n${ledger.output()}`);
  registerOperatorKey(url, TEST_OPERATOR_KEY);
  return { ...ledger, url };
}

interface MemberOptions {
  org: string;
  group: string;
  topic: string;
  ledgerUrl: string;
  apiKey: string;
  ledgerPublicKey: string;
  dir: string;
}

/** A member organization's application witnessing the ledger: apps/member-example with MEMBER_WITNESS=true. */
function startMember(options: MemberOptions): Running & { vkey(): Promise<string> } {
  const member = run(['--require', 'tsx/cjs', join(REPO, 'apps/member-example/src/main.ts')], {
    KAFKA_BROKERS: BROKERS.join(','),
    // Its topics: <prefix>.registry and <prefix>.checkpoints, where the witness finds the checkpoints.
    KAFKA_TOPIC_PREFIX: options.topic,
    MEMBER_GROUP_ID: options.group,
    MEMBER_STATE_FILE: join(options.dir, `${options.group}.dedup.json`),
    MEMBER_WITNESS: 'true',
    LEDGER_URL: options.ledgerUrl,
    LEDGER_API_KEY: options.apiKey,
    LEDGER_PUBLIC_KEY: options.ledgerPublicKey,
    WITNESS_NAME: `${options.org}.example/ledger-witness`,
    WITNESS_KEY_FILE: join(options.dir, `${options.org}.witness-key.pem`),
    WITNESS_STATE_FILE: join(options.dir, `${options.org}.witness.json`),
    WITNESS_ORGANIZATION: options.org,
  });
  return {
    ...member,
    async vkey() {
      await waitFor(`${options.org}'s witness key to be registered`, () => /witness key of [\w-]+: (registered|already-registered)/.test(member.output()) || member.child.exitCode !== null, 120_000, member.output);
      if (member.child.exitCode !== null) throw new Error(`${options.org}'s member application stopped:\n${member.output()}`);
      return /witnessing as (\S+)/.exec(member.output())![1];
    },
  };
}

describe('members witness the log: real ledger processes, a real broker, real member applications', () => {
  let base: string;
  const topics: string[] = [];

  beforeAll(async () => {
    await assertBrokerReachable();
    base = mkdtempSync(join(tmpdir(), 'ledger-witnesses-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const prefix of topics) await deleteTopicsWithPrefix(prefix);
    rmSync(base, { recursive: true, force: true });
  });

  it('cosign every checkpoint as the log grows, survive a kill, and refuse a forked copy of the store', async () => {
    // --- the ledger, its organizations, the charter's witnesses ----------------------------------
    const dataA = join(base, 'ledger-a');
    const portA = await freePort();
    const topicA = uniqueName('witnessed');
    topics.push(topicA);
    let ledgerA = await startLedgerProcess(dataA, portA, topicA);
    const a = client(ledgerA.url);
    const members = [...WITNESSES, DECEIVED];
    for (const [i, org] of members.entries()) {
      expect((await a.asOperator('/organizations', { id: org, name: org, sector: 'community_org' })).status).toBe(201);
      if (i === 0) expect((await a.asOperator('/collaboratives', { id: COLLABORATIVE, name: 'Witnessed Valley', region: 'VT', pathwayPhase: 5 })).status).toBe(201);
      const role = i === 0 ? 'steward' : i === 2 ? 'auditor' : 'member';
      expect((await a.asOperator(`/collaboratives/${COLLABORATIVE}/members`, { organizationId: org, role })).status).toBe(200);
    }
    const apiKeys = new Map<string, string>();
    for (const org of members) apiKeys.set(org, await a.keyOf(org));
    expect((await a.asOperator(`/collaboratives/${COLLABORATIVE}/charter`, { rules: [], witnesses: WITNESSES.map((organizationId) => ({ organizationId })), witnessQuorum: 2 })).status).toBe(200);
    const ledgerKey = (await a.get<{ publicKey: string; pem: string }>('/ledger/public-key')).body;

    const witnessDir = join(base, 'witnesses');
    const member = (org: string, overrides: Partial<MemberOptions> = {}) =>
      startMember({ org, group: `${org}-${topicA}`, topic: topicA, ledgerUrl: ledgerA.url, apiKey: apiKeys.get(org)!, ledgerPublicKey: ledgerKey.publicKey, dir: witnessDir, ...overrides });
    const running = new Map(WITNESSES.map((org) => [org, member(org)]));
    const vkeys = new Map<string, string>();
    for (const [org, process] of running) vkeys.set(org, await process.vkey());

    let grown = 0;
    const grow = async (http: ReturnType<typeof client>, count: number) => {
      for (let i = 0; i < count; i++) expect((await http.asOperator('/organizations', { id: `clinic-${(grown += 1)}`, name: `Clinic ${grown}`, sector: 'community_org' })).status).toBe(201);
      return http.headPosition();
    };
    /** The first checkpoint the ledger appends covering `head` (its timer appends one a second). */
    const checkpointCovering = async (http: ReturnType<typeof client>, head: number): Promise<number> => {
      let size = 0;
      await waitFor(`a checkpoint covering position ${head}`, async () => {
        const signed = (await http.get<Events>('/ledger/events?type=CheckpointSigned&limit=1000')).body.items.map((e) => e.data.treeSize);
        size = signed.find((s) => s >= head) ?? 0;
        return size > 0;
      }, 60_000);
      return size;
    };
    /** Waits until the ledger holds the cosignatures of these organizations for that checkpoint, and answers it. */
    const cosignedBy = async (http: ReturnType<typeof client>, size: number, orgs: readonly string[], detail: () => string = () => ''): Promise<Cosigned> => {
      let answer: Cosigned | undefined;
      await waitFor(`cosignatures of tree size ${size} by ${orgs.join(', ')}`, async () => {
        answer = (await http.get<Cosigned>(`/ledger/checkpoint?treeSize=${size}`)).body;
        const by = new Set(answer.cosignedBy.map((c) => c.organizationId));
        return orgs.every((org) => by.has(org));
      }, 120_000, () => `held: ${JSON.stringify(answer?.cosignedBy)}; ${detail()}`);
      return answer!;
    };
    const outputs = () => [...running].map(([org, p]) => `--- ${org}:\n${p.output().slice(-3000)}`).join('\n');

    // --- 1. three witnesses cosign each checkpoint as the log grows; one is killed mid-run ------------
    const cosignedCheckpoints: Cosigned[] = [];
    for (const round of [1, 2, 3]) {
      const head = await grow(a, 4);
      const size = await checkpointCovering(a, head);
      if (round === 2) {
        // Killed at once, wherever it is (reading, proving, writing its state, posting), then restarted.
        await running.get(WITNESSES[1])!.stop('SIGKILL');
        running.set(WITNESSES[1], member(WITNESSES[1]));
        expect(await running.get(WITNESSES[1])!.vkey()).toBe(vkeys.get(WITNESSES[1]));
      }
      cosignedCheckpoints.push(await cosignedBy(a, size, WITNESSES, outputs));
    }
    const sizes = cosignedCheckpoints.map((c) => c.treeSize);
    expect(sizes[1]).toBeGreaterThan(sizes[0]);
    expect(sizes[2]).toBeGreaterThan(sizes[1]);
    for (const checkpoint of cosignedCheckpoints) {
      // The bytes are standard: an implementation written from the C2SP text alone verifies each line.
      expect(c2sp.open(checkpoint.note).text).toBe(checkpointBody(checkpoint));
      for (const org of WITNESSES) expect({ org, verdict: c2sp.verifyCosigned(checkpoint.note, vkeys.get(org)!) }).toEqual({ org, verdict: { ok: true, t: expect.any(BigInt) } });
    }
    // The cosignatures are on the log, and a later checkpoint covers them.
    const cosignatureEvents = (await a.get<Events>('/ledger/events?type=CheckpointCosigned&limit=1000')).body.items;
    expect(cosignatureEvents.length).toBeGreaterThanOrEqual(9);
    expect(sizes[2]).toBeGreaterThan(Math.min(...cosignatureEvents.map((e) => e.position)));
    // The charter's quorum holds for the latest of them.
    const quorate = (await a.get<Cosigned & { witnesses: { quorumMet: boolean; cosigned: string[] } }>(`/ledger/checkpoint?cosigned=true&collaborative=${COLLABORATIVE}`)).body;
    expect(quorate.witnesses).toMatchObject({ quorumMet: true });
    expect(quorate.treeSize).toBeGreaterThanOrEqual(sizes[2]);

    // The restarted witness cosigned nothing inconsistent: every head it holds is the ledger's root at that size.
    const restarted = JSON.parse(readFileSync(join(witnessDir, `${WITNESSES[1]}.witness.json`), 'utf8')) as {
      head: { treeSize: number; rootHash: string };
      history: Array<{ treeSize: number; rootHash: string }>;
      alarms: unknown[];
    };
    expect(restarted.alarms).toEqual([]);
    for (const held of [...restarted.history, restarted.head]) {
      expect({ size: held.treeSize, root: held.rootHash }).toEqual({ size: held.treeSize, root: (await a.get<CheckpointDocument>(`/ledger/checkpoint?treeSize=${held.treeSize}`)).body.rootHash });
    }
    for (const size of sizes) expect(restarted.history.map((h) => h.treeSize).concat(restarted.head.treeSize)).toContain(size);

    // --- 2. a split view: a copy of the store with a history the ledger never had ---------------------
    await ledgerA.stop();
    const dataB = join(base, 'ledger-b');
    cpSync(dataA, dataB, { recursive: true });
    const copy = new SqliteEventStore({ filename: join(dataB, 'ledger.sqlite') });
    const forged = await copy.append('organization-shadow-clinic', [
      newEvent('OrganizationRegistered', { organizationId: 'shadow-clinic', name: 'Shadow Clinic', sector: 'hospital' }, { actor: { type: 'operator' } }),
    ]);
    await copy.close();
    const forkedAt = forged.position;

    ledgerA = await startLedgerProcess(dataA, portA, topicA);
    const topicB = uniqueName('forked');
    topics.push(topicB);
    const ledgerB = await startLedgerProcess(dataB, await freePort(), topicB);
    const b = client(ledgerB.url);

    // The genuine log grows; its witnesses cosign past the fork.
    const genuine = await cosignedBy(a, await checkpointCovering(a, await grow(a, 3)), WITNESSES, outputs);
    expect(genuine.treeSize).toBeGreaterThanOrEqual(forkedAt);
    // The copy grows further, and a member shown only the copy cosigns it.
    const forkSize = await checkpointCovering(b, await grow(b, genuine.treeSize - forkedAt + 5));
    expect(forkSize).toBeGreaterThan(genuine.treeSize);
    const deceived = startMember({ org: DECEIVED, group: `${DECEIVED}-${topicB}`, topic: topicB, ledgerUrl: ledgerB.url, apiKey: apiKeys.get(DECEIVED)!, ledgerPublicKey: ledgerKey.publicKey, dir: witnessDir });
    vkeys.set(DECEIVED, await deceived.vkey());
    const fork = await cosignedBy(b, forkSize, [DECEIVED], deceived.output);
    // Both are signed with the ledger's one key, and at the genuine checkpoint's size their roots differ.
    expect(parseCheckpoint(fork.note).keyId).toBe(genuine.keyId);
    const forkRootThere = (await b.get<CheckpointDocument>(`/ledger/checkpoint?treeSize=${genuine.treeSize}`)).body.rootHash;
    expect(forkRootThere).not.toBe(genuine.rootHash);

    // The operator shows the copy to a witness that cosigned the genuine log: the same state, key and name.
    const shown = WITNESSES[0];
    await running.get(shown)!.stop();
    const misled = member(shown, { group: `${shown}-${topicB}`, topic: topicB, ledgerUrl: ledgerB.url });
    running.set(shown, misled);
    await waitFor(`${shown}'s alarm`, () => misled.output().includes('ALARM split view'), 120_000, misled.output);
    const alarm = misled.output().split('\n').find((line) => line.includes('ALARM split view'))!;
    // It names both roots: the genuine one it cosigned, and the one of the copy's checkpoints it was offered.
    const forkRoots = (await b.get<{ items: Array<{ data: { treeSize: number; rootHash: string } }> }>('/ledger/events?type=CheckpointSigned&limit=1000')).body.items
      .map((e) => e.data)
      .filter((c) => c.treeSize >= forkedAt)
      .map((c) => c.rootHash);
    expect(forkRoots).toContain(fork.rootHash);
    expect(alarm).toContain(genuine.rootHash);
    expect(forkRoots.filter((root) => alarm.includes(root))).toHaveLength(1);
    const shownState = JSON.parse(readFileSync(join(witnessDir, `${shown}.witness.json`), 'utf8')) as { head: { treeSize: number; rootHash: string }; alarms: Array<{ held: { rootHash: string }; offered: { rootHash: string } }> };
    expect(shownState.head).toMatchObject({ treeSize: genuine.treeSize, rootHash: genuine.rootHash });
    expect(shownState.alarms.some((x) => x.held.rootHash === genuine.rootHash && forkRoots.includes(x.offered.rootHash))).toBe(true);
    // Its cosignature of the genuine head, posted again on start, is refused by the copy: another root.
    await waitFor(`the copy to refuse ${shown}'s cosignature`, () => /ALARM cosignature for tree size \d+ refused/.test(misled.output()), 60_000, misled.output);
    // The copy's checkpoint gathers one cosignature, the deceived member's.
    const held = (await b.get<Cosigned>(`/ledger/checkpoint?treeSize=${forkSize}`)).body;
    expect(held.cosignedBy.map((c) => c.organizationId)).toEqual([DECEIVED]);

    // --- ledger verify with the four witnesses, quorum 2 -------------------------------------------------
    writeFileSync(join(base, 'witnesses.txt'), `# the members' witnesses\n${[...vkeys.values()].join('\n')}\n`);
    writeFileSync(join(base, 'ledger.pub.pem'), ledgerKey.pem);
    const verify = async (dataDir: string, checkpoint: Cosigned, name: string) => {
      writeFileSync(join(base, name), JSON.stringify(checkpoint));
      const store = { dataDir, sqliteFile: join(dataDir, 'ledger.sqlite'), remove: () => undefined };
      return runCli(store, registerVerify, ['verify', '--checkpoint', join(base, name), '--public-key', join(base, 'ledger.pub.pem'), '--witnesses', join(base, 'witnesses.txt'), '--quorum', '2']);
    };
    const refused = await verify(dataB, (await b.get<Cosigned>(`/ledger/checkpoint?treeSize=${forkSize}`)).body, 'fork.json');
    expect(refused.exitCode).toBe(VERIFY_FAILED_EXIT_CODE);
    expect(refused.stdout + refused.stderr).toMatch(/checkpoint-cosignatures/);
    expect(refused.stdout + refused.stderr).toMatch(/1 of the 4 listed witnesses cosigned/);
    const accepted = await verify(dataA, (await a.get<Cosigned>(`/ledger/checkpoint?treeSize=${genuine.treeSize}`)).body, 'genuine.json');
    expect({ exitCode: accepted.exitCode, output: accepted.stdout + accepted.stderr }).toEqual({ exitCode: 0, output: expect.any(String) });

    for (const process of [...running.values(), deceived]) await process.stop();
    await ledgerB.stop();
    await ledgerA.stop();
  });
});
