import { createServer } from 'node:net';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { Reminders } from '../../apps/ledger/src/notifications/reminders.service';
import { startLedgerOn, startSmtpServer, tempDir, type ReceivedMail } from './support';

const DAY = 86_400_000;
type Answer = { id: string; contactId?: string };

/** A port nothing listens on: an SMTP server that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Contacts and daily reminders, sent over SMTP to a real SMTP server in the test: one message per
 * contact per day, in its language, listing what waits on its organization; none once the items are
 * done; none twice across a restart; a refused send retried.
 */
describe('contacts and e-mail reminders', () => {
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const quiet = 'valley-foundation';
  const data = tempDir('ledger-reminders-');
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  /** The ledger's clock: now, moved on a day at a time by the test. */
  let now = Date.now();
  const clock = () => new Date(now);
  let ledger: Awaited<ReturnType<typeof startLedgerOn>>;
  let http: ReturnType<typeof client>;
  const day = (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);
  const start = async (smtpPort = smtp.port) => {
    ledger = await startLedgerOn(data.path, { LEDGER_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LEDGER_MAIL_FROM: 'Ledger <ledger@example.org>', LEDGER_REMINDER_HOUR: '0' }, clock);
    http = client(ledger.baseUrl);
  };
  const run = () => ledger.app.get(Reminders).runNow();
  const received = (from: number) => smtp.messages.slice(from);
  const byRecipient = (mails: ReceivedMail[]) => Object.fromEntries(mails.map((m) => [m.to.join(','), m]));
  let dueSoonId: string;
  let toAcceptId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await start();
    await seedCollaborative(http, 'uv', [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: member, sector: 'community_org', role: 'member' },
      { id: quiet, sector: 'funder', role: 'member' },
    ]);
  });
  afterAll(async () => {
    await ledger.close();
    await smtp.close();
    data.remove();
  });

  it('registers contacts for the organization itself or by the operator, refuses others and bad addresses, and keeps them from other members', async () => {
    const mine = await http.as(member)(`/organizations/${member}/contacts`, { email: 'Lead@Riverside-CHC.org', name: 'Dana Lead', language: 'fr' });
    expect(mine.status).toBe(200);
    expect((mine.body as Answer).contactId).toEqual(expect.any(String));
    expect((await http.asOperator(`/organizations/${member}/contacts`, { email: 'desk@riverside-chc.org' })).status).toBe(200);
    expect((await http.as(steward)(`/organizations/${steward}/contacts`, { email: 'steward@uvh.org' })).status).toBe(200);
    expect((await http.as(quiet)(`/organizations/${quiet}/contacts`, { email: 'grants@foundation.org' })).status).toBe(200);
    const before = await http.headPosition();
    const refusals: Array<[Promise<{ status: number; body: unknown }>, number, string]> = [
      [http.as(steward)(`/organizations/${member}/contacts`, { email: 'x@y.org' }), 403, 'not_the_organization'],
      [http.as(member)(`/organizations/${member}/contacts`, { email: 'not an address' }), 400, 'invalid_email'],
      [http.as(member)(`/organizations/${member}/contacts`, { email: 'a@b.org', language: 'de' }), 400, 'invalid_choice'],
      [http.as(member)(`/organizations/${member}/contacts`, { email: 'lead@riverside-chc.ORG' }), 409, 'contact_already_registered'],
      [http.as(member)(`/organizations/${member}/contacts/nope/removal`, {}), 404, 'contact_not_found'],
    ];
    for (const [answer, status, code] of refusals) {
      const { status: got, body } = await answer;
      expect({ got, code: (body as { code: string }).code }).toEqual({ got: status, code });
    }
    expect(await http.headPosition()).toBe(before);
    const listed = await http.getAs(member)(`/organizations/${member}/contacts`);
    expect((listed.body as { items: Array<{ email: string; language: string }> }).items.map((c) => [c.email, c.language])).toEqual([
      ['Lead@riverside-chc.org', 'fr'],
      ['desk@riverside-chc.org', 'en'],
    ]);
    expect((await http.getAs(steward)(`/organizations/${member}/contacts`)).status).toBe(403);
    // A fellow member reads the organization's record on the log, but not its contacts' addresses.
    const events = await http.getAs(steward)<{ items: Array<{ type: string }> }>(`/ledger/events?stream=organization-${member}&limit=1000`);
    expect(events.status).toBe(200);
    expect(events.body.items.map((e) => e.type)).toContain('OrganizationRegistered');
    expect(events.body.items.map((e) => e.type)).not.toContain('ContactRegistered');
    const own = await http.getAs(member)<{ items: Array<{ type: string }> }>(`/ledger/events?stream=organization-${member}&limit=1000`);
    expect(own.body.items.map((e) => e.type)).toContain('ContactRegistered');
  });

  it('sends one message per contact of each organization something waits on, in its language, once a day', async () => {
    const dueSoon = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Open the mobile clinic', dueDate: day(3) });
    dueSoonId = (dueSoon.body as Answer).id;
    expect((await http.as(steward)(`/commitments/${dueSoonId}/acceptance`, {})).status).toBe(200);
    const toAccept = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { organizationId: steward }, title: 'Share discharge summaries', dueDate: day(60) });
    toAcceptId = (toAccept.body as Answer).id;

    const from = smtp.messages.length;
    expect(await run()).toMatchObject({ day: day(0), sent: 3, failed: 0, skipped: 0, nothingDue: 1 });
    const mails = byRecipient(received(from));
    expect(Object.keys(mails).sort()).toEqual(['Lead@riverside-chc.org', 'desk@riverside-chc.org', 'steward@uvh.org']);
    expect(mails['Lead@riverside-chc.org']).toMatchObject({ from: 'ledger@example.org', subject: `Registre d'intendance : 1 élément pour ${member}` });
    expect(mails['Lead@riverside-chc.org'].text).toContain('Bonjour Dana Lead,');
    expect(mails['Lead@riverside-chc.org'].text).toContain('Engagement bientôt dû: Open the mobile clinic');
    expect(mails['desk@riverside-chc.org']).toMatchObject({ subject: `Stewardship ledger: 1 item for ${member}` });
    expect(mails['desk@riverside-chc.org'].text).toContain(`Commitment due soon: Open the mobile clinic (due `);
    expect(mails['steward@uvh.org'].text).toContain('Commitment to accept or decline: Share discharge summaries');
    expect(mails['steward@uvh.org'].messageId).toBe(`<reminder.${day(0)}.${steward}.${(await http.getAs(steward)<{ items: Array<{ contactId: string }> }>(`/organizations/${steward}/contacts`)).body.items[0].contactId}@stewardship-ledger>`);

    // The same day again: nothing more.
    expect(await run()).toMatchObject({ sent: 0, skipped: 3 });
    expect(smtp.messages.length).toBe(from + 3);
  });

  it('sends none twice across a restart, and again the next day', async () => {
    const from = smtp.messages.length;
    await ledger.close();
    await start();
    expect(await run()).toMatchObject({ sent: 0, skipped: 3 });
    expect(smtp.messages.length).toBe(from);
    now += DAY;
    expect(await run()).toMatchObject({ day: day(0), sent: 3 });
    expect(received(from).map((m) => m.to[0]).sort()).toEqual(['Lead@riverside-chc.org', 'desk@riverside-chc.org', 'steward@uvh.org']);
  });

  it('sends none once the items are done, nor to a removed contact', async () => {
    await http.as(member)(`/commitments/${dueSoonId}/delivery`, { deliveredOn: day(0) });
    expect((await http.as(steward)(`/commitments/${dueSoonId}/delivery-confirmation`, {})).status).toBe(200);
    expect((await http.as(steward)(`/commitments/${toAcceptId}/acceptance`, {})).status).toBe(200);
    now += DAY;
    const from = smtp.messages.length;
    expect(await run()).toMatchObject({ sent: 0, skipped: 0, nothingDue: 3 });
    // Something overdue again; one contact removed: only the other hears of it.
    const late = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Hire two navigators', dueDate: day(1) });
    expect((await http.as(steward)(`/commitments/${(late.body as Answer).id}/acceptance`, {})).status).toBe(200);
    const contacts = (await http.getAs(member)<{ items: Array<{ contactId: string; email: string }> }>(`/organizations/${member}/contacts`)).body.items;
    const desk = contacts.find((c) => c.email === 'desk@riverside-chc.org')!;
    expect((await http.as(member)(`/organizations/${member}/contacts/${desk.contactId}/removal`, {})).status).toBe(200);
    now += 3 * DAY;
    expect(await run()).toMatchObject({ sent: 1 });
    expect(received(from).map((m) => [m.to[0], m.subject])).toEqual([['Lead@riverside-chc.org', `Registre d'intendance : 1 élément pour ${member}`]]);
    expect(received(from)[0].text).toContain('Engagement en retard: Hire two navigators');
  });

  it('retries a send the SMTP server could not take, never crashing, and reports it', async () => {
    now += DAY;
    await ledger.close();
    await start(await closedPort());
    const failed = await run();
    expect(failed).toMatchObject({ sent: 0, failed: 1 });
    expect(ledger.app.get(Reminders).status()).toMatchObject({ enabled: true, lastError: expect.stringContaining('SMTP') });
    const health = await http.get<{ reminders?: { lastError: string | null } }>('/health');
    expect(health.status).toBe(200);
    expect(health.body.reminders?.lastError).toEqual(expect.stringContaining('SMTP'));
    // The server is back (the ledger restarted with it): the failed send goes out, once.
    const from = smtp.messages.length;
    await ledger.close();
    await start();
    expect(await run()).toMatchObject({ sent: 1, failed: 0 });
    expect(await run()).toMatchObject({ sent: 0, skipped: 1 });
    expect(received(from).map((m) => m.to[0])).toEqual(['Lead@riverside-chc.org']);
  });

  it("lists exactly the organization's inbox: a commitment to the collaborative a steward may accept, a resolution to vote on", async () => {
    now += DAY;
    const offered = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Run a flu clinic at the library', dueDate: day(40) });
    expect(offered.status).toBe(201);
    const proposed = await http.as(steward)('/resolutions', { collaborativeId: 'uv', title: 'Adopt the data-sharing principles', matter: 'general' });
    expect(proposed.status).toBe(201);
    const from = smtp.messages.length;
    expect(await run()).toMatchObject({ sent: 2, failed: 0 });
    const mails = byRecipient(received(from));
    expect(Object.keys(mails).sort()).toEqual(['Lead@riverside-chc.org', 'steward@uvh.org']);
    expect(mails['steward@uvh.org'].text).toContain('Commitment to accept or decline: Run a flu clinic at the library');
    expect(mails['steward@uvh.org'].text).toContain('Resolution to vote on: Adopt the data-sharing principles');
    // Each message lists what GET /organizations/:id/inbox lists, no more, no less.
    for (const [org, to] of [
      [steward, 'steward@uvh.org'],
      [member, 'Lead@riverside-chc.org'],
    ]) {
      const inbox = await http.getAs(org)<{ items: Array<{ kind: string; id: string; collaborativeId: string }> }>(`/organizations/${org}/inbox`);
      expect(inbox.status).toBe(200);
      const listed = [...mails[to].text.matchAll(/\[([^\]/]+) \/ ([^\]]+)\]/g)].map((match) => `${match[1]}/${match[2]}`);
      expect(listed.sort()).toEqual(inbox.body.items.map((item) => `${item.collaborativeId}/${item.id}`).sort());
    }
    expect(mails['Lead@riverside-chc.org'].text).not.toContain('Adopt the data-sharing principles');
    // Once voted on, the resolution leaves the steward's next reminder.
    expect((await http.as(steward)(`/resolutions/${(proposed.body as Answer).id}/votes`, { choice: 'for' })).status).toBe(200);
    now += DAY;
    const next = smtp.messages.length;
    await run();
    expect(byRecipient(received(next))['steward@uvh.org'].text).not.toContain('Resolution to vote on');
  });
});
