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
 * The governance pages (issue 19, point 5) in Debian's headless Chromium against the demo
 * partnership's year of governance: the decisions register, every resolution's tally and timeline,
 * the charter, the meetings and the pathway's phase history — now and as of an earlier day. Every
 * expectation is read from the HTTP API the pages read, as the member or observer signed in.
 */
const PARTNERSHIP = 'upper-valley-partnership';

type Listing<T> = { items: T[]; nextCursor: string | null };
type Tally = { eligible: number; for: number; against: number; abstain: number; recused: number; notVoted: number; quorumMet: boolean; thresholdMet: boolean };
type ResolutionItem = {
  id: string;
  title: string;
  matter: string;
  status: string;
  outcome: string | null;
  meetingId?: string;
  tally: Tally;
  closure?: { closedAt: string };
  actEvents: Array<{ position: number; streamId: string; type: string }>;
};
type ResolutionDetail = ResolutionItem & {
  electorate: string[];
  recusals: Array<{ organizationId: string; automatic: boolean }>;
  votes?: Array<{ organizationId: string; choice: string }>;
};
type Summary = { phaseHistory: Array<{ pathwayPhase: number; from: string | null; resolutionId?: string }> };
type Meeting = { id: string; title: string; attendees: string[]; resolutions: Array<{ id: string; status: string | null }> };

