import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';

/**
 * Governance over HTTP (issue 19): the stewardship group decides on the record. Collaborative `gov`:
 * stewards s1, s2, s3; members m1, m2; an observer. Every refusal appends nothing.
 */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
type Answer = { id: string; position: number; streamRevision: number; events: Array<{ eventId: string; type: string }>; code?: string; status?: number };
type Envelope = { position: number; eventId: string; type: string; streamId: string; causationId: string | null; actor: Record<string, unknown>; data: Record<string, unknown> };

describe('governance on the record', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const C = 'gov';

  const as = (org: string) => async (path: string, body: unknown = {}) => {
    const answer = await http.as(org)(path, body);
    return { status: answer.status, body: answer.body as Answer };
  };
  const ok = async (promise: Promise<{ status: number; body: Answer }>) => {
    const { status, body } = await promise;
    if (status >= 300) throw new Error(`expected success, got ${status} ${JSON.stringify(body)}`);
    return body;
  };
  /** A refusal: its status and code, and nothing appended. */
  async function refused(send: () => Promise<{ status: number; body: Answer }>, status: number, code: string) {
    const before = await http.headPosition();
    const answer = await send();
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(await http.headPosition()).toBe(before);
  }
  const propose = (org: string, body: Record<string, unknown>) => as(org)('/resolutions', { collaborativeId: C, ...body });
  const events = async (query: string) => (await http.get<{ items: Envelope[] }>(`/ledger/events?${query}&limit=1000`)).body.items;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    http = client(ledger.baseUrl);
    await seedCollaborative(http, C, [
      { id: 's1', sector: 'hospital', role: 'steward' },
      { id: 's2', sector: 'public_health', role: 'steward' },
      { id: 's3', sector: 'payer', role: 'steward' },
      { id: 'm1', sector: 'community_org', role: 'member' },
      { id: 'm2', sector: 'funder', role: 'member' },
      { id: 'obs', sector: 'resident_group', role: 'observer' },
    ]);
    for (const id of ['outsider', 'elsewhere-org', 'elsewhere-2']) await http.asOperator('/organizations', { id, name: id, sector: 'other' });
    for (const id of ['outsider', 'elsewhere-org', 'elsewhere-2']) await http.keyOf(id);
    await http.asOperator('/collaboratives', { id: 'elsewhere', name: 'Elsewhere', region: 'E', pathwayPhase: 2 });
  }, 60_000);
  afterAll(() => ledger.close());

  it('terminates a declaration only by an adopted resolution, the termination caused by the adoption and acted by the collaborative', async () => {
    const declaration = await ok(as('s1')('/partnerships', { collaborativeId: C, title: 'Care declaration', termsSha256: 'c'.repeat(64), parties: ['m1', 's2'], effectiveFrom: day(-30) }));
    for (const party of ['m1', 's2']) await ok(as(party)(`/partnerships/${declaration.id}/signatures`, { signatory: { name: 'N', title: 'T' } }));
    const beforeTermination = new Date().toISOString();

    await refused(() => as('s1')(`/partnerships/${declaration.id}/termination`, { reason: 'Superseded' }), 422, 'resolution_required');

    const resolution = await ok(propose('s1', { title: 'End the care declaration', matter: 'terminate_declaration', acts: [{ type: 'terminate_declaration', partnershipId: declaration.id, reason: 'Superseded by the 2027 declaration' }] }));
    const [proposed] = await events(`stream=resolution-${resolution.id}`);
    // The parties are recused by the ledger: s2 (a steward and a party) does not vote.
    expect(proposed.data).toMatchObject({ electorate: expect.arrayContaining(['s1', 's3']), recused: [expect.objectContaining({ organizationId: 's2' })] });
    await refused(() => as('s2')(`/resolutions/${resolution.id}/votes`, { choice: 'for' }), 403, 'recused');
    await ok(as('s1')(`/resolutions/${resolution.id}/votes`, { choice: 'for' }));
    await ok(as('s3')(`/resolutions/${resolution.id}/votes`, { choice: 'for' }));
    const closed = await ok(as('s3')(`/resolutions/${resolution.id}/closure`));
    const [closure] = closed.events;
    expect(closure.type).toBe('ResolutionClosed');

    const terminated = (await events(`stream=partnership-${declaration.id}`)).find((e) => e.type === 'DeclarationTerminated')!;
    expect(terminated.causationId).toBe(closure.eventId);
    expect(terminated.actor).toEqual({ type: 'collaborative', collaborativeId: C, resolutionId: resolution.id });
    expect(terminated.position).toBe(closed.position + 1);

    // As of before and after.
    const then = await http.get<{ status: string }>(`/partnerships/${declaration.id}?asOf=${encodeURIComponent(beforeTermination)}`);
    const now = await http.get<{ status: string }>(`/partnerships/${declaration.id}`);
    expect([then.body.status, now.body.status]).toEqual(['in_effect', 'terminated']);
  });

  it("refuses a steward judging a dispute over its own commitment, and adjudicates it by resolution with the steward recused", async () => {
    const commitment = await ok(as('s1')('/commitments', { collaborativeId: C, promisee: { collaborativeId: C }, title: 'Open a mobile clinic', dueDate: day(20) }));
    await refused(() => as('s1')(`/commitments/${commitment.id}/acceptance`), 422, 'conflict_of_interest');
    await ok(as('s2')(`/commitments/${commitment.id}/acceptance`));
    await ok(as('s1')(`/commitments/${commitment.id}/delivery`, { deliveredOn: day(0) }));
    await refused(() => as('s1')(`/commitments/${commitment.id}/delivery-confirmation`), 422, 'conflict_of_interest');
    await ok(as('s2')(`/commitments/${commitment.id}/disputes`, { reason: 'Only two days a week, not five' }));
    await refused(
      () => as('s1')(`/commitments/${commitment.id}/dispute-resolution`, { outcome: 'delivered', rationale: 'It is open' }),
      422,
      'conflict_of_interest',
    );
    const beforeAdjudication = new Date().toISOString();
    const resolution = await ok(
      propose('s3', {
        title: 'Adjudicate the mobile clinic dispute',
        matter: 'adjudicate_dispute',
        acts: [{ type: 'adjudicate_dispute', commitmentId: commitment.id, outcome: 'partially_delivered', value: '2', rationale: 'Open two days of five' }],
      }),
    );
    const [proposed] = await events(`stream=resolution-${resolution.id}`);
    // The promisor (s1) and the steward that disputed for the collaborative (s2) are both recused.
    expect((proposed.data.recused as Array<{ organizationId: string }>).map((r) => r.organizationId).sort()).toEqual(['s1', 's2']);
    await refused(() => as('s1')(`/resolutions/${resolution.id}/votes`, { choice: 'against' }), 403, 'recused');
    await ok(as('s3')(`/resolutions/${resolution.id}/votes`, { choice: 'for' }));
    // The one eligible steward has voted: no remaining vote can change the outcome, so it closes early.
    const closed = await ok(as('s3')(`/resolutions/${resolution.id}/closure`));
    const resolved = (await events(`stream=commitment-${commitment.id}`)).find((e) => e.type === 'CommitmentDisputeResolved')!;
    expect(resolved.causationId).toBe(closed.events[0].eventId);
    const then = await http.get<{ status: string }>(`/commitments/${commitment.id}?asOf=${encodeURIComponent(beforeAdjudication)}`);
    const now = await http.get<{ status: string }>(`/commitments/${commitment.id}`);
    expect([then.body.status, now.body.status]).toEqual(['disputed', 'partially_delivered']);
  });

  it('fails the closure, naming the act, when the act\'s record moved on meanwhile — appending nothing, the resolution still open', async () => {
    const commitment = await ok(as('m1')('/commitments', { collaborativeId: C, promisee: { collaborativeId: C }, title: 'Train twelve navigators', dueDate: day(20) }));
    await ok(as('s1')(`/commitments/${commitment.id}/acceptance`));
    await ok(as('m1')(`/commitments/${commitment.id}/delivery`, { deliveredOn: day(0) }));
    await ok(as('s1')(`/commitments/${commitment.id}/disputes`, { reason: 'Nine, not twelve' }));
    const resolution = await ok(
      propose('s3', { title: 'Adjudicate', matter: 'adjudicate_dispute', acts: [{ type: 'adjudicate_dispute', commitmentId: commitment.id, outcome: 'not_delivered', rationale: 'r' }] }),
    );
    await ok(as('s3')(`/resolutions/${resolution.id}/votes`, { choice: 'for' }));
    await ok(as('s2')(`/resolutions/${resolution.id}/votes`, { choice: 'for' }));
    // Meanwhile a steward in no conflict settles the dispute directly (one steward's matter by default).
    await ok(as('s2')(`/commitments/${commitment.id}/dispute-resolution`, { outcome: 'partially_delivered', value: '9', rationale: 'Nine trained' }));
    await refused(() => as('s3')(`/resolutions/${resolution.id}/closure`), 422, 'act_refused');
    const answer = await as('s3')(`/resolutions/${resolution.id}/closure`);
    expect(answer.body).toMatchObject({ refused: { label: 'act 1 (adjudicate_dispute)', streamId: `commitment-${commitment.id}` } });
    // Still open: the proposer may withdraw it.
    expect((await ok(as('s3')(`/resolutions/${resolution.id}/withdrawal`, { reason: 'Settled directly' }))).events.map((e) => e.type)).toEqual(['ResolutionWithdrawn']);
  });

  describe('bad input and edge cases: a clear 4xx with a stable code, nothing appended', () => {
    let open: Answer;
    beforeAll(async () => {
      open = await ok(propose('s1', { title: 'A statement of values', matter: 'general', text: 'We put residents first.' }));
    });

    it('refuses a vote by a non-member, by an observer and by a member where the stewards decide', async () => {
      for (const org of ['outsider', 'obs', 'm1']) await refused(() => as(org)(`/resolutions/${open.id}/votes`, { choice: 'for' }), 403, 'not_eligible');
    });

    it('takes the same vote twice as one (idempotent), and a changed vote as a new event', async () => {
      const first = await ok(as('s2')(`/resolutions/${open.id}/votes`, { choice: 'against' }));
      const head = await http.headPosition();
      const again = await ok(as('s2')(`/resolutions/${open.id}/votes`, { choice: 'against' }));
      expect(again.events).toEqual([]);
      expect(again.streamRevision).toBe(first.streamRevision);
      expect(await http.headPosition()).toBe(head);
      const changed = await ok(as('s2')(`/resolutions/${open.id}/votes`, { choice: 'for' }));
      expect(changed.events.map((e) => e.type)).toEqual(['VoteCast']);
    });

    it('refuses a closure before voting closes while the outcome can still change', async () => {
      await refused(() => as('s1')(`/resolutions/${open.id}/closure`), 422, 'voting_still_open');
    });

    it('refuses an act naming a record of another collaborative', async () => {
      await http.asOperator('/collaboratives/elsewhere/members', { organizationId: 'elsewhere-org', role: 'steward' });
      await http.asOperator('/collaboratives/elsewhere/members', { organizationId: 'elsewhere-2', role: 'member' });
      const theirs = await ok(as('elsewhere-org')('/partnerships', { collaborativeId: 'elsewhere', title: 'Theirs', termsSha256: 'e'.repeat(64), parties: ['elsewhere-org', 'elsewhere-2'], effectiveFrom: day(-1) }));
      await refused(
        () => propose('s1', { title: 'Reach across', matter: 'terminate_declaration', acts: [{ type: 'terminate_declaration', partnershipId: theirs.id, reason: 'x' }] }),
        422,
        'act_target_in_other_collaborative',
      );
    });

    it('refuses a charter rule with a quorum over 100 or a threshold that is not a percentage', async () => {
      await http.asOperator('/collaboratives', { id: 'fresh', name: 'Fresh', region: 'F', pathwayPhase: 1 });
      for (const rule of [
        { matter: 'change_phase', decidedBy: 'stewards', quorumPct: '120' },
        { matter: 'change_phase', decidedBy: 'stewards', thresholdPct: 'most' },
        { matter: 'change_phase', decidedBy: 'stewards', thresholdPct: '50.123' },
      ]) {
        const before = await http.headPosition();
        const answer = await http.asOperator('/collaboratives/fresh/charter', { rules: [rule] });
        expect(answer.status).toBe(400);
        expect(await http.headPosition()).toBe(before);
      }
      expect((await http.asOperator('/collaboratives/fresh/charter', { rules: [{ matter: 'change_phase', decidedBy: 'stewards', quorumPct: '60', thresholdPct: 'consensus' }] })).status).toBe(200);
      // The first charter is the operator's, once; after that only an adopted amend_charter resolution changes it.
      await refused(() => as('s1')('/collaboratives/gov/charter', { rules: [] }), 403, 'operator_only');
      await refused(() => http.asOperator('/collaboratives/fresh/charter', { rules: [] }).then((a) => ({ status: a.status, body: a.body as Answer })), 409, 'charter_already_set');
    });

    it('refuses a resolution that removes the last steward', async () => {
      await http.asOperator('/collaboratives', { id: 'solo', name: 'Solo', region: 'S', pathwayPhase: 3 });
      await http.asOperator('/collaboratives/solo/members', { organizationId: 'elsewhere-org', role: 'steward' });
      await refused(
        () => as('elsewhere-org')('/resolutions', { collaborativeId: 'solo', title: 'Leave', matter: 'remove_member', acts: [{ type: 'remove_member', organizationId: 'elsewhere-org', reason: 'x' }] }),
        422,
        'last_steward',
      );
    });

    it('rejects a tie (the threshold is not met) and lapses a vote without quorum', async () => {
      const tie = await ok(propose('s1', { title: 'Move to the Integrate phase', matter: 'change_phase', acts: [{ type: 'change_phase', pathwayPhase: 4 }] }));
      await ok(as('s1')(`/resolutions/${tie.id}/votes`, { choice: 'for' }));
      await ok(as('s2')(`/resolutions/${tie.id}/votes`, { choice: 'against' }));
      await ok(as('s3')(`/resolutions/${tie.id}/votes`, { choice: 'abstain' }));
      const closed = await ok(as('s1')(`/resolutions/${tie.id}/closure`));
      const [event] = await events(`stream=resolution-${tie.id}&type=ResolutionClosed`);
      expect(event.data).toMatchObject({ outcome: 'rejected', tally: { for: 1, against: 1, abstain: 1, thresholdMet: false } });
      expect(closed.events.map((e) => e.type)).toEqual(['ResolutionClosed']);
      expect((await http.get<{ collaborative: { pathwayPhase: number } }>('/collaboratives/gov/summary')).body.collaborative.pathwayPhase).toBe(5);
    });

    it('refuses the recusal that would leave no eligible voter', async () => {
      await http.asOperator('/collaboratives', { id: 'duo', name: 'Duo', region: 'D', pathwayPhase: 3 });
      await http.asOperator('/collaboratives/duo/members', { organizationId: 'elsewhere-org', role: 'steward' });
      const r = await ok(as('elsewhere-org')('/resolutions', { collaborativeId: 'duo', title: 'A statement', matter: 'general' }));
      await refused(() => as('elsewhere-org')(`/resolutions/${r.id}/recusals`, { reason: 'I wrote it' }), 422, 'no_eligible_voters');
    });
  });
});
