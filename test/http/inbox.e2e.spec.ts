import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';

/**
 * `GET /organizations/:id/inbox` (issue 20) over HTTP, on a story built step by step: what waits on
 * each organization appears exactly where the ledger would let it take that step (the same as its
 * allowedActions on the record), disappears once taken, counts by kind, only for the organization
 * itself or the operator, and as of any moment.
 *
 * Collaborative `inbox-col`: stewards s1, s2; members m1, m2; observer obs. `out` belongs to none.
 */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const USD = (amount: string) => ({ currency: 'USD', amount });
const TEXT = 'Because the story says so';
const C = 'inbox-col';
const ORGS = ['s1', 's2', 'm1', 'm2', 'obs'] as const;

interface Action {
  command: string;
  method: string;
  path: string;
  target?: Record<string, string>;
}
interface Item {
  kind: string;
  record: string;
  id: string;
  collaborativeId: string;
  title: string;
  target?: Record<string, string>;
  dueDate?: string;
  overdue?: boolean;
  amount?: { currency: string; amount: string };
  streamRevision: number;
  actions: Action[];
}
interface Inbox {
  organizationId: string;
  asOf: string;
  counts: Record<string, number>;
  items: Item[];
}

/** The step an allowed action takes, as the inbox names it (the commands that wait on someone). */
const WAITING: Record<string, string> = {
  AcceptCommitment: 'commitment_to_accept',
  AcceptCommitmentRevision: 'revision_to_accept',
  ConfirmCommitmentDelivery: 'delivery_to_confirm',
  ResolveCommitmentDispute: 'dispute_to_resolve',
  AcknowledgePledge: 'pledge_to_acknowledge',
  ConfirmDisbursementReceipt: 'receipt_to_confirm',
  SignDeclaration: 'declaration_to_sign',
  SignRiskAgreement: 'risk_agreement_to_sign',
  RecordPeriodResult: 'risk_result_to_record',
  CastVote: 'resolution_to_vote',
  CloseResolution: 'resolution_to_close',
};
const PATHS: Record<string, string> = { commitment: 'commitments', pledge: 'pledges', partnership: 'partnerships', 'risk-agreement': 'risk-agreements', resolution: 'resolutions' };

