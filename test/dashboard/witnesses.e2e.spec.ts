// The callbacks passed to page.evaluate run in the browser: they use its DOM.
/// <reference lib="dom" />
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { checkpointBody, Cosigner, type CheckpointDocument } from '@ledger/integrity';
import { Checkpoints } from '../../apps/ledger/src/integrity/checkpoints.service';
import { seedCollaborative } from '../support/collaborative';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { axeViolations, describeViolations, ensureDashboardBuilt, launchChromium, screenshot } from './browser';

/**
 * The audit page's witnesses, in Debian's headless Chromium: which of the charter's witnesses
 * cosigned the latest witnessed checkpoint and whether their quorum holds, each line verified in
 * the browser (WebCrypto), with a consistency proof to the checkpoint the page checked. What the
 * page says is held to what the test made: who cosigned, and a line forged in transit.
 */
const COLLABORATIVE = 'witnessed-valley';
const ORGS = ['riverside-chc', 'upper-valley-health', 'valley-funders'] as const;

describe('the audit page shows the witnesses and their quorum', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const sockets = new Set<Socket>();
  const cosigners = new Map(ORGS.map((org) => [org, new Cosigner(`${org}.example/ledger-witness`, generateKeyPairSync('ed25519').privateKey)]));

  async function publish(): Promise<CheckpointDocument> {
    await http.asOperator('/organizations', { id: `clinic-${Date.now().toString(36)}`, name: 'A clinic', sector: 'community_org' });
    return (await ledger.app.get(Checkpoints).publish())!;
  }
  async function cosign(checkpoint: CheckpointDocument, orgs: readonly string[]) {
    for (const org of orgs) {
      const line = cosigners.get(org as (typeof ORGS)[number])!.cosign(checkpointBody(checkpoint), new Date()).line;
      expect((await http.as(org)(`/ledger/checkpoints/${checkpoint.treeSize}/cosignatures`, { cosignature: line, checkpoint: checkpoint.note })).status).toBe(201);
    }
  }
  const rows = () =>
    page.$$eval('table.witnesses-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-witness'), tr.getAttribute('data-cosigned')]));
  async function check(): Promise<void> {
    await page.getByRole('button', { name: 'Check the latest checkpoint again' }).click();
    await page.locator('[data-audit-verdict="verified"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-witness-quorum]:not([data-witness-quorum="checking"])').waitFor({ timeout: 15_000 });
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    ledger = await startLedger();
    (ledger.app.getHttpServer() as Server).on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    http = client(ledger.baseUrl);
    await seedCollaborative(http, COLLABORATIVE, [
      { id: ORGS[0], sector: 'community_org', role: 'steward' },
      { id: ORGS[1], sector: 'hospital', role: 'member' },
      { id: ORGS[2], sector: 'funder', role: 'auditor' },
    ]);
    for (const org of ORGS) expect((await http.as(org)(`/organizations/${org}/witness-keys`, { vkey: cosigners.get(org)!.vkey })).status).toBe(200);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404)/.test(message.text())) problems.push(`console error: ${message.text()}`);
    });
    await page.goto(ledger.baseUrl + '/');
    await page.getByLabel('API key').fill(await http.keyOf(ORGS[0]));
    await page.getByLabel('Partnership id').fill(COLLABORATIVE);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    await ledger?.close();
  });

  afterEach(() => expect(problems.splice(0)).toEqual([]));

  it('says when the charter names no witnesses, then which cosigned and that the quorum holds', async () => {
    await check();
    expect(await page.locator('[data-witness-quorum]').getAttribute('data-witness-quorum')).toBe('none');

    expect((await http.asOperator(`/collaboratives/${COLLABORATIVE}/charter`, { rules: [], witnesses: ORGS.map((organizationId) => ({ organizationId })), witnessQuorum: 2 })).status).toBe(200);
    await check();
    expect(await page.locator('[data-witness-quorum]').getAttribute('data-witness-quorum')).toBe('waiting');

    // One cosignature: the quorum (2) does not hold.
    const first = await publish();
    await cosign(first, [ORGS[0]]);
    await check();
    expect(await page.locator('[data-witness-quorum]').getAttribute('data-witness-quorum')).toBe('not-met');
    expect(await rows()).toEqual([[ORGS[0], 'cosigned'], [ORGS[1], 'missing'], [ORGS[2], 'missing']]);

    // Two of three: it holds, and the log checked above extends the cosigned one.
    await cosign(first, [ORGS[2]]);
    await http.asOperator('/organizations', { id: 'one-more-clinic', name: 'One more', sector: 'community_org' });
    await check();
    expect(await page.locator('[data-witness-quorum]').getAttribute('data-witness-quorum')).toBe('met');
    expect(await rows()).toEqual([[ORGS[0], 'cosigned'], [ORGS[1], 'missing'], [ORGS[2], 'cosigned']]);
    for (const id of ['witnessed-key-id', 'witnessed-signature', 'witness-consistency']) {
      expect(await page.locator(`#witnesses [data-check="${id}"]`).getAttribute('data-ok')).toBe('true');
    }
    expect(await page.locator('#witnesses').textContent()).toContain(`2 of the 3 witnesses the charter names cosigned the checkpoint of ${first.treeSize} events`);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`accessibility violations on the witnesses:\n${describeViolations(violations)}`);
    await screenshot(page, 'audit-witnesses');
  });

  it('catches a cosignature changed in transit: the browser verifies each line itself', async () => {
    await page.route('**/ledger/checkpoint?cosigned=true*', async (route) => {
      const response = await route.fetch();
      const checkpoint = (await response.json()) as { cosignatures: string[] };
      // Flip one byte of the first line's Ed25519 signature.
      const [dash, name, blob] = checkpoint.cosignatures[0].split(' ');
      const bytes = Buffer.from(blob, 'base64');
      bytes[bytes.length - 20] ^= 0x01;
      checkpoint.cosignatures[0] = `${dash} ${name} ${bytes.toString('base64')}`;
      await route.fulfill({ response, json: checkpoint });
    });
    await check();
    expect(await page.locator('[data-witness-quorum]').getAttribute('data-witness-quorum')).toBe('not-met');
    expect(await rows()).toEqual([[ORGS[0], 'invalid'], [ORGS[1], 'missing'], [ORGS[2], 'cosigned']]);
    await page.unroute('**/ledger/checkpoint?cosigned=true*');
    await check();
    expect(await page.locator('[data-witness-quorum]').getAttribute('data-witness-quorum')).toBe('met');
  });
});
