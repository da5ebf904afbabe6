import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { startReceiver, until } from './support';

type Answer = { id: string; position: number; secret?: string };
type DeliveryLog = { items: Array<{ position: number; eventType: string; status: string; attempts: number; lastStatusCode: number | null }> };
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Webhooks with a real HTTP receiver that verifies every signature independently (standardwebhooks,
 * and the scheme by hand): deliveries of what the subscriber may read, in log order, retried after
 * failures, ended by a departure, a key revocation or a removal; the refusals of bad URLs.
 */
describe('webhooks (HTTP, embedded store)', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const other = 'valley-foundation';
  const receivers: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_WEBHOOKS_ALLOW_PRIVATE: 'true', LEDGER_WEBHOOK_RETRY_BASE_MS: '100', LEDGER_WEBHOOK_RETRY_MAX_S: '1' });
    http = client(ledger.baseUrl);
    await seedCollaborative(http, 'uv', [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: member, sector: 'community_org', role: 'member' },
      { id: other, sector: 'funder', role: 'member' },
    ]);
    // A second collaborative the member is not in.
    expect((await http.asOperator('/collaboratives', { id: 'elsewhere', name: 'Elsewhere', region: 'North', pathwayPhase: 2 })).status).toBe(201);
    expect((await http.asOperator('/collaboratives/elsewhere/members', { organizationId: steward, role: 'steward' })).status).toBe(200);
  });
  afterAll(async () => {
    for (const receiver of receivers) await receiver.close();
    await ledger.close();
  });

  async function subscribe(org: string, body: Record<string, unknown>, key?: string) {
    const answer = await http.call<Answer>('POST', '/webhooks', body, { authorization: `Bearer ${key ?? (await http.keyOf(org))}` });
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 201, body: { id: expect.any(String), secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) } });
    return answer.body as Required<Answer>;
  }

  it('delivers the collaborative’s events in order, signed, retried after two failures, and logs the deliveries', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret, (n) => (n <= 2 ? 500 : 204));
    receivers.push(receiver);
    const webhook = await subscribe(member, { url: receiver.url, collaborativeId: 'uv' });
    secret = webhook.secret;
    const made = await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Open the mobile clinic', dueDate: day(30) });
    const id = (made.body as Answer).id;
    await http.as(steward)(`/commitments/${id}/acceptance`, {});
    await http.as(member)(`/commitments/${id}/progress`, { note: 'site chosen' });
    // Elsewhere's events are not the member's to read: none delivered.
    await http.as(steward)('/collaboratives/elsewhere/goals', {
      id: 'g1',
      title: 'Goal',
      indicator: { name: 'v', unit: 'u', polarity: 'higher_is_better' },
      baseline: { value: '1', date: day(-10) },
      target: { value: '2', date: day(100) },
    });
    const last = await http.as(member)(`/commitments/${id}/progress`, { note: 'staff hired' });
    await until(() => receiver.accepted.some((d) => d.body.data.position === (last.body as Answer).position), 'the last event delivered');

    expect(receiver.unverified).toEqual([]);
    const types = receiver.accepted.map((d) => d.body.type);
    expect(types).toEqual(['CommitmentMade', 'CommitmentAccepted', 'CommitmentProgressReported', 'CommitmentProgressReported']);
    const positions = receiver.accepted.map((d) => d.body.data.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(receiver.accepted.every((d) => d.webhookId === d.body.data.eventId && d.body.data.streamId === `commitment-${id}`)).toBe(true);
    // The first event was tried three times: 500, 500, then 204 — with the same webhook-id.
    expect(receiver.verified.slice(0, 3).map((d) => d.webhookId)).toEqual(Array(3).fill(receiver.accepted[0].webhookId));
    const log = await http.getAs(member)<DeliveryLog>(`/webhooks/${webhook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((d) => [d.eventType, d.status, d.attempts, d.lastStatusCode]).reverse()).toEqual([
      ['CommitmentMade', 'delivered', 3, 204],
      ['CommitmentAccepted', 'delivered', 1, 204],
      ['CommitmentProgressReported', 'delivered', 1, 204],
      ['CommitmentProgressReported', 'delivered', 1, 204],
    ]);
    // Another organization does not see it (as if it did not exist).
    expect((await http.getAs(other)(`/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
    expect((await http.getAs(member)('/webhooks')).body).toMatchObject({ items: [{ id: webhook.id, url: receiver.url, collaborativeId: 'uv', active: true }] });
  });

  it('stops delivering a collaborative’s events at the organization’s departure, everything at its key’s revocation, and after a removal', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret);
    receivers.push(receiver);
    const issued = await http.asOperator('/api-keys', { organizationId: other, label: 'webhooks' });
    const { keyId, key } = issued.body as { keyId: string; key: string };
    const webhook = await subscribe(other, { url: receiver.url, types: ['CommitmentMade', 'ContactRegistered', 'OrganizationRegistered'] }, key);
    secret = webhook.secret;
    const make = async (title: string) => (await http.as(member)('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title, dueDate: day(30) })).body as Answer;
    const before = await make('Before the departure');
    // Another organization's contact address is its own: not delivered. A new organization is public to members: delivered.
    await http.as(member)(`/organizations/${member}/contacts`, { email: 'lead@riverside-chc.org' });
    const registered = (await http.asOperator('/organizations', { id: 'new-clinic', name: 'New Clinic', sector: 'hospital' })).body as Answer;
    await until(() => receiver.accepted.some((d) => d.body.data.position === registered.position), 'the organization registered delivered');
    expect(receiver.accepted.map((d) => d.body.type)).toEqual(['CommitmentMade', 'OrganizationRegistered']);
    expect(receiver.accepted[0].body.data.position).toBe(before.position);

    // It stays in another collaborative (so organizations' records stay public to it), and leaves uv.
    expect((await http.asOperator('/collaboratives', { id: 'third', name: 'Third', region: 'East', pathwayPhase: 1 })).status).toBe(201);
    expect((await http.asOperator('/collaboratives/third/members', { organizationId: other, role: 'member' })).status).toBe(200);
    expect((await http.asOperator(`/collaboratives/uv/members/${other}/departure`, { reason: 'left the region' })).status).toBe(200);
    await make('After the departure');
    const second = (await http.asOperator('/organizations', { id: 'newer-clinic', name: 'Newer Clinic', sector: 'hospital' })).body as Answer;
    await until(() => receiver.accepted.some((d) => d.body.data.position === second.position), 'the second organization registered delivered');
    expect(receiver.accepted.map((d) => d.body.type)).toEqual(['CommitmentMade', 'OrganizationRegistered', 'OrganizationRegistered']);

    expect((await http.asOperator(`/api-keys/${keyId}/revocation`, {})).status).toBe(200);
    const third = (await http.asOperator('/organizations', { id: 'newest-clinic', name: 'Newest Clinic', sector: 'hospital' })).body as Answer;
    // The revocation is judged in log order: once the events after it are in the outbox's past, nothing for them went out.
    const probe = await startReceiver(() => probeSecret);
    receivers.push(probe);
    let probeSecret = '';
    probeSecret = (await subscribe(steward, { url: probe.url, types: ['OrganizationRegistered'] })).secret;
    const fourth = (await http.asOperator('/organizations', { id: 'last-clinic', name: 'Last Clinic', sector: 'hospital' })).body as Answer;
    await until(() => probe.accepted.some((d) => d.body.data.position === fourth.position), 'the probe delivered');
    expect(receiver.accepted.map((d) => d.body.data.position)).not.toContain(third.position);
    expect(receiver.accepted.map((d) => d.body.data.position)).not.toContain(fourth.position);
    const listed = await http.get<{ items: Array<{ id: string; active: boolean }> }>('/webhooks');
    expect(listed.body.items.find((w) => w.id === webhook.id)).toMatchObject({ active: false });

    // Removed: the steward's probe gets nothing more.
    expect((await http.as(steward)(`/webhooks/${webhook.id}/removal`, {})).status).toBe(404);
    const probeWebhook = (await http.getAs(steward)<{ items: Array<{ id: string }> }>('/webhooks')).body.items[0].id;
    expect((await http.as(steward)(`/webhooks/${probeWebhook}/removal`, {})).status).toBe(200);
    const fifth = (await http.asOperator('/organizations', { id: 'final-clinic', name: 'Final Clinic', sector: 'hospital' })).body as Answer;
    const marker = await startReceiver(() => markerSecret);
    receivers.push(marker);
    let markerSecret = '';
    markerSecret = (await subscribe(steward, { url: marker.url, types: ['OrganizationRegistered'] })).secret;
    const sixth = (await http.asOperator('/organizations', { id: 'marker-clinic', name: 'Marker Clinic', sector: 'hospital' })).body as Answer;
    await until(() => marker.accepted.some((d) => d.body.data.position === sixth.position), 'the marker delivered');
    expect(probe.accepted.map((d) => d.body.data.position)).not.toContain(fifth.position);
    expect((await http.getAs(steward)<{ items: Array<{ id: string }> }>('/webhooks')).body.items.map((w) => w.id)).not.toContain(probeWebhook);
  });

  it('refuses bad URLs, the ledger itself, the operator, a collaborative the organization may not read — appending nothing', async () => {
    const before = await http.headPosition();
    const key = await http.keyOf(member);
    const refusals: Array<[Record<string, unknown>, number, string, string?]> = [
      [{ url: 'ftp://example.org/hook' }, 400, 'invalid_url'],
      [{ url: 'not a url' }, 400, 'invalid_uri'],
      [{ url: `${ledger.baseUrl}/commitments` }, 400, 'webhook_url_is_the_ledger'],
      [{ url: 'https://user:pass@example.org/hook' }, 400, 'webhook_url_not_allowed'],
      [{ url: 'https://example.org/hook', types: ['NoSuchEvent'] }, 400, 'invalid_choice'],
      [{ url: 'https://example.org/hook', collaborativeId: 'elsewhere' }, 403, 'not_a_member'],
      [{ url: 'https://example.org/hook' }, 403, 'organization_only', ledger.operatorKey],
    ];
    for (const [body, status, code, asKey] of refusals) {
      const answer = await http.call<{ code: string }>('POST', '/webhooks', body, { authorization: `Bearer ${asKey ?? key}` });
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({ body, status, code });
    }
    expect(await http.headPosition()).toBe(before);
  });

  it('refuses private, loopback and link-local addresses unless LEDGER_WEBHOOKS_ALLOW_PRIVATE is set', async () => {
    const strict = await startLedger();
    try {
      const h = client(strict.baseUrl);
      await seedCollaborative(h, 'uv', [{ id: member, sector: 'community_org', role: 'member' }]);
      for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/hook', 'http://[::ffff:192.168.1.1]/hook']) {
        const answer = await h.call<{ code: string }>('POST', '/webhooks', { url }, { authorization: `Bearer ${await h.keyOf(member)}` });
        expect({ url, status: answer.status, code: answer.body.code }).toEqual({ url, status: 400, code: 'webhook_url_not_allowed' });
      }
    } finally {
      await strict.close();
    }
  });
});
