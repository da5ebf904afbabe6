import { InvalidCommandError, requireDate, requireText } from '@ledger/domain';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Problem = { status: number; code: string; errors: Array<{ path: string; code: string; message: string }> };
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const usd = (amount: string) => ({ currency: 'USD', amount });

/** The code the domain's own rule refuses a value with, or null when it takes it. */
function domainCode(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof InvalidCommandError) return error.code;
    throw error;
  }
}

describe('input validation over HTTP: the rule named, nothing appended', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const funder = 'valley-foundation';
  const member = 'riverside-chc';
  const commitment = (extra: Record<string, unknown>) => ({ collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Open evening clinics', dueDate: daysFromNow(90), ...extra });

  beforeAll(async () => {
    ledger = await startLedger();
    http = client(ledger.baseUrl);
    await seedCollaborative(http, 'uv', [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: funder, sector: 'funder', role: 'member' },
      { id: member, sector: 'community_org', role: 'member' },
    ]);
  });
  afterAll(() => ledger.close());

  /** Sends a command that must be refused with 400, the code and the path, appending nothing. */
  async function refused(send: () => Promise<{ status: number; body: unknown; headers: Headers }>, code: string, path: string): Promise<void> {
    const before = await http.headPosition();
    const answer = await send();
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = answer.body as Problem;
    expect({ status: answer.status, code: problem.code }).toEqual({ status: 400, code });
    expect(problem.errors).toContainEqual(expect.objectContaining({ path }));
    expect(await http.headPosition()).toBe(before);
  }

  it('refuses a disbursement dated before the pledge was made', async () => {
    const pledged = await http.as(funder)('/pledges', { collaborativeId: 'uv', recipient: { organizationId: member }, purpose: 'Clinic staff', amount: usd('1000.00'), binding: true });
    expect(pledged.status).toBe(201);
    const id = (pledged.body as { id: string }).id;
    await refused(() => http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('10.00'), disbursedOn: '2000-01-01', reference: 'W-1' }), 'disbursed_before_pledge', 'disbursedOn');
    await refused(() => http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('10.00'), disbursedOn: daysFromNow(-1), reference: 'W-1' }), 'disbursed_before_pledge', 'disbursedOn');
    expect((await http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('10.00'), disbursedOn: daysFromNow(0), reference: 'W-1' })).status).toBe(200);
    // A pledge made before it was recorded says so, and takes the disbursements made since.
    const older = await http.as(funder)('/pledges', { collaborativeId: 'uv', recipient: { organizationId: member }, purpose: 'Clinic rent', amount: usd('1000.00'), binding: true, madeOn: daysFromNow(-30) });
    expect(older.status).toBe(201);
    expect((await http.as(funder)(`/pledges/${(older.body as { id: string }).id}/disbursements`, { amount: usd('10.00'), disbursedOn: daysFromNow(-10), reference: 'W-2' })).status).toBe(200);
    expect((await http.get<{ madeOn: string }>(`/pledges/${(older.body as { id: string }).id}`)).body.madeOn).toBe(daysFromNow(-30));
  });

  it('refuses dates of absurd years, in every date field', async () => {
    await refused(() => http.as(member)('/commitments', commitment({ dueDate: '0000-01-01' })), 'date_out_of_range', 'dueDate');
    await refused(() => http.as(member)('/commitments', commitment({ dueDate: '3000-01-01' })), 'date_out_of_range', 'dueDate');
    await refused(
      () => http.as(funder)('/pledges', { collaborativeId: 'uv', recipient: { organizationId: member }, purpose: 'Rent', amount: usd('10.00'), binding: true, schedule: [{ dueDate: '1899-12-31', amount: usd('10.00') }] }),
      'date_out_of_range',
      'schedule[0].dueDate',
    );
    await refused(() => http.as(member)('/commitments', commitment({ dueDate: '2025-02-30' })), 'invalid_date', 'dueDate');
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate)', async () => {
    await refused(() => http.as(member)('/commitments', commitment({ title: 'Clinics \ud800' })), 'invalid_unicode', 'title');
    await refused(() => http.as(member)('/commitments', commitment({ description: '\udc00' })), 'invalid_unicode', 'description');
    await refused(() => http.asOperator('/organizations', { id: 'broken-org', name: 'Broken \udfff', sector: 'other' }), 'invalid_unicode', 'name');
    const made = await http.as(member)('/commitments', commitment({ title: 'Clinics' }));
    const progress = `/commitments/${(made.body as { id: string }).id}/progress`;
    await refused(() => http.as(member)(progress, { note: 'fine', evidence: { uri: 'https://example.org/\ud83d', sha256: 'a'.repeat(64) } }), 'invalid_unicode', 'evidence.uri');
  });

  it('refuses required text that is blank once invisible characters are taken out', async () => {
    await refused(() => http.as(member)('/commitments', commitment({ title: '\u200b' })), 'required', 'title');
    await refused(() => http.as(member)('/commitments', commitment({ title: '\u200b\u200c\u200d\u2060\ufeff \u00a0' })), 'required', 'title');
    await refused(() => http.asOperator('/organizations', { id: 'blank-org', name: '\u3164\u2800', sector: 'other' }), 'required', 'name');
    await refused(() => http.as(member)('/commitments', commitment({ measure: { indicator: '\u00ad', unit: 'people', target: '1' } })), 'required', 'measure.indicator');
  });

  it('takes text that is merely unusual: emoji sequences, other scripts, a zero-width joiner inside a word', async () => {
    const made = await http.as(member)('/commitments', commitment({ title: '👩🏽‍⚕️ Soins de santé — رعاية — 保健', description: 'e\u200dx' }));
    expect(made.status).toBe(201);
  });

  it('gives the answer the domain gives: the same input is refused by the same rule', async () => {
    const texts = ['', ' ', '\u200b', '\ud800', 'a\udc00', 'x'.repeat(201), 'Fine name'];
    for (const name of texts) {
      const answer = await http.asOperator('/organizations', { id: 'same-answer-org', name, sector: 'other' });
      const expected = domainCode(() => requireText(name, 'name'));
      expect({ name, code: answer.status === 400 ? (answer.body as Problem).code : null }).toEqual({ name, code: expected });
      if (answer.status === 201) break;
    }
    for (const dueDate of ['0000-01-01', '1899-12-31', '2025-02-30', '2025-13-01', '3000-01-01', '25-01-01', daysFromNow(30)]) {
      const answer = await http.as(member)('/commitments', commitment({ dueDate }));
      const expected = domainCode(() => requireDate(dueDate, 'dueDate'));
      expect({ dueDate, code: answer.status === 400 ? (answer.body as Problem).code : null }).toEqual({ dueDate, code: expected });
    }
  });
});