const endOf = (date: string) => `${date}T23:59:59.999Z`;
const dayBefore = (iso: string) => new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe('the governance pages in a real browser', () => {
  let dataDir: string;
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  let browser: Browser;
  const problems: string[] = [];
  const sockets = new Set<Socket>();

  function watch(p: Page): void {
    p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    p.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404)/.test(message.text())) {
        problems.push(`console error: ${message.text()}`);
      }
    });
  }

  async function signedIn(key: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    watch(page);
    await page.goto(ledger.baseUrl + '/');
    await page.getByLabel('API key').fill(key);
    await page.getByLabel('Partnership id').fill(PARTNERSHIP);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in: the header names the partnership on every page (stewards and members land on their inbox).
    await page.locator('.brand-name', { hasText: 'Upper Valley Health Partnership' }).waitFor({ timeout: 60_000 });
    return { context, page };
  }

  async function expectAccessible(p: Page, what: string): Promise<void> {
    const violations = await axeViolations(p);
    if (violations.length > 0) throw new Error(`accessibility violations on ${what}:\n${describeViolations(violations)}`);
  }

  /** Waits until the rows of `table` carry exactly these resolution ids, in this order. */
  async function expectResolutionRows(p: Page, table: string, ids: string[]): Promise<void> {
    await p.waitForFunction(
      ({ selector, expected }) => {
        const shown = [...document.querySelectorAll(`${selector} tbody tr`)].map((tr) => tr.getAttribute('data-resolution'));
        return shown.length === expected.length && shown.every((id, i) => id === expected[i]);
      },
      { selector: table, expected: ids },
      { timeout: 15_000 },
    );
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-governance-ui-'));
    const saved = { ...process.env };
    Object.assign(process.env, { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY, LEDGER_CHECKPOINT_INTERVAL_S: '0' });
    delete process.env.KAFKA_BROKERS;
    try {
      expect(await loadDemo()).toMatchObject({ loaded: true });
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
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    await ledger?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });

  const decisions = async (asOf?: string) =>
    (await http.get<Listing<ResolutionItem>>(`/collaboratives/${PARTNERSHIP}/decisions?limit=100${asOf ? `&asOf=${endOf(asOf)}` : ''}`)).body.items;
  const resolutions = async (query = '') => (await http.get<Listing<ResolutionItem>>(`/resolutions?collaborative=${PARTNERSHIP}&limit=100${query}`)).body.items;

  it('shows the phase history, the decisions register, every resolution by status, the charter and the meetings, as the API answers them', async () => {
    const { context, page } = await signedIn(await http.keyOf('upper-valley-health'));
    try {
      const [register, all, summary, charter, meetings] = await Promise.all([
        decisions(),
        resolutions(),
        http.get<Summary>(`/collaboratives/${PARTNERSHIP}/summary`).then((a) => a.body),
        http.get<{ charterAdopted: boolean; rules: unknown[] }>(`/collaboratives/${PARTNERSHIP}/charter`).then((a) => a.body),
        http.get<Listing<Meeting>>(`/collaboratives/${PARTNERSHIP}/meetings?limit=100`).then((a) => a.body.items),
      ]);
      expect(register.length).toBeGreaterThanOrEqual(5);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Governance' }).click();
      await page.getByRole('heading', { level: 1, name: 'Governance' }).waitFor();

      // The decisions register: the adopted resolutions, newest decision first, each with the acts carried out.
      await expectResolutionRows(page, 'table.decisions-table', register.map((r) => r.id));
      for (const r of register) {
        expect(await page.locator(`table.decisions-table tr[data-resolution="${r.id}"] [data-act-events]`).getAttribute('data-act-events')).toBe(String(r.actEvents.length));
      }
      // Every resolution, newest first, with its status and tally.
      await expectResolutionRows(page, 'table.resolutions-table', all.map((r) => r.id));
      for (const r of all) {
        const row = page.locator(`table.resolutions-table tr[data-resolution="${r.id}"]`);
        expect(await row.getAttribute('data-status')).toBe(r.status);
        expect(await row.locator('.tally-text').getAttribute('data-for')).toBe(String(r.tally.for));
        expect(await row.locator('.tally-text').getAttribute('data-against')).toBe(String(r.tally.against));
      }
      // The phase history, the current phase last.
      expect(summary.phaseHistory.length).toBeGreaterThanOrEqual(2);
      expect(await page.locator('ol.phase-history > li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-phase'))))).toEqual(
        summary.phaseHistory.map((p) => p.pathwayPhase),
      );
      // The charter in force, a row per rule.
      expect(await page.locator('table.charter-table tbody tr').count()).toBe(charter.rules.length);
      expect(await page.locator('[data-charter-adopted]').getAttribute('data-charter-adopted')).toBe(String(charter.charterAdopted));
      // The meetings, the latest held first.
      expect(meetings.length).toBeGreaterThanOrEqual(5);
      expect(await page.locator('ul.meetings-list > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-meeting')))).toEqual(meetings.map((m) => m.id));
      await expectAccessible(page, 'the governance page');
      await screenshot(page, 'governance');

      // Filtered by status: the rejected ones only, as the API lists them.
      const rejected = await resolutions('&status=rejected');
      expect(rejected.length).toBeGreaterThan(0);
      await page.getByLabel('Status').selectOption('rejected');
      await expectResolutionRows(page, 'table.resolutions-table', rejected.map((r) => r.id));
      expect(page.url()).toContain('status=rejected');
    } finally {
      await context.close();
    }
  });

  it('opens a resolution: its tally against the rule, the electorate with the party recused, who voted how, and its acts in the timeline', async () => {
    // The dispute adjudicated by the stewards with the promisor recused by the ledger.
    const register = await decisions();
    const adjudication = register.find((r) => r.matter === 'adjudicate_dispute');
    expect(adjudication).toBeDefined();
    const detail = (await http.get<ResolutionDetail>(`/resolutions/${adjudication!.id}`)).body;
    expect(detail.recusals.some((r) => r.automatic)).toBe(true);
    expect(detail.votes?.length).toBeGreaterThan(0);

    const { context, page } = await signedIn(await http.keyOf('valley-public-health'));
    try {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Governance' }).click();
      await page.locator(`table.decisions-table tr[data-resolution="${detail.id}"] a`).click();
      await page.getByRole('heading', { level: 1, name: detail.title }).waitFor();
      const t = detail.tally;
      expect(await page.locator('[data-tally]').getAttribute('data-tally')).toBe(`${t.for}/${t.against}/${t.abstain}/${t.eligible}`);
      for (const [figure, value] of Object.entries({ for: t.for, against: t.against, abstain: t.abstain, 'not-voted': t.notVoted, recused: t.recused, eligible: t.eligible })) {
        expect(await page.locator(`[data-figure="${figure}"] dd`).textContent()).toBe(String(value));
      }
      expect(await page.locator('[data-quorum-met]').getAttribute('data-quorum-met')).toBe(String(t.quorumMet));
      expect(await page.locator('[data-threshold-met]').getAttribute('data-threshold-met')).toBe(String(t.thresholdMet));
      expect(await page.locator('[data-outcome]').getAttribute('data-outcome')).toBe('adopted');

      // The electorate: each organization's choice, the recused party shown as recused.
      const choices = Object.fromEntries(
        await page.locator('table.votes-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-voter'), tr.getAttribute('data-choice')])),
      );
      const votes = new Map((detail.votes ?? []).map((v) => [v.organizationId, v.choice]));
      const recused = new Set(detail.recusals.map((r) => r.organizationId));
      expect(choices).toEqual(Object.fromEntries([...new Set([...detail.electorate, ...recused])].map((org) => [org, recused.has(org) ? 'recused' : (votes.get(org) ?? 'none')])));

      // The timeline: proposal, each vote, the closure and the act's event, at its position on the log.
      const steps = await page.locator('ol.timeline > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-step')));
      expect(steps.filter((s) => s === 'vote')).toHaveLength(detail.votes!.length);
      expect(steps.filter((s) => s === 'act')).toHaveLength(detail.actEvents.length);
      expect(steps[0]).toBe('proposed');
      expect(steps).toContain('closed');
      expect(detail.actEvents.length).toBeGreaterThan(0);
      for (const e of detail.actEvents) expect(await page.locator('ol.timeline').textContent()).toContain(`position ${e.position}`);
      await expectAccessible(page, 'a resolution');
      await screenshot(page, 'resolution');
    } finally {
      await context.close();
    }
  });

  it('travels back in time: before the phase change was decided, the register, the phase history and the resolution are as they stood then', async () => {
    const summary = (await http.get<Summary>(`/collaboratives/${PARTNERSHIP}/summary`)).body;
    const decided = summary.phaseHistory.find((p) => p.resolutionId);
    expect(decided).toBeDefined();
    const change = (await http.get<ResolutionDetail>(`/resolutions/${decided!.resolutionId}`)).body;
    const before = dayBefore(change.closure!.closedAt);
    const [registerThen, summaryThen, changeThen] = await Promise.all([
      decisions(before),
      http.get<Summary>(`/collaboratives/${PARTNERSHIP}/summary?asOf=${endOf(before)}`).then((a) => a.body),
      http.get<ResolutionDetail>(`/resolutions/${change.id}?asOf=${endOf(before)}`).then((a) => a.body),
    ]);
    expect(registerThen.map((r) => r.id)).not.toContain(change.id);
    expect(changeThen.outcome).toBeNull();

    const { context, page } = await signedIn(await http.keyOf('upper-valley-health'));
    try {
      await page.goto(`${ledger.baseUrl}/#/governance?asOf=${before}`);
      await page.locator(`[data-as-of="${before}"]`).waitFor();
      await expectResolutionRows(page, 'table.decisions-table', registerThen.map((r) => r.id));
      await page.waitForFunction((n) => document.querySelectorAll('ol.phase-history > li').length === n, summaryThen.phaseHistory.length);
      expect(await page.locator('ol.phase-history > li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-phase'))))).toEqual(
        summaryThen.phaseHistory.map((p) => p.pathwayPhase),
      );
      // The resolution as it stood: still without an outcome, its status and tally of that day.
      await page.goto(`${ledger.baseUrl}/#/resolutions/${change.id}?asOf=${before}`);
      await page.getByRole('heading', { level: 1, name: change.title }).waitFor();
      expect(await page.locator('[data-resolution-status]').first().getAttribute('data-resolution-status')).toBe(changeThen.status);
      expect(await page.locator('[data-tally]').getAttribute('data-tally')).toBe(`${changeThen.tally.for}/${changeThen.tally.against}/${changeThen.tally.abstain}/${changeThen.tally.eligible}`);
      expect(await page.locator('[data-outcome]').getAttribute('data-outcome')).toBe('');
      expect(await page.locator('ol.timeline > li[data-step="act"]').count()).toBe(0);
      await screenshot(page, 'resolution-time-travel');
      // Back to now: decided, its act carried out.
      await page.getByRole('link', { name: 'Back to now' }).click();
      await page.locator('[data-outcome="adopted"]').waitFor();
      expect(await page.locator('ol.timeline > li[data-step="act"]').count()).toBe(change.actEvents.length);
    } finally {
      await context.close();
    }
  });

  it('opens a meeting: its attendees and the resolutions it took up, where each stands', async () => {
    const listed = (await http.get<Listing<Meeting>>(`/collaboratives/${PARTNERSHIP}/meetings`)).body.items;
    const meeting = listed.find((m) => m.resolutions.length > 1) ?? listed[0];
    expect(meeting).toBeDefined();
    const { context, page } = await signedIn(await http.keyOf('upper-valley-health'));
    try {
      await page.goto(`${ledger.baseUrl}/#/governance`);
      await page.locator(`ul.meetings-list li[data-meeting="${meeting.id}"] a`).click();
      await page.getByRole('heading', { level: 1, name: meeting.title }).waitFor();
      expect(await page.locator('[data-attendees]').getAttribute('data-attendees')).toBe(String(meeting.attendees.length));
      expect(await page.locator('#meeting-resolutions li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-resolution')))).toEqual(meeting.resolutions.map((r) => r.id));
      await expectAccessible(page, 'a meeting');
    } finally {
      await context.close();
    }
  });

  it('shows an observer the tally and the outcome, never who voted how', async () => {
    const asObserver = http.getAs('valley-residents-council');
    const register = await decisions();
    const seen = await asObserver<ResolutionDetail>(`/resolutions/${register[0].id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.votes).toBeUndefined();
    const { context, page } = await signedIn(await http.keyOf('valley-residents-council'));
    try {
      await page.goto(`${ledger.baseUrl}/#/resolutions/${register[0].id}`);
      await page.getByRole('heading', { level: 1, name: register[0].title }).waitFor();
      await page.locator('[data-votes="withheld"]').waitFor();
      const t = seen.body.tally;
      expect(await page.locator('[data-tally]').getAttribute('data-tally')).toBe(`${t.for}/${t.against}/${t.abstain}/${t.eligible}`);
      const choices = await page.locator('table.votes-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-choice')));
      expect(choices.filter((c) => c === 'for' || c === 'against' || c === 'abstain')).toEqual([]);
      expect(await page.locator('ol.timeline > li[data-step="vote"]').count()).toBe(0);
      await expectAccessible(page, 'a resolution seen by an observer');
    } finally {
      await context.close();
    }
  });

  it('answers an unknown resolution with a clear note, not a blank page', async () => {
    const { context, page } = await signedIn(TEST_OPERATOR_KEY);
    try {
      await page.goto(`${ledger.baseUrl}/#/resolutions/no-such-resolution`);
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/no-such-resolution|not found/i);
    } finally {
      await context.close();
    }
  });
});
