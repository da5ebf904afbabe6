import { CommandBus } from '@nestjs/cqrs';
import { actCommand, evolveAll, RECORDS, streamIdOf, utcDateOf, type Command, type RecordType, type ResolutionState } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { RecordCommand, type CommandOutcome } from '../../apps/ledger/src/commands/record-command';
import type { Principal } from '../../apps/ledger/src/commands/principal';
import { EVENT_STORE } from '../../apps/ledger/src/infrastructure/tokens';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Listing<T = Record<string, unknown>> = { items: T[]; nextCursor: string | null; asOf: string };
type Resolution = {
  id: string;
  status: string;
  outcome: string | null;
  tally: Record<string, number | boolean>;
  votes?: Array<{ organizationId: string; choice: string; castAt: string }>;
  actEvents: Array<{ position: number; streamId: string; type: string }>;
  [k: string]: unknown;
};

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The governance queries over HTTP: a small story — a charter, a resolution to change the pathway
 * phase voted on and adopted (its act carried out on the collaborative), a policy that lapses once
 * its voting time is over, a removal withdrawn, a meeting — driven through the ledger's command
 * handler (the resolution commands' HTTP paths are another part of the work), and every governance
 * query asked as of moments before and after the votes and the closures, as each kind of reader.
 */
describe('governance queries over HTTP', () => {
  // The ledger's clock, a month back to begin with, moved on when voting time must pass.
  let offset = -30 * DAY;
  const clock = () => new Date(Date.now() + offset);
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  let bus: CommandBus;
  let store: EventStore;

  const collaborative = 'gv';
  const [s1, s2, s3] = ['gv-steward-one', 'gv-steward-two', 'gv-steward-three'];
  const member = 'gv-member';
  const auditor = 'gv-auditor';
  const observer = 'gv-observer';
  const outsider = 'gv-outsider';

  const as = (organizationId: string): Principal => ({ kind: 'organization', organizationId });
  const send = (record: RecordType, id: string, command: Command, principal: Principal) =>
    bus.execute(new RecordCommand(record, id, command, { principal, options: {} })) as Promise<CommandOutcome>;
  const resolution = (id: string, organizationId: string, type: string, data: Record<string, unknown> = {}) => send(RECORDS.resolution, id, { type, data }, as(organizationId));
  /** An instant strictly between what came before and what comes after. */
  const instant = async () => {
    await sleep(3);
    const at = clock().toISOString();
    await sleep(3);
    return at;
  };
  const q = (iso: string) => encodeURIComponent(iso);

  /** Closes a resolution as a steward; an adopted one's acts are carried out in the closure's commit. */
  async function close(id: string, steward: string): Promise<void> {
    const closed = await resolution(id, steward, 'CloseResolution');
    const closure = closed.body.events.find((e) => e.type === 'ResolutionClosed')!;
    const state = evolveAll(RECORDS.resolution.decider, (await store.readStream(streamIdOf('resolution', id))).map((e) => ({ type: e.type, data: e.data }))) as ResolutionState;
    if (state.closure?.outcome !== 'adopted') return;
    for (const act of state.acts) {
      const { record, id: target } = actCommand(act, state.collaborativeId);
      const carried = (await store.readStream(streamIdOf(record, target))).filter((e) => e.causationId === closure.eventId);
      expect(carried.length).toBeGreaterThan(0);
    }
  }


  // Moments of the story.
  const at: Record<string, string> = {};

  beforeAll(async () => {
    ledger = await startLedger({}, { clock });
    http = client(ledger.baseUrl);
    bus = ledger.app.get(CommandBus);
    store = ledger.app.get<EventStore>(EVENT_STORE);
    const roles: Array<[string, string | null]> = [
      [s1, 'steward'],
      [s2, 'steward'],
      [s3, 'steward'],
      [member, 'member'],
      [auditor, 'auditor'],
      [observer, 'observer'],
      [outsider, null],
    ];
    for (const [id] of roles) expect((await http.asOperator('/organizations', { id, name: id, sector: 'hospital' })).status).toBe(201);
    expect((await http.asOperator('/collaboratives', { id: collaborative, name: 'Granite Valley', region: 'Granite Valley', pathwayPhase: 4 })).status).toBe(201);
    for (const [organizationId, role] of roles) {
      if (role) expect((await http.asOperator(`/collaboratives/${collaborative}/members`, { organizationId, role })).status).toBe(200);
    }
    for (const [id] of roles) await http.keyOf(id);

    at.beforeCharter = await instant();
    // The operator's first charter: general matters to a vote of the stewards, over three days.
    await send(RECORDS.collaborative, collaborative, { type: 'SetCharter', data: { rules: [{ matter: 'general', decidedBy: 'stewards', votingDays: 3 }] } }, { kind: 'operator' });
    at.beforeProposals = await instant();
    await resolution('r-phase', s1, 'ProposeResolution', {
      id: 'r-phase',
      collaborativeId: collaborative,
      title: 'Enter the Integrate phase',
      matter: 'change_phase',
      acts: [{ type: 'change_phase', pathwayPhase: 5, reason: 'The stewardship group now holds authority' }],
    });
    await sleep(3);
    await resolution('r-policy', s2, 'ProposeResolution', { id: 'r-policy', collaborativeId: collaborative, title: 'Data-sharing policy', text: 'Members share quarterly data.', matter: 'general' });
    at.beforeVotes = await instant();
    await resolution('r-phase', s1, 'CastVote', { choice: 'for' });
    at.afterFirstVote = await instant();
    await resolution('r-phase', s2, 'CastVote', { choice: 'for' });
    await resolution('r-phase', s3, 'CastVote', { choice: 'against', reason: 'Too early' });
    await resolution('r-policy', s1, 'CastVote', { choice: 'for' });
    at.beforeClosure = await instant();
    // Everyone voted: no remaining vote can change the outcome, so a steward closes it early.
    await close('r-phase', s2);
    at.afterClosure = await instant();
    // A removal the ledger recuses s3 from, withdrawn by its proposer.
    await resolution('r-remove', s1, 'ProposeResolution', {
      id: 'r-remove',
      collaborativeId: collaborative,
      title: 'Remove the third steward',
      matter: 'remove_member',
      acts: [{ type: 'remove_member', organizationId: s3, reason: 'Left the region' }],
    });
    await resolution('r-remove', s1, 'WithdrawResolution', { reason: 'Stays after all' });
    await send(
      RECORDS.meeting,
      'm-board',
      {
        type: 'RecordMeeting',
        data: { id: 'm-board', collaborativeId: collaborative, heldOn: utcDateOf(clock().toISOString()), title: 'Board meeting', attendees: [s1, s2, member], resolutionIds: ['r-phase', 'r-policy'], minutesSummary: 'Phase 5 adopted' },
      },
      as(s1),
    );
    // Four days on: the policy's three voting days are over, and it awaits closure.
    offset += 4 * DAY;
    at.awaitingClosure = await instant();
    await close('r-policy', s3);
    at.end = await instant();
  }, 60_000);

  afterAll(async () => {
    await ledger?.close();
  });

  it('answers the charter as it stood: the default charter, then the rules the charter sets, every matter marked', async () => {
    const before = await http.get<{ charterAdopted: boolean; rules: Array<{ matter: string; decidedBy: string; source: string; votingDays: number }>; asOf: string }>(
      `/collaboratives/${collaborative}/charter?asOf=${q(at.beforeCharter)}`,
    );
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ collaborativeId: collaborative, charterAdopted: false, asOf: at.beforeCharter });
    expect(before.body.rules.every((rule) => rule.source === 'default')).toBe(true);
    expect(before.body.rules.map((rule) => rule.matter)).toEqual(expect.arrayContaining(['admit_member', 'amend_charter', 'general', 'change_phase']));
    const now = await http.getAs(observer)<{ charterAdopted: boolean; rules: Array<{ matter: string; decidedBy: string; source: string; votingDays: number }> }>(`/collaboratives/${collaborative}/charter`);
    expect(now.status).toBe(200);
    expect(now.body.charterAdopted).toBe(true);
    expect(now.body.rules.find((rule) => rule.matter === 'general')).toEqual({ matter: 'general', decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 3, source: 'charter' });
    expect(now.body.rules.find((rule) => rule.matter === 'change_phase')).toMatchObject({ decidedBy: 'stewards', source: 'default' });
    expect((await http.getAs(outsider)(`/collaboratives/${collaborative}/charter`)).status).toBe(403);
    expect((await http.get('/collaboratives/no-such-place/charter')).body).toMatchObject({ status: 404, code: 'collaborative_not_found' });
    expect((await http.get(`/collaboratives/${collaborative}/charter?asOf=2000-01-01T00:00:00Z`)).status).toBe(404);
  });

  it('answers a resolution with its tally as of before a vote, after it, and after the closure, with its act carried out', async () => {
    const path = `/resolutions/r-phase`;
    const beforeVotes = await http.get<Resolution>(`${path}?asOf=${q(at.beforeVotes)}`);
    expect(beforeVotes.status).toBe(200);
    expect(beforeVotes.body).toMatchObject({
      id: 'r-phase',
      collaborativeId: collaborative,
      title: 'Enter the Integrate phase',
      matter: 'change_phase',
      proposedBy: s1,
      status: 'voting',
      outcome: null,
      tally: { eligible: 3, for: 0, against: 0, abstain: 0, recused: 0, notVoted: 3, quorumMet: false, thresholdMet: false },
      votes: [],
      electorate: [s1, s3, s2].sort(),
      recusals: [],
      actEvents: [],
      asOf: at.beforeVotes,
    });
    const afterFirstVote = await http.get<Resolution>(`${path}?asOf=${q(at.afterFirstVote)}`);
    expect(afterFirstVote.body).toMatchObject({ status: 'voting', tally: { for: 1, notVoted: 2, quorumMet: false }, votes: [{ organizationId: s1, choice: 'for' }] });
    const beforeClosure = await http.get<Resolution>(`${path}?asOf=${q(at.beforeClosure)}`);
    expect(beforeClosure.body).toMatchObject({ status: 'voting', outcome: null, tally: { for: 2, against: 1, notVoted: 0, quorumMet: true, thresholdMet: true } });
    expect(beforeClosure.body.votes!.map((v) => [v.organizationId, v.choice])).toEqual([
      [s1, 'for'],
      [s2, 'for'],
      [s3, 'against'],
    ]);

    const adopted = await http.get<Resolution>(path);
    const phaseChanged = (await store.readStream(streamIdOf('collaborative', collaborative))).find((e) => e.type === 'PathwayPhaseChanged')!;
    expect(adopted.body).toMatchObject({
      status: 'adopted',
      outcome: 'adopted',
      closure: { closedBy: s2, early: true },
      tally: { eligible: 3, for: 2, against: 1, abstain: 0, recused: 0, notVoted: 0, quorumMet: true, thresholdMet: true },
      acts: [{ type: 'change_phase', pathwayPhase: 5 }],
      actEvents: [{ position: phaseChanged.position, streamId: streamIdOf('collaborative', collaborative), type: 'PathwayPhaseChanged', recordedAt: phaseChanged.recordedAt }],
    });
    expect((phaseChanged.data as { resolutionId: string }).resolutionId).toBe('r-phase');
    // The members read who voted how; so do auditors.
    for (const reader of [member, auditor, s3]) {
      const seen = await http.getAs(reader)<Resolution>(path);
      expect({ reader, votes: seen.body.votes?.length }).toEqual({ reader, votes: 3 });
    }
  });

  it("gives an observer the outcome and the tally, never who voted how; refuses outsiders; knows no unknown resolution", async () => {
    const seen = await http.getAs(observer)<Resolution>('/resolutions/r-phase');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'adopted', outcome: 'adopted', tally: { for: 2, against: 1 } });
    expect(seen.body).not.toHaveProperty('votes');
    expect(JSON.stringify(seen.body)).not.toContain('"choice"');
    expect(JSON.stringify(seen.body)).not.toContain('Too early');
    // Lists never carry the votes, whoever reads them.
    const listed = await http.getAs(s1)<Listing<Resolution>>(`/resolutions?collaborative=${collaborative}`);
    expect(listed.body.items.every((item) => !('votes' in item))).toBe(true);

    const refused = await http.getAs(outsider)('/resolutions/r-phase');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'not_a_member' });
    expect((await http.getAs(outsider)(`/resolutions?collaborative=${collaborative}`)).status).toBe(403);
    expect((await http.getAs(outsider)<Listing>('/resolutions')).body.items).toEqual([]);
    const unknown = await http.get('/resolutions/no-such-resolution');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'resolution_not_found' });
    expect((await http.get(`/resolutions/r-phase?asOf=${q(at.beforeProposals)}`)).status).toBe(404);
  });

  it('lists resolutions newest first, filtered by their status at the moment, in pages', async () => {
    const ids = async (query: string, reader = s1) => (await http.getAs(reader)<Listing<Resolution>>(`/resolutions?${query}`)).body.items.map((r) => [r.id, r.status]);
    expect(await ids(`collaborative=${collaborative}`)).toEqual([
      ['r-remove', 'withdrawn'],
      ['r-policy', 'lapsed'],
      ['r-phase', 'adopted'],
    ]);
    expect(await ids(`collaborative=${collaborative}&asOf=${q(at.beforeClosure)}`)).toEqual([
      ['r-policy', 'voting'],
      ['r-phase', 'voting'],
    ]);
    expect(await ids(`status=voting&asOf=${q(at.afterClosure)}`)).toEqual([['r-policy', 'voting']]);
    expect(await ids(`status=awaiting_closure&asOf=${q(at.awaitingClosure)}`)).toEqual([['r-policy', 'awaiting_closure']]);
    expect(await ids(`status=awaiting_closure`)).toEqual([]);
    expect(await ids(`status=adopted,lapsed`, observer)).toEqual([
      ['r-policy', 'lapsed'],
      ['r-phase', 'adopted'],
    ]);
    const first = await http.get<Listing<Resolution>>(`/resolutions?collaborative=${collaborative}&limit=2`);
    expect(first.body.items.map((r) => r.id)).toEqual(['r-remove', 'r-policy']);
    const next = await http.get<Listing<Resolution>>(`/resolutions?collaborative=${collaborative}&limit=2&cursor=${first.body.nextCursor}`);
    expect([next.body.items.map((r) => r.id), next.body.nextCursor, next.body.asOf]).toEqual([['r-phase'], null, first.body.asOf]);
    const lapsed = (await http.get<Resolution>('/resolutions/r-policy')).body;
    expect(lapsed).toMatchObject({ text: 'Members share quarterly data.', rule: { votingDays: 3 }, tally: { eligible: 3, for: 1, notVoted: 2, quorumMet: false }, outcome: 'lapsed', closure: { early: false } });
    const withdrawn = (await http.get<Resolution>('/resolutions/r-remove')).body;
    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      outcome: null,
      withdrawal: { withdrawnBy: s1 },
      tally: { eligible: 2, recused: 1 },
      recusals: [{ organizationId: s3, automatic: true }],
    });
    expect((await http.get('/resolutions?status=pending')).status).toBe(400);
    expect((await http.get('/resolutions?collaborative=Not_An_Id')).status).toBe(400);
  });

  it('keeps the decisions register: adopted resolutions, newest first, as of any moment', async () => {
    const register = await http.getAs(observer)<Listing<Resolution>>(`/collaboratives/${collaborative}/decisions`);
    expect(register.status).toBe(200);
    expect(register.body.items.map((r) => [r.id, r.outcome, r.actEvents.map((e) => e.type)])).toEqual([['r-phase', 'adopted', ['PathwayPhaseChanged']]]);
    expect(register.body.items[0]).not.toHaveProperty('votes');
    expect((await http.get<Listing>(`/collaboratives/${collaborative}/decisions?asOf=${q(at.beforeClosure)}`)).body.items).toEqual([]);
    expect((await http.getAs(outsider)(`/collaboratives/${collaborative}/decisions`)).status).toBe(403);
    expect((await http.get('/collaboratives/no-such-place/decisions')).status).toBe(404);
  });

  it('answers a meeting with the resolutions it took up, as they stood', async () => {
    const meeting = await http.getAs(observer)<Record<string, unknown>>('/meetings/m-board');
    expect(meeting.status).toBe(200);
    expect(meeting.body).toMatchObject({
      id: 'm-board',
      collaborativeId: collaborative,
      title: 'Board meeting',
      attendees: [s1, s2, member],
      resolutionIds: ['r-phase', 'r-policy'],
      resolutions: [
        { id: 'r-phase', title: 'Enter the Integrate phase', status: 'adopted', outcome: 'adopted' },
        { id: 'r-policy', title: 'Data-sharing policy', status: 'lapsed', outcome: 'lapsed' },
      ],
      minutesSummary: 'Phase 5 adopted',
      recordedBy: s1,
    });
    const then = await http.get<{ resolutions: unknown[] }>(`/meetings/m-board?asOf=${q(at.awaitingClosure)}`);
    expect(then.body.resolutions[1]).toMatchObject({ id: 'r-policy', status: 'awaiting_closure', outcome: null });
    expect((await http.get(`/meetings/m-board?asOf=${q(at.afterClosure)}`)).status).toBe(404);
    expect((await http.getAs(outsider)('/meetings/m-board')).status).toBe(403);
    expect((await http.get('/meetings/no-such-meeting')).body).toMatchObject({ status: 404, code: 'meeting_not_found' });

    // The collaborative's meetings, the latest held first, each as GET /meetings/:id answers it; none before it was recorded.
    const list = await http.getAs(observer)<Listing<Record<string, unknown>>>(`/collaboratives/${collaborative}/meetings`);
    expect(list.status).toBe(200);
    const withoutAsOf = Object.fromEntries(Object.entries(meeting.body).filter(([name]) => name !== 'asOf'));
    expect(list.body.items).toEqual([withoutAsOf]);
    expect((await http.get<Listing>(`/collaboratives/${collaborative}/meetings?asOf=${q(at.awaitingClosure)}`)).body.items).toHaveLength(1);
    expect((await http.get<Listing>(`/collaboratives/${collaborative}/meetings?asOf=${q(at.afterClosure)}`)).body.items).toEqual([]);
    expect((await http.getAs(outsider)(`/collaboratives/${collaborative}/meetings`)).status).toBe(403);
    expect((await http.get('/collaboratives/no-such-place/meetings')).status).toBe(404);
    expect((await http.get(`/collaboratives/${collaborative}/meetings?limit=0`)).status).toBe(400);
  });

  it('adds the phase history to the summary, and governance participation to the scorecard', async () => {
    const summary = await http.get<{ phaseHistory: unknown[]; collaborative: { pathwayPhase: number } }>(`/collaboratives/${collaborative}/summary`);
    const phaseChanged = (await store.readStream(streamIdOf('collaborative', collaborative))).find((e) => e.type === 'PathwayPhaseChanged')!;
    expect(summary.body.collaborative.pathwayPhase).toBe(5);
    expect(summary.body.phaseHistory).toEqual([
      { pathwayPhase: 4, from: expect.any(String) },
      { pathwayPhase: 5, from: (phaseChanged.data as { from: string }).from, resolutionId: 'r-phase' },
    ]);
    const before = await http.get<{ phaseHistory: unknown[] }>(`/collaboratives/${collaborative}/summary?asOf=${q(at.beforeClosure)}`);
    expect(before.body.phaseHistory).toHaveLength(1);

    const governance = async (organizationId: string, asOf?: string) =>
      (await http.get<{ governance: unknown }>(`/organizations/${organizationId}/accountability${asOf ? `?asOf=${q(asOf)}` : ''}`)).body.governance;
    // s1 voted on both resolutions whose voting is over; r-remove was withdrawn.
    expect(await governance(s1)).toEqual({ eligibleVotes: 2, votesCast: 2, participationRate: '100.00', recusals: 0, resolutionsProposed: 2 });
    expect(await governance(s2)).toEqual({ eligibleVotes: 2, votesCast: 1, participationRate: '50.00', recusals: 0, resolutionsProposed: 1 });
    // s3 was recused from the removal of itself, and did not vote on the policy.
    expect(await governance(s3)).toEqual({ eligibleVotes: 2, votesCast: 1, participationRate: '50.00', recusals: 1, resolutionsProposed: 0 });
    // While the policy was still voting, only the closed resolution counted.
    expect(await governance(s2, at.afterClosure)).toEqual({ eligibleVotes: 1, votesCast: 1, participationRate: '100.00', recusals: 0, resolutionsProposed: 1 });
    expect(await governance(member)).toEqual({ eligibleVotes: 0, votesCast: 0, participationRate: null, recusals: 0, resolutionsProposed: 0 });
    // A member of the collaborative reads a steward's figures there.
    expect((await http.getAs(member)<{ governance: unknown }>(`/organizations/${s3}/accountability`)).body.governance).toMatchObject({ recusals: 1 });
  });

  it('documents the governance queries in the OpenAPI document', async () => {
    const doc = await http.get<{ paths: Record<string, { get?: { summary?: string; description?: string } }> }>('/docs-json');
    for (const path of ['/resolutions', '/resolutions/{id}', '/meetings/{id}', '/collaboratives/{id}/charter', '/collaboratives/{id}/decisions', '/collaboratives/{id}/meetings']) {
      expect({ path, summary: typeof doc.body.paths[path]?.get?.summary }).toEqual({ path, summary: 'string' });
    }
    expect(doc.body.paths['/resolutions/{id}'].get!.description).toContain('observer');
  });
});
