/**
 * Three ledger servers, each a process of its own, on one PostgreSQL schema and one Kafka broker
 * (LEDGER.md, "Several servers"), under commands sent to all three at once; the leader is killed with
 * SIGKILL in the middle. Then: every command answered 2xx is read back from both survivors; the log's
 * positions are gapless from 1 with one hash chain, and `ledger verify` passes; a checkpoint signed
 * before the kill and one signed after it by the new leader are proven consistent; the read models
 * equal a fresh rebuild; every event reached Kafka at least once, and the member consumer handed each
 * to member code once. The take-over time is printed (performance: npm run bench).
 * Needs PostgreSQL and the broker (CI starts both); never skips.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { GENESIS_HASH, parsePublicKey, verifyCheckpointSignature, verifyConsistencyProofDocument, type CheckpointDocument, type ConsistencyProofDocument } from '@ledger/integrity';
import { PostgresEventStore, type RecordedEvent } from '@ledger/event-store';
import { logReaderFor, PostgresReadModels, rebuildReadModels, VERSIONED_TABLES } from '@ledger/projections';
import { client, registerOperatorKey } from '../support/http-client';
import { TEST_OPERATOR_KEY } from '../support/ledger-app';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';
import {
  KAFKA_BROKERS,
  MemberCollector,
  RawCollector,
  assertBrokerReachable,
  checkDelivery,
  deleteTopicsWithPrefix,
  topicsWithPrefix,
  uniqueName,
  waitFor,
  waitForEverything,
  waitForTopic,
} from '../kafka/support/kafka-kit';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';

const REPO = resolve(__dirname, '../..');
const run = promisify(execFile);

/** How many commands the load sends in all, and after how many answered 2xx the leader is killed. */
const COMMANDS = 180;
const KILL_AFTER = 60;
/** Commands in flight at once, spread round robin over the servers alive. */
const CONCURRENCY = 6;

interface Health {
  cluster: { role: string };
  projections: { projectsHere: boolean; lag: number };
  kafkaPublisher: { lag: number };
}

interface Answered {
  server: string;
  commitmentId: string;
  position: number;
  eventIds: string[];
}

