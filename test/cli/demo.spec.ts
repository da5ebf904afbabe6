import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commitmentDecider,
  commitmentStatus,
  pledgeDecider,
  pledgeFigures,
  RECORDS,
  upcast,
  type CommitmentState,
  type PledgeState,
} from '@ledger/domain';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { OPERATOR, openLedgerInProcess } from '../../apps/ledger/src/in-process';
import { DemoStepError, loadDemo } from '../../apps/cli/src/demo/demo-loader';
import { DemoPlan } from '../../apps/cli/src/demo/demo-plan';
import { DEMO_ORGANIZATIONS } from '../../apps/cli/src/demo/upper-valley-partnership';

/**
 * `ledger demo` loads the Upper Valley partnership through the ledger's command handler, in
 * process (no HTTP, no API keys). The statuses below are folded from the stored events with the
 * domain's own evolve, independently of the loader.
 */
describe('ledger demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  const saved = { ...process.env };
  let events: RecordedEvent[];
  let first: Awaited<ReturnType<typeof loadDemo>>;

  beforeAll(async () => {
    Object.assign(process.env, { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite' });
    delete process.env.LEDGER_KAFKA_BROKERS;
    first = await loadDemo();
    const store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    events = await store.readAll({ after: 0, limit: 100_000 });
    await store.close();
  }, 60_000);

  afterAll(() => {
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads every step into an empty ledger, recorded over the past months in time order', () => {
    expect(first).toMatchObject({ loaded: true, simulatedHistory: true });
    expect(first.events).toBe(events.length);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    const times = events.map((e) => e.recordedAt);
    expect([...times].sort()).toEqual(times);
    const days = (Date.now() - Date.parse(times[0])) / 86_400_000;
    expect(days).toBeGreaterThan(400);
    expect(Date.parse(times[times.length - 1])).toBeLessThan(Date.now());
  });

  it('acts in process as the operator or the organizations themselves, without API keys', () => {
    expect(events.filter((e) => e.type.startsWith('ApiKey'))).toEqual([]);
    const actors = events.map((e) => e.actor);
    expect(actors.filter((a) => a.type === 'organization' && 'keyId' in a)).toEqual([]);
    expect(new Set(actors.map((a) => a.type))).toEqual(new Set(['operator', 'organization', 'ledger']));
  });

  it('has eight or more organizations of different sectors in a collaborative in the Integrate phase', () => {
    const registered = events.filter((e) => e.type === 'OrganizationRegistered');
    expect(registered.length).toBeGreaterThanOrEqual(8);
    expect(new Set(registered.map((e) => (e.data as { sector: string }).sector)).size).toBeGreaterThanOrEqual(8);
    const formed = events.find((e) => e.type === 'CollaborativeFormed');
    expect((formed?.data as { pathwayPhase: number }).pathwayPhase).toBe(5);
    const roles = events.filter((e) => e.type === 'MemberAdmitted').map((e) => (e.data as { role: string }).role);
    expect(new Set(roles)).toEqual(new Set(['steward', 'member', 'auditor', 'observer']));
    expect(roles).toHaveLength(DEMO_ORGANIZATIONS.length);
  });

  it('has two shared goals with measurements and a declaration signed by all that took effect', () => {
    expect(events.filter((e) => e.type === 'SharedGoalAdopted')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'MeasurementRecorded').length).toBeGreaterThanOrEqual(8);
    const drafted = events.find((e) => e.type === 'DeclarationDrafted');
    const parties = (drafted?.data as { parties: string[] }).parties;
    expect(events.filter((e) => e.type === 'DeclarationSigned').map((e) => e.actor.organizationId).sort()).toEqual([...parties].sort());
    expect(events.filter((e) => e.type === 'DeclarationTookEffect')).toHaveLength(1);
  });

  it('has a few dozen commitments, ending in every status, some late, one disputed and resolved', () => {
    const now = new Date().toISOString();
    const statuses = foldCommitments(events, now).map((c) => c.status);
    expect(statuses.length).toBeGreaterThanOrEqual(24);
    expect(new Set(statuses)).toEqual(
      new Set(['proposed', 'declined', 'active', 'overdue', 'delivery_claimed', 'disputed', 'delivered', 'delivered_late', 'partially_delivered', 'missed', 'withdrawn']),
    );
    expect(statuses.filter((s) => s === 'delivered_late').length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 'overdue').length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.type === 'CommitmentDisputeResolved').length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.type === 'CommitmentRevisionAccepted')).toHaveLength(1);
  });

  it('has a history to travel back through: an overdue commitment was active before its due date', () => {
    const now = foldCommitments(events, new Date().toISOString());
    const overdue = now.find((c) => c.status === 'overdue')!;
    const dayBeforeDue = `${shiftDays(overdue.state.dueDate, -1)}T23:00:00.000Z`;
    const then = foldCommitments(events, dayBeforeDue).find((c) => c.state.id === overdue.state.id);
    expect(then?.status).toBe('active');
  });

  it('has funding pledges with disbursements and receipts, amended, cancelled and fulfilled', () => {
    const statuses = foldPledges(events).map((p) => p.status);
    expect(new Set(statuses)).toEqual(new Set(['open', 'partially_disbursed', 'fulfilled', 'cancelled']));
    expect(events.filter((e) => e.type === 'PledgeDisbursementRecorded').length).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e.type === 'PledgeReceiptConfirmed').length).toBeGreaterThanOrEqual(4);
    expect(events.some((e) => e.type === 'PledgeAmended')).toBe(true);
    expect(foldPledges(events).some((p) => p.overdueInstallments > 0)).toBe(true);
  });

  it('has a two-sided shared-risk agreement that took effect, with a settled period and a payment', () => {
    const proposed = events.find((e) => e.type === 'RiskAgreementProposed');
    expect((proposed?.data as { model: string }).model).toBe('two_sided');
    expect(events.some((e) => e.type === 'RiskAgreementTookEffect')).toBe(true);
    const settled = events.find((e) => e.type === 'SettlementDetermined')?.data as { pool: { amount: string }; parts: Array<{ amount: { amount: string } }> };
    const sum = settled.parts.reduce((total, p) => total + BigInt(p.amount.amount.replace('.', '')), 0n);
    expect(sum).toBe(BigInt(settled.pool.amount.replace('.', '')));
    expect(BigInt(settled.pool.amount.replace('.', ''))).toBeGreaterThan(0n);
    expect(events.some((e) => e.type === 'SettlementPaymentRecorded')).toBe(true);
  });

  it('appends nothing when loaded again', async () => {
    const again = await loadDemo();
    expect(again).toMatchObject({ loaded: false, events: 0 });
    const store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    expect((await store.head()).position).toBe(events.length);
    await store.close();
  }, 60_000);
});