describe('the inbox: what waits on an organization', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  /** Every record of the story, to compare each organization's inbox with its allowed actions. */
  const records: Array<{ record: string; id: string }> = [];

  const ok = async (caller: string, path: string, body: Record<string, unknown> = {}) => {
    const answer = caller === 'operator' ? await http.asOperator(path, body) : await http.as(caller)(path, body);
    if (answer.status >= 300) throw new Error(`${caller} ${path}: expected success, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { id: string; disbursementId?: string; revisionId?: string };
  };
  const make = async (record: string, caller: string, path: string, body: Record<string, unknown>) => {
    const { id } = await ok(caller, path, body);
    records.push({ record, id });
    return id;
  };
  const inboxOf = async (org: string, query = '') => {
    const answer = await http.getAs(org)<Inbox>(`/organizations/${org}/inbox${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const kinds = (inbox: Inbox, id?: string) => inbox.items.filter((i) => id === undefined || i.id === id).map((i) => i.kind);

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    http = client(ledger.baseUrl);
    await seedCollaborative(http, C, [
      { id: 's1', sector: 'hospital', role: 'steward' },
      { id: 's2', sector: 'public_health', role: 'steward' },
      { id: 'm1', sector: 'community_org', role: 'member' },
      { id: 'm2', sector: 'funder', role: 'member' },
      { id: 'obs', sector: 'resident_group', role: 'observer' },
    ]);
    await ok('operator', '/organizations', { id: 'out', name: 'Outsider', sector: 'other' });
    await http.keyOf('out');
  }, 60_000);
  afterAll(() => ledger.close());

  it('lists what waits on the organization, with actions that take the step, and drops it once taken', async () => {
    // Commitments: one to m2, one to the collaborative, one of a steward's own to the collaborative.
    const toM2 = await make('commitment', 'm1', '/commitments', { collaborativeId: C, promisee: { organizationId: 'm2' }, title: 'Navigate 100 residents', dueDate: day(90) });
    const toCollaborative = await make('commitment', 'm1', '/commitments', { collaborativeId: C, promisee: { collaborativeId: C }, title: 'Open a food pantry', dueDate: day(120) });
    const stewardsOwn = await make('commitment', 's1', '/commitments', { collaborativeId: C, promisee: { collaborativeId: C }, title: 'Share ED data', dueDate: day(150) });

    const m2 = await inboxOf('m2');
    expect(m2.items.find((i) => i.id === toM2)).toMatchObject({ kind: 'commitment_to_accept', record: 'commitment', collaborativeId: C, title: 'Navigate 100 residents', dueDate: day(90) });
    expect(m2.items.find((i) => i.id === toM2)!.actions.map((a) => a.command)).toEqual(['AcceptCommitment', 'DeclineCommitment']);
    expect(kinds(await inboxOf('s1'), toCollaborative)).toEqual(['commitment_to_accept']);
    // No organization judges its own promise: the steward's own waits on the other steward only.
    expect(kinds(await inboxOf('s1'), stewardsOwn)).toEqual([]);
    expect(kinds(await inboxOf('s2'), stewardsOwn)).toEqual(['commitment_to_accept']);
    expect(kinds(await inboxOf('m1'), toM2)).toEqual([]);

    // Taking the step through the item's own action clears it.
    const accept = m2.items.find((i) => i.id === toM2)!.actions.find((a) => a.command === 'AcceptCommitment')!;
    expect(accept.method).toBe('POST');
    const accepted = await http.as('m2')(accept.path, {}, { 'if-match': `"${m2.items.find((i) => i.id === toM2)!.streamRevision}"` });
    expect(accepted.status).toBe(200);
    expect(kinds(await inboxOf('m2'), toM2)).toEqual([]);

    // A delivery claimed waits on the promisee; a dispute on a steward.
    await ok('m1', `/commitments/${toM2}/delivery`, { deliveredOn: day(0) });
    expect(kinds(await inboxOf('m2'), toM2)).toEqual(['delivery_to_confirm']);
    await ok('m2', `/commitments/${toM2}/disputes`, { reason: TEXT });
    expect(kinds(await inboxOf('m2'), toM2)).toEqual([]);
    expect(kinds(await inboxOf('s1'), toM2)).toEqual(['dispute_to_resolve']);
    await ok('s2', `/commitments/${toM2}/dispute-resolution`, { outcome: 'delivered', rationale: TEXT });
    expect(kinds(await inboxOf('s1'), toM2)).toEqual([]);

    // A revision waits on the promisee, named by its id.
    const revised = await make('commitment', 'm2', '/commitments', {
      collaborativeId: C,
      promisee: { organizationId: 'm1' },
      title: 'Fund 2 navigators',
      dueDate: day(100),
      measure: { indicator: 'navigators', unit: 'people', target: '2' },
    });
    await ok('m1', `/commitments/${revised}/acceptance`);
    const { revisionId } = await ok('m2', `/commitments/${revised}/revisions`, { target: '3', reason: TEXT });
    const revision = (await inboxOf('m1')).items.find((i) => i.id === revised)!;
    expect(revision).toMatchObject({ kind: 'revision_to_accept', target: { revisionId } });
    expect(revision.actions).toEqual([{ command: 'AcceptCommitmentRevision', method: 'POST', path: `/commitments/${revised}/revisions/${revisionId}/acceptance`, target: { revisionId } }]);
  });

  it("lists its own commitments and installments due within 14 days or overdue, overdue first; others' are not its", async () => {
    const dueSoon = await make('commitment', 'm1', '/commitments', { collaborativeId: C, promisee: { organizationId: 'm2' }, title: 'Due soon', dueDate: day(10) });
    const dueLater = await make('commitment', 'm1', '/commitments', { collaborativeId: C, promisee: { organizationId: 'm2' }, title: 'Due later', dueDate: day(20) });
    const late = await make('commitment', 'm1', '/commitments', { collaborativeId: C, promisee: { organizationId: 'm2' }, title: 'Late', dueDate: day(-3) });
    for (const id of [dueSoon, dueLater, late]) await ok('m2', `/commitments/${id}/acceptance`);

    const m1 = await inboxOf('m1');
    expect(m1.items.find((i) => i.id === dueSoon)).toMatchObject({ kind: 'commitment_due', dueDate: day(10), overdue: false });
    expect(m1.items.find((i) => i.id === late)).toMatchObject({ kind: 'commitment_due', dueDate: day(-3), overdue: true });
    expect(kinds(m1, dueLater)).toEqual([]);
    expect(m1.items.find((i) => i.id === late)!.actions.map((a) => a.command)).toEqual(expect.arrayContaining(['ClaimCommitmentDelivery', 'ProposeCommitmentRevision']));
    // Overdue items first, then by due date.
    expect(m1.items[0].overdue).toBe(true);
    const dated = m1.items.filter((i) => !i.overdue && i.dueDate !== undefined).map((i) => i.dueDate!);
    expect(dated).toEqual([...dated].sort());
    expect(kinds(await inboxOf('m2'), late)).toEqual([]);

    // A pledge: the recipient acknowledges and confirms receipts; the funder sees its installments due.
    const pledge = await make('pledge', 'm2', '/pledges', {
      collaborativeId: C,
      recipient: { organizationId: 'm1' },
      purpose: 'Navigator salaries',
      amount: USD('1000.00'),
      binding: true,
      schedule: [
        { dueDate: day(-10), amount: USD('400.00') },
        { dueDate: day(7), amount: USD('500.00') },
        { dueDate: day(60), amount: USD('100.00') },
      ],
      madeOn: day(-20),
    });
    expect(kinds(await inboxOf('m1'), pledge)).toEqual(['pledge_to_acknowledge']);
    const installments = (await inboxOf('m2')).items.filter((i) => i.id === pledge);
    expect(installments.map(({ kind, dueDate, overdue, amount }) => ({ kind, dueDate, overdue, amount }))).toEqual([
      { kind: 'installment_due', dueDate: day(-10), overdue: true, amount: USD('400.00') },
      { kind: 'installment_due', dueDate: day(7), overdue: false, amount: USD('500.00') },
    ]);
    expect(installments[0].actions.map((a) => a.command)).toEqual(['RecordDisbursement']);

    await ok('m1', `/pledges/${pledge}/acknowledgement`);
    const { disbursementId } = await ok('m2', `/pledges/${pledge}/disbursements`, { amount: USD('450.00'), disbursedOn: day(0), reference: 'W-1' });
    expect((await inboxOf('m2')).items.filter((i) => i.id === pledge).map((i) => [i.dueDate, i.amount])).toEqual([[day(7), USD('450.00')]]);
    const receipt = (await inboxOf('m1')).items.filter((i) => i.id === pledge);
    expect(receipt.map((i) => [i.kind, i.target])).toEqual([['receipt_to_confirm', { disbursementId }]]);
    expect(receipt[0].actions.map((a) => a.path)).toEqual([`/pledges/${pledge}/disbursements/${disbursementId}/receipt`]);
    await ok('m1', receipt[0].actions[0].path);
    expect(kinds(await inboxOf('m1'), pledge)).toEqual([]);
  });

  it('lists declarations and agreements to sign, results to record, resolutions to vote on and to close', async () => {
    const declaration = await make('partnership', 'm1', '/partnerships', { collaborativeId: C, title: 'Declaration', termsSha256: 'd'.repeat(64), parties: ['m1', 'm2'], effectiveFrom: day(-1) });
    expect(kinds(await inboxOf('m1'), declaration)).toEqual(['declaration_to_sign']);
    expect(kinds(await inboxOf('s1'), declaration)).toEqual([]);
    await ok('m1', `/partnerships/${declaration}/signatures`, { signatory: { name: 'A', title: 'B' } });
    expect(kinds(await inboxOf('m1'), declaration)).toEqual([]);
    expect(kinds(await inboxOf('m2'), declaration)).toEqual(['declaration_to_sign']);

    const agreement = await make('risk-agreement', 'm1', '/risk-agreements', {
      collaborativeId: C,
      title: 'Shared savings',
      period: { start: day(-365), end: day(-1) },
      model: 'upside_only',
      benchmark: USD('100000.00'),
      minimumSavingsRate: '2',
      sharingRate: '50',
      parties: [
        { organizationId: 'm1', shareBps: 5000 },
        { organizationId: 's1', shareBps: 5000 },
      ],
    });
    expect(kinds(await inboxOf('s1'), agreement)).toEqual(['risk_agreement_to_sign']);
    for (const party of ['m1', 's1']) await ok(party, `/risk-agreements/${agreement}/signatures`, { signatory: { name: 'A', title: 'B' } });
    // The result waits on a steward that is not a party.
    expect(kinds(await inboxOf('s1'), agreement)).toEqual([]);
    expect((await inboxOf('s2')).items.find((i) => i.id === agreement)).toMatchObject({ kind: 'risk_result_to_record', dueDate: day(-1) });

    const resolution = await make('resolution', 's1', '/resolutions', { collaborativeId: C, title: 'Adopt data principles', matter: 'general' });
    expect(kinds(await inboxOf('s1'), resolution)).toEqual(['resolution_to_vote']);
    expect(kinds(await inboxOf('m1'), resolution)).toEqual([]);
    await ok('s1', `/resolutions/${resolution}/votes`, { choice: 'for' });
    expect(kinds(await inboxOf('s1'), resolution)).toEqual([]);
    await ok('s2', `/resolutions/${resolution}/votes`, { choice: 'for' });
    expect(kinds(await inboxOf('s1'), resolution)).toEqual(['resolution_to_close']);
  });

  it("holds exactly the steps the organization's allowedActions offer on each record, and counts them", async () => {
    let compared = 0;
    for (const org of ORGS) {
      const inbox = await inboxOf(org);
      const expected: string[] = [];
      for (const { record, id } of records) {
        const read = await http.getAs(org)<{ allowedActions: Action[] }>(`/${PATHS[record]}/${id}`);
        expect(read.status).toBe(200);
        const items = inbox.items.filter((i) => i.id === id);
        for (const action of read.body.allowedActions) {
          const kind = WAITING[action.command];
          // A vote waits only until the organization has cast one.
          if (kind && !(kind === 'resolution_to_vote' && (await voted(org, id)))) expected.push(`${kind} ${id} ${JSON.stringify(action.target ?? null)}`);
        }
        // An item's actions are among the record's allowed actions.
        for (const item of items) for (const action of item.actions) expect(read.body.allowedActions).toContainEqual(action);
      }
      const waiting = inbox.items.filter((i) => i.kind !== 'commitment_due' && i.kind !== 'installment_due').map((i) => `${i.kind} ${i.id} ${JSON.stringify(i.target ?? null)}`);
      expect({ org, waiting: waiting.sort() }).toEqual({ org, waiting: expected.sort() });
      compared += expected.length;
      const counts: Record<string, number> = { total: inbox.items.length };
      for (const item of inbox.items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
      expect(inbox.counts).toEqual(counts);
    }
    // The story leaves steps waiting on several organizations.
    expect(compared).toBeGreaterThanOrEqual(8);
    expect((await inboxOf('obs')).items).toEqual([]);
    expect((await inboxOf('out')).items).toEqual([]);
  });

  async function voted(org: string, resolutionId: string): Promise<boolean> {
    const resolution = await http.getAs(org)<{ votes?: Array<{ organizationId: string }> }>(`/resolutions/${resolutionId}`);
    return (resolution.body.votes ?? []).some((v) => v.organizationId === org);
  }

  it('is read by the organization itself or the operator only', async () => {
    const refused = await http.getAs('s1')<{ code: string }>('/organizations/m1/inbox');
    expect([refused.status, refused.body.code]).toEqual([403, 'not_the_organization']);
    expect((await http.getAs('out')<{ code: string }>('/organizations/m1/inbox')).status).toBe(403);
    const operator = await http.get<Inbox>('/organizations/m1/inbox');
    expect(operator.status).toBe(200);
    expect(operator.body.items.map((i) => i.id)).toEqual((await inboxOf('m1')).items.map((i) => i.id));
    expect((await http.get<{ code: string }>('/organizations/nobody-here/inbox')).body.code).toBe('organization_not_found');
    const bad = await http.get<{ status: number }>('/organizations/m1/inbox?asOf=yesterday');
    expect(bad.status).toBe(400);
    expect((await http.get('/organizations/m1/inbox', { authorization: '' })).status).toBe(401);
  });

  it('is documented in the OpenAPI document, with allowedActions on the records', async () => {
    type Operation = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> };
    const doc = (await http.get<{ paths: Record<string, { get?: Operation }>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>('/docs-json')).body;
    expect(doc.paths['/organizations/{id}/inbox'].get!.responses['200'].content!['application/json'].schema).toEqual({ $ref: '#/components/schemas/InboxDto' });
    expect(Object.keys(doc.components.schemas.InboxItemDto.properties)).toEqual(expect.arrayContaining(['kind', 'record', 'id', 'dueDate', 'overdue', 'actions', 'streamRevision']));
    expect(Object.keys(doc.components.schemas.AllowedActionDto.properties)).toEqual(['command', 'method', 'path', 'target', 'choices', 'body']);
    for (const path of ['/commitments/{id}', '/pledges/{id}', '/partnerships/{id}', '/risk-agreements/{id}', '/resolutions/{id}', '/collaboratives/{id}', '/organizations/{id}']) {
      expect({ path, schema: doc.paths[path].get!.responses['200'].content!['application/json'].schema }).toMatchObject({
        path,
        schema: { properties: { allowedActions: { items: { $ref: '#/components/schemas/AllowedActionDto' } } } },
      });
    }
  });

  /** Waits until the clock has moved past `instant`, so that what is recorded next is recorded after it. */
  const pastInstant = async (instant: string) => {
    while (Date.now() <= Date.parse(instant)) await new Promise((resolve) => setTimeout(resolve, 2));
  };

  it('answers as of a moment: what waited then, without actions', async () => {
    const before = new Date().toISOString();
    await pastInstant(before);
    const id = await make('commitment', 'm1', '/commitments', { collaborativeId: C, promisee: { organizationId: 'm2' }, title: 'Later', dueDate: day(30) });
    const after = new Date().toISOString();
    await pastInstant(after);
    await ok('m2', `/commitments/${id}/acceptance`);
    expect(kinds(await inboxOf('m2', `?asOf=${encodeURIComponent(before)}`), id)).toEqual([]);
    const then = await inboxOf('m2', `?asOf=${encodeURIComponent(after)}`);
    expect(then.asOf).toBe(new Date(after).toISOString());
    expect(then.items.find((i) => i.id === id)).toMatchObject({ kind: 'commitment_to_accept', actions: [] });
    expect(kinds(await inboxOf('m2'), id)).toEqual([]);
  });
});
