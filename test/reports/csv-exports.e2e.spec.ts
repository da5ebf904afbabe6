import { parse } from 'csv-parse/sync';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Listing<T> = { items: T[]; nextCursor: string | null; asOf: string };
type Item = Record<string, unknown> & { id: string };
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Every page of a JSON listing, following nextCursor. */
async function allPages<T>(http: ReturnType<typeof client>, path: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { status: number; body: Listing<T> } = await http.get<Listing<T>>(`${path}${separator}limit=500${cursor ? `&cursor=${cursor}` : ''}`, { authorization: `Bearer ${key}` });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

async function csv(baseUrl: string, path: string, key: string, headers: Record<string, string> = { accept: 'text/csv' }) {
  const response = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${key}`, ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, rows: response.status === 200 ? (parse(text, { columns: true }) as Record<string, string>[]) : [] };
}

/** Lists as CSV (RFC 4180), read back by an independent parser (csv-parse) and compared with the JSON list. */
describe('CSV exports of the lists (HTTP, embedded store)', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const funder = 'valley-foundation';
  const outsider = 'elsewhere-clinic';
  /** More than two pages of the CSV export (500 a page) and of the JSON listing. */
  const COMMITMENTS = 1_120;
  let pledgeId: string;
  let key: string;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    http = client(ledger.baseUrl);
    await seedCollaborative(http, 'uv', [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: member, sector: 'community_org', role: 'member' },
      { id: funder, sector: 'funder', role: 'member' },
    ]);
    expect((await http.asOperator('/organizations', { id: outsider, name: 'Elsewhere', sector: 'hospital' })).status).toBe(201);
    key = await http.keyOf(steward);
    const makeOne = async (i: number) => {
      const made = await http.as(member)('/commitments', {
        collaborativeId: 'uv',
        promisee: i % 3 === 0 ? { organizationId: steward } : { collaborativeId: 'uv' },
        // Commas, quotes, line breaks and accents: the fields CSV must quote.
        title: `Commitment ${i}, "phase ${i % 7}"${i % 5 === 0 ? '\nsecond line — été' : ''}`,
        ...(i % 4 === 0 && { description: 'Line one\r\nline two; a "quote", a comma' }),
        ...(i % 6 === 0 && { measure: { indicator: 'residents enrolled', unit: 'people', target: `${i}.5` } }),
        dueDate: day(1 + (i % 90)),
      });
      expect(made.status).toBe(201);
      if (i % 2 === 0) expect((await http.as(steward)(`/commitments/${(made.body as Item).id}/acceptance`, {})).status).toBe(200);
    };
    for (let i = 0; i < COMMITMENTS; i += 40) await Promise.all(Array.from({ length: Math.min(40, COMMITMENTS - i) }, (_, j) => makeOne(i + j)));
    for (const [currency, amount] of [
      ['USD', '250000.00'],
      ['CAD', '1200.50'],
      ['JPY', '5000000'],
    ]) {
      const pledge = await http.as(funder)('/pledges', { collaborativeId: 'uv', recipient: { collaborativeId: 'uv' }, purpose: `Grant, in ${currency}`, amount: { currency, amount }, binding: true });
      expect(pledge.status).toBe(201);
      pledgeId ??= (pledge.body as Item).id;
    }
    for (const [amount, ref] of [
      ['1000.00', 'wire 1'],
      ['2500.25', 'wire "2", split'],
    ]) {
      expect((await http.as(funder)(`/pledges/${pledgeId}/disbursements`, { amount: { currency: 'USD', amount }, disbursedOn: day(0), reference: ref })).status).toBe(200);
    }
    for (const title of ['Adopt data-sharing principles', 'Allocate the grant, "year 2"']) {
      expect((await http.as(steward)('/resolutions', { collaborativeId: 'uv', title, matter: 'general' })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('streams every page of the commitments, and the CSV parsed back equals the JSON list', async () => {
    const json = await allPages<Item & { promisee: Record<string, string>; measure?: Record<string, string>; lastEvent: Record<string, unknown> }>(http, '/commitments?collaborative=uv', key);
    expect(json).toHaveLength(COMMITMENTS);
    const answer = await csv(ledger.baseUrl, '/commitments?collaborative=uv', key);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="commitments-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(answer.text.startsWith('id,collaborativeId,promisor,promiseeOrganizationId,promiseeCollaborativeId,title,')).toBe(true);
    expect(answer.text.split('\r\n').length).toBeGreaterThan(COMMITMENTS);
    expect(answer.rows).toHaveLength(json.length);
    answer.rows.forEach((row, i) => {
      const item = json[i];
      expect(row).toMatchObject({
        id: item.id,
        collaborativeId: item.collaborativeId,
        promisor: item.promisor,
        promiseeOrganizationId: item.promisee.organizationId ?? '',
        promiseeCollaborativeId: item.promisee.collaborativeId ?? '',
        title: item.title,
        description: item.description ?? '',
        measureTarget: item.measure?.target ?? '',
        dueDate: item.dueDate,
        status: item.status,
        pendingRevision: String(item.pendingRevision),
        progressReports: String(item.progressReports),
        lastEventPosition: String(item.lastEvent.position),
      });
    });
    // format=csv is the same answer; a filter and a cursor apply to the CSV as to the JSON.
    const byFormat = await csv(ledger.baseUrl, '/commitments?collaborative=uv&format=csv', key, {});
    expect(byFormat.rows).toEqual(answer.rows);
    const active = await allPages<Item>(http, '/commitments?collaborative=uv&status=active', key);
    expect((await csv(ledger.baseUrl, '/commitments?collaborative=uv&status=active', key)).rows.map((r) => r.id)).toEqual(active.map((c) => c.id));
    const first = await http.get<Listing<Item>>('/commitments?collaborative=uv&limit=100', { authorization: `Bearer ${key}` });
    const rest = await csv(ledger.baseUrl, `/commitments?format=csv&cursor=${first.body.nextCursor}`, key, {});
    expect(rest.rows.map((r) => r.id)).toEqual(json.slice(100).map((c) => c.id));
  });

  it('answers for the moment asked about, every page for the moment of the first', async () => {
    const asOf = new Date().toISOString();
    await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'After the moment', dueDate: day(3) });
    const then = await csv(ledger.baseUrl, `/commitments?collaborative=uv&asOf=${asOf}&status=overdue,active,proposed`, key);
    expect(then.rows).toHaveLength(COMMITMENTS);
    expect(then.rows.map((r) => r.title)).not.toContain('After the moment');
    const later = `${day(200)}T00:00:00Z`;
    const overdue = await csv(ledger.baseUrl, `/commitments?collaborative=uv&status=overdue&asOf=${later}`, key);
    expect(overdue.rows).toHaveLength(COMMITMENTS / 2 + 0);
    expect(new Set(overdue.rows.map((r) => r.status))).toEqual(new Set(['overdue']));
  });

  it('exports pledges with money as decimal strings and their currency, disbursements and resolutions', async () => {
    const pledges = await allPages<Item & Record<string, { currency: string; amount: string }>>(http, '/pledges?collaborative=uv', key);
    const rows = (await csv(ledger.baseUrl, '/pledges?collaborative=uv', key)).rows;
    expect(rows.map((r) => [r.id, r.currency, r.pledged, r.disbursed, r.outstanding, r.purpose, r.binding])).toEqual(
      pledges.map((p) => [p.id, p.pledged.currency, p.pledged.amount, p.disbursed.amount, p.outstanding.amount, p.purpose, 'true']),
    );
    expect(rows.map((r) => r.pledged).sort()).toEqual(['1200.50', '250000.00', '5000000']);

    const disbursements = await http.get<Listing<Item & { amount: { amount: string } }>>(`/pledges/${pledgeId}/disbursements`, { authorization: `Bearer ${key}` });
    expect(disbursements.status).toBe(200);
    const dRows = (await csv(ledger.baseUrl, `/pledges/${pledgeId}/disbursements`, key)).rows;
    expect(dRows.map((r) => [r.disbursementId, r.currency, r.amount, r.reference])).toEqual(
      disbursements.body.items.map((d) => [d.disbursementId, 'USD', d.amount.amount, d.reference]),
    );
    expect(dRows.map((r) => r.reference)).toEqual(['wire 1', 'wire "2", split']);

    const resolutions = await allPages<Item & { tally: Record<string, number> }>(http, '/resolutions?collaborative=uv', key);
    const rRows = (await csv(ledger.baseUrl, '/resolutions?collaborative=uv', key)).rows;
    expect(rRows.map((r) => [r.id, r.title, r.status, r.for, r.eligible])).toEqual(
      resolutions.map((r) => [r.id, r.title, r.status, String(r.tally.for), String(r.tally.eligible)]),
    );
  });

  it('refuses what the JSON list refuses, as a problem document', async () => {
    const outsiderKey = await http.keyOf(outsider);
    const refused = await csv(ledger.baseUrl, '/commitments?collaborative=uv', outsiderKey);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    // An outsider's unfiltered list is empty, not everyone's.
    const empty = await csv(ledger.baseUrl, '/commitments', outsiderKey);
    expect(empty.status).toBe(200);
    expect(empty.text.trim()).toMatch(/^id,collaborativeId,/);
    expect(empty.rows).toEqual([]);
    for (const path of ['/commitments?format=xml', '/commitments?format=csv&cursor=%%%', `/pledges/${pledgeId}/disbursements?format=pdf`]) {
      const bad = await csv(ledger.baseUrl, path, key, {});
      expect({ path, status: bad.status }).toEqual({ path, status: 400 });
    }
    expect((await csv(ledger.baseUrl, '/pledges/no-such-pledge/disbursements', key)).status).toBe(404);
  });
});
