import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Answer = { id: string; position: number; [k: string]: unknown };
type Listing<T = Record<string, unknown>> = { items: T[]; nextCursor: string | null; asOf: string };
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const usd = (amount: string) => ({ currency: 'USD', amount });

/** The GET queries over HTTP: shapes, asOf, paging, reading one's own writes, refusals. */
describe('queries over HTTP (embedded store)', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const funder = 'valley-foundation';
  let startedAt: string;

  beforeAll(async () => {
    ledger = await startLedger();
    http = client(ledger.baseUrl);
    startedAt = new Date().toISOString();
    await seedCollaborative(http, 'uv', [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: member, sector: 'community_org', role: 'member' },
      { id: funder, sector: 'funder', role: 'member' },
    ]);
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('reads its own writes: a commitment is there, with its status, as soon as the command answered', async () => {
    const made = await http.as(member)('/commitments', {
      collaborativeId: 'uv',
      promisee: { collaborativeId: 'uv' },
      title: 'Enrol 400 residents in care navigation',
      measure: { indicator: 'residents enrolled', unit: 'people', target: '400' },
      dueDate: daysFromNow(60),
    });
    expect(made.status).toBe(201);
    const id = (made.body as Answer).id;
    const proposed = await http.get(`/commitments/${id}`);
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({
      id,
      collaborativeId: 'uv',
      promisor: member,
      promisee: { collaborativeId: 'uv' },
      title: 'Enrol 400 residents in care navigation',
      dueDate: daysFromNow(60),
      status: 'proposed',
      lastEvent: { position: (made.body as Answer).position, streamRevision: 0 },
      history: [expect.objectContaining({ type: 'CommitmentMade', position: (made.body as Answer).position })],
    });
    const acceptedAt = new Date().toISOString();
    expect((await http.as(steward)(`/commitments/${id}/acceptance`, {})).status).toBe(200);
    const accepted = await http.get<Record<string, unknown> & { history: unknown[] }>(`/commitments/${id}`);
    expect(accepted.body).toMatchObject({ status: 'active', lastEvent: { streamRevision: 1 } });
    expect(accepted.body.history).toHaveLength(2);

    // As of before the acceptance: proposed, one event; before it was made: unknown.
    const then = await http.get<Record<string, unknown> & { history: unknown[] }>(`/commitments/${id}?asOf=${encodeURIComponent(acceptedAt)}`);
    expect(then.body).toMatchObject({ status: 'proposed', asOf: new Date(acceptedAt).toISOString() });
    expect(then.body.history).toHaveLength(1);
    const before = await http.get(`/commitments/${id}?asOf=${encodeURIComponent(startedAt)}`);
    expect(before.status).toBe(404);
    expect(before.headers.get('content-type')).toContain('application/problem+json');
    expect(before.body).toMatchObject({ status: 404, code: 'commitment_not_found' });

    // In the lists, filtered; and overdue when asked about a moment after its due date.
    const listed = await http.get<Listing<{ id: string; status: string }>>(`/commitments?promisor=${member}&status=active`);
    expect(listed.body.items.map((c) => c.id)).toContain(id);
    const later = `${daysFromNow(61)}T00:00:00Z`;
    const overdue = await http.get<Listing<{ id: string; status: string }>>(`/commitments?promisor=${member}&status=overdue&asOf=${later}`);
    expect(overdue.body.items.map((c) => [c.id, c.status])).toEqual([[id, 'overdue']]);
    expect(overdue.body.asOf).toBe(new Date(later).toISOString());
  });

  it('pages lists with an opaque cursor that keeps the moment of the first page', async () => {
    for (let i = 0; i < 5; i++) {
      const made = await http.as(steward)('/commitments', { collaborativeId: 'uv', promisee: { organizationId: member }, title: `Clinic ${i}`, dueDate: daysFromNow(10 + i) });
      expect(made.status).toBe(201);
    }
    const all = await http.get<Listing<{ id: string; dueDate: string }>>(`/commitments?promisor=${steward}`);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.nextCursor).toBeNull();
    const first = await http.get<Listing<{ id: string }>>(`/commitments?promisor=${steward}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    // A commitment made after the first page does not slip into the next ones.
    expect((await http.as(steward)('/commitments', { collaborativeId: 'uv', promisee: { organizationId: member }, title: 'Late', dueDate: daysFromNow(11) })).status).toBe(201);
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await http.get<Listing<{ id: string }>>(`/commitments?promisor=${steward}&limit=2&cursor=${cursor}`);
      expect(page.status).toBe(200);
      expect(page.body.asOf).toBe(first.body.asOf);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(seen.map((c) => c.id)).toEqual(all.body.items.map((c) => c.id));
    const mismatch = await http.get(`/commitments?promisor=${steward}&limit=2&cursor=${first.body.nextCursor}&asOf=2020-01-01T00:00:00Z`);
    expect(mismatch.status).toBe(400);
  });

  it('answers pledges with their figures in money strings', async () => {
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
    expect((await http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('40000.00'), disbursedOn: daysFromNow(-1), reference: 'W-1' })).status).toBe(200);
    const pledge = await http.get(`/pledges/${id}`);
    expect(pledge.body).toMatchObject({
      id,
      funder,
      status: 'partially_disbursed',
      pledged: usd('250000.00'),
      disbursed: usd('40000.00'),
      confirmed: usd('0.00'),
      outstanding: usd('210000.00'),
      overdueInstallments: [{ dueDate: daysFromNow(-30), amount: usd('100000.00'), unpaid: usd('60000.00') }],
    });
    expect(pledge.body).toMatchObject({ disbursements: [{ amount: usd('40000.00'), disbursedOn: daysFromNow(-1), reference: 'W-1' }] });
    const listed = await http.get<Listing<Record<string, unknown>>>(`/pledges?funder=${funder}&status=partially_disbursed`);
    expect(listed.body.items.map((p) => p.id)).toEqual([id]);
    // A list carries the figures and how many disbursements there are, not the disbursements.
    const { disbursements: _disbursements, asOf: _asOf, allowedActions: _actions, ...figures } = pledge.body as Record<string, unknown>;
    expect(listed.body.items[0]).toEqual({ ...figures, disbursementCount: 1 });
    expect(listed.body.items[0]).not.toHaveProperty('disbursements');

    // A later event shows at once: decoded states are reused only for the same last event.
    expect((await http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('10000.00'), disbursedOn: daysFromNow(0), reference: 'W-2' })).status).toBe(200);
    const again = await http.get<Listing<Record<string, unknown>>>(`/pledges?funder=${funder}`);
    expect(again.body.items[0]).toMatchObject({ disbursed: usd('50000.00'), disbursementCount: 2 });
    expect((await http.get<Record<string, unknown>>(`/pledges/${id}`)).body).toMatchObject({ disbursed: usd('50000.00'), outstanding: usd('200000.00') });
    expect((await http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('-10000.00'), disbursedOn: daysFromNow(0), reference: 'W-3' })).status).toBe(400);
    expect((await http.get<Listing>(`/pledges?recipient=${member}&status=fulfilled`)).body.items).toEqual([]);

    const scorecard = await http.get<Record<string, unknown>>(`/organizations/${funder}/accountability`);
    expect(scorecard.status).toBe(200);
    expect(scorecard.body.funds).toEqual([
      { currency: 'USD', pledged: '250000.00', disbursed: '50000.00', cancelled: '0.00', outstanding: '200000.00', overdue: '50000.00', indicative: '0.00' },
    ]);
    const received = await http.get<Record<string, unknown>>(`/organizations/${member}/accountability`);
    expect(received.body.fundsReceived).toEqual([expect.objectContaining({ currency: 'USD', outstanding: '200000.00' })]);
    expect(received.body.commitments).toMatchObject({ made: 1, active: 1, onTimeRate: null });
  });

  it('answers the collaborative summary and the records without lists', async () => {
    const summary = await http.get<Record<string, unknown>>('/collaboratives/uv/summary');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      collaborative: { id: 'uv', name: 'Upper Valley', pathwayPhase: 5 },
      commitments: { made: 7, proposed: 6, active: 1 },
      goals: [],
      declarations: { total: 0 },
    });
    for (const path of ['/partnerships/nope', '/risk-agreements/nope', '/pledges/nope', '/organizations/nope/accountability', '/collaboratives/nope/summary']) {
      const answer = await http.get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
  });

  it('answers each reader what the read policy lets it see', async () => {
    for (const [id, sector] of [
      ['valley-gazette', 'other'],
      ['north-clinic', 'community_org'],
      ['lone-org', 'other'],
    ]) {
      expect((await http.asOperator('/organizations', { id, name: id, sector })).status).toBe(201);
    }
    expect((await http.asOperator('/collaboratives', { id: 'nv', name: 'North Valley', region: 'North Valley', pathwayPhase: 2 })).status).toBe(201);
    expect((await http.asOperator('/collaboratives/nv/members', { organizationId: 'north-clinic', role: 'steward' })).status).toBe(200);
    expect((await http.asOperator('/collaboratives/uv/members', { organizationId: 'valley-gazette', role: 'observer' })).status).toBe(200);
    const made = await http.as('north-clinic')('/commitments', { collaborativeId: 'nv', promisee: { collaborativeId: 'nv' }, title: 'Open a clinic', dueDate: daysFromNow(90) });
    expect(made.status).toBe(201);
    const uvCommitment = (await http.get<Listing<{ id: string }>>('/commitments?collaborative=uv&limit=1')).body.items[0].id;

    // A member sees its own collaboratives only.
    const north = http.getAs('north-clinic');
    expect((await north<Listing<{ collaborativeId: string }>>('/commitments')).body.items.map((c) => c.collaborativeId)).toEqual(['nv']);
    expect((await north('/commitments?collaborative=uv')).status).toBe(403);
    expect((await north(`/commitments/${uvCommitment}`)).status).toBe(403);
    expect((await north('/collaboratives/uv/summary')).status).toBe(403);
    expect((await north('/collaboratives/nv/summary')).status).toBe(200);
    expect((await north(`/organizations/${member}/accountability`)).status).toBe(403);
    // An observer reads the public projections, without event histories.
    const gazette = http.getAs('valley-gazette');
    const observed = await gazette<Record<string, unknown>>(`/commitments/${uvCommitment}`);
    expect(observed.status).toBe(200);
    expect(observed.body).toMatchObject({ id: uvCommitment, status: expect.any(String) });
    expect(observed.body).not.toHaveProperty('history');
    expect((await gazette(`/organizations/${member}/accountability`)).status).toBe(200);
    // An organization in no collaborative: its own scorecard, nothing else.
    const lone = http.getAs('lone-org');
    expect((await lone<Listing>('/commitments')).body.items).toEqual([]);
    expect((await lone<Listing>('/pledges')).body.items).toEqual([]);
    expect((await lone('/organizations/lone-org/accountability')).status).toBe(200);
    expect((await lone('/collaboratives/uv/summary')).body).toMatchObject({ status: 403, code: 'not_a_member' });
  });

  it('refuses malformed queries with 400 problem documents naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/commitments?status=late', 'status'],
      ['/commitments?status=active,,overdue', 'status'],
      ['/commitments?limit=0', 'limit'],
      ['/commitments?limit=501', 'limit'],
      ['/commitments?dueBefore=tomorrow', 'dueBefore'],
      ['/commitments?asOf=2025-02-30T00:00:00Z', 'asOf'],
      ['/commitments?asOf=yesterday', 'asOf'],
      ['/commitments?cursor=bm9wZQ', 'query.cursor'],
      ['/commitments?promisor=Not%20A%20Slug', 'promisor'],
      ['/commitments?colour=red', 'colour'],
      ['/pledges?status=paid', 'status'],
      ['/commitments/x%20y', 'id'],
    ];
    for (const [path, parameter] of cases) {
      const answer = await http.get<{ errors?: Array<{ path: string }> }>(path);
      expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect({ path, paths: answer.body.errors?.map((e) => e.path) }).toEqual({ path, paths: expect.arrayContaining([parameter]) });
    }
  });

  it('reports projection lag in /health and documents the queries in OpenAPI', async () => {
    const health = await http.get<{ store: { headPosition: number }; projections: { checkpoint: number; lag: number; state: string } }>('/health');
    expect(health.body.projections).toMatchObject({ state: 'running', lag: 0, checkpoint: health.body.store.headPosition });
    const openapi = await http.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
    for (const path of [
      '/commitments',
      '/commitments/{id}',
      '/pledges',
      '/pledges/{id}',
      '/partnerships/{id}',
      '/risk-agreements/{id}',
      '/organizations/{id}/accountability',
      '/collaboratives/{id}/summary',
    ]) {
      expect({ path, get: Boolean(openapi.body.paths[path]?.get) }).toEqual({ path, get: true });
    }
  });
});
