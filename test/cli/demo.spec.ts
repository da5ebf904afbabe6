import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  collaborativeDecider,
  commitmentDecider,
  commitmentStatus,
  meetingDecider,
  outcomeIsSettled,
  pledgeDecider,
  pledgeFigures,
  RECORDS,
  resolutionDecider,
  resolutionStatus,
  ruleInForce,
  upcast,
  type CollaborativeState,
  type CommitmentState,
  type Decider,
  type MeetingState,
  type PledgeState,
  type ResolutionState,
} from '@ledger/domain';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { memberSignatureCheck, storeEvents, verifyLog } from '@ledger/integrity';
import { OPERATOR, openLedgerInProcess } from '../../apps/ledger/src/in-process';
import { DemoStepError, loadDemo } from '../../apps/cli/src/demo/demo-loader';
import { DemoPlan } from '../../apps/cli/src/demo/demo-plan';
import { DEMO_ADMITTED_BY_VOTE, DEMO_CHARTER, DEMO_COLLABORATIVE_ID, DEMO_ORGANIZATIONS } from '../../apps/cli/src/demo/upper-valley-partnership';

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
    // The collaborative acts too, by resolution: the acts of its adopted resolutions.
    expect(new Set(actors.map((a) => a.type))).toEqual(new Set(['operator', 'organization', 'ledger', 'collaborative']));
  });

  it('has eight or more organizations of different sectors in a collaborative now in the Integrate phase', () => {
    const registered = events.filter((e) => e.type === 'OrganizationRegistered');
    expect(registered.length).toBeGreaterThanOrEqual(8);
    expect(new Set(registered.map((e) => (e.data as { sector: string }).sector)).size).toBeGreaterThanOrEqual(8);
    const formed = events.find((e) => e.type === 'CollaborativeFormed');
    // Formed in phase 4; it entered the Integrate phase by resolution (below).
    expect((formed?.data as { pathwayPhase: number }).pathwayPhase).toBe(4);
    expect(collaborative(events).pathwayPhase).toBe(5);
    const admitted = events.filter((e) => e.type === 'MemberAdmitted');
    const roles = admitted.map((e) => (e.data as { role: string }).role);
    expect(new Set(roles)).toEqual(new Set(['steward', 'member', 'auditor', 'observer']));
    // The founding members by the operator, who convenes the collaborative; one more by a vote of the members.
    expect(admitted.filter((e) => e.actor.type === 'operator').map((e) => (e.data as { organizationId: string }).organizationId)).toEqual(DEMO_ORGANIZATIONS.map((o) => o.id));
    const byVote = admitted.filter((e) => e.actor.type === 'collaborative');
    expect(byVote.map((e) => e.data)).toEqual([
      { collaborativeId: DEMO_COLLABORATIVE_ID, organizationId: DEMO_ADMITTED_BY_VOTE.id, role: 'member', resolutionId: expect.any(String) },
    ]);
    expect(resolutions(events).get((byVote[0].data as { resolutionId: string }).resolutionId)).toMatchObject({ matter: 'admit_member', status: 'adopted', rule: { decidedBy: 'members' } });
  });

  it('has two shared goals with measurements, one revised by resolution, and a declaration signed by all that took effect', () => {
    expect(events.filter((e) => e.type === 'SharedGoalAdopted')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'MeasurementRecorded').length).toBeGreaterThanOrEqual(8);
    const revised = events.filter((e) => e.type === 'SharedGoalRevised');
    expect(revised.map((e) => [(e.data as { goalId: string }).goalId, e.actor.type])).toEqual([['food-insecurity-screening', 'collaborative']]);
    const drafted = events.find((e) => e.type === 'DeclarationDrafted' && (e.data as { title: string }).title.startsWith('Upper Valley Declaration'));
    const parties = (drafted?.data as { parties: string[] }).parties;
    const signedBy = (streamId: string) => events.filter((e) => e.type === 'DeclarationSigned' && e.streamId === streamId).map((e) => e.actor.organizationId).sort();
    expect(signedBy(drafted!.streamId)).toEqual([...parties].sort());
    // It and the older memorandum took effect; the memorandum was later terminated by resolution (below).
    expect(events.filter((e) => e.type === 'DeclarationTookEffect').map((e) => e.streamId)).toContain(drafted!.streamId);
    expect(events.filter((e) => e.type === 'DeclarationTookEffect')).toHaveLength(2);
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

  it('adopted a charter at formation, set by the operator before any member was admitted, and amended it once by resolution', () => {
    const stream = events.filter((e) => e.streamId === `collaborative-${DEMO_COLLABORATIVE_ID}`);
    expect(stream.slice(0, 3).map((e) => e.type)).toEqual(['CollaborativeFormed', 'CharterAdopted', 'MemberAdmitted']);
    expect(stream[1].actor.type).toBe('operator');
    expect((stream[1].data as { rules: unknown }).rules).toEqual(DEMO_CHARTER);
    const amended = stream.filter((e) => e.type === 'CharterAmended');
    expect(amended).toHaveLength(1);
    expect(resolutions(events).get((amended[0].data as { resolutionId: string }).resolutionId)).toMatchObject({ matter: 'amend_charter', status: 'adopted' });
    const state = collaborative(events);
    expect(state.charterAdopted).toBe(true);
    // The charter in force: the formation's rules, and the amendment's (disputes by a vote of the stewards).
    expect(ruleInForce(state, 'terminate_declaration')).toMatchObject({ decidedBy: 'stewards', thresholdPct: '66.67' });
    expect(ruleInForce(state, 'admit_member', 'member')).toMatchObject({ decidedBy: 'members' });
    expect(ruleInForce(state, 'adjudicate_dispute')).toMatchObject({ decidedBy: 'stewards' });
    // Before the amendment, a steward in no conflict resolved a dispute alone; after it, the stewards voted.
    const resolved = events.filter((e) => e.type === 'CommitmentDisputeResolved');
    expect(resolved.map((e) => [e.actor.type, e.recordedAt < amended[0].recordedAt])).toEqual([
      ['organization', true],
      ['collaborative', false],
    ]);
  });

  it('entered the Integrate phase by an adopted resolution: the phase history goes 4 → 5', () => {
    const history = collaborative(events).phaseHistory;
    expect(history.map((p) => p.pathwayPhase)).toEqual([4, 5]);
    expect(history[0]).toEqual({ pathwayPhase: 4, from: (events.find((e) => e.type === 'CollaborativeFormed')!.data as { formedAt: string }).formedAt });
    const changed = events.find((e) => e.type === 'PathwayPhaseChanged')!;
    expect(history[1]).toEqual({ pathwayPhase: 5, from: (changed.data as { from: string }).from, resolutionId: expect.any(String) });
    expect(changed.actor).toEqual({ type: 'collaborative', collaborativeId: DEMO_COLLABORATIVE_ID, resolutionId: history[1].resolutionId });
    expect(resolutions(events).get(history[1].resolutionId!)).toMatchObject({ matter: 'change_phase', status: 'adopted', rule: { decidedBy: 'members', thresholdPct: '66.67' } });
  });

  it('has a dozen resolutions, each proposed, voted by eligible organizations on their own days and closed by a steward: adopted, rejected, lapsed, withdrawn, one still open', () => {
    const now = new Date().toISOString();
    const all = [...resolutions(events).values()];
    expect(all.length).toBeGreaterThanOrEqual(12);
    const statuses = all.map((r) => resolutionStatus(r, now));
    expect(new Set(statuses)).toEqual(new Set(['adopted', 'rejected', 'lapsed', 'withdrawn', 'voting']));
    expect(statuses.filter((s) => s === 'adopted').length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((r) => r.matter))).toEqual(
      new Set(['change_phase', 'general', 'terminate_declaration', 'admit_member', 'amend_charter', 'revise_goal', 'adjudicate_dispute', 'close_commitment_as_missed']),
    );
    const rejected = all.find((r) => r.status === 'rejected')!;
    expect(rejected.closure!.tally.against).toBeGreaterThan(rejected.closure!.tally.for);
    const lapsed = all.find((r) => r.status === 'lapsed')!;
    expect(lapsed.closure!.tally).toMatchObject({ quorumMet: false });
    expect(lapsed.closure!.tally.notVoted).toBeGreaterThan(lapsed.closure!.tally.eligible / 2);
    for (const r of all) {
      // Each vote is an event of the organization itself, from the electorate, not recused, before voting closed.
      for (const vote of events.filter((e) => e.type === 'VoteCast' && e.streamId === `resolution-${r.id}`)) {
        const { organizationId } = vote.data as { organizationId: string };
        expect(vote.actor).toMatchObject({ type: 'organization', organizationId });
        expect(r.electorate).toContain(organizationId);
        expect(r.recusals.has(organizationId)).toBe(false);
        expect(vote.recordedAt < r.votingClosesAt).toBe(true);
      }
      // Closed by a steward once voting had closed, or early only when no remaining vote could change the outcome.
      if (r.closure) expect(r.closure.early ? outcomeIsSettled(r.closure.tally, r.rule) : r.closure.closedAt >= r.votingClosesAt).toBe(true);
    }
    // Votes on their own simulated days.
    const voteDays = new Set(events.filter((e) => e.type === 'VoteCast').map((e) => e.recordedAt.slice(0, 10)));
    expect(voteDays.size).toBeGreaterThan(30);
    // A self-recusal with its reason, and the ledger's own recusals of the parties.
    const selfRecused = all.flatMap((r) => [...r.recusals.values()].filter((x) => !x.automatic));
    expect(selfRecused.length).toBeGreaterThanOrEqual(1);
    expect(selfRecused[0].reason).toMatch(/\w/);
    expect(all.find((r) => r.status === 'withdrawn')!.withdrawal).toMatchObject({ reason: expect.any(String) });
  });

  it('carried out the adopted resolutions: each act caused by the adoption and acted by the collaborative by resolution', () => {
    const all = resolutions(events);
    const caused = (type: string) => {
      const event = events.find((e) => e.type === type && e.actor.type === 'collaborative')!;
      const actor = event.actor as { type: string; resolutionId: string };
      const closed = events.find((e) => e.type === 'ResolutionClosed' && e.streamId === `resolution-${actor.resolutionId}`)!;
      expect({ type, causationId: event.causationId, actor: event.actor, position: event.position }).toEqual({
        type,
        causationId: closed.eventId,
        actor: { type: 'collaborative', collaborativeId: DEMO_COLLABORATIVE_ID, resolutionId: actor.resolutionId },
        position: closed.position + 1,
      });
      return { event, resolution: all.get(actor.resolutionId)! };
    };
    // The memorandum terminated by a 2/3 vote of the stewards.
    const terminated = caused('DeclarationTerminated');
    expect(terminated.resolution).toMatchObject({ matter: 'terminate_declaration', status: 'adopted', rule: { decidedBy: 'stewards', thresholdPct: '66.67' } });
    expect(events.find((e) => e.type === 'DeclarationDrafted' && e.streamId === terminated.event.streamId)!.data).toMatchObject({ title: expect.stringMatching(/memorandum/) });
    // The dispute over a steward's own commitment adjudicated with that steward recused by the ledger.
    const adjudicated = caused('CommitmentDisputeResolved');
    const promisor = (events.find((e) => e.type === 'CommitmentMade' && e.streamId === adjudicated.event.streamId)!.data as { promisor: string }).promisor;
    expect(adjudicated.resolution.electorate).toContain(promisor);
    expect(adjudicated.resolution.recusals.get(promisor)).toMatchObject({ automatic: true });
    expect(adjudicated.resolution.closure!.tally).toMatchObject({ recused: 1, for: 1 });
    // And the rest.
    expect(caused('CommitmentClosedAsMissed').resolution.matter).toBe('close_commitment_as_missed');
    expect(caused('PathwayPhaseChanged').resolution.matter).toBe('change_phase');
    expect(caused('CharterAmended').resolution.matter).toBe('amend_charter');
    expect(caused('SharedGoalRevised').resolution.matter).toBe('revise_goal');
  });

  it('recorded the quarterly meetings that took the resolutions up, after they were held, with their minutes', () => {
    const meetings = [...fold<MeetingState | null>(events, 'meeting-', meetingDecider as never).values()] as MeetingState[];
    expect(meetings.length).toBeGreaterThanOrEqual(4);
    const all = resolutions(events);
    for (const m of meetings) {
      const recorded = events.find((e) => e.type === 'MeetingRecorded' && e.streamId === `meeting-${m.id}`)!;
      expect(m.heldOn <= recorded.recordedAt.slice(0, 10)).toBe(true);
      expect(m.minutesSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.resolutionIds?.every((id) => all.has(id))).toBe(true);
    }
    // Every resolution but the one still open was taken up at a meeting, or proposed at one.
    const takenUp = new Set([...meetings.flatMap((m) => m.resolutionIds ?? []), ...[...all.values()].filter((r) => r.meetingId).map((r) => r.id)]);
    expect([...all.values()].filter((r) => !takenUp.has(r.id)).map((r) => r.status)).toEqual(['open']);
  });

  it('verifies, governance and all: every hash, the chain, and every member signature (ledger verify\'s checks)', async () => {
    const store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    try {
      const report = await verifyLog(storeEvents(store), { eventChecks: [memberSignatureCheck()] });
      expect(report).toMatchObject({ ok: true, treeSize: events.length });
    } finally {
      await store.close();
    }
    expect(events.filter((e) => e.streamId.startsWith('resolution-') || e.streamId.startsWith('meeting-')).length).toBeGreaterThan(40);
  }, 60_000);

  it('appends nothing when loaded again', async () => {
    const again = await loadDemo();
    expect(again).toMatchObject({ loaded: false, events: 0 });
    const store = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    expect((await store.head()).position).toBe(events.length);
    await store.close();
  }, 60_000);
});

