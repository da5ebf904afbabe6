import { createServer } from 'node:net';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { Reminders } from '../../apps/ledger/src/notifications/reminders.service';
import { startLedgerOn, startSmtpServer, tempDir } from '../notifications/support';
import { ledgerCli } from './support';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A port nothing listens on: an SMTP server that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `ledger reminders --now`: the day's reminders on demand, by the server's own service in a child
 * process, to a real SMTP server (smtp-server) in the test: a failed send is retried by the next run,
 * and no contact hears twice in a day — from the command run again, or from a server's own run.
 */
describe('ledger reminders --now', () => {
  const data = tempDir('ledger-cli-reminders-');
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const quiet = 'valley-foundation';
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const smtpEnv = (port: number) => ({ LEDGER_SMTP_URL: `smtp://127.0.0.1:${port}`, LEDGER_MAIL_FROM: 'Ledger <ledger@example.org>' });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // A server without SMTP: it sends nothing itself.
    const ledger = await startLedgerOn(data.path, {});
    try {
      const http = client(ledger.baseUrl);
      await seedCollaborative(http, 'uv', [
        { id: steward, sector: 'hospital', role: 'steward' },
        { id: member, sector: 'community_org', role: 'member' },
        { id: quiet, sector: 'funder', role: 'member' },
      ]);
      for (const [org, email, language] of [
        [member, 'lead@riverside-chc.org', 'fr'],
        [steward, 'steward@uvh.org', 'en'],
        [quiet, 'grants@foundation.org', 'en'],
      ]) {
        expect((await http.as(org)(`/organizations/${org}/contacts`, { email, language })).status).toBe(200);
      }
      const dueSoon = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Open the mobile clinic', dueDate: day(3) });
      expect((await http.as(steward)(`/commitments/${(dueSoon.body as { id: string }).id}/acceptance`, {})).status).toBe(200);
      expect((await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { organizationId: steward }, title: 'Share discharge summaries', dueDate: day(60) })).status).toBe(201);
    } finally {
      await ledger.close();
    }
  }, 120_000);

  afterAll(async () => {
    await smtp.close();
    data.remove();
  });

  it('asks for --now, and says reminders are off without LEDGER_SMTP_URL', async () => {
    const bare = await ledgerCli(['reminders'], data.path);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('--now');
    const off = await ledgerCli(['reminders', '--now'], data.path, { LEDGER_SMTP_URL: '' });
    expect(off.status).toBe(1);
    expect(off.stderr).toContain('set LEDGER_SMTP_URL');
    expect(smtp.messages).toEqual([]);
  }, 180_000);

  it('exits 1 when the SMTP server is down, and the next run sends what failed, once per contact', async () => {
    const down = await ledgerCli(['reminders', '--now'], data.path, smtpEnv(await closedPort()));
    expect(down.status).toBe(1);
    expect(down.stdout).toContain(`reminders of ${day(0)}: 0 sent, 2 failed`);
    expect(down.stderr).toContain('2 sends failed');
    expect(smtp.messages).toEqual([]);

    const up = await ledgerCli(['reminders', '--now'], data.path, smtpEnv(smtp.port));
    expect({ status: up.status, stderr: up.stderr }).toEqual({ status: 0, stderr: '' });
    expect(up.stdout).toContain(`reminders of ${day(0)}: 2 sent, 0 failed, 0 already sent today, 1 organization with contacts and nothing waiting`);
    expect(smtp.messages.map((m) => [m.to[0], m.subject]).sort()).toEqual([
      ['lead@riverside-chc.org', `Registre d'intendance : 1 élément pour ${member}`],
      ['steward@uvh.org', `Stewardship ledger: 1 item for ${steward}`],
    ]);
    expect(smtp.messages.find((m) => m.to[0] === 'lead@riverside-chc.org')!.text).toContain('Engagement bientôt dû: Open the mobile clinic');
    expect(smtp.messages.find((m) => m.to[0] === 'steward@uvh.org')!.text).toContain('Commitment to accept or decline: Share discharge summaries');
  }, 180_000);

  it('sends none twice in a day: not when run again, nor by a server run afterwards', async () => {
    const again = await ledgerCli(['reminders', '--now'], data.path, smtpEnv(smtp.port));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('0 sent, 0 failed, 2 already sent today');
    const ledger = await startLedgerOn(data.path, smtpEnv(smtp.port));
    try {
      expect(await ledger.app.get(Reminders).runNow()).toMatchObject({ day: day(0), sent: 0, failed: 0, skipped: 2 });
    } finally {
      await ledger.close();
    }
    expect(smtp.messages).toHaveLength(2);
  }, 180_000);
});