function foldCommitments(events: RecordedEvent[], asOf: string) {
  const states = new Map<string, CommitmentState | null>();
  for (const event of events) {
    if (!event.streamId.startsWith('commitment-') || event.recordedAt > asOf) continue;
    const state = states.get(event.streamId) ?? commitmentDecider.initialState();
    states.set(event.streamId, commitmentDecider.evolve(state, domainEvent(event) as never));
  }
  return [...states.values()].map((state) => ({ state: state!, status: commitmentStatus(state!, asOf) }));
}

function foldPledges(events: RecordedEvent[]) {
  const states = new Map<string, PledgeState | null>();
  for (const event of events) {
    if (!event.streamId.startsWith('pledge-')) continue;
    states.set(event.streamId, pledgeDecider.evolve(states.get(event.streamId) ?? pledgeDecider.initialState(), domainEvent(event) as never));
  }
  return [...states.values()].map((state) => {
    const figures = pledgeFigures(state!, new Date().toISOString());
    return { status: figures.status, overdueInstallments: figures.overdueInstallments.length };
  });
}

function domainEvent(event: RecordedEvent) {
  return { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) };
}

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('ledger demo into a ledger that is not empty, and a refused step', () => {
  const saved = { ...process.env };
  const dirs: string[] = [];

  /** A fresh sqlite ledger in its own data folder; its events once `run` is done. */
  async function inNewLedger(run: () => Promise<void>): Promise<RecordedEvent[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
    dirs.push(dataDir);
    Object.assign(process.env, { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite' });
    delete process.env.LEDGER_KAFKA_BROKERS;
    await run();
    const store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    const events = await store.readAll({ after: 0, limit: 100_000 });
    await store.close();
    return events;
  }

  afterAll(() => {
    process.env = saved;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('records every step now when the ledger already holds other events', async () => {
    let result: Awaited<ReturnType<typeof loadDemo>> | undefined;
    let started = '';
    const events = await inNewLedger(async () => {
      const ledger = await openLedgerInProcess();
      try {
        await ledger.send(RECORDS.organization, 'someone-else', { type: 'RegisterOrganization', data: { id: 'someone-else', name: 'Someone Else', sector: 'other' } }, OPERATOR);
      } finally {
        await ledger.close();
      }
      started = new Date().toISOString();
      result = await loadDemo();
    });
    expect(result).toMatchObject({ loaded: true, simulatedHistory: false, events: events.length - 1 });
    expect(events.slice(1).every((e) => e.recordedAt >= started)).toBe(true);
  }, 60_000);

  it('throws DemoStepError naming the step and the ledger\'s refusal, appending nothing for it', async () => {
    const plan = () =>
      new DemoPlan()
        .send(-2, 'operator', RECORDS.organization, 'acme', { type: 'RegisterOrganization', data: { id: 'acme', name: 'Acme', sector: 'other' } })
        .send(-1, { org: 'acme' }, RECORDS.organization, 'other', { type: 'RegisterOrganization', data: { id: 'other', name: 'Other', sector: 'other' } });
    let thrown: unknown;
    const events = await inNewLedger(async () => {
      thrown = await loadDemo({ plan }).catch((error: unknown) => error);
    });
    expect(thrown).toBeInstanceOf(DemoStepError);
    expect((thrown as Error).message).toMatch(/^demo step RegisterOrganization to organization-other as acme \(day -1\) was refused: only the operator /);
    expect(events.map((e) => e.streamId)).toEqual(['organization-acme']);
  }, 60_000);
});