/** The states of every record whose stream starts with `prefix`, folded with the domain's own evolve, by id. */
function fold<S>(events: RecordedEvent[], prefix: string, decider: Pick<Decider<never, never, S, never>, 'evolve' | 'initialState'>): Map<string, S> {
  const states = new Map<string, S>();
  for (const event of events) {
    if (!event.streamId.startsWith(prefix)) continue;
    const id = event.streamId.slice(prefix.length);
    states.set(id, decider.evolve(states.get(id) ?? decider.initialState(), domainEvent(event) as never));
  }
  return states;
}

function collaborative(events: RecordedEvent[]): CollaborativeState {
  return fold(events, 'collaborative-', collaborativeDecider as never).get(DEMO_COLLABORATIVE_ID) as CollaborativeState;
}

function resolutions(events: RecordedEvent[]): Map<string, ResolutionState> {
  return fold(events, 'resolution-', resolutionDecider as never) as Map<string, ResolutionState>;
}

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
    // Recorded now, no voting period can have ended: every resolution closes early, its outcome
    // settled, but the one that lapses for want of votes, which is left open, voting.
    expect(result!.leftOut).toEqual([expect.stringMatching(/lapses for want of quorum/)]);
    const all = [...resolutions(events).values()];
    expect(all.filter((r) => r.closure).every((r) => r.closure!.early)).toBe(true);
    expect(new Set(all.map((r) => r.status))).toEqual(new Set(['adopted', 'rejected', 'withdrawn', 'open']));
    expect(all.filter((r) => r.status === 'open')).toHaveLength(2);
    expect(collaborative(events).phaseHistory.map((p) => p.pathwayPhase)).toEqual([4, 5]);
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
