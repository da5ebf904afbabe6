import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { newEventId, SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { CHECKPOINT_TABLE, logReaderFor, rebuildReadModels, SqliteReadModels, TABLES, VERSIONED_TABLES } from '@ledger/projections';
import { allAnswers, idsOf, momentsOf } from './support/answers';
import { loadDemoWith } from './support/demo';
import { commitmentsAt } from './support/oracle';

interface Run {
  /** How the child ended: 'SIGKILL' or its exit code. */
  ending: NodeJS.Signals | number | null;
  /** Checkpoints it reported as committed. */
  applied: number[];
  /** Positions of the batch it had begun and not reported (killed inside it), if any. */
  inFlight: number | null;
}

/**
 * The projector in a child process, killed with SIGKILL while projecting — once between batches,
 * once inside a batch's transaction — and restarted; then every answer is compared with a clean
 * rebuild from the log. A batch and its checkpoint commit together, so no event is applied twice
 * or skipped, whenever the process dies.
 */
describe('a projector killed with SIGKILL in the middle of projecting', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-projector-crash-'));
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite' };
  let store: SqliteEventStore;
  let storage: SqliteReadModels;
  let events: RecordedEvent[];

  beforeAll(async () => {
    await loadDemoWith(env);
    store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    storage = SqliteReadModels.besideEvents(store);
    // Forget what the demo's own projector built: the child projects the whole log from position 0.
    storage.connection.exec(`DROP TABLE ${CHECKPOINT_TABLE}`);
    await storage.ensureSchema();
    expect((await storage.checkpoint()).position).toBe(0);
    // More history, so a batch is long enough to be killed inside: progress reports on every commitment.
    const made = (await store.readAll({ after: 0, limit: 10_000 })).filter((e) => e.type === 'CommitmentMade');
    for (let round = 0; round < 60; round++) {
      await Promise.all(
        made.map((m, i) =>
          store.append(m.streamId, [
            {
              eventId: newEventId(),
              type: 'CommitmentProgressReported',
              schemaVersion: 1,
              data: { commitmentId: m.streamId.slice('commitment-'.length), note: `Weekly update ${round} of ${i}`, value: String(round) },
              actor: { type: 'organization', organizationId: (m.data as { promisor: string }).promisor, role: 'member' },
              correlationId: newEventId(),
              causationId: null,
            },
          ]),
        ),
      );
    }
    events = await store.readAll({ after: 0, limit: 100_000 });
  }, 120_000);

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes from its last committed batch and ends with the answers of a clean rebuild', async () => {
    const head = events.length;
    expect(head).toBeGreaterThan(1900);

    // 1. Killed between batches (it pauses after each).
    const first = await runProjector({ PROJECTOR_BATCH: '40', PROJECTOR_PAUSE_MS: '30' }, (line, applied) => applied.length === 4);
    expect(first.ending).toBe('SIGKILL');
    let checkpoint = (await storage.checkpoint()).position;
    expect(checkpoint).toBe(first.applied[first.applied.length - 1]);
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(head);
    expectConsistent();

    // 2. Killed inside a batch: right after announcing a large one, while its transaction runs.
    const second = await runProjector({ PROJECTOR_BATCH: '1500' }, (line) => line.startsWith('begin'));
    expect(second.ending).toBe('SIGKILL');
    const afterSecond = (await storage.checkpoint()).position;
    // All of the batch or none of it: the checkpoint is where a batch ended, never inside one.
    expect([checkpoint, ...second.applied]).toContain(afterSecond);
    if (second.inFlight !== null) expect(afterSecond).toBeLessThan(second.inFlight);
    expect(afterSecond).toBeLessThan(head);
    checkpoint = afterSecond;
    expectConsistent();

    // 3. Restarted, it projects the rest and exits.
    const third = await runProjector({ PROJECTOR_BATCH: '300', PROJECTOR_EXIT_WHEN_DONE: '1' }, () => false);
    expect(third.ending).toBe(0);
    expect((await storage.checkpoint()).position).toBe(head);
    expectConsistent();

    // Every query, at many moments, against the domain and against a clean rebuild.
    const ids = idsOf(events);
    const now = Date.now();
    const moments = momentsOf(events, now);
    const projected = await allAnswers(storage, ids, moments);
    const present = projected[new Date(now).toISOString()] as Record<string, { status: string; progress: unknown[] } | null>;
    for (const [id, expected] of commitmentsAt(events, new Date(now).toISOString())) {
      expect({ id, status: present[`/commitments/${id}`]?.status, progress: present[`/commitments/${id}`]?.progress.length }).toEqual({
        id,
        status: expected.status,
        progress: expected.state.progress.length,
      });
    }
    const rowsProjected = tableContents();
    await rebuildReadModels(storage, logReaderFor(store));
    expect(tableContents()).toEqual(rowsProjected);
    expect(await allAnswers(storage, ids, moments)).toEqual(projected);
  }, 120_000);

  /** One open version per record, versions of a record back to back, nothing beyond the checkpoint. */
  function expectConsistent(): void {
    const db = storage.connection;
    const checkpoint = storage.checkpointSync().position;
    for (const spec of Object.values(TABLES)) {
      const duplicates = db.prepare(`SELECT id FROM ${spec.table} WHERE recorded_to IS NULL GROUP BY id HAVING COUNT(*) > 1`).all();
      expect(duplicates).toEqual([]);
      const gaps = db
        .prepare(
          `SELECT a.id FROM ${spec.table} a WHERE a.recorded_to IS NOT NULL AND NOT EXISTS
             (SELECT 1 FROM ${spec.table} b WHERE b.id = a.id AND b.recorded_from = a.recorded_to)`,
        )
        .all();
      expect(gaps).toEqual([]);
    }
    expect((db.prepare(`SELECT COALESCE(MAX(position), 0) AS p FROM rm_states`).get() as { p: number }).p).toBeLessThanOrEqual(checkpoint);
    // Every commitment event up to the checkpoint is in the read models: the last one applied to each
    // commitment is its current state's last event, and it has exactly one open version.
    const last = new Map<string, number>();
    for (const e of events) if (e.position <= checkpoint && e.streamId.startsWith('commitment-')) last.set(e.streamId.slice(11), e.position);
    const states = db.prepare(`SELECT id, position FROM rm_states WHERE kind = 'commitment'`).all() as Array<{ id: string; position: number }>;
    expect(new Map(states.map((r) => [r.id, r.position]))).toEqual(last);
    const open = db.prepare(`SELECT id FROM rm_commitments WHERE recorded_to IS NULL`).all() as Array<{ id: string }>;
    expect(open.map((r) => r.id).sort()).toEqual([...last.keys()].sort());
  }

  function tableContents(): Record<string, unknown[]> {
    const contents: Record<string, unknown[]> = {};
    for (const table of VERSIONED_TABLES) contents[table] = storage.connection.prepare(`SELECT * FROM ${table}`).all().map((r) => JSON.stringify(r)).sort();
    return contents;
  }

  /** Runs the projector process until it exits, or kills it with SIGKILL once `killWhen` says so. */
  async function runProjector(extra: Record<string, string>, killWhen: (line: string, applied: number[]) => boolean): Promise<Run> {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'projector-process.ts')], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent', ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const applied: number[] = [];
    let inFlight: number | null = null;
    let killed = false;
    let ready = false;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.startsWith('ready')) ready = true;
      if (line.startsWith('begin')) inFlight = Number(line.split(' ')[1]);
      if (line.startsWith('applied')) {
        applied.push(Number(line.split(' ')[1]));
        inFlight = null;
      }
      if (ready && !killed && killWhen(line, applied)) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
    const ending = await exited;
    if (!killed && ending !== 0) throw new Error(`the projector process ended with ${ending}: ${stderr}`);
    return { ending, applied, inFlight };
  }
});
