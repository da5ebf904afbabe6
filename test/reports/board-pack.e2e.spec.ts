import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Listing<T> = { items: T[]; nextCursor: string | null };
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A real PDF reader's text of the document: poppler's pdftotext (infra/reports/install.sh), whitespace folded. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'board-pack-'));
  try {
    writeFileSync(join(dir, 'pack.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'pack.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fetchReport(baseUrl: string, key: string, query: string) {
  const response = await fetch(`${baseUrl}/collaboratives/uv/report?${query}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** GET /collaboratives/:id/report: the board pack as a PDF (read back by pdftotext) and as HTML, in English and French. */
describe('the board pack (HTTP, embedded store)', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const steward2 = 'valley-public-health';
  const member = 'riverside-chc';
  const funder = 'valley-foundation';
  const observer = 'valley-news';
  const outsider = 'elsewhere-clinic';
  /** A moment when the commitments due within the next weeks are overdue. */
  const later = `${day(120)}T12:00:00Z`;
  const overdueTitles = [
    'Open the mobile clinic in Hartland',
    'Ouvrir la clinique mobile à Hartland — volet français',
    // Long enough to wrap in its table cell: the reader still finds it whole once whitespace is folded.
    'Train forty community health workers in motivational interviewing and in the regional referral pathway for diabetes care',
  ];
  const startedAt = new Date(Date.now() - 1000).toISOString();

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
    expect((await http.asOperator('/organizations', { id: outsider, name: 'Elsewhere', sector: 'hospital' })).status).toBe(201);
    await http.keyOf(outsider);
    const ok = async (answer: Promise<{ status: number; body: unknown }>) => {
      const { status, body } = await answer;
      expect({ status, body }).toMatchObject({ status: expect.any(Number) });
      expect(status).toBeLessThan(300);
      return body as { id: string };
    };
    // A goal with a series of measurements.
    await ok(
      http.as(steward)('/collaboratives/uv/goals', {
        id: 'ed-visits',
        title: 'Fewer avoidable emergency visits',
        indicator: { name: 'avoidable ED visits', unit: 'per 1000', polarity: 'lower_is_better' },
        baseline: { value: '48.5', date: day(-400) },
        target: { value: '40', date: day(300) },
      }),
    );
    for (const [periodEnd, value] of [
      [day(-300), '47.9'],
      [day(-200), '46.2'],
      [day(-100), '44.8'],
    ]) {
      await ok(http.as(steward)('/collaboratives/uv/goals/ed-visits/measurements', { value, periodEnd }));
    }
    // Commitments accepted and due soon: overdue by `later`.
    for (const [i, title] of overdueTitles.entries()) {
      const made = await ok(http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title, dueDate: day(10 + i) }));
      await ok(http.as(steward)(`/commitments/${made.id}/acceptance`, {}));
    }
    // One delivered on time (not listed), one disputed.
    const delivered = await ok(http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Hire a care navigator', dueDate: day(30) }));
    await ok(http.as(steward)(`/commitments/${delivered.id}/acceptance`, {}));
    await ok(http.as(member)(`/commitments/${delivered.id}/delivery`, { deliveredOn: day(0) }));
    await ok(http.as(steward)(`/commitments/${delivered.id}/delivery-confirmation`, {}));
    const disputed = await ok(http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Publish the dashboard of wait times', dueDate: day(30) }));
    await ok(http.as(steward)(`/commitments/${disputed.id}/acceptance`, {}));
    await ok(http.as(member)(`/commitments/${disputed.id}/delivery`, { deliveredOn: day(0) }));
    await ok(http.as(steward)(`/commitments/${disputed.id}/disputes`, { reason: 'not public yet' }));
    // Funds: one pledge, partly paid.
    const pledge = await ok(
      http.as(funder)('/pledges', { collaborativeId: 'uv', recipient: { collaborativeId: 'uv' }, purpose: 'Mobile clinic', amount: { currency: 'USD', amount: '250000.00' }, binding: true }),
    );
    await ok(http.as(funder)(`/pledges/${pledge.id}/disbursements`, { amount: { currency: 'USD', amount: '100000.00' }, disbursedOn: day(0), reference: 'wire 1' }));
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('holds every overdue commitment and the root hash of the tree it was made from, in English and in French, as text a PDF reader extracts', async () => {
    const overdue = await http.get<Listing<{ title: string }>>(`/commitments?collaborative=uv&status=overdue&asOf=${later}`);
    expect(overdue.body.items.map((c) => c.title).sort()).toEqual([...overdueTitles].sort());
    const key = await http.keyOf(steward);
    for (const [lang, heading, disputedHeading] of [
      ['en', 'Overdue commitments (3)', 'Disputed commitments (1)'],
      ['fr', 'Engagements en retard (3)', 'Engagements contestés (1)'],
    ]) {
      const report = await fetchReport(ledger.baseUrl, key, `asOf=${later}&lang=${lang}`);
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toBe('application/pdf');
      expect(report.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const treeSize = Number(report.headers.get('x-ledger-tree-size'));
      const rootHash = report.headers.get('x-ledger-root-hash');
      // The same tree head the ledger signs for that size: every event recorded by asOf (here, all of them).
      expect(treeSize).toBe(await http.headPosition());
      const checkpoint = await http.get<{ rootHash: string; treeSize: number }>(`/ledger/checkpoint?treeSize=${treeSize}`);
      expect(checkpoint.body).toMatchObject({ treeSize, rootHash });

      const text = pdfText(report.bytes);
      for (const title of overdueTitles) expect(text).toContain(title);
      expect(text).toContain('Publish the dashboard of wait times');
      expect(text).not.toContain('Hire a care navigator');
      expect(text).toContain(rootHash);
      expect(text).toContain(heading);
      expect(text).toContain(disputedHeading);
      expect(text).toContain('Fewer avoidable emergency visits');
      expect(text).toContain(lang === 'en' ? 'Page 1 of' : 'Page 1 sur');
      expect(text).toContain(funder);
    }
  });

  it('answers for a past moment with the tree head of that moment, and an empty report before the collaborative existed', async () => {
    const key = await http.keyOf(steward);
    const head = await http.headPosition();
    const past = new Date().toISOString();
    await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Made after the moment', dueDate: day(5) });
    const report = await fetchReport(ledger.baseUrl, key, `asOf=${past}`);
    expect(report.status).toBe(200);
    expect(Number(report.headers.get('x-ledger-tree-size'))).toBe(head);
    const checkpoint = await http.get<{ rootHash: string }>(`/ledger/checkpoint?treeSize=${head}`);
    expect(report.headers.get('x-ledger-root-hash')).toBe(checkpoint.body.rootHash);
    expect(pdfText(report.bytes)).not.toContain('Made after the moment');

    const before = await fetchReport(ledger.baseUrl, key, `asOf=${startedAt}&lang=fr`);
    expect(before.status).toBe(200);
    expect(Number(before.headers.get('x-ledger-tree-size'))).toBe(0);
    expect(pdfText(before.bytes)).toContain("La collaboration n'existait pas encore");
  });

  it('is printable HTML too, with the same figures, escaped', async () => {
    const report = await fetchReport(ledger.baseUrl, await http.keyOf(observer), `asOf=${later}&format=html&lang=fr`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/html');
    const html = report.bytes.toString('utf8');
    expect(html).toContain('Ouvrir la clinique mobile à Hartland — volet français');
    expect(html).toContain(`content="${report.headers.get('x-ledger-root-hash')}"`);
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('Engagements en retard (3)');
  });

  it('refuses a reader outside the collaborative, a reversed period and malformed parameters, and says 404 for an unknown collaborative', async () => {
    const outsiderKey = await http.keyOf(outsider);
    const refused = await fetchReport(ledger.baseUrl, outsiderKey, '');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.bytes.toString())).toMatchObject({ status: 403, code: 'not_a_member' });
    const key = await http.keyOf(steward);
    const reversed = await fetchReport(ledger.baseUrl, key, `asOf=${day(-1)}T00:00:00Z&from=${day(0)}T00:00:00Z`);
    expect(reversed.status).toBe(400);
    expect(JSON.parse(reversed.bytes.toString())).toMatchObject({ status: 400, code: 'period_reversed' });
    for (const query of ['format=docx', 'lang=de', 'asOf=yesterday', 'from=2026-13-01T00:00:00Z']) {
      const bad = await fetchReport(ledger.baseUrl, key, query);
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
    }
    const unknown = await fetch(`${ledger.baseUrl}/collaboratives/nowhere/report`, { headers: { authorization: `Bearer ${ledger.operatorKey}` } });
    expect(unknown.status).toBe(404);
  });
});
