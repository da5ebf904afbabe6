import { createHash } from 'node:crypto';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Answer = { id: string; streamRevision: number; position: number; events: Array<{ type: string }>; [k: string]: unknown };
const types = (body: unknown) => (body as Answer).events.map((e) => e.type);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const usd = (amount: string) => ({ currency: 'USD', amount });

describe('commands over HTTP (embedded store)', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const funder = 'valley-foundation';
  const observer = 'valley-gazette';
  /** A second steward: it decides where the first is in conflict. */
  const steward2 = 'valley-public-health';

  beforeAll(async () => {
    ledger = await startLedger();
    http = client(ledger.baseUrl);
    await seedCollaborative(http, 'uv', [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: steward2, sector: 'public_health', role: 'steward' },
      { id: member, sector: 'community_org', role: 'member' },
      { id: funder, sector: 'funder', role: 'member' },
      { id: observer, sector: 'other', role: 'observer' },
    ]);
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('drives a commitment through its whole lifecycle, with a revision and a resolved dispute', async () => {
    const made = await http.as(member)('/commitments', {
      collaborativeId: 'uv',
      promisee: { collaborativeId: 'uv' },
      title: 'Enrol 400 residents in care navigation',
      measure: { indicator: 'residents enrolled', unit: 'people', target: '400' },
      dueDate: daysFromNow(60),
    });
    expect(made.status).toBe(201);
    expect(made.headers.get('etag')).toBe('"0"');
    const id = (made.body as Answer).id;
    const step = async (org: string, path: string, body: unknown, status = 200) => {
      const answer = await http.as(org)(`/commitments/${id}${path}`, body);
      expect({ path, status: answer.status, body: answer.body }).toMatchObject({ path, status });
      return answer;
    };
    expect(types((await step(steward, '/acceptance', {})).body)).toEqual(['CommitmentAccepted']);
    await step(member, '/progress', { note: '120 enrolled', value: '120', evidence: { uri: 'https://example.org/q1.pdf', sha256: 'a'.repeat(64) } });
    const proposed = await step(member, '/revisions', { dueDate: daysFromNow(90), reason: 'hiring took longer' });
    const revisionId = (proposed.body as Answer).revisionId as string;
    expect(revisionId).toEqual(expect.any(String));
    await step(steward, `/revisions/${revisionId}/acceptance`, {});
    await step(member, '/delivery', { deliveredOn: daysFromNow(0), value: '310' });
    await step(steward, '/disputes', { reason: 'only 310 of 400 enrolled' });
    // The steward that raised the dispute does not judge it; the other steward does.
    const conflicted = await step(steward, '/dispute-resolution', { outcome: 'partially_delivered', value: '310', rationale: 'records show 310' }, 422);
    expect(conflicted.body).toMatchObject({ code: 'conflict_of_interest' });
    const resolved = await step(steward2, '/dispute-resolution', { outcome: 'partially_delivered', value: '310', rationale: 'records show 310' });
    expect((resolved.body as Answer).streamRevision).toBe(7);
    expect(resolved.headers.get('etag')).toBe('"7"');
  });

  it('refuses what an actor may not do, with 403, and appends nothing', async () => {
    const made = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'x', dueDate: daysFromNow(10) });
    const before = await http.headPosition();
    for (const org of [member, observer]) {
      const refused = await http.as(org)(`/commitments/${(made.body as Answer).id}/acceptance`, {});
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 403, code: expect.any(String) });
    }
    expect((await http.as(observer)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'x', dueDate: daysFromNow(10) })).status).toBe(403);
    expect(await http.headPosition()).toBe(before);
  });

  it('makes a command conditional with If-Match (409 when the stream moved on)', async () => {
    const made = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { organizationId: steward }, title: 'Share discharge data', dueDate: daysFromNow(30) });
    const id = (made.body as Answer).id;
    expect((await http.as(steward)(`/commitments/${id}/acceptance`, {}, { 'if-match': '"0"' })).status).toBe(200);
    expect((await http.as(member)(`/commitments/${id}/progress`, { note: 'draft agreement' }, { 'if-match': '1' })).status).toBe(200);
    const before = await http.headPosition();
    const stale = await http.as(member)(`/commitments/${id}/progress`, { note: 'again' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ status: 409, currentRevision: 2 });
    expect(await http.headPosition()).toBe(before);
    expect((await http.as(member)(`/commitments/${id}/progress`, { note: 'x' }, { 'if-match': 'soon' })).status).toBe(400);
  });

  it('answers a retried Idempotency-Key with the first answer and appends nothing more', async () => {
    const body = { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Open two evening clinics', dueDate: daysFromNow(45) };
    const first = await http.as(member)('/commitments', body, { 'idempotency-key': 'evening-clinics-1' });
    const head = await http.headPosition();
    const retry = await http.as(member)('/commitments', body, { 'idempotency-key': 'evening-clinics-1' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await http.headPosition()).toBe(head);
    const reused = await http.as(member)('/commitments', { ...body, title: 'Other' }, { 'idempotency-key': 'evening-clinics-1' });
    expect(reused.status).toBe(422);
    expect(await http.headPosition()).toBe(head);
  });

  it('validates bodies: 400 with field paths, floats refused, unknown properties refused', async () => {
    const before = await http.headPosition();
    const bad = await http.as(funder)('/pledges', {
      collaborativeId: 'uv',
      recipient: { organizationId: member, collaborativeId: 'uv' },
      purpose: 'x',
      amount: { currency: 'USD', amount: 100.5 },
      binding: 'yes',
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    const errors = (bad.body as { errors: Array<{ path: string; code: string }> }).errors;
    // Each problem named by its field and by the domain's rule (a promisee or recipient is exactly one party: the rule is the object's).
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'colour' }),
        expect.objectContaining({ path: 'amount.amount', code: 'invalid_money_amount' }),
        expect.objectContaining({ path: 'binding', code: 'invalid_boolean' }),
        expect.objectContaining({ path: 'recipient', code: 'invalid_counterparty' }),
      ]),
    );
    expect((await http.as(funder)('/pledges', '{"collaborativeId":')).status).toBe(400);
    expect((await http.as(funder)('/pledges', '{"__proto__":{"x":1}}')).status).toBe(400);
    expect((await http.call('POST', '/pledges', {}, { authorization: 'Bearer not-a-key-of-this-ledger' })).status).toBe(401);
    expect((await http.as(steward)('/commitments/no-such-commitment/acceptance', {})).status).toBe(404);
    expect(await http.headPosition()).toBe(before);
  });

  it('keeps pledges honest: disbursements within what is outstanding, in its currency (422 otherwise)', async () => {
    const pledged = await http.as(funder)('/pledges', {
      collaborativeId: 'uv',
      recipient: { organizationId: member },
      purpose: 'Community health worker salaries',
      amount: usd('250000.00'),
      binding: true,
      schedule: [
        { dueDate: daysFromNow(-30), amount: usd('100000.00') },
        { dueDate: daysFromNow(60), amount: usd('150000.00') },
      ],
      // Made before its first installment fell due (and before the disbursement recorded below).
      madeOn: daysFromNow(-60),
    });
    expect(pledged.status).toBe(201);
    const id = (pledged.body as Answer).id;
    expect((await http.as(member)(`/pledges/${id}/acknowledgement`)).status).toBe(200);
    const disbursed = await http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('100000.00'), disbursedOn: daysFromNow(-1), reference: 'WIRE-1' });
    expect(disbursed.status).toBe(200);
    const disbursementId = (disbursed.body as Answer).disbursementId;
    expect((await http.as(member)(`/pledges/${id}/disbursements/${disbursementId}/receipt`, {})).status).toBe(200);
    const before = await http.headPosition();
    const tooMuch = await http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('150000.01'), disbursedOn: daysFromNow(0), reference: 'WIRE-2' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ status: 422, code: expect.stringContaining('outstanding') });
    const otherCurrency = await http.as(funder)(`/pledges/${id}/disbursements`, { amount: { currency: 'CAD', amount: '10.00' }, disbursedOn: daysFromNow(0), reference: 'WIRE-3' });
    expect(otherCurrency.status).toBe(422);
    const tooManyDigits = await http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('10.001'), disbursedOn: daysFromNow(0), reference: 'WIRE-4' });
    expect(tooManyDigits.status).toBe(400);
    const belowDisbursed = await http.as(funder)(`/pledges/${id}/amendments`, { amount: usd('90000.00'), reason: 'cut' });
    expect(belowDisbursed.status).toBe(422);
    expect(await http.headPosition()).toBe(before);
  });

  it('makes a declaration take effect when the last party signs', async () => {
    const drafted = await http.as(steward)('/partnerships', {
      collaborativeId: 'uv',
      title: 'Declaration of Partnership and Commitment',
      termsSha256: createHash('sha256').update('terms').digest('hex'),
      parties: [steward, member],
      effectiveFrom: daysFromNow(0),
    });
    expect(drafted.status).toBe(201);
    const id = (drafted.body as Answer).id;
    const signatory = { name: 'A. Rahman', title: 'CEO' };
    expect(types((await http.as(steward)(`/partnerships/${id}/signatures`, { signatory })).body)).toEqual(['DeclarationSigned']);
    expect((await http.as(steward)(`/partnerships/${id}/signatures`, { signatory })).status).toBe(422);
    expect((await http.as(funder)(`/partnerships/${id}/signatures`, { signatory })).status).toBe(403);
    expect(types((await http.as(member)(`/partnerships/${id}/signatures`, { signatory })).body)).toEqual(['DeclarationSigned', 'DeclarationTookEffect']);
  });

  it('settles a shared-risk agreement itself and records payments against the settlement', async () => {
    const proposed = await http.as(steward)('/risk-agreements', {
      collaborativeId: 'uv',
      title: 'Shared savings on avoidable ED visits',
      period: { start: daysFromNow(-400), end: daysFromNow(-35) },
      model: 'two_sided',
      benchmark: usd('1000000.00'),
      minimumSavingsRate: '2',
      minimumLossRate: '2',
      sharingRate: '50',
      lossSharingRate: '40',
      parties: [
        { organizationId: steward, shareBps: 3334 },
        { organizationId: member, shareBps: 3333 },
        { organizationId: funder, shareBps: 3333 },
      ],
    });
    expect(proposed.status).toBe(201);
    const id = (proposed.body as Answer).id;
    const signatory = { name: 'Signer', title: 'CFO' };
    for (const org of [steward, member]) expect((await http.as(org)(`/risk-agreements/${id}/signatures`, { signatory })).status).toBe(200);
    expect(types((await http.as(funder)(`/risk-agreements/${id}/signatures`, { signatory })).body)).toContain('RiskAgreementTookEffect');
    // A party would decide its own payout: refused; the steward that is not a party records the result.
    const byParty = await http.as(steward)(`/risk-agreements/${id}/results`, { periodEnd: daysFromNow(-35), actualCost: usd('900000.00') });
    expect([byParty.status, (byParty.body as { code?: string }).code]).toEqual([422, 'conflict_of_interest']);
    const result = await http.as(steward2)(`/risk-agreements/${id}/results`, { periodEnd: daysFromNow(-35), actualCost: usd('900000.00') });
    expect(result.status).toBe(200);
    expect(types(result.body)).toEqual(['PeriodResultRecorded', 'SettlementDetermined']);
    const settlementId = (result.body as Answer).settlementId;
    expect(settlementId).toEqual(expect.any(String));
    const paid = await http.as(steward)(`/risk-agreements/${id}/settlements/${settlementId}/payments`, {
      fromOrganizationId: steward,
      toOrganizationId: member,
      amount: usd('16665.00'),
      paidOn: daysFromNow(-1),
    });
    expect(paid.status).toBe(200);
  });

  it('registers and revokes an organization signing key (the organization itself)', async () => {
    const publicKey = Buffer.alloc(32, 7).toString('base64');
    const added = await http.as(member)(`/organizations/${member}/keys`, { keyId: 'rchc-2026', publicKey });
    expect(added.status).toBe(200);
    expect((await http.as(steward)(`/organizations/${member}/keys`, { publicKey })).status).toBe(403);
    expect((await http.as(member)(`/organizations/${member}/keys/rchc-2026/revocation`)).status).toBe(200);
  });
});
