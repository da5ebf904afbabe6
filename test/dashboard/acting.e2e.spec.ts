// The callbacks passed to page.evaluate run in the browser: they use its DOM.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadDemo } from '../../apps/cli/src/demo/demo-loader';
import { client } from '../support/http-client';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';
import { axeViolations, describeViolations, ensureDashboardBuilt, launchChromium, screenshot } from './browser';

/**
 * Acting in the web app (issue 20), end to end in Debian's headless Chromium against the demo
 * partnership: a commitment's whole life (with its dispute adjudicated by a resolution the stewards
 * vote on) and a pledge's, each step taken in the browser only by the organization whose key signed
 * in, then the events read over the API — each with the right actor, and nothing else appended;
 * the pledge's life again in French; and, for every kind of record, the buttons shown are exactly
 * the allowedActions the API answers that key.
 */
const PARTNERSHIP = 'upper-valley-partnership';
const PROMISOR = 'riverside-chc';
const PROMISEE = 'granite-state-health-plan';
const FUNDER = 'connecticut-river-foundation';
const STEWARD = 'upper-valley-health';
const STEWARD_2 = 'valley-public-health';
const OBSERVER = 'valley-residents-council';

/** The commands the app has a form for (the others, e.g. signing keys, are left to the API). */
const OFFERED = new Set([
  'MakeCommitment', 'AcceptCommitment', 'DeclineCommitment', 'ReportCommitmentProgress', 'ProposeCommitmentRevision', 'AcceptCommitmentRevision', 'ClaimCommitmentDelivery',
  'ConfirmCommitmentDelivery', 'DisputeCommitmentDelivery', 'ResolveCommitmentDispute', 'WithdrawCommitment', 'CloseCommitmentAsMissed', 'MakePledge', 'AcknowledgePledge',
  'RecordDisbursement', 'ConfirmDisbursementReceipt', 'AmendPledge', 'CancelPledge', 'DraftDeclaration', 'SignDeclaration', 'WithdrawFromDeclaration', 'TerminateDeclaration',
  'ProposeRiskAgreement', 'SignRiskAgreement', 'RecordPeriodResult', 'RecordSettlementPayment', 'ProposeResolution', 'CastVote', 'RecuseFromResolution', 'CloseResolution',
  'WithdrawResolution', 'AdmitMember', 'AdoptSharedGoal', 'RecordMeasurement', 'ReviseSharedGoal', 'ChangePathwayPhase', 'ChangeMemberRole', 'RecordMemberDeparture',
  'RecordMeeting',
]);
const GOVERNANCE_ACTIONS = ['ProposeResolution', 'RecordMeeting', 'AdmitMember', 'ChangeMemberRole', 'RecordMemberDeparture', 'AdoptSharedGoal', 'ReviseSharedGoal', 'RecordMeasurement', 'ChangePathwayPhase'];

