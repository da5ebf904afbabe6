// The callbacks passed to page.evaluate run in the browser: they use its DOM.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadDemo } from '../../apps/cli/src/demo/demo-loader';
import { client } from '../support/http-client';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';
import { axeViolations, describeViolations, ensureDashboardBuilt, launchChromium, screenshot } from './browser';

/**
 * The stewardship dashboard end to end: Debian's headless Chromium (driven by playwright-core)
 * against a ledger loaded with the demo partnership. Every expectation about figures is taken from
 * the HTTP API the page reads, so the page is held to the API, not to numbers written here.
 */
const PARTNERSHIP = 'upper-valley-partnership';

type Listing<T> = { items: T[]; nextCursor: string | null };
type CommitmentItem = { id: string; title: string; status: string; dueDate: string; promisor: string; goalId?: string; promisee: Record<string, string> };
type Money = { currency: string; amount: string };

const usd = (amount: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount as Intl.StringNumericLiteral);
/** Exact sum of two-decimal amounts, written back with two decimals. */
function sum(amounts: string[]): string {
  const cents = amounts.reduce((total, a) => total + BigInt(a.replace('.', '')), 0n);
  const text = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${cents < 0n ? '-' : ''}${text.slice(0, -2)}.${text.slice(-2)}`;
}
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe('the stewardship dashboard in a real browser', () => {
  let dataDir: string;
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** The ledger's server-side sockets, to close what the browser left behind (see afterAll). */
  const sockets = new Set<Socket>();

  /** Page errors, console errors and CSP violations fail the suite (expected 4xx answers aside). */
  function watch(p: Page): void {
    p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    p.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404)/.test(message.text())) {
        problems.push(`console error: ${message.text()}`);
      }
    });
  }

  async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', ...options });
    const p = await c.newPage();
    watch(p);
    return { context: c, page: p };
  }

  async function signIn(p: Page, key: string, partnership = PARTNERSHIP): Promise<void> {
    await p.goto(ledger.baseUrl + '/');
    await p.getByLabel('API key').fill(key);
    await p.getByLabel('Partnership id').fill(partnership);
    await p.getByRole('button', { name: 'Sign in' }).click();
  }

  async function expectAccessible(p: Page, what: string): Promise<void> {
    const violations = await axeViolations(p);
    if (violations.length > 0) throw new Error(`accessibility violations on ${what}:\n${describeViolations(violations)}`);
  }

  async function rows(p: Page, selector = 'table.commitments-table tbody tr') {
    return p.$$eval(selector, (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-commitment'),
        status: tr.getAttribute('data-status'),
        promisor: tr.getAttribute('data-promisor'),
        goal: tr.getAttribute('data-goal'),
        title: tr.querySelector('a')?.textContent ?? '',
      })),
    );
  }

  /** Waits until the commitments table shows exactly these ids (in this order). */
  async function expectRows(p: Page, ids: string[]): Promise<void> {
    await p.waitForFunction(
      (expected) => {
        const shown = [...document.querySelectorAll('table.commitments-table tbody tr')].map((tr) => tr.getAttribute('data-commitment'));
        return shown.length === expected.length && shown.every((id, i) => id === expected[i]);
      },
      ids,
      { timeout: 15_000 },
    );
  }

  const list = (query: string) => http.get<Listing<CommitmentItem>>(`/commitments?collaborative=${PARTNERSHIP}&limit=100${query}`).then((a) => a.body.items);

  beforeAll(async () => {
    ensureDashboardBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-dashboard-'));
    const saved = { ...process.env };
    Object.assign(process.env, { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY, LEDGER_CHECKPOINT_INTERVAL_S: '0' });
    delete process.env.KAFKA_BROKERS;
    try {
      const loaded = await loadDemo();
      expect(loaded).toMatchObject({ loaded: true, simulatedHistory: true });
    } finally {
      process.env = saved;
    }
    ledger = await startLedger({ LEDGER_DATA_DIR: dataDir });
    (ledger.app.getHttpServer() as Server).on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    http = client(ledger.baseUrl);
    browser = await launchChromium();
    ({ page } = await newPage());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    // Chromium sometimes opens a spare connection it never sends a byte on; once the browser is
    // gone, such a socket would hold the server's close until Node's headers timeout (60 s).
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    await ledger?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });

  it('serves the page at / and its assets under /dashboard/, leaving the API and /docs as they were', async () => {
    const response = await fetch(`${ledger.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    // The application's policy (scripts only from the ledger), minus upgrade-insecure-requests, so
    // the page also works from a ledger served over plain http on the network.
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    const html = await response.text();
    expect(html).toContain('<div id="app"></div>');
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${ledger.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${ledger.baseUrl}/dashboard/assets/nothing-here.js`)).status).toBe(404);
    // The API still answers (and still wants a key); the OpenAPI page is still there.
    expect((await fetch(`${ledger.baseUrl}/commitments`)).status).toBe(401);
    expect((await http.get(`/commitments?collaborative=${PARTNERSHIP}&limit=1`)).status).toBe(200);
    expect((await fetch(`${ledger.baseUrl}/docs-json`, { headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}` } })).status).toBe(200);
  });

  it('signs in with an API key kept in the tab’s sessionStorage, and says why a sign-in was refused', async () => {
    await page.goto(ledger.baseUrl + '/');
    await expectAccessible(page, 'the sign-in page');
    await signIn(page, 'not-a-key-of-this-ledger-0123456789');
    await page.getByRole('alert').filter({ hasText: 'did not accept this API key' }).waitFor();
    await page.getByLabel('API key').fill(TEST_OPERATOR_KEY);
    await page.getByLabel('Partnership id').fill('no-such-partnership');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is no partnership “no-such-partnership”' }).waitFor();
    await page.getByLabel('Partnership id').fill(PARTNERSHIP);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Upper Valley Health Partnership' }).waitFor();
    const storage = await page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
    expect(Object.values(storage.session)).toContain(TEST_OPERATOR_KEY);
    expect(JSON.stringify(storage.local)).not.toContain(TEST_OPERATOR_KEY);
    // A reload keeps the session; the key is not in the address.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Upper Valley Health Partnership' }).waitFor();
    expect(page.url()).not.toContain(TEST_OPERATOR_KEY);
  });

  it('shows the collaborative overview: goals, commitments by status with overdue ones first, funds per funder, shared risk', async () => {
    const summary = (await http.get<{
      commitments: Record<string, number | string>;
      goals: Array<{ goalId: string; achieved: string; latestMeasurement: { value: string } }>;
      riskAgreements: Array<{ agreementId: string; settlements: Array<{ parts: Array<{ organizationId: string; amount: Money }> }> }>;
    }>(`/collaboratives/${PARTNERSHIP}/summary`)).body;
    await page.locator('.goal').first().waitFor();
    // Shared goals with baseline, target, latest measurement and progress.
    for (const goal of summary.goals) {
      const card = page.locator(`[data-goal="${goal.goalId}"]`);
      expect(await card.locator('[data-achieved]').textContent()).toBe(`${goal.achieved} % of the targeted change`);
      expect(await card.locator('[data-latest]').textContent()).toContain(goal.latestMeasurement.value);
    }
    // Key figures.
    expect(await page.locator('[data-figure="made"] dd').textContent()).toBe(String(summary.commitments.made));
    expect(await page.locator('[data-figure="overdue"] dd').textContent()).toBe(String(summary.commitments.overdue));

    // Commitments by status: a Chart.js chart, drawn (the overdue bar in its red), with its figures as a table.
    const statusPixels = await page.$eval('#status-chart', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) painted += 1;
        if (data[i] === 0xc6 && data[i + 1] === 0x28 && data[i + 2] === 0x28) red += 1;
      }
      return { painted, red };
    });
    expect(statusPixels.painted).toBeGreaterThan(2000);
    expect(statusPixels.red).toBeGreaterThan(50);

    // Needs attention: overdue first, then disputed, then delivery claimed.
    const attention = await list('&status=overdue,disputed,delivery_claimed');
    const order = ['overdue', 'disputed', 'delivery_claimed'];
    await page.waitForFunction((n) => document.querySelectorAll('.attention-table tbody tr').length === n, attention.length);
    const shown = await page.$$eval('.attention-table tbody tr', (trs) => trs.map((tr) => tr.querySelector('[data-status]')!.getAttribute('data-status')));
    expect(shown).toEqual([...attention].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.dueDate.localeCompare(b.dueDate)).map((c) => c.status));
    expect(shown[0]).toBe('overdue');

    // Funds pledged, disbursed and outstanding per funder: exact sums of the API's decimal strings.
    const pledges = (await http.get<Listing<{ funder: string; pledged: Money; disbursed: Money; outstanding: Money }>>(`/pledges?collaborative=${PARTNERSHIP}&limit=500`)).body.items;
    const funders = [...new Set(pledges.map((p) => p.funder))];
    expect(funders.length).toBeGreaterThan(1);
    for (const funder of funders) {
      const mine = pledges.filter((p) => p.funder === funder);
      const row = page.locator(`.funds-table tr[data-funder="${funder}"]`);
      expect(await row.locator('[data-col="pledged"]').textContent()).toBe(usd(sum(mine.map((p) => p.pledged.amount))));
      expect(await row.locator('[data-col="disbursed"]').textContent()).toBe(usd(sum(mine.map((p) => p.disbursed.amount))));
      expect(await row.locator('[data-col="outstanding"]').textContent()).toBe(usd(sum(mine.map((p) => p.outstanding.amount))));
    }
    expect(await page.$eval('#funds-chart-USD', (c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(300);

    // Shared risk: the latest settlement's part of each party.
    const agreement = summary.riskAgreements[0];
    for (const part of agreement.settlements[agreement.settlements.length - 1].parts) {
      const row = page.locator(`[data-agreement="${agreement.agreementId}"] tr[data-party="${part.organizationId}"]`);
      expect(await row.locator('[data-col="part"]').textContent()).toBe(usd(part.amount.amount));
    }
    // Names come from the organizations' records.
    const funderName = (await http.get<{ organization: { name: string } }>('/organizations/connecticut-river-foundation/accountability')).body.organization.name;
    await page.locator('.funds-table a[data-org="connecticut-river-foundation"]', { hasText: funderName }).waitFor();
    await expectAccessible(page, 'the overview');
    await screenshot(page, 'overview');
  });

  let overdue: CommitmentItem;

  it('filters the commitments by promisor, promisee, goal and status', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commitments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Commitments' }).waitFor();
    const all = await list('');
    await expectRows(page, all.map((c) => c.id));
    expect(new Set(all.map((c) => c.status)).size).toBeGreaterThanOrEqual(10);
    await expectAccessible(page, 'the commitments');
    await screenshot(page, 'commitments');

    await page.getByLabel('Promised by').selectOption('riverside-chc');
    const byRiverside = await list('&promisor=riverside-chc');
    expect(byRiverside.length).toBeGreaterThan(1);
    await expectRows(page, byRiverside.map((c) => c.id));
    expect((await rows(page)).every((r) => r.promisor === 'riverside-chc')).toBe(true);
    expect(page.url()).toContain('promisor=riverside-chc');

    await page.getByLabel('Shared goal').selectOption('avoidable-ed-visits');
    const both = await list('&promisor=riverside-chc&goal=avoidable-ed-visits');
    await expectRows(page, both.map((c) => c.id));
    expect((await rows(page)).every((r) => r.goal === 'avoidable-ed-visits')).toBe(true);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectRows(page, all.map((c) => c.id));

    await page.getByLabel('Promised to').selectOption('upper-valley-health');
    await expectRows(page, (await list('&promisee=upper-valley-health')).map((c) => c.id));
    await page.getByRole('button', { name: 'Clear filters' }).click();

    await page.getByLabel('Status').selectOption('overdue');
    const overdueNow = await list('&status=overdue');
    expect(overdueNow.length).toBeGreaterThanOrEqual(2);
    await expectRows(page, overdueNow.map((c) => c.id));
    expect((await rows(page)).every((r) => r.status === 'overdue')).toBe(true);
    await page.locator('p.count', { hasText: `${overdueNow.length} commitments` }).waitFor();

    // The overdue commitment that was active the day before it fell due (the demo's history).
    for (const candidate of overdueNow) {
      const then = await http.get<{ status: string }>(`/commitments/${candidate.id}?asOf=${dayBefore(candidate.dueDate)}T23:59:59.999Z`);
      if (then.status === 200 && then.body.status === 'active') {
        overdue = candidate;
        break;
      }
    }
    expect(overdue).toBeDefined();
  });

  it('opens a commitment: its promise, and its whole history as a timeline of who did what, when, with which evidence', async () => {
    const detail = (await http.get<{ history: Array<{ type: string; actor: { organizationId?: string } }> }>(`/commitments/${overdue.id}`)).body;
    await page.locator(`tr[data-commitment="${overdue.id}"] a.commitment-link`).click();
    await page.getByRole('heading', { level: 1, name: overdue.title }).waitFor();
    expect(await page.locator('.status-line [data-status]').getAttribute('data-status')).toBe('overdue');
    // The page reached by a link starts at its content (keyboard and screen readers).
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const items = page.locator('ol.timeline > li');
    await items.first().waitFor();
    expect(await items.count()).toBe(detail.history.length);
    expect(await page.$$eval('ol.timeline > li', (lis) => lis.map((li) => li.getAttribute('data-type')))).toEqual(detail.history.map((e) => e.type));
    expect(await items.first().locator('.event-type').textContent()).toBe('Commitment made');
    expect(await items.first().locator('.timeline-head a.org').getAttribute('data-org')).toBe(detail.history[0].actor.organizationId);
    expect(await items.first().locator('time').count()).toBeGreaterThan(0);

    // The browser checks one event against the signed log itself.
    await items.nth(1).getByRole('button', { name: 'Check in the signed log' }).click();
    await items.nth(1).locator('[data-verified="true"]').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'a commitment');
    await screenshot(page, 'commitment');

    // Evidence is shown as a link, for a commitment with evidence.
    const withEvidence = (await list('&status=delivered')).find(() => true)!;
    await page.goto(`${ledger.baseUrl}/#/commitments/${withEvidence.id}`);
    await page.getByRole('heading', { level: 1, name: withEvidence.title }).waitFor();
    await page.locator('ol.timeline .evidence a[href^="https://"]').first().waitFor();
  });

  it('travels back in time: on the day before it fell due the commitment is active again, on every page, until back to now', async () => {
    await page.goto(`${ledger.baseUrl}/#/commitments/${overdue.id}`);
    await page.getByRole('heading', { level: 1, name: overdue.title }).waitFor();
    const before = dayBefore(overdue.dueDate);
    await page.getByLabel('Ledger as of').fill(before);
    await page.locator('.status-line [data-status="active"]').waitFor();
    await page.locator(`.time-travel[data-as-of="${before}"]`).waitFor();
    expect(page.url()).toContain(`asOf=${before}`);
    const then = (await http.get<{ history: unknown[] }>(`/commitments/${overdue.id}?asOf=${before}T23:59:59.999Z`)).body;
    expect(await page.locator('ol.timeline > li').count()).toBe(then.history.length);
    expect(await page.locator('[data-live]').getAttribute('data-live')).toBe('paused');
    await expectAccessible(page, 'time travel');
    await screenshot(page, 'time-travel');

    // Every page follows the date: the list shows it active too, and the overview counts as then.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commitments' }).click();
    await page.locator(`tr[data-commitment="${overdue.id}"][data-status="active"]`).waitFor();
    const summaryThen = (await http.get<{ commitments: { overdue: number } }>(`/collaboratives/${PARTNERSHIP}/summary?asOf=${before}T23:59:59.999Z`)).body;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.locator('[data-figure="overdue"] dd', { hasText: new RegExp(`^${summaryThen.commitments.overdue}$`) }).waitFor();

    // Back to now.
    await page.getByRole('button', { name: 'Now' }).click();
    await page.locator('.time-travel').waitFor({ state: 'detached' });
    await page.goto(`${ledger.baseUrl}/#/commitments/${overdue.id}`);
    await page.locator('.status-line [data-status="overdue"]').waitFor();
  });

  it('shows a new commitment live, without reloading the page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commitments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Commitments' }).waitFor();
    await page.locator('[data-live="open"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
    const title = `Open an evening walk-in clinic (${Date.now()})`;
    const due = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    const made = await http.as('riverside-chc')('/commitments', { collaborativeId: PARTNERSHIP, promisee: { collaborativeId: PARTNERSHIP }, title, dueDate: due });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    await page.locator(`tr[data-commitment="${id}"][data-status="proposed"]`, { hasText: title }).waitFor({ timeout: 15_000 });
    await page.locator('.toast', { hasText: 'Commitment made' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    // A step on it appears too: accepted by a steward, on its own page.
    await page.locator(`tr[data-commitment="${id}"] a.commitment-link`).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect((await http.as('upper-valley-health')(`/commitments/${id}/acceptance`, {})).status).toBe(200);
    await page.locator('.status-line [data-status="active"]').waitFor({ timeout: 15_000 });
    await page.locator('ol.timeline > li[data-type="CommitmentAccepted"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    // And the overview's feed lists them.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.locator('ol.feed li', { hasText: 'Commitment made' }).waitFor();
  });

  it('audits in the browser: the checkpoint’s Ed25519 signature and the last inclusion proof, refusing a forged checkpoint', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
    await page.getByRole('button', { name: 'Check the latest checkpoint again' }).click();
    await page.locator('[data-audit-verdict="verified"]').waitFor({ timeout: 15_000 });
    for (const check of ['key-id', 'signature', 'pinned-key', 'event-hash', 'inclusion']) {
      expect(await page.locator(`[data-check="${check}"]`).getAttribute('data-ok')).toBe('true');
    }
    const head = await http.headPosition();
    expect(Number(await page.locator('[data-tree-size]').getAttribute('data-tree-size'))).toBe(head);
    expect(await page.locator('[data-audit]').getAttribute('data-audit')).toBe('verified');
    await expectAccessible(page, 'the audit page');
    await screenshot(page, 'audit');

    // A checkpoint whose root was changed in transit: the browser's own check catches it.
    await page.route('**/ledger/checkpoint', async (route) => {
      const response = await route.fetch();
      const checkpoint = (await response.json()) as { rootHash: string };
      checkpoint.rootHash = checkpoint.rootHash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
      await route.fulfill({ response, json: checkpoint });
    });
    await page.getByRole('button', { name: 'Check the latest checkpoint again' }).click();
    await page.locator('[data-audit-verdict="failed"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-check="signature"]').getAttribute('data-ok')).toBe('false');
    expect(await page.locator('[data-check="inclusion"]').getAttribute('data-ok')).toBe('false');
    expect(await page.locator('[data-audit]').getAttribute('data-audit')).toBe('failed');
    await page.unroute('**/ledger/checkpoint');
    await page.getByRole('button', { name: 'Check the latest checkpoint again' }).click();
    await page.locator('[data-audit-verdict="verified"]').waitFor({ timeout: 15_000 });
  });

  it('shows an organization’s scorecard: promised and delivered, pledged and paid, its shares of risk', async () => {
    const card = (await http.get<{ organization: { name: string }; commitments: { made: number; onTimeRate: string | null }; riskShares: Array<{ shareBps: number }> }>(
      '/organizations/riverside-chc/accountability',
    )).body;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
    await page.locator('.members-table tbody tr').nth(11).waitFor();
    await expectAccessible(page, 'the organizations');
    await page.getByRole('link', { name: card.organization.name }).first().click();
    await page.getByRole('heading', { level: 1, name: card.organization.name }).waitFor();
    expect(await page.locator('[data-figure="made"] dd').textContent()).toBe(String(card.commitments.made));
    expect(await page.locator('[data-figure="on-time"] dd').textContent()).toBe(card.commitments.onTimeRate === null ? '—' : `${card.commitments.onTimeRate} %`);
    await page.locator('#risk-shares', { hasText: `Share ${(card.riskShares[0].shareBps / 100).toFixed(2)} %` }).waitFor();
    const promised = await list('&promisor=riverside-chc');
    expect(await page.locator('#its-commitments tbody tr').count()).toBe(promised.length);
    await page.locator('#status-chart').waitFor();
    await expectAccessible(page, 'a scorecard');
    await screenshot(page, 'scorecard');
  });

  it('works from the keyboard: skip link, navigation, and filters', async () => {
    const home = async () => {
      await page.goto(`${ledger.baseUrl}/#/`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Upper Valley Health Partnership' }).waitFor();
    };
    await home();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await home();
    for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Commitments'; i += 1) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Commitments');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Commitments' }).waitFor();
    // The new page puts the focus at its start.
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-promisor');
    for (let i = 0; i < 3 && (await page.evaluate(() => document.activeElement?.id)) !== 'filter-status'; i += 1) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-status');
    // The first status is "Overdue": one step down from "Any status".
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => location.hash.includes('status=overdue'));
    await expectRows(page, (await list('&status=overdue')).map((c) => c.id));
    // The focus ring is visible (3 px outline).
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineWidth)).toBe('3px');
  });

  it('fits a phone: no sideways scrolling of the page, tables scroll in their own frame', async () => {
    const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    try {
      await signIn(phone.page, TEST_OPERATOR_KEY);
      await phone.page.getByRole('heading', { level: 1, name: 'Upper Valley Health Partnership' }).waitFor();
      await phone.page.locator('.funds-table').waitFor();
      await phone.page.locator('.attention-table').waitFor();
      const overflow = () => phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(phone.page, 'overview-phone', false);
      await phone.page.goto(`${ledger.baseUrl}/#/commitments`);
      await phone.page.locator('table.commitments-table tbody tr').first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await expectAccessible(phone.page, 'the commitments on a phone');
      await phone.page.locator('table.commitments-table').scrollIntoViewIfNeeded();
      await screenshot(phone.page, 'commitments-phone', false);
    } finally {
      await phone.context.close();
    }
  });

  it('lets an observer sign in with its own key and see the public view; signing out forgets the key', async () => {
    const observerKey = await http.keyOf('valley-residents-council');
    const asObserver = http.getAs('valley-residents-council');
    const summary = await asObserver<{ commitments: { made: number } }>(`/collaboratives/${PARTNERSHIP}/summary`);
    expect(summary.status).toBe(200);
    const observer = await newPage();
    try {
      await signIn(observer.page, observerKey);
      await observer.page.getByRole('heading', { level: 1, name: 'Upper Valley Health Partnership' }).waitFor();
      expect(await observer.page.locator('[data-figure="made"] dd').textContent()).toBe(String(summary.body.commitments.made));
      const listing = await asObserver<Listing<CommitmentItem>>(`/commitments?collaborative=${PARTNERSHIP}&limit=50`);
      await observer.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commitments' }).click();
      if (listing.status === 200) await expectRows(observer.page, listing.body.items.map((c) => c.id));
      else await observer.page.getByRole('alert').waitFor();
      // What the observer's key may not read is said, not failed silently.
      await observer.page.locator('[data-audit]:not([data-audit="checking"]):not([data-audit="idle"])').waitFor({ timeout: 15_000 });
      const audit = await observer.page.locator('[data-audit]').getAttribute('data-audit');
      const checkpoint = await asObserver('/ledger/checkpoint');
      const events = await asObserver('/ledger/events?limit=1');
      // With the checkpoint but not the events, the browser still checks the checkpoint's signature.
      expect(audit).toBe(checkpoint.status !== 200 ? 'unavailable' : events.status === 200 ? 'verified' : 'signed');
      expect(await observer.page.locator('[data-live]').getAttribute('data-live')).toBe(events.status === 200 ? 'open' : 'polling');
      // A commitment's page: its history when the key may read it, else a note saying why not.
      const one = listing.status === 200 ? listing.body.items[0] : undefined;
      if (one) {
        const detail = await asObserver<{ history?: unknown[] }>(`/commitments/${one.id}`);
        await observer.page.goto(`${ledger.baseUrl}/#/commitments/${one.id}`);
        await observer.page.getByRole('heading', { level: 1, name: one.title }).waitFor();
        if (detail.body.history) expect(await observer.page.locator('ol.timeline > li').count()).toBe(detail.body.history.length);
        else await observer.page.locator('[data-history="withheld"]').waitFor();
        await expectAccessible(observer.page, 'a commitment seen by an observer');
      }

      await observer.page.getByRole('button', { name: 'Sign out' }).click();
      await observer.page.getByLabel('API key').waitFor();
      expect(await observer.page.evaluate(() => Object.keys(sessionStorage).length)).toBe(0);
    } finally {
      await observer.context.close();
    }
  });
});