describe('three ledger servers on one PostgreSQL, the leader killed under load', () => {
  const schema = `cluster_${process.pid}_${Date.now().toString(36)}`;
  const prefix = uniqueName('ledger-cluster');
  const keyDir = mkdtempSync(join(tmpdir(), 'ledger-cluster-'));
  const env = {
    LEDGER_STORE: 'postgres',
    LEDGER_POSTGRES_URL: TEST_POSTGRES_URL,
    LEDGER_POSTGRES_SCHEMA: schema,
    LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY,
    LEDGER_SIGNING_KEY_FILE: join(keyDir, 'signing-key.pem'),
    LEDGER_CHECKPOINT_INTERVAL_S: '1',
    LEDGER_RATE_LIMIT_PER_MINUTE: '0',
    KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '2',
  };
  const servers: LedgerProcess[] = [];
  const dataDirs: string[] = [];
  let store: PostgresEventStore;
  let raw: RawCollector;
  let member: MemberCollector;

  beforeAll(async () => {
    await assertBrokerReachable();
    await ensureTestDatabase();
    // All three at once, on a schema that does not exist yet: the migrations and table creations take turns.
    const started = await Promise.all(
      ['a', 'b', 'c'].map((name) => {
        const dataDir = mkdtempSync(join(tmpdir(), `ledger-cluster-${name}-`));
        dataDirs.push(dataDir);
        return startLedgerProcess(name, { ...env, LEDGER_DATA_DIR: dataDir });
      }),
    );
    servers.push(...started);
    for (const server of servers) registerOperatorKey(server.baseUrl, TEST_OPERATOR_KEY);
    store = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, schema });
  }, 240_000);

  afterAll(async () => {
    await raw?.stop();
    await member?.stop();
    for (const server of servers) await server.kill('SIGKILL');
    await store?.close();
    await dropSchema(schema);
    await deleteTopicsWithPrefix(prefix);
    for (const dir of [keyDir, ...dataDirs]) rmSync(dir, { recursive: true, force: true });
  });

  const health = async (server: LedgerProcess) => (await client(server.baseUrl).get<Health>('/health')).body;

  async function leaderOf(candidates: LedgerProcess[]): Promise<LedgerProcess | undefined> {
    const roles = await Promise.all(candidates.map(async (s) => ((await health(s).catch(() => null))?.cluster.role === 'leader' ? s : undefined)));
    const leaders = roles.filter(Boolean) as LedgerProcess[];
    return leaders.length === 1 ? leaders[0] : undefined;
  }

  async function checkpointsOnLog(): Promise<Array<{ event: RecordedEvent; checkpoint: CheckpointDocument }>> {
    return (await store.readStream('ledger-checkpoints')).map((event) => ({ event, checkpoint: event.data as unknown as CheckpointDocument }));
  }

  it('answers every command, keeps one gapless log, and another server takes over the singletons', async () => {
    let leader!: LedgerProcess;
    await waitFor('one leader among the three', async () => !!(leader = (await leaderOf(servers))!), 20_000);

    // The partnership, through one server; each organization's key works on all three.
    const http = client(servers[1].baseUrl);
    for (const [id, sector] of [['cl-health', 'hospital'], ['cl-chc', 'community_org']]) {
      expect((await http.asOperator('/organizations', { id, name: id, sector })).status).toBe(201);
    }
    expect((await http.asOperator('/collaboratives', { id: 'cl-valley', name: 'Cluster Valley', region: 'Valley', pathwayPhase: 5 })).status).toBe(201);
    expect((await http.asOperator('/collaboratives/cl-valley/members', { organizationId: 'cl-health', role: 'steward' })).status).toBe(200);
    expect((await http.asOperator('/collaboratives/cl-valley/members', { organizationId: 'cl-chc', role: 'member' })).status).toBe(200);
    const memberKey = `Bearer ${await http.keyOf('cl-chc')}`;
    const stewardKey = `Bearer ${await http.keyOf('cl-health')}`;

    // The member's consumer (and a raw reader of every topic) follow the ledger's topics.
    for (const topic of ['registry', 'checkpoints', 'collaborative.cl-valley']) await waitForTopic(`${prefix}.${topic}`);
    raw = await new RawCollector(await topicsWithPrefix(prefix)).start();
    member = await new MemberCollector({ topicPrefix: prefix, collaboratives: ['cl-valley'] }).start();

    // The load: commitments made and progressed, sent round robin to the servers still alive.
    const answered: Answered[] = [];
    const refused: string[] = [];
    let failed = 0;
    let sent = 0;
    let killedAt = 0;
    let killed: LedgerProcess | undefined;
    const dead = new Set<LedgerProcess>();
    let turn = 0;
    const nextServer = () => {
      const alive = servers.filter((s) => !dead.has(s));
      return alive[turn++ % alive.length];
    };
    type CommandAnswer = { id: string; position: number; events: Array<{ eventId: string }> };
    /** Sends a command as the member to the next server alive; the 2xx answer, or null. */
    const send = async (path: string, body: unknown, authorization = memberKey): Promise<{ server: string; answer: CommandAnswer } | null> => {
      const server = nextServer();
      try {
        const answer = await client(server.baseUrl).call<CommandAnswer>('POST', path, body, { authorization });
        if (answer.status >= 200 && answer.status < 300) return { server: server.name, answer: answer.body };
        refused.push(`${answer.status} ${path} on ${server.name}: ${JSON.stringify(answer.body).slice(0, 200)}`);
      } catch {
        // The server died under the request (or was dead already): its outcome is unknown, not counted.
        if (!server.alive()) dead.add(server);
      }
      failed++;
      return null;
    };
    const record = (sent: { server: string; answer: CommandAnswer }, commitmentId: string) =>
      answered.push({ server: sent.server, commitmentId, position: sent.answer.position, eventIds: sent.answer.events.map((e) => e.eventId) });
    const worker = async (w: number) => {
      while (sent < COMMANDS) {
        sent += 3;
        const made = await send('/commitments', {
          collaborativeId: 'cl-valley',
          promisee: { collaborativeId: 'cl-valley' },
          title: `Screen residents, round ${w}-${sent}`,
          dueDate: '2031-06-30',
        });
        if (!made) continue;
        record(made, made.answer.id);
        const accepted = await send(`/commitments/${made.answer.id}/acceptance`, {}, stewardKey);
        if (!accepted) continue;
        record(accepted, made.answer.id);
        const progressed = await send(`/commitments/${made.answer.id}/progress`, { note: `under way (${w})`, value: '10' });
        if (progressed) record(progressed, made.answer.id);
      }
    };
    const killer = (async () => {
      // A checkpoint signed by the first leader before it dies, then SIGKILL in the middle of the load.
      await waitFor('a checkpoint and enough commands before the kill', async () => answered.length >= KILL_AFTER && (await checkpointsOnLog()).length > 0, 60_000);
      killed = leader;
      dead.add(leader);
      killedAt = Date.now();
      await leader.kill('SIGKILL');
      const survivors = servers.filter((s) => s !== leader);
      let next: LedgerProcess | undefined;
      await waitFor('a survivor to lead', async () => !!(next = await leaderOf(survivors)), 10_000 /* LEDGER.md: within 10 s */);
      const tookOver = Date.now() - killedAt;
      console.log(`cluster: the leader (server ${leader.name}) was killed with SIGKILL; server ${next!.name} leads ${tookOver} ms later`);
      leader = next!;
    })();
    await Promise.all([...Array.from({ length: CONCURRENCY }, (_, w) => worker(w)), killer]);
    expect(killed).toBeDefined();
    const survivors = servers.filter((s) => s !== killed);
    const perServer = servers.map((s) => `${s.name}: ${answered.filter((a) => a.server === s.name).length}`).join(', ');
    console.log(`cluster: ${answered.length} commands answered 2xx (${perServer}), ${failed} not (sent to the dying or dead server)`);
    // Only connections to the server killed may fail; no server refused a command.
    expect(refused).toEqual([]);
    expect(answered.length).toBeGreaterThan(KILL_AFTER + 20);

    // The log comes to rest: its last event a checkpoint the new leader signed (it signs only when
    // the log grew), the read models and the publisher caught up with it.
    await waitFor('the new leader to sign the final log, project and publish everything', async () => {
      const { position } = await store.head();
      const [last] = await store.readAll({ after: position - 1, limit: 1 });
      const h = await health(leader);
      return last.type === 'CheckpointSigned' && Date.parse(last.recordedAt) > killedAt && h.projections.projectsHere && h.projections.lag === 0 && h.kafkaPublisher.lag === 0;
    }, 60_000);

    // Every command answered 2xx is read back from both survivors (present-time queries wait for the
    // read models to hold what was appended before them, whichever server projects).
    const byCommitment = new Map<string, string[]>();
    for (const a of answered) byCommitment.set(a.commitmentId, [...(byCommitment.get(a.commitmentId) ?? []), ...a.eventIds]);
    for (const server of survivors) {
      for (const [id, eventIds] of byCommitment) {
        const read = await client(server.baseUrl).call<{ history: Array<{ eventId: string }> }>('GET', `/commitments/${id}`, undefined, { authorization: memberKey });
        expect(read.status).toBe(200);
        const history = new Set(read.body.history.map((e) => e.eventId));
        expect(eventIds.filter((eventId) => !history.has(eventId))).toEqual([]);
      }
    }

    // One log: positions 1..n without a gap, each event linked to the one before it.
    const head = (await store.head()).position;
    const events = await store.readAll({ after: 0, limit: head + 10 });
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    const broken = events.filter((e, i) => e.prevHash !== (i === 0 ? GENESIS_HASH : events[i - 1].hash)).map((e) => e.position);
    expect(broken).toEqual([]);
    // Every answered position is on it, with the events answered.
    const byId = new Map(events.map((e) => [e.eventId, e]));
    for (const a of answered) for (const eventId of a.eventIds) expect(byId.get(eventId)?.position).toBeLessThanOrEqual(a.position);

    // A checkpoint signed before the kill (by the first leader) and one after (by the new one): the
    // same key, and the later tree proven to extend the earlier.
    const checkpoints = await checkpointsOnLog();
    const before = checkpoints.filter(({ event }) => Date.parse(event.recordedAt) < killedAt).at(-1)!;
    const after = checkpoints.filter(({ event }) => Date.parse(event.recordedAt) > killedAt).at(-1)!;
    expect(before).toBeDefined();
    expect(after.checkpoint.treeSize).toBeGreaterThan(before.checkpoint.treeSize);
    const publicKey = parsePublicKey((await client(survivors[0].baseUrl).get<{ pem: string }>('/ledger/public-key')).body.pem);
    expect(verifyCheckpointSignature(before.checkpoint, publicKey)).toBe(true);
    expect(verifyCheckpointSignature(after.checkpoint, publicKey)).toBe(true);
    for (const server of survivors) {
      const proof = (await client(server.baseUrl).get<ConsistencyProofDocument>(`/ledger/proofs/consistency?from=${before.checkpoint.treeSize}&to=${after.checkpoint.treeSize}`)).body;
      expect({ root1: proof.root1, root2: proof.root2 }).toEqual({ root1: before.checkpoint.rootHash, root2: after.checkpoint.rootHash });
      expect(verifyConsistencyProofDocument(proof)).toBe(true);
    }

    // Every event reached Kafka at least once; the member consumer handed each on once, in order.
    const stored = await store.readAll({ after: 0, limit: head + 10 });
    await waitForEverything(await topicsWithPrefix(prefix), stored.length, raw, member, 60_000);
    checkDelivery(stored, raw.records, member.handed);
    expect(member.integrityFailures).toEqual([]);

    // The survivors stop (SIGTERM) before the log and the read models are examined at rest.
    for (const server of survivors) {
      const exit = await server.kill('SIGTERM');
      // Shutdown hooks ran (leader lock released, stores closed), then the signal's default or exit 0.
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    }
    writeFileSync(join(keyDir, 'checkpoint-before-kill.json'), JSON.stringify(before.checkpoint));
    const verified = await run(process.execPath, ['--require', resolve(REPO, 'test/support/ts-register.js'), resolve(REPO, 'apps/cli/src/main.ts'), 'verify', '--checkpoint', join(keyDir, 'checkpoint-before-kill.json')], {
      cwd: REPO,
      env: { ...process.env, ...env, LEDGER_DATA_DIR: dataDirs[0] },
      timeout: 120_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`ledger verify failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    expect(verified.stdout).toMatch(new RegExp(`^ok: ${head} events in the live store, positions gapless, hash chain intact`, 'm'));
    expect(verified.stdout).toContain(`consistent with the checkpoint of ${before.checkpoint.timestamp} (tree size ${before.checkpoint.treeSize}`);

    // The read models the leaders projected (one, then the other) equal a rebuild from the log.
    const readModels = PostgresReadModels.besideEvents(store);
    const tables = async () => {
      const contents: Record<string, string[]> = {};
      for (const table of VERSIONED_TABLES) contents[table] = (await readModels.db.all(`SELECT * FROM ${readModels.db.table(table)}`)).map((r) => JSON.stringify(r)).sort();
      return contents;
    };
    const projected = await tables();
    expect((await readModels.checkpoint()).position).toBe(head);
    await rebuildReadModels(readModels, logReaderFor(store), { pageSize: 200 });
    expect(await tables()).toEqual(projected);
  }, 300_000);
});