type LedgerEvent = { position: number; type: string; streamId: string; actor: { type: string; organizationId?: string } };
type Action = { command: string; target?: Record<string, string>; body?: { matter?: string } };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('acting in the web app, in a real browser', () => {
  let dataDir: string;
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  let browser: Browser;
  const problems: string[] = [];
  const sockets = new Set<Socket>();

  function watch(p: Page): void {
    p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    p.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|401|403|404|409)/.test(message.text())) {
        problems.push(`console error: ${message.text()}`);
      }
    });
  }

  /** A fresh tab signed in with the organization's key, in a language (the sign-in page's picker). */
  async function signedIn(org: string, locale: 'en-CA' | 'fr-CA' = 'en-CA'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: locale === 'fr-CA' ? 'fr-CA' : 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    watch(page);
    await page.goto(ledger.baseUrl + '/');
    await page.locator('#locale-sign-in').selectOption(locale);
    await page.locator('#api-key').fill(await http.keyOf(org));
    await page.locator('#partnership').fill(PARTNERSHIP);
    await page.locator('.sign-in button[type="submit"]').click();
    // A steward's or a member's key opens on its inbox; an observer's on the overview.
    if (org === OBSERVER) await page.locator('main[data-route="/"] h1').waitFor();
    else await page.waitForURL(/#\/inbox$/, { timeout: 15_000 });
    await page.locator('[data-inbox-count]').waitFor();
    return page;
  }

  /** Opens a route and waits until its page has read what it shows (and its actions). */
  async function open(page: Page, route: string): Promise<void> {
    // Already there: read it again, as a person would reload to see what others did meanwhile.
    if (new URL(page.url()).hash === `#${route}`) await page.reload();
    else await page.evaluate((hash) => (location.hash = hash), `#${route}`);
    await page.locator(`main[data-route="${route}"] h1`).first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .loading, [data-actions-pending]'));
  }

  async function expectAccessible(p: Page, what: string): Promise<void> {
    const violations = await axeViolations(p);
    if (violations.length > 0) throw new Error(`accessibility violations on ${what}:\n${describeViolations(violations)}`);
  }

  /**
   * Takes an action in the page: its button, the dialog's fields filled (by their body path), sent
   * with the keyboard's Enter on the submit button; waits until the dialog has closed.
   */
  async function act(page: Page, command: string, fields: Record<string, string> = {}, options: { target?: string; matter?: string; files?: Record<string, { name: string; body: string }>; shot?: string; axe?: boolean; within?: string } = {}) {
    const selector = `${options.within ? `${options.within} ` : ''}button[data-command="${command}"]${options.target ? `[data-target="${options.target}"]` : ''}${options.matter ? `[data-matter="${options.matter}"]` : ''}`;
    const button = page.locator(selector);
    await button.waitFor({ timeout: 15_000 });
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator(`dialog[data-dialog="${command}"][open]`);
    await dialog.waitFor();
    for (const [name, { name: fileName, body }] of Object.entries(options.files ?? {})) {
      await dialog.locator(`[data-field="${name}"]`).setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(body) });
      await dialog.locator('[data-digest]').filter({ hasText: fileName }).waitFor();
    }
    for (const [name, value] of Object.entries(fields)) {
      const field = dialog.locator(`[data-field="${name}"]`);
      const tag = await field.evaluate((el) => el.tagName);
      if (tag === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    if (options.axe) await expectAccessible(page, `the ${command} dialog`);
    if (options.shot) await screenshot(page, options.shot, false);
    await dialog.locator(`button[data-submit="${command}"]`).focus();
    await page.keyboard.press('Enter');
    await page
      .locator(`dialog[data-dialog="${command}"]`)
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(async (error: Error) => {
        // Say what the dialog says (the ledger's refusal) rather than only that it stayed open.
        const said = await dialog.locator('[role="alert"], [data-field-error]').allTextContents();
        throw new Error(`${command}: the dialog stayed open: ${said.join(' | ') || error.message}`);
      });
  }

  /** Every event appended after `after`, read as the operator. */
  async function eventsAfter(after: number): Promise<LedgerEvent[]> {
    const answer = await http.get<{ items: LedgerEvent[] }>(`/ledger/events?after=${after}&limit=500`);
    expect(answer.status).toBe(200);
    return answer.body.items;
  }

  const who = (e: LedgerEvent) => [e.type, e.actor.organizationId ?? e.actor.type];

  beforeAll(async () => {
    ensureDashboardBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-acting-'));
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
    // Every key the walks use, issued before they begin (issuing one is an event too).
    for (const org of [PROMISOR, PROMISEE, FUNDER, STEWARD, STEWARD_2, OBSERVER]) await http.keyOf(org);
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

  it('keeps the first load small: under 300 kB of compressed script, both languages included', async () => {
    const html = await (await fetch(`${ledger.baseUrl}/`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    let compressed = 0;
    for (const src of scripts) {
      const body = Buffer.from(await (await fetch(`${ledger.baseUrl}${src}`)).arrayBuffer());
      // The French catalogue is in the script the page loads first.
      if (src === scripts[0]) expect(body.toString('utf8')).toContain('Promesses de fonds');
      compressed += gzipSync(body, { level: 9 }).length;
    }
    expect(compressed).toBeLessThan(300_000);
  });

  for (const locale of ['en-CA', 'fr-CA'] as const) {
    it(`walks a commitment’s whole life in the browser, its dispute adjudicated by a resolution the stewards vote on (${locale})`, async () => {
      const french = locale === 'fr-CA';
      // Screenshots of the English walk; the French one takes its own.
      const shot = (name: string) => (french ? undefined : name);
      const head = await http.headPosition();
      const evidence = 'Enrolment report, quarter 2: 412 residents enrolled.';

      // The promisor makes it, to another member.
      const promisor = await signedIn(PROMISOR, locale);
      await expectAccessible(promisor, 'the inbox');
      if (!french) await screenshot(promisor, 'acting-inbox');
      await open(promisor, '/commitments');
      await act(
        promisor,
        'MakeCommitment',
        { promisee: `o:${PROMISEE}`, title: 'Enrol 400 residents in care navigation', 'measure.indicator': 'residents enrolled', 'measure.unit': 'people', 'measure.target': '400', dueDate: day(60) },
        { axe: true, shot: shot('acting-make-commitment') },
      );
      await promisor.waitForURL(/#\/commitments\/[^/?]+$/);
      const id = decodeURIComponent(new URL(promisor.url()).hash.split('/').pop() ?? '');
      await promisor.locator('h1', { hasText: 'Enrol 400 residents' }).waitFor();

      // The promisee sees it in its inbox, and accepts it there.
      const promisee = await signedIn(PROMISEE, locale);
      const row = `[data-inbox-kind="commitment_to_accept"][data-record="${id}"]`;
      await promisee.locator(row).waitFor();
      // The inbox lists what the API's inbox lists, and the navigation counts it.
      const inbox = (await http.getAs(PROMISEE)<{ items: Array<{ kind: string; id: string }> }>(`/organizations/${PROMISEE}/inbox`)).body.items;
      expect(await promisee.$$eval('[data-inbox-kind]', (rows) => rows.map((r) => `${r.getAttribute('data-inbox-kind')} ${r.getAttribute('data-record')}`))).toEqual(inbox.map((i) => `${i.kind} ${i.id}`));
      expect(await promisee.locator('[data-inbox-count]').getAttribute('data-inbox-count')).toBe(String(inbox.length));
      await act(promisee, 'AcceptCommitment', {}, { within: row, axe: true, shot: shot('acting-inbox-accept') });
      await promisee.locator(row).waitFor({ state: 'detached' });

      // A revision proposed and accepted; progress reported with evidence hashed in the browser; delivery claimed.
      await open(promisor, `/commitments/${id}`);
      await act(promisor, 'ProposeCommitmentRevision', { dueDate: day(90), reason: 'Recruitment of community health workers took longer' });
      await open(promisee, `/commitments/${id}`);
      const revision = await promisee.locator('button[data-command="AcceptCommitmentRevision"]').getAttribute('data-target');
      await act(promisee, 'AcceptCommitmentRevision', {}, { target: revision ?? undefined });
      await open(promisor, `/commitments/${id}`);
      await act(
        promisor,
        'ReportCommitmentProgress',
        { note: '212 residents enrolled so far', value: '212', 'evidence.uri': 'https://evidence.example/q2-enrolment.txt' },
        { files: { 'evidence.file': { name: 'q2-enrolment.txt', body: evidence } }, axe: true, shot: shot('acting-progress-evidence') },
      );
      await act(promisor, 'ClaimCommitmentDelivery', { deliveredOn: day(0), value: '412' });

      // Anyone may check a file against the evidence: the right one matches, another does not.
      await promisor.locator('[data-evidence-check]').setInputFiles({ name: 'copy.txt', mimeType: 'text/plain', buffer: Buffer.from(evidence) });
      await promisor.locator('[data-evidence-match="true"]').waitFor();
      await promisor.locator('[data-evidence-check]').setInputFiles({ name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from('something else') });
      await promisor.locator('[data-evidence-match="false"]').waitFor();

      // The promisee disputes it; the charter gives the dispute to a vote of the stewards.
      await open(promisee, `/commitments/${id}`);
      await act(promisee, 'DisputeCommitmentDelivery', { reason: 'The enrolment list counts residents twice' });
      const steward = await signedIn(STEWARD, locale);
      await open(steward, `/commitments/${id}`);
      expect(await steward.locator('button[data-command="ResolveCommitmentDispute"]').count()).toBe(0);
      await act(
        steward,
        'ProposeResolution',
        { title: 'Adjudicate the enrolment dispute', 'acts.0.outcome': 'delivered', 'acts.0.rationale': 'The audited list shows 412 distinct residents' },
        { matter: 'adjudicate_dispute', axe: true, shot: shot('acting-propose-resolution') },
      );
      await steward.waitForURL(/#\/resolutions\/[^/?]+$/);
      const resolution = decodeURIComponent(new URL(steward.url()).hash.split('/').pop() ?? '');
      await act(steward, 'CastVote', { choice: 'for', reason: 'The audit settles it' }, { axe: true, shot: shot('acting-vote') });
      const steward2 = await signedIn(STEWARD_2, locale);
      await steward2.locator(`[data-inbox-kind="resolution_to_vote"][data-record="${resolution}"]`).waitFor();
      await open(steward2, `/resolutions/${resolution}`);
      await act(steward2, 'CastVote', { choice: 'for' });
      await open(steward, `/resolutions/${resolution}`);
      await act(steward, 'CloseResolution');
      await steward.locator('[data-resolution-status="adopted"]').first().waitFor();
      if (french) {
        await open(promisor, `/commitments/${id}`);
        await expectAccessible(promisor, 'a commitment in French');
        await screenshot(promisor, 'acting-fr-commitment');
      }

      const commitment = await http.get<{ status: string; delivery: { evidence?: unknown }; progress: Array<{ evidence?: { sha256: string; name?: string; uri: string } }> }>(`/commitments/${id}`);
      expect(commitment.body.status).toBe('delivered');
      expect(commitment.body.progress[0].evidence).toEqual({ uri: 'https://evidence.example/q2-enrolment.txt', sha256: createHash('sha256').update(evidence).digest('hex'), name: 'q2-enrolment.txt' });

      // Each step recorded once, by the organization that took it; nothing else appended.
      const events = await eventsAfter(head);
      expect(events.map(who)).toEqual([
        ['CommitmentMade', PROMISOR],
        ['CommitmentAccepted', PROMISEE],
        ['CommitmentRevisionProposed', PROMISOR],
        ['CommitmentRevisionAccepted', PROMISEE],
        ['CommitmentProgressReported', PROMISOR],
        ['CommitmentDeliveryClaimed', PROMISOR],
        ['CommitmentDeliveryDisputed', PROMISEE],
        ['ResolutionProposed', STEWARD],
        ['VoteCast', STEWARD],
        ['VoteCast', STEWARD_2],
        ['ResolutionClosed', STEWARD],
        ['CommitmentDisputeResolved', events.at(-1)?.actor.organizationId ?? events.at(-1)?.actor.type],
      ]);
      // The act is carried out by the collaborative for the resolution, not by an organization.
      expect(events.at(-1)?.actor.type).not.toBe('organization');
      for (const p of [promisor, promisee, steward, steward2]) await p.context().close();
    }, 240_000);
  }

  for (const locale of ['en-CA', 'fr-CA'] as const) {
    it(`walks a pledge’s whole life in the browser (${locale})`, async () => {
      const head = await http.headPosition();
      const funder = await signedIn(FUNDER, locale);
      await open(funder, '/pledges');
      await act(
        funder,
        'MakePledge',
        // A decimal typed the locale's way; the schedule left empty.
        { recipient: `o:${PROMISOR}`, purpose: 'Community health worker salaries', amount: locale === 'fr-CA' ? '1 000,00' : '1,000.00', conditions: 'Released on the quarterly report' },
        { axe: true, shot: locale === 'fr-CA' ? 'acting-fr-make-pledge' : 'acting-make-pledge' },
      );
      await funder.waitForURL(/#\/pledges\/[^/?]+$/);
      const id = decodeURIComponent(new URL(funder.url()).hash.split('/').pop() ?? '');
      const recipient = await signedIn(PROMISOR, locale);
      await recipient.locator(`[data-inbox-kind="pledge_to_acknowledge"][data-record="${id}"]`).waitFor();
      if (locale === 'fr-CA') await screenshot(recipient, 'acting-fr-inbox');
      await open(recipient, `/pledges/${id}`);
      await act(recipient, 'AcknowledgePledge');
      await open(funder, `/pledges/${id}`);
      await act(funder, 'RecordDisbursement', { amount: locale === 'fr-CA' ? '400' : '400', disbursedOn: day(0), reference: 'WIRE-001' });
      await open(recipient, `/pledges/${id}`);
      const disbursement = await recipient.locator('button[data-command="ConfirmDisbursementReceipt"]').getAttribute('data-target');
      await act(recipient, 'ConfirmDisbursementReceipt', { receivedOn: day(0) }, { target: disbursement ?? undefined });
      await open(funder, `/pledges/${id}`);
      await act(funder, 'AmendPledge', { amount: locale === 'fr-CA' ? '1 200' : '1200', reason: 'Second-year budget approved' });
      await act(funder, 'CancelPledge', { reason: 'Programme ended early' });
      await funder.locator('[data-pledge-status="cancelled"], [data-pledge-status="partially_disbursed"], [data-pledge-status="fulfilled"]').first().waitFor();
      if (locale === 'fr-CA') {
        await funder.locator('h1', { hasText: 'Community health worker salaries' }).waitFor();
        expect(await funder.locator('html').getAttribute('lang')).toBe('fr-CA');
        // The choice is remembered in this browser: a reload keeps French.
        expect(await funder.evaluate(() => localStorage.getItem('stewardship-ledger.locale'))).toBe('fr-CA');
        await funder.reload();
        await funder.locator('nav a[href^="#/pledges"]', { hasText: 'Promesses de fonds' }).first().waitFor();
        // Money in the French way: "400,00 $ US".
        expect(await funder.locator('[data-figure="disbursed"] dd').textContent()).toMatch(/^400,00\s\$(\sUS)?$/);
        await expectAccessible(funder, 'a pledge in French');
        await screenshot(funder, 'acting-fr-pledge');
      }

      const pledge = await http.get<{ amount: { amount: string; currency: string }; disbursed: { amount: string }; confirmed: { amount: string } }>(`/pledges/${id}`);
      expect(pledge.body.disbursed.amount).toBe('400.00');
      expect(pledge.body.confirmed.amount).toBe('400.00');
      const events = await eventsAfter(head);
      expect(events.map(who)).toEqual([
        ['PledgeMade', FUNDER],
        ['PledgeAcknowledged', PROMISOR],
        ['PledgeDisbursementRecorded', FUNDER],
        ['PledgeReceiptConfirmed', PROMISOR],
        ['PledgeAmended', FUNDER],
        ['PledgeCancelled', FUNDER],
      ]);
      for (const p of [funder, recipient]) await p.context().close();
    }, 180_000);
  }

  it('drafts and signs a declaration, proposes and signs a risk agreement, adopts a goal, records a measurement and a meeting in the browser', async () => {
    const head = await http.headPosition();
    const terms = 'Declaration of Partnership 2027: the parties agree to share data and savings.';
    const steward = await signedIn(STEWARD);
    await open(steward, '/agreements');
    await steward.locator('button[data-command="DraftDeclaration"]').click();
    const draft = steward.locator('dialog[data-dialog="DraftDeclaration"][open]');
    await draft.locator('input[type="file"]').setInputFiles({ name: 'terms-2027.txt', mimeType: 'text/plain', buffer: Buffer.from(terms) });
    // The digest of the terms document, computed in the browser.
    await steward.waitForFunction(
      (digest) => document.querySelector<HTMLInputElement>('dialog[open] [data-field="termsSha256"]')?.value === digest,
      createHash('sha256').update(terms).digest('hex'),
    );
    await draft.locator('[data-field="title"]').fill('Declaration of Partnership 2027');
    await draft.locator(`[data-member="${STEWARD_2}"]`).check();
    await expectAccessible(steward, 'the DraftDeclaration dialog');
    await screenshot(steward, 'acting-draft-declaration', false);
    await draft.locator('button[data-submit="DraftDeclaration"]').click();
    await steward.waitForURL(/#\/declarations\/[^/?]+$/);
    const declaration = decodeURIComponent(new URL(steward.url()).hash.split('/').pop() ?? '');
    await act(steward, 'SignDeclaration', { 'signatory.name': 'Dr. Amina Rahman', 'signatory.title': 'Chief Executive Officer' });
    const steward2 = await signedIn(STEWARD_2);
    await steward2.locator(`[data-inbox-kind="declaration_to_sign"][data-record="${declaration}"]`).waitFor();
    await open(steward2, `/declarations/${declaration}`);
    await act(steward2, 'SignDeclaration', { 'signatory.name': 'Marc Tremblay', 'signatory.title': 'Director' });
    await steward2.locator('[data-record-status="in_effect"]').waitFor();

    await open(steward, '/agreements');
    await steward.locator('button[data-command="ProposeRiskAgreement"]').click();
    const propose = steward.locator('dialog[data-dialog="ProposeRiskAgreement"][open]');
    for (const [name, value] of Object.entries({ title: 'Shared savings on avoidable emergency visits, 2027', 'period.start': day(0), 'period.end': day(180), benchmark: '12,000,000', minimumSavingsRate: '2', sharingRate: '50' })) {
      await propose.locator(`[data-field="${name}"]`).fill(value);
    }
    await propose.locator('[data-field="model"]').selectOption('upside_only');
    await propose.locator(`[data-share="${STEWARD}"]`).fill('60');
    await propose.locator(`[data-share="${STEWARD_2}"]`).fill('40');
    await expectAccessible(steward, 'the ProposeRiskAgreement dialog');
    await propose.locator('button[data-submit="ProposeRiskAgreement"]').click();
    await steward.waitForURL(/#\/risk-agreements\/[^/?]+$/);
    const agreement = decodeURIComponent(new URL(steward.url()).hash.split('/').pop() ?? '');
    await act(steward, 'SignRiskAgreement', { 'signatory.name': 'Dr. Amina Rahman', 'signatory.title': 'Chief Executive Officer' });
    await open(steward2, `/risk-agreements/${agreement}`);
    await act(steward2, 'SignRiskAgreement', { 'signatory.name': 'Marc Tremblay', 'signatory.title': 'Director' });
    await steward2.locator('[data-record-status="in_effect"]').waitFor();

    await open(steward, '/governance');
    await act(steward, 'AdoptSharedGoal', {
      id: 'walk-goal',
      title: 'More residents with a regular clinician',
      'indicator.name': 'Residents with a regular clinician',
      'indicator.unit': 'per cent',
      'indicator.polarity': 'higher_is_better',
      'baseline.value': '61',
      'baseline.date': day(-30),
      'target.value': '75',
      'target.date': day(365),
    });
    await act(steward, 'RecordMeasurement', { value: '63.5', periodEnd: day(0), source: 'Clinic registries' }, { target: 'walk-goal' });
    // A meeting, its minutes' digest taken in the browser.
    const minutes = 'Minutes: the group adopted the clinician goal.';
    await steward.locator('button[data-command="RecordMeeting"]').click();
    const meeting = steward.locator('dialog[data-dialog="RecordMeeting"][open]');
    await meeting.locator('[data-field="title"]').fill('Steering committee, December');
    await meeting.locator(`[data-member="${STEWARD_2}"]`).check();
    await meeting.locator('input[type="file"]').setInputFiles({ name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from(minutes) });
    await steward.waitForFunction(
      (digest) => document.querySelector<HTMLInputElement>('dialog[open] [data-field="minutesSha256"]')?.value === digest,
      createHash('sha256').update(minutes).digest('hex'),
    );
    await expectAccessible(steward, 'the RecordMeeting dialog');
    await meeting.locator('button[data-submit="RecordMeeting"]').click();
    await meeting.waitFor({ state: 'detached' });

    const agreementView = await http.get<{ status: string; parties: Array<{ organizationId: string; shareBps: number }> }>(`/risk-agreements/${agreement}`);
    expect(agreementView.body.status).toBe('in_effect');
    expect(agreementView.body.parties).toEqual([
      { organizationId: STEWARD, shareBps: 6000 },
      { organizationId: STEWARD_2, shareBps: 4000 },
    ]);
    const events = (await eventsAfter(head)).map(who);
    // The records taking effect once the last party signed are the ledger's consequence of that signature.
    expect(events.filter(([type]) => !String(type).endsWith('TookEffect'))).toEqual([
      ['DeclarationDrafted', STEWARD],
      ['DeclarationSigned', STEWARD],
      ['DeclarationSigned', STEWARD_2],
      ['RiskAgreementProposed', STEWARD],
      ['RiskAgreementSigned', STEWARD],
      ['RiskAgreementSigned', STEWARD_2],
      ['SharedGoalAdopted', STEWARD],
      ['MeasurementRecorded', STEWARD],
      ['MeetingRecorded', STEWARD],
    ]);
    expect(events.filter(([type]) => String(type).endsWith('TookEffect')).map(([type]) => type)).toEqual(['DeclarationTookEffect', 'RiskAgreementTookEffect']);
    for (const p of [steward, steward2]) await p.context().close();
  }, 240_000);

  it('refuses in the form what the ledger refuses, field by field, and says when someone else acted first', async () => {
    const funder = await signedIn(FUNDER);
    await open(funder, '/pledges');
    await funder.locator('button[data-command="MakePledge"]').click();
    const dialog = funder.locator('dialog[data-dialog="MakePledge"][open]');
    await dialog.locator('[data-field="recipient"]').selectOption(`o:${PROMISOR}`);
    // No purpose, and more digits than the currency has: the form asks the ledger, which refuses both.
    await dialog.locator('[data-field="amount"]').fill('10.005');
    await dialog.locator('button[data-submit="MakePledge"]').click();
    // The ledger's problem document, each refusal on the field it names.
    await dialog.locator('[data-field-error]').filter({ hasText: /fraction digits|digits/ }).waitFor();
    expect(await dialog.locator('[data-field="amount"]').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('[data-field="purpose"]').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('[data-field="recipient"]').getAttribute('aria-invalid')).toBe(null);
    await expectAccessible(funder, 'a refused form');
    await screenshot(funder, 'acting-refused-field', false);
    await dialog.locator('button.secondary', { hasText: 'Cancel' }).click();

    // A pledge changed by someone else after the page read it: 409, the page says so and reloads.
    const made = await http.as(FUNDER)('/pledges', { collaborativeId: PARTNERSHIP, recipient: { organizationId: PROMISOR }, purpose: 'Conflict test', amount: { currency: 'USD', amount: '100.00' }, binding: true });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    await open(funder, `/pledges/${id}`);
    await funder.locator('button[data-command="CancelPledge"]').click();
    const cancel = funder.locator('dialog[data-dialog="CancelPledge"][open]');
    await cancel.locator('[data-field="reason"]').fill('Changed our mind');
    expect((await http.as(FUNDER)(`/pledges/${id}/amendments`, { amount: { currency: 'USD', amount: '150.00' }, reason: 'More funds' })).status).toBe(200);
    await cancel.locator('button[data-submit="CancelPledge"]').click();
    await cancel.locator('[data-problem="conflict"]').waitFor();
    await cancel.locator('[data-problem="conflict"] button').click();
    await funder.locator('[data-figure="pledged"] dd', { hasText: '150.00' }).waitFor();
    const pledge = await http.get<{ status: string }>(`/pledges/${id}`);
    expect(pledge.body.status).toBe('open');
    await funder.context().close();
  }, 120_000);

  it('takes a step with the keyboard alone: the dialog opens on its first field, Escape closes it back to its button, Tab reaches the submit button', async () => {
    const made = await http.as(FUNDER)('/pledges', { collaborativeId: PARTNERSHIP, recipient: { organizationId: PROMISOR }, purpose: 'Keyboard test', amount: { currency: 'USD', amount: '100.00' }, binding: true });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    const head = await http.headPosition();
    const funder = await signedIn(FUNDER);
    await open(funder, `/pledges/${id}`);
    const button = funder.locator('button[data-command="CancelPledge"]');
    await button.focus();
    await funder.keyboard.press('Enter');
    const dialog = funder.locator('dialog[data-dialog="CancelPledge"][open]');
    await dialog.waitFor();
    // Focus starts on the first field; Escape closes the dialog and puts the keyboard back on its button.
    expect(await funder.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('reason');
    await funder.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await funder.waitForFunction(() => document.activeElement?.getAttribute('data-command') === 'CancelPledge');
    // Again, typing the reason and tabbing to the submit button.
    await funder.keyboard.press('Enter');
    await dialog.waitFor();
    await funder.keyboard.type('Programme ended early');
    await funder.keyboard.press('Tab');
    expect(await funder.evaluate(() => document.activeElement?.getAttribute('data-submit'))).toBe('CancelPledge');
    await funder.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await eventsAfter(head)).map(who)).toEqual([['PledgeCancelled', FUNDER]]);
    await funder.context().close();
  }, 120_000);

  it('never shows a member a button for an action it may not take, for every kind of record', async () => {
    const summary = (await http.get<{ declarations: { items: Array<{ partnershipId: string }> }; riskAgreements: Array<{ agreementId: string }> }>(`/collaboratives/${PARTNERSHIP}/summary`)).body;
    const commitment = (await http.get<{ items: Array<{ id: string }> }>(`/commitments?collaborative=${PARTNERSHIP}&status=active,overdue,delivery_claimed&limit=1`)).body.items[0].id;
    const pledge = (await http.get<{ items: Array<{ id: string }> }>(`/pledges?collaborative=${PARTNERSHIP}&status=open,partially_disbursed&limit=1`)).body.items[0].id;
    const resolution = (await http.get<{ items: Array<{ id: string }> }>(`/resolutions?collaborative=${PARTNERSHIP}&limit=1`)).body.items[0].id;
    const records = [
      { kind: 'commitment', api: `/commitments/${commitment}`, page: `/commitments/${commitment}` },
      { kind: 'pledge', api: `/pledges/${pledge}`, page: `/pledges/${pledge}` },
      { kind: 'declaration', api: `/partnerships/${summary.declarations.items[0].partnershipId}`, page: `/declarations/${summary.declarations.items[0].partnershipId}` },
      { kind: 'risk agreement', api: `/risk-agreements/${summary.riskAgreements[0].agreementId}`, page: `/risk-agreements/${summary.riskAgreements[0].agreementId}` },
      { kind: 'resolution', api: `/resolutions/${resolution}`, page: `/resolutions/${resolution}` },
      { kind: 'collaborative', api: `/collaboratives/${PARTNERSHIP}`, page: '/governance', only: GOVERNANCE_ACTIONS },
      { kind: 'collaborative', api: `/collaboratives/${PARTNERSHIP}`, page: '/commitments', only: ['MakeCommitment'] },
      { kind: 'collaborative', api: `/collaboratives/${PARTNERSHIP}`, page: '/pledges', only: ['MakePledge'] },
      { kind: 'collaborative', api: `/collaboratives/${PARTNERSHIP}`, page: '/agreements', only: ['DraftDeclaration', 'ProposeRiskAgreement'] },
      // An organization's own commands (signing keys, the registry auditor) are the API's: its scorecard offers none.
      { kind: 'organization', api: `/organizations/${FUNDER}`, page: `/organizations/${FUNDER}`, only: [] as string[] },
    ];
    for (const org of [STEWARD, FUNDER, OBSERVER]) {
      const page = await signedIn(org);
      for (const record of records) {
        const answer = await http.getAs(org)<{ allowedActions: Action[] }>(record.api);
        // An observer may not read an organization's record at all: it may do nothing with it either.
        expect(answer.status === 200 || (answer.status === 403 && record.kind === 'organization' && org === OBSERVER)).toBe(true);
        const allowed = (answer.status === 200 ? answer.body.allowedActions : [])
          .filter((a) => OFFERED.has(a.command) && (!record.only || record.only.includes(a.command)))
          .map((a) => `${a.command}${a.target ? `:${Object.values(a.target)[0]}` : ''}${a.body?.matter ? `:${a.body.matter}` : ''}`)
          .sort();
        await open(page, record.page);
        const shown = (
          await page.$$eval('[data-actions] button[data-command]', (buttons) =>
            buttons.map((b) => `${b.getAttribute('data-command')}${b.getAttribute('data-target') ? `:${b.getAttribute('data-target')}` : ''}${b.getAttribute('data-matter') ? `:${b.getAttribute('data-matter')}` : ''}`),
          )
        ).sort();
        expect({ org, page: record.page, shown }).toEqual({ org, page: record.page, shown: allowed });
        // Every page with its actions, for a steward, is accessible too.
        if (org === STEWARD) await expectAccessible(page, `${record.page} for a steward`);
      }
      if (org === OBSERVER) expect(await page.locator('[data-actions]').count()).toBe(0);
      if (org === STEWARD) {
        await open(page, '/governance');
        await screenshot(page, 'acting-governance-actions', false);
      }
      await page.context().close();
    }
  }, 240_000);
});
