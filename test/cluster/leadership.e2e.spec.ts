/**
 * Two ledger servers on one PostgreSQL schema, in this process: one leads (runs the projector, the
 * publisher and the checkpoint signer), the other follows and still answers every command and query,
 * its own writes included; checkpoints and proofs agree; when the leader's lock connection is cut,
 * or the leader stops, the other takes over. (Real processes killed with SIGKILL: cluster.e2e.spec.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { dropSchema, ensureTestDatabase, TEST_POSTGRES_URL } from '../support/postgres';
import { seedCollaborative } from '../support/collaborative';

const schema = `cluster_lead_${process.pid}_${Date.now().toString(36)}`;

interface Health {
  cluster: { role: string; singletons: string[]; lastProblem?: string };
  projections: { projectsHere: boolean; lag: number };
}

async function health(ledger: RunningLedger): Promise<Health> {
  return (await client(ledger.baseUrl).get<Health>('/health')).body;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The servers, by role, once exactly one leads. */
async function roles(ledgers: RunningLedger[]): Promise<{ leader: RunningLedger; followers: RunningLedger[] }> {
  return until('exactly one leader', async () => {
    const all = await Promise.all(ledgers.map(async (ledger) => ({ ledger, health: await health(ledger) })));
    const leaders = all.filter((s) => s.health.cluster.role === 'leader');
    if (leaders.length !== 1 || all.some((s) => !['leader', 'follower'].includes(s.health.cluster.role))) return undefined;
    return { leader: leaders[0].ledger, followers: all.filter((s) => s !== leaders[0]).map((s) => s.ledger) };
  });
}

describe('several ledger servers on one PostgreSQL schema', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'ledger-cluster-key-'));
  const env = {
    LEDGER_STORE: 'postgres',
    LEDGER_POSTGRES_URL: TEST_POSTGRES_URL,
    LEDGER_POSTGRES_SCHEMA: schema,
    LEDGER_SIGNING_KEY_FILE: join(keyDir, 'signing-key.pem'),
  };
  let first: RunningLedger;
  let second: RunningLedger;

  beforeAll(async () => {
    await ensureTestDatabase();
    // One after the other (startLedger sets process.env while a server starts); servers started at
    // once, on a schema that does not exist yet, are cluster.e2e.spec.ts's.
    first = await startLedger(env);
    second = await startLedger(env);
  });
  afterAll(async () => {
    await first?.close().catch(() => undefined);
    await second?.close().catch(() => undefined);
    await dropSchema(schema);
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('elects one leader that runs the singletons; the follower answers commands and reads its own writes', async () => {
    const { leader, followers } = await roles([first, second]);
    const follower = followers[0];
    const leaderHealth = await health(leader);
    expect(leaderHealth.cluster.singletons).toEqual(expect.arrayContaining(['projector', 'Kafka publisher', 'checkpoint signer']));
    expect(leaderHealth.projections.projectsHere).toBe(true);
    const followerHealth = await health(follower);
    expect(followerHealth.cluster).toMatchObject({ role: 'follower', singletons: [] });
    expect(followerHealth.projections.projectsHere).toBe(false);

    // Everything through the follower: its queries wait for the leader's projector to apply its writes.
    const http = client(follower.baseUrl);
    await seedCollaborative(http, 'twin-valley', [
      { id: 'twin-health', sector: 'hospital', role: 'steward' },
      { id: 'twin-chc', sector: 'community_org', role: 'member' },
    ]);
    for (let i = 0; i < 5; i++) {
      const made = await http.as('twin-chc')('/commitments', {
        collaborativeId: 'twin-valley',
        promisee: { collaborativeId: 'twin-valley' },
        title: `Screen residents, wave ${i}`,
        dueDate: '2031-06-30',
      });
      expect(made.status).toBe(201);
      const read = await http.getAs('twin-chc')(`/commitments/${(made.body as { id: string }).id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ title: `Screen residents, wave ${i}`, status: 'proposed' });
    }
    const listed = await http.getAs('twin-chc')<{ items: unknown[] }>('/commitments?collaborative=twin-valley');
    expect(listed.body.items).toHaveLength(5);
  });

  it('answers the same signed checkpoint and proofs from either server, with the one configured key', async () => {
    const [a, b] = await Promise.all(
      [first, second].map(async (ledger) => (await client(ledger.baseUrl).get<{ treeSize: number; rootHash: string; keyId: string }>('/ledger/checkpoint')).body),
    );
    expect(a.treeSize).toBeGreaterThan(0);
    expect({ treeSize: b.treeSize, rootHash: b.rootHash, keyId: b.keyId }).toEqual({ treeSize: a.treeSize, rootHash: a.rootHash, keyId: a.keyId });
    const proofs = await Promise.all([first, second].map(async (ledger) => (await client(ledger.baseUrl).get(`/ledger/proofs/consistency?from=3&to=${a.treeSize}`)).body));
    expect(proofs[1]).toEqual(proofs[0]);
  });

  it('the leader that loses its lock connection stops its singletons, and a server leads again', async () => {
    const { leader } = await roles([first, second]);
    const admin = new Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      // The leader's lock connection, and only it, is cut (as by a network fault or a DBA).
      const cut = await admin.query(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.granted AND l.objid::int4 = hashtext($1) AND l.classid::int4 = $2`,
        [schema, 0x6c656164],
      );
      expect(cut.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await until('the old leader to report the lost lock', async () => ((await health(leader)).cluster.lastProblem?.includes('lock') ? true : undefined));
    const after = await roles([first, second]);
    expect((await health(after.leader)).projections.projectsHere).toBe(true);
  });

  it('when the leader stops, the follower takes over and projects what is appended next', async () => {
    const { leader, followers } = await roles([first, second]);
    const survivor = followers[0];
    await leader.close();
    // LEDGER.md: another takes over within 10 s.
    await until('the follower to lead', async () => ((await health(survivor)).cluster.role === 'leader' ? true : undefined), 10_000);
    const http = client(survivor.baseUrl);
    const made = await http.as('twin-chc')('/commitments', { collaborativeId: 'twin-valley', promisee: { collaborativeId: 'twin-valley' }, title: 'After the take-over', dueDate: '2031-06-30' });
    expect(made.status).toBe(201);
    expect((await http.getAs('twin-chc')(`/commitments/${(made.body as { id: string }).id}`)).body).toMatchObject({ title: 'After the take-over' });
    expect((await health(survivor)).projections).toMatchObject({ projectsHere: true, lag: 0 });
    if (leader === first) first = undefined as unknown as RunningLedger;
    else second = undefined as unknown as RunningLedger;
  });
});
