import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedgerOn, tempDir } from '../notifications/support';
import { ledgerCli, pdfText } from './support';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** Whitespace folded, as a reader searching the text sees it. */
const folded = (text: string) => text.replace(/\s+/g, ' ');
/** The text without the line saying when the file was made (the one thing two makings of a report differ in). */
const withoutGenerated = (text: string) => text.split('\n').filter((line) => !/^(Generated|Produit le) /.test(line.trim())).join('\n');

/**
 * `ledger report`: the board pack made offline from the store, in a child process, without the
 * server — the same document GET /collaboratives/:id/report answers for the same moment: the
 * overdue commitments' titles and the same tree size and root hash, read back with pdftotext.
 */
describe('ledger report (offline board pack)', () => {
  const data = tempDir('ledger-cli-report-');
  const out = tempDir('ledger-cli-report-out-');
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const asOfDate = day(120);
  const asOf = `${asOfDate}T23:59:59.999Z`;
  const overdueTitles = ['Open the mobile clinic in Hartland', 'Ouvrir la clinique mobile à Hartland — volet français', 'Train forty community health workers'];
  let http: { pdf: Buffer; treeSize: number; rootHash: string };

  beforeAll(async () => {
    const ledger = await startLedgerOn(data.path, {});
    try {
      const api = client(ledger.baseUrl);
      await seedCollaborative(api, 'uv', [
        { id: steward, sector: 'hospital', role: 'steward' },
        { id: member, sector: 'community_org', role: 'member' },
      ]);
      const ok = async (answer: Promise<{ status: number; body: unknown }>) => {
        const { status, body } = await answer;
        expect({ status, body }).toEqual({ status: expect.any(Number), body: expect.anything() });
        expect(status).toBeLessThan(300);
        return body as { id: string };
      };
      await ok(
        api.as(steward)('/collaboratives/uv/goals', {
          id: 'ed-visits',
          title: 'Fewer avoidable emergency visits',
          indicator: { name: 'avoidable ED visits', unit: 'per 1000', polarity: 'lower_is_better' },
          baseline: { value: '48.5', date: day(-400) },
          target: { value: '40', date: day(300) },
        }),
      );
      await ok(api.as(steward)('/collaboratives/uv/goals/ed-visits/measurements', { value: '46.2', periodEnd: day(-100) }));
      for (const [i, title] of overdueTitles.entries()) {
        const made = await ok(api.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title, dueDate: day(10 + i) }));
        await ok(api.as(steward)(`/commitments/${made.id}/acceptance`, {}));
      }
      const delivered = await ok(api.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Hire a care navigator', dueDate: day(30) }));
      await ok(api.as(steward)(`/commitments/${delivered.id}/acceptance`, {}));
      await ok(api.as(member)(`/commitments/${delivered.id}/delivery`, { deliveredOn: day(0) }));
      await ok(api.as(steward)(`/commitments/${delivered.id}/delivery-confirmation`, {}));
      const response = await fetch(`${ledger.baseUrl}/collaboratives/uv/report?asOf=${asOf}`, { headers: { authorization: `Bearer ${await api.keyOf(steward)}` } });
      expect(response.status).toBe(200);
      http = { pdf: Buffer.from(await response.arrayBuffer()), treeSize: Number(response.headers.get('x-ledger-tree-size')), rootHash: response.headers.get('x-ledger-root-hash')! };
      expect(http.treeSize).toBe(await api.headPosition());
    } finally {
      // The server stops: the command reads the store alone.
      await ledger.close();
    }
  }, 120_000);

  afterAll(() => {
    data.remove();
    out.remove();
  });

  it('writes the PDF the HTTP route answers: the overdue commitments and the same tree size and root hash, as text a PDF reader extracts', async () => {
    const file = join(out.path, 'board-pack.pdf');
    const run = await ledgerCli(['report', '--collaborative', 'uv', '--as-of', asOfDate, '--out', file], data.path);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`tree size ${http.treeSize}, root hash ${http.rootHash}`);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const title of overdueTitles) expect(folded(text)).toContain(title);
    expect(folded(text)).not.toContain('Hire a care navigator');
    expect(folded(text)).toContain('Overdue commitments (3)');
    expect(folded(text)).toContain(http.rootHash);
    // Page for page the HTTP one, but for when it was made.
    expect(withoutGenerated(text)).toBe(withoutGenerated(pdfText(http.pdf)));
  }, 180_000);

  it('writes it in French and as HTML, with the root hash in the page', async () => {
    const file = join(out.path, 'board-pack.html');
    const run = await ledgerCli(['report', '--collaborative', 'uv', '--as-of', asOf, '--from', day(-30), '--lang', 'fr', '--format', 'html', '--out', file], data.path);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Engagements en retard (3)');
    expect(html).toContain('Ouvrir la clinique mobile à Hartland — volet français');
    expect(html).toContain(`content="${http.rootHash}"`);
  }, 180_000);

  it('refuses a bad date or language as a usage error (2), and says what is wrong with an unknown collaborative or a reversed period (1), writing nothing', async () => {
    const file = join(out.path, 'refused.pdf');
    for (const [args, option] of [
      [['--as-of', 'yesterday'], '--as-of'],
      [['--from', '2026-02-30'], '--from'],
      [['--lang', 'de'], '--lang'],
      [['--format', 'docx'], '--format'],
    ] as const) {
      const run = await ledgerCli(['report', '--collaborative', 'uv', ...args, '--out', file], data.path);
      expect({ args, status: run.status }).toEqual({ args, status: 2 });
      expect(run.stderr).toContain(option);
    }
    const unknown = await ledgerCli(['report', '--collaborative', 'nowhere', '--out', file], data.path);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('there is no collaborative nowhere');
    const reversed = await ledgerCli(['report', '--collaborative', 'uv', '--as-of', day(-1), '--from', day(0), '--out', file], data.path);
    expect(reversed.status).toBe(1);
    expect(reversed.stderr).toContain('from must not be after asOf');
    const empty = tempDir('ledger-cli-report-empty-');
    try {
      const none = await ledgerCli(['report', '--collaborative', 'uv', '--out', file], empty.path);
      expect(none.status).toBe(1);
      expect(none.stderr).toContain('there is no ledger at');
    } finally {
      empty.remove();
    }
    expect(existsSync(file)).toBe(false);
  }, 300_000);
});
