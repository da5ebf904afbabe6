import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import {
  answerAt,
  COMMITMENT_STATUS_FILTERS,
  logReaderFor,
  momentAt,
  Projector,
  ReadModelQueries,
  rebuildReadModels,
  SqliteReadModels,
  storeStreamReader,
  VERSIONED_TABLES,
  type CommitmentListItem,
} from '@ledger/projections';
import { runReplay } from '../../apps/cli/src/commands/replay.command';
import { allAnswers, allPages, bothPaths, idsOf, momentsOf, type IdsOf } from './support/answers';
import { loadDemoWith } from './support/demo';
import { commitmentsAt, pledgesAt } from './support/oracle';

const DAY = 86_400_000;

/**
 * The demo partnership (recorded over 14 simulated months) projected live while it loads, then
 * asked every query of LEDGER.md at many moments; rebuilt from the log; asked again.
 */
describe('read models of the demo partnership (embedded SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-projections-'));
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite' };
  let store: SqliteEventStore;
  let storage: SqliteReadModels;
  let queries: ReadModelQueries;
  let events: RecordedEvent[];
  let ids: IdsOf;
  let now: number;
  let moments: number[];
  let before: Record<string, unknown>;

  const at = <T>(ms: number, answer: (m: ReturnType<typeof momentAt>) => Promise<T>) => answerAt(() => storage.checkpoint(), ms, answer);
  const titled = (title: string) => {
    const made = events.find((e) => e.type === 'CommitmentMade' && (e.data as { title: string }).title.startsWith(title))!;
    return { id: made.streamId.slice('commitment-'.length), events: events.filter((e) => e.streamId === made.streamId) };
  };

  beforeAll(async () => {
    // The ledger app (with its projector) loads the demo; the read models grew live, batch by batch.
    await loadDemoWith(env);
    store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    storage = SqliteReadModels.besideEvents(store);
    await storage.ensureSchema();
    // Whatever the app had not applied when it closed, a projector applies now.
    const projector = new Projector(store, storage, { batchSize: 17 });
    await projector.start();
    expect(await projector.catchUp(10_000)).toBe(true);
    await projector.stop();
    queries = new ReadModelQueries(storage);
    events = await store.readAll({ after: 0, limit: 100_000 });
    ids = idsOf(events);
    now = Date.now();
    moments = momentsOf(events, now);
    before = await allAnswers(storage, ids, moments);
  }, 120_000);

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds every event of the log, and answers every query at every moment', async () => {
    expect((await storage.checkpoint()).position).toBe(events.length);
    const present = before[new Date(now).toISOString()] as Record<string, unknown>;
    expect((present['commitments?'] as unknown[]).length).toBe(ids.commitments.length);
    expect((present['pledges?'] as unknown[]).length).toBe(ids.pledges.length);
    for (const id of ids.commitments) expect(present[`/commitments/${id}`]).toMatchObject({ id });
    for (const org of ids.organizations) expect(present[`/organizations/${org}/accountability`]).toMatchObject({ organization: { id: org } });
    expect(Object.keys(before)).toHaveLength(moments.length);
  });

  it('agrees, at every moment, with the domain folding the events recorded by then', async () => {
    for (const ms of moments) {
      const iso = new Date(ms).toISOString();
      const oracle = commitmentsAt(events, iso);
      const answers = before[iso] as Record<string, unknown>;
      const listed = answers['commitments?'] as CommitmentListItem[];
      expect(new Map(listed.map((c) => [c.id, c.status]))).toEqual(new Map([...oracle].map(([id, c]) => [id, c.status])));
      for (const status of COMMITMENT_STATUS_FILTERS) {
        const filtered = (answers[`commitments?status=${status}`] as CommitmentListItem[]).map((c) => c.id).sort();
        expect({ iso, status, ids: filtered }).toEqual({ iso, status, ids: [...oracle].filter(([, c]) => c.status === status).map(([id]) => id).sort() });
      }
      for (const id of ids.commitments) {
        // The whole commitment as it stood: past versions are folded again from the log.
        const view = answers[`/commitments/${id}`] as ({ status: string; lastEvent: unknown } & Record<string, unknown>) | null;
        const expected = oracle.get(id);
        if (view === null || !expected) {
          expect({ id, view }).toEqual({ id, view: expected ? expect.anything() : null });
          continue;
        }
        const { status, lastEvent: _lastEvent, ...state } = view;
        const { phase: _phase, ...expectedState } = expected.state;
        expect({ id, iso, status, state }).toEqual({ id, iso, status: expected.status, state: expectedState });
      }
      const pledges = pledgesAt(events, iso);
      for (const id of ids.pledges) {
        const view = answers[`/pledges/${id}`] as { status: string; outstanding: { amount: string }; overdueInstallments: unknown[] } | null;
        const expected = pledges.get(id);
        expect(view && { status: view.status, overdue: view.overdueInstallments.length }).toEqual(
          expected ? { status: expected.figures.status, overdue: expected.figures.overdueInstallments.length } : null,
        );
      }
    }
  });

  it('counts the scorecard and the summary from the same statuses the lists show', async () => {
    for (const ms of moments) {
      const iso = new Date(ms).toISOString();
      const answers = before[iso] as Record<string, unknown>;
      const oracle = [...commitmentsAt(events, iso).values()];
      for (const org of ids.organizations) {
        const scorecard = answers[`/organizations/${org}/accountability`] as { commitments: Record<string, unknown> } | null;
        if (!scorecard) continue;
        const made = oracle.filter((c) => c.state.promisor === org);
        const count = (status: string) => made.filter((c) => c.status === status).length;
        expect({ org, iso, counts: scorecard.commitments }).toMatchObject({
          org,
          iso,
          counts: {
            made: made.length,
            active: count('active'),
            overdue: count('overdue'),
            deliveredOnTime: count('delivered'),
            deliveredLate: count('delivered_late'),
            delivered: count('delivered') + count('delivered_late'),
            missed: count('missed'),
            withdrawn: count('withdrawn'),
            disputed: count('disputed'),
          },
        });
      }
    }
  });

  it('hides what was recorded after the moment asked about', async () => {
    const firstEvent = Date.parse(events[0].recordedAt);
    // Before the first event there is nothing at all.
    expect(await at(firstEvent - 1, (m) => queries.summary('upper-valley-partnership', m))).toBeNull();
    expect((await at(firstEvent - 1, (m) => queries.listCommitments({}, { limit: 50 }, m))).items).toEqual([]);
    // A proposal made six days ago does not exist the moment before it was recorded.
    const careersFair = titled('Host a health-careers fair');
    const made = Date.parse(careersFair.events[0].recordedAt);
    expect(await at(made - 1, (m) => queries.commitment(careersFair.id, m))).toBeNull();
    expect(await at(made, (m) => queries.commitment(careersFair.id, m))).toMatchObject({ id: careersFair.id, status: 'proposed' });
    const listBefore = await at(made - 1, (m) => allPages((cursor) => queries.listCommitments({ promisor: 'tri-county-college' }, { limit: 2, cursor }, m)));
    const listAfter = await at(made, (m) => allPages((cursor) => queries.listCommitments({ promisor: 'tri-county-college' }, { limit: 2, cursor }, m)));
    expect(listBefore.map((c) => c.id)).not.toContain(careersFair.id);
    expect(listAfter.map((c) => c.id)).toContain(careersFair.id);
    // The settled year's payment is not in the scorecard before it was recorded.
    const payment = events.find((e) => e.type === 'SettlementPaymentRecorded')!;
    const paidAt = Date.parse(payment.recordedAt);
    const settlementOf = async (ms: number) =>
      ((await at(ms, (m) => queries.scorecard('granite-state-health-plan', m)))!.settlements as Array<{ paid: string }>).map((s) => s.paid);
    expect(await settlementOf(paidAt - 1)).toEqual([]);
    expect(await settlementOf(paidAt)).toEqual(['100000.00']);
    // Goals: the latest measurement is the latest recorded by then.
    const goalsAt = async (ms: number) => (await at(ms, (m) => queries.summary('upper-valley-partnership', m)))!.goals;
    const measured = events.filter((e) => e.type === 'MeasurementRecorded');
    const secondQuarter = Date.parse(measured[3].recordedAt);
    expect((await goalsAt(secondQuarter)).map((g) => [g.goalId, g.latestMeasurement?.value, g.measurements])).toEqual([
      ['avoidable-ed-visits', '45.8', 2],
      ['food-insecurity-screening', '35', 2],
    ]);
  });

  it('computes derived statuses for the moment: active before the due date, overdue after, delivered late once confirmed', async () => {
    const dashboard = titled('Deliver a hospital-level dashboard');
    const dueDate = (dashboard.events[0].data as { dueDate: string }).dueDate;
    const claimed = Date.parse(dashboard.events.find((e) => e.type === 'CommitmentDeliveryClaimed')!.recordedAt);
    const confirmed = Date.parse(dashboard.events.find((e) => e.type === 'CommitmentDeliveryConfirmed')!.recordedAt);
    const statusAt = async (ms: number) => (await at(ms, (m) => queries.commitment(dashboard.id, m)))?.status;
    const endOfDueDate = Date.parse(`${dueDate}T23:59:59.999Z`);
    expect(await statusAt(endOfDueDate)).toBe('active');
    expect(await statusAt(endOfDueDate + 1)).toBe('overdue');
    expect(await statusAt(claimed - 1)).toBe('overdue');
    expect(await statusAt(claimed)).toBe('delivery_claimed');
    expect(await statusAt(confirmed - 1)).toBe('delivery_claimed');
    expect(await statusAt(confirmed)).toBe('delivered_late');
    expect(await statusAt(now)).toBe('delivered_late');
    // The status filter follows the moment too.
    const overdueIds = async (ms: number) =>
      (await at(ms, (m) => allPages((cursor) => queries.listCommitments({ statuses: ['overdue'] }, { limit: 5, cursor }, m)))).map((c) => c.id);
    expect(await overdueIds(endOfDueDate)).not.toContain(dashboard.id);
    expect(await overdueIds(endOfDueDate + 1)).toContain(dashboard.id);
    // And so do the counts: the promisor's scorecard moves it from active to overdue to late.
    const counts = async (ms: number) => (await at(ms, (m) => queries.scorecard('valley-public-health', m)))!.commitments;
    const [a, b, c] = [await counts(endOfDueDate), await counts(endOfDueDate + 1), await counts(confirmed)];
    expect([b.active - a.active, b.overdue - a.overdue]).toEqual([-1, 1]);
    expect([c.overdue - b.overdue + (c.deliveryClaimed - b.deliveryClaimed), c.deliveredLate - b.deliveredLate]).toEqual([-1, 1]);
  });

  it('answers the same through the open versions and through the versions in force at the moment', async () => {
    const { current, temporal } = await bothPaths(storage, ids, now);
    expect(current).toEqual(temporal);
  });

  it('shows the money, the rates and the goals of the summary exactly', async () => {
    const summary = (await at(now, (m) => queries.summary('upper-valley-partnership', m)))!;
    expect(summary.funds).toEqual([
      {
        currency: 'USD',
        pledged: '605000.00',
        disbursed: '457500.00',
        cancelled: '30000.00',
        outstanding: '117500.00',
        overdue: '62500.00',
        indicative: '40000.00',
      },
    ]);
    const c = summary.commitments;
    expect(c.made).toBe(30);
    expect(c.onTimeRate).toBe(percentOf(c.deliveredOnTime, c.deliveredOnTime + c.deliveredLate + c.partiallyDelivered + c.missed + c.overdue));
    // (43.6 − 48.0) / (40.0 − 48.0) = 55 %; (47 − 22) / (70 − 22) = 52.083… % (the target raised from 60 to 70 by resolution)
    expect(summary.goals.map((g) => [g.goalId, g.latestMeasurement?.value, g.achieved])).toEqual([
      ['avoidable-ed-visits', '43.6', '55.00'],
      ['food-insecurity-screening', '47', '52.08'],
    ]);
    // Formed in phase 4, in the Integrate phase (5) since the partners adopted the resolution.
    const changed = Date.parse(events.find((e) => e.type === 'PathwayPhaseChanged')!.recordedAt);
    const phaseAt = async (ms: number) => (await at(ms, (m) => queries.summary('upper-valley-partnership', m)))!.collaborative.pathwayPhase;
    expect([await phaseAt(changed - 1), await phaseAt(changed), summary.collaborative.pathwayPhase]).toEqual([4, 5, 5]);
    expect(summary.settlements).toEqual([{ currency: 'USD', shared: '298391.27', owed: '0.00', paid: '100000.00' }]);
    const hospital = (await at(now, (m) => queries.scorecard('upper-valley-health', m)))!;
    expect(hospital.riskShares[0]).toMatchObject({ shareBps: 4500, signed: true, settlements: [{ share: { currency: 'USD', amount: '134276.07' }, received: { amount: '100000.00' } }] });
    expect(hospital.settlements).toEqual([{ currency: 'USD', receivable: '134276.07', received: '100000.00', owed: '0.00', paid: '0.00' }]);
    expect(hospital.declarations).toMatchObject({ parties: 1, signed: 1, inEffect: 1 });
    expect(hospital.funds).toEqual([
      { currency: 'USD', pledged: '60000.00', disbursed: '45000.00', cancelled: '0.00', outstanding: '15000.00', overdue: '0.00', indicative: '0.00' },
    ]);
  });

  it('rebuilds every read model from the log into fresh tables, with identical rows and identical answers', async () => {
    const rowsBefore = tableContents(storage);
    const generation = (await storage.checkpoint()).generation;
    // On the calling thread, in log order (as for every storage but the embedded store's own file).
    const result = await rebuildReadModels(storage, logReaderFor(store), { parallel: false, pageSize: 33, flushRows: 40 });
    expect(result.events).toBe(events.length);
    expect(result.checkpoint).toMatchObject({ position: events.length, generation: generation + 1 });
    expect(tableContents(storage)).toEqual(rowsBefore);
    expect(await allAnswers(storage, ids, moments)).toEqual(before);
  });

  it('rebuilds them on several cores (a worker thread per shard of streams) into the very same rows', async () => {
    const rowsBefore = tableContents(storage);
    const generation = (await storage.checkpoint()).generation;
    const progress: number[] = [];
    const result = await rebuildReadModels(storage, logReaderFor(store), { parallel: 3, pageSize: 25, flushRows: 30, onProgress: (p) => progress.push(p) });
    expect(result.events).toBe(events.length);
    expect(result.checkpoint).toMatchObject({ position: events.length, generation: generation + 1 });
    expect(progress[progress.length - 1]).toBe(events.length);
    expect(tableContents(storage)).toEqual(rowsBefore);
    expect(await allAnswers(storage, ids, moments)).toEqual(before);
    // Part of history, too: up to a position, and as of a moment.
    const middle = events[99];
    const partial = await rebuildReadModels(storage, logReaderFor(store), { parallel: 2, asOf: Date.parse(middle.recordedAt) });
    const sameTime = events.filter((e) => e.recordedAt === middle.recordedAt);
    expect(partial.checkpoint.position).toBe(sameTime[sameTime.length - 1].position);
    const upTo = await rebuildReadModels(storage, logReaderFor(store), { parallel: false, toPosition: partial.checkpoint.position });
    expect(upTo.checkpoint).toMatchObject({ position: partial.checkpoint.position, recordedAt: partial.checkpoint.recordedAt });
    await rebuildReadModels(storage, logReaderFor(store), { parallel: 2 });
    expect(tableContents(storage)).toEqual(rowsBefore);
  });

  it('rebuilds them by default in one worker thread, one stream at a time, into the very same rows', async () => {
    const rowsBefore = tableContents(storage);
    const progress: number[] = [];
    // Pages of 7 events: most streams end in a later page than they start in.
    const result = await rebuildReadModels(storage, logReaderFor(store), { pageSize: 7, flushRows: 25, onProgress: (p) => progress.push(p) });
    expect(result.events).toBe(events.length);
    expect(progress.length).toBeGreaterThan(events.length / 7);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(events.length);
    expect(tableContents(storage)).toEqual(rowsBefore);
    expect(await allAnswers(storage, ids, moments)).toEqual(before);
  });

  it('`ledger replay` rebuilds them through the command line, and replays part of history into a file', async () => {
    const config = loadConfig({ ...process.env, ...env });
    const lines: string[] = [];
    const full = await runReplay(config, {}, (line) => lines.push(line));
    expect(full).toMatchObject({ swapped: true, events: events.length, checkpoint: { position: events.length } });
    expect(lines[0]).toMatch(/^replayed \d+ events/);
    expect(await allAnswers(storage, ids, moments)).toEqual(before);
    // In two worker threads; refused out of range.
    expect(await runReplay(config, { threads: 2 }, () => undefined)).toMatchObject({ swapped: true, events: events.length });
    expect(await allAnswers(storage, ids, moments)).toEqual(before);
    await expect(runReplay(config, { threads: 0 }, () => undefined)).rejects.toThrow('--threads must be a whole number from 1 to 16; got 0');

    // As of a past moment, into a file: the summary then, computed from nothing but the log.
    const asOf = new Date(moments[5]).toISOString();
    const partial = await runReplay(config, { asOf }, (line) => lines.push(line));
    expect(partial.swapped).toBe(false);
    expect(partial.location).toBe(join(dataDir, `replay-as-of-${asOf.replace(/[^0-9A-Za-z]/g, '')}.sqlite`));
    expect(partial.summaries).toEqual([(before[asOf] as Record<string, unknown>)['/collaboratives/upper-valley-partnership/summary']]);
    expect(lines.some((line) => line.startsWith('  upper-valley-partnership: '))).toBe(true);

    // Up to a position: exactly the events up to it.
    const upTo = await runReplay(config, { toPosition: 120, out: join(dataDir, 'first-120.sqlite') }, () => undefined);
    expect(upTo.checkpoint.position).toBe(120);
    const file = SqliteReadModels.openFile(join(dataDir, 'first-120.sqlite'), { streams: storeStreamReader(store) });
    const fileQueries = new ReadModelQueries(file);
    const m = momentAt(now, await file.checkpoint());
    const listed = await allPages((cursor) => fileQueries.listCommitments({}, { limit: 50, cursor }, m));
    const oracle = commitmentsAt(events.slice(0, 120), new Date(now).toISOString());
    expect(new Map(listed.map((c) => [c.id, c.status]))).toEqual(new Map([...oracle].map(([id, c]) => [id, c.status])));
    // Past states in a file of its own are folded again from the log through the event-store port.
    const earlier = Date.parse(events[60].recordedAt);
    const then = await allPages((cursor) => fileQueries.listCommitments({}, { limit: 50, cursor }, momentAt(earlier, { recordedAt: Number.MAX_SAFE_INTEGER })));
    const oracleThen = commitmentsAt(events.slice(0, 120), new Date(earlier).toISOString());
    expect(then.map((c) => ({ id: c.id, status: c.status, progressReports: c.progressReports }))).toEqual(
      [...oracleThen]
        .sort(([a, x], [b, y]) => (x.state.dueDate === y.state.dueDate ? (a < b ? -1 : 1) : x.state.dueDate < y.state.dueDate ? -1 : 1))
        .map(([id, c]) => ({ id, status: c.status, progressReports: c.state.progress.length })),
    );
    await file.close();
    // The ledger's own read models were left as they were.
    expect((await storage.checkpoint()).position).toBe(events.length);
  });

  it('refuses bad bounds before touching anything', async () => {
    const config = loadConfig({ ...process.env, ...env });
    await expect(runReplay(config, { asOf: 'yesterday' })).rejects.toThrow(/--as-of must be an ISO 8601 instant/);
    await expect(runReplay(config, { toPosition: -1 })).rejects.toThrow(/--to-position must be a position/);
  });

  it('keeps a new event out of answers about moments before it, and in answers about the present', async () => {
    const projector = new Projector(store, storage);
    await projector.start();
    try {
      const dashboard = titled('Deliver a hospital-level dashboard');
      const pastMoment = now - 30 * DAY;
      const beforeProgress = await at(pastMoment, (m) => queries.commitment(dashboard.id, m));
      await store.append(`commitment-${dashboard.id}`, [
        {
          eventId: '0190b6a4-0000-7000-8000-000000000001',
          type: 'CommitmentProgressReported',
          schemaVersion: 1,
          data: { commitmentId: dashboard.id, note: 'Dashboard now refreshed weekly' },
          actor: { type: 'organization', organizationId: 'valley-public-health', role: 'steward' },
          correlationId: 'test',
          causationId: null,
        },
      ]);
      expect(await projector.catchUp(5000)).toBe(true);
      expect(await at(pastMoment, (m) => queries.commitment(dashboard.id, m))).toEqual(beforeProgress);
      const present = await at(Date.now() + 1000, (m) => queries.commitment(dashboard.id, m));
      expect(present?.progress.map((p) => p.note)).toEqual(['Dashboard now refreshed weekly']);
      expect(present?.lastEvent.position).toBe(events.length + 1);
    } finally {
      await projector.stop();
    }
  });
});

function percentOf(n: number, d: number): string {
  return (Math.round((n / d) * 10000) / 100).toFixed(2);
}

/** Every row of every read-model table, in a stable order. */
function tableContents(storage: SqliteReadModels): Record<string, unknown[]> {
  const contents: Record<string, unknown[]> = {};
  for (const table of VERSIONED_TABLES) {
    contents[table] = storage.connection.prepare(`SELECT * FROM ${table}`).all().map((row) => JSON.stringify(row)).sort();
  }
  return contents;
}
