import { generateKeyPairSync } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS, type RecordType } from '@ledger/domain';
import { RecordCommand } from '../../apps/ledger/src/commands/record-command';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { SseReader } from '../support/sse';

/**
 * Every command and query of the spec, as each kind of caller. "self" is the organization the
 * step belongs to (the promisor, the promisee, the funder, the party...), "other" a member of the
 * same collaborative acting on a record that is not its own (for queries: an organization outside
 * the collaborative). Allowed steps answer 2xx; refused ones 403 (401 without a valid key) and
 * append nothing. Each row is prepared afresh for each caller, so an allowed step never changes
 * what the next caller meets.
 */
/** 'auditor elsewhere': an auditor of another collaborative (an auditor reads its own collaborative only). */
type Role = 'operator' | 'steward' | 'self' | 'other' | 'auditor' | 'auditor elsewhere' | 'observer' | 'no key' | 'revoked key';
const ROLES: Role[] = ['operator', 'steward', 'self', 'other', 'auditor', 'auditor elsewhere', 'observer', 'no key', 'revoked key'];

const C = 'uv';
const STEWARD = 'uv-steward';
/** A second steward, party to nothing: it decides where the first is in conflict. */
const STEWARD2 = 'uv-steward-2';
const A = 'member-a';
const B = 'member-b';
const AUDITOR = 'uv-auditor';
const ELSEWHERE = 'elsewhere';
const FOREIGN_AUDITOR = 'elsewhere-auditor';
const OBSERVER = 'uv-observer';
const OUTSIDER = 'outsider';
/** An organization of the collaborative whose signing keys the signing-key rows register and revoke. */
const KEY_HOLDER = 'key-holder';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const usd = (amount: string) => ({ currency: 'USD', amount });
let counter = 0;
let measuredPeriods = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;
const publicKey = () => Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');

describe('who may do what: every command and query as every kind of caller', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const revokedKeys = new Map<string, string>();

  /** A key of the organization that the operator has revoked. */
  async function revokedKeyOf(org: string): Promise<string> {
    if (!revokedKeys.has(org)) {
      const issued = (await http.asOperator('/api-keys', { organizationId: org })).body as { keyId: string; key: string };
      await http.asOperator(`/api-keys/${issued.keyId}/revocation`, {});
      revokedKeys.set(org, issued.key);
    }
    return revokedKeys.get(org)!;
  }

  async function authorizationOf(role: Role, self: string, other: string): Promise<string> {
    switch (role) {
      case 'operator':
        return `Bearer ${ledger.operatorKey}`;
      case 'no key':
        return '';
      case 'revoked key':
        return `Bearer ${await revokedKeyOf(self)}`;
      default: {
        const org = { steward: STEWARD, self, other, auditor: AUDITOR, 'auditor elsewhere': FOREIGN_AUDITOR, observer: OBSERVER }[role];
        return `Bearer ${await http.keyOf(org)}`;
      }
    }
  }

  /**
   * The signing key KEY_HOLDER may hold in force (the last one a row registered, if that caller was
   * allowed to): revoked before a row registers another, which then needs no signature.
   */
  let signingKeyInForce: string | null = null;
  async function revokeSigningKeyInForce(): Promise<void> {
    if (signingKeyInForce) {
      const answer = await http.asOperator(`/organizations/${KEY_HOLDER}/keys/${signingKeyInForce}/revocation`, {});
      // Not found (that caller was refused) or already revoked (by the caller the last row allowed): nothing in force.
      const code = (answer.body as { code?: string }).code;
      if (answer.status !== 200 && code !== 'signing_key_not_found' && code !== 'signing_key_already_revoked') throw new Error(`preparation failed: ${JSON.stringify(answer.body)}`);
    }
    signingKeyInForce = null;
  }

  async function ok(answer: Promise<{ status: number; body: unknown }>): Promise<Record<string, string>> {
    const { status, body } = await answer;
    if (status >= 300) throw new Error(`preparation failed: ${status} ${JSON.stringify(body)}`);
    return body as Record<string, string>;
  }

  // --- preparations, each making a fresh record in the state the step needs -------------------
  const commitment = async (promisor: string, promisee: string | null, steps: string[] = [], dueInDays = 30) => {
    const { id } = await ok(http.as(promisor)('/commitments', { collaborativeId: C, promisee: promisee ? { organizationId: promisee } : { collaborativeId: C }, title: 'A promise', dueDate: day(dueInDays) }));
    const answerer = promisee ?? STEWARD;
    const ids: Record<string, string> = { id };
    for (const step of steps) {
      if (step === 'accept') await ok(http.as(answerer)(`/commitments/${id}/acceptance`, {}));
      if (step === 'revise') ids.revisionId = (await ok(http.as(promisor)(`/commitments/${id}/revisions`, { dueDate: day(45), reason: 'later' }))).revisionId;
      if (step === 'deliver') await ok(http.as(promisor)(`/commitments/${id}/delivery`, { deliveredOn: day(0) }));
      if (step === 'dispute') await ok(http.as(answerer)(`/commitments/${id}/disputes`, { reason: 'not as promised' }));
    }
    return ids;
  };
  const pledge = async (funder: string, recipient: string, steps: string[] = []) => {
    const { id } = await ok(http.as(funder)('/pledges', { collaborativeId: C, recipient: { organizationId: recipient }, purpose: 'Core funding', amount: usd('1000.00'), binding: true }));
    const ids: Record<string, string> = { id };
    if (steps.includes('disburse')) ids.disbursementId = (await ok(http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('100.00'), disbursedOn: day(0), reference: 'r1' }))).disbursementId;
    return ids;
  };
  const declaration = async (steps: string[] = []) => {
    const { id } = await ok(http.as(STEWARD)('/partnerships', { collaborativeId: C, title: 'Declaration', termsSha256: 'a'.repeat(64), parties: [A, STEWARD], effectiveFrom: day(-10) }));
    if (steps.includes('sign')) for (const party of [A, STEWARD]) await ok(http.as(party)(`/partnerships/${id}/signatures`, { signatory: { name: 'N', title: 'T' } }));
    return { id };
  };
  const riskTerms = () => ({
    collaborativeId: C, title: 'Shared savings', period: { start: day(-400), end: day(-35) }, model: 'upside_only', benchmark: usd('1000000.00'),
    minimumSavingsRate: '2', sharingRate: '50', parties: [{ organizationId: A, shareBps: 5000 }, { organizationId: STEWARD, shareBps: 5000 }],
  });
  const riskAgreement = async (steps: string[] = []) => {
    const { id } = await ok(http.as(STEWARD)('/risk-agreements', riskTerms()));
    const ids: Record<string, string> = { id };
    if (steps.includes('sign')) for (const party of [A, STEWARD]) await ok(http.as(party)(`/risk-agreements/${id}/signatures`, { signatory: { name: 'N', title: 'T' } }));
    // STEWARD is a party: the other steward records the result (no organization judges its own promise).
    if (steps.includes('result')) ids.settlementId = (await ok(http.as(STEWARD2)(`/risk-agreements/${id}/results`, { periodEnd: day(-35), actualCost: usd('900000.00') }))).settlementId;
    return ids;
  };

  /**
   * Governance records, through the ledger's command handler (their commands' HTTP paths are not
   * what these rows are about): a resolution a steward proposes, a meeting a steward records.
   */
  const bySteward = async (record: RecordType, id: string, type: string, data: Record<string, unknown>) =>
    ledger.app.get(CommandBus).execute(new RecordCommand(record, id, { type, data }, { principal: { kind: 'organization', organizationId: STEWARD }, options: {} }));
  const resolution = async () => {
    const id = fresh('resolution');
    await bySteward(RECORDS.resolution, id, 'ProposeResolution', { id, collaborativeId: C, title: 'A policy', matter: 'general' });
    return { id };
  };
  const meeting = async () => {
    const id = fresh('meeting');
    await bySteward(RECORDS.meeting, id, 'RecordMeeting', { id, collaborativeId: C, heldOn: day(0), title: 'Board', attendees: [STEWARD, A] });
    return { id };
  };

  interface Row {
    name: string;
    /** Whose step it is (default A) and which other member tries it (default B). */
    self?: string;
    other?: string;
    prepare: () => Promise<{ path: string; body?: unknown; method?: 'GET' | 'POST' }>;
    allowed: Role[];
    /** A refusal other than 403 for some callers. */
    refusedWith?: Partial<Record<Role, number>>;
  }

  const commands: Row[] = [
    { name: 'register an organization', prepare: async () => ({ path: '/organizations', body: { id: fresh('org'), name: 'New', sector: 'other' } }), allowed: ['operator'] },
    {
      // Only the organization itself: nobody else may hold a key that signs in its name.
      name: 'register a signing key',
      self: KEY_HOLDER,
      prepare: async () => {
        await revokeSigningKeyInForce();
        signingKeyInForce = fresh('k');
        return { path: `/organizations/${KEY_HOLDER}/keys`, body: { keyId: signingKeyInForce, publicKey: publicKey() } };
      },
      allowed: ['self'],
    },
    {
      name: 'revoke a signing key',
      self: KEY_HOLDER,
      prepare: async () => {
        await revokeSigningKeyInForce();
        const keyId = fresh('k');
        await ok(http.as(KEY_HOLDER)(`/organizations/${KEY_HOLDER}/keys`, { keyId, publicKey: publicKey() }));
        signingKeyInForce = keyId;
        return { path: `/organizations/${KEY_HOLDER}/keys/${keyId}/revocation`, body: {} };
      },
      allowed: ['operator', 'self'],
    },
    { name: 'issue an API key', prepare: async () => ({ path: '/api-keys', body: { organizationId: A } }), allowed: ['operator'] },
    {
      name: 'revoke an API key (its own)',
      prepare: async () => ({ path: `/api-keys/${((await ok(http.asOperator('/api-keys', { organizationId: A }))) as { keyId: string }).keyId}/revocation`, body: {} }),
      allowed: ['operator', 'self'],
    },
    {
      name: 'designate a registry auditor',
      prepare: async () => {
        const id = fresh('org');
        await ok(http.asOperator('/organizations', { id, name: id, sector: 'other' }));
        return { path: `/organizations/${id}/registry-auditor`, body: {} };
      },
      allowed: ['operator'],
    },
    { name: 'form a collaborative', prepare: async () => ({ path: '/collaboratives', body: { id: fresh('c'), name: 'C', region: 'R', pathwayPhase: 3 } }), allowed: ['operator'] },
    {
      name: 'admit a member',
      prepare: async () => {
        const id = fresh('joiner');
        await ok(http.asOperator('/organizations', { id, name: id, sector: 'other' }));
        return { path: `/collaboratives/${C}/members`, body: { organizationId: id, role: 'member' } };
      },
      allowed: ['operator', 'steward'],
    },
    {
      name: "record a member's departure (its own, or another's)",
      self: 'leaver',
      prepare: async () => {
        // The leaver is re-admitted each time, so every caller meets a current member.
        await http.asOperator('/organizations', { id: 'leaver', name: 'Leaver', sector: 'other' });
        await http.asOperator(`/collaboratives/${C}/members`, { organizationId: 'leaver', role: 'member' });
        return { path: `/collaboratives/${C}/members/leaver/departure`, body: {} };
      },
      // Removing another member is the stewards' vote under the default charter (422 resolution_required).
      allowed: ['operator', 'self'],
      refusedWith: { steward: 422 },
    },
    {
      name: 'adopt a shared goal',
      prepare: async () => ({ path: `/collaboratives/${C}/goals`, body: { id: fresh('goal'), title: 'Goal', indicator: { name: 'visits', unit: 'per 1000', polarity: 'lower_is_better' }, baseline: { value: '48', date: day(-100) }, target: { value: '40', date: day(300) } } }),
      allowed: ['steward'],
    },
    { name: 'record a measurement', prepare: async () => ({ path: `/collaboratives/${C}/goals/g1/measurements`, body: { value: '47', periodEnd: day(-1) } }), allowed: ['steward'] },
    {
      name: 'correct a measurement',
      prepare: async () => {
        // A measurement of a period of its own for each caller, recorded by the steward.
        const periodEnd = day(-200 - ++measuredPeriods);
        await ok(http.as(STEWARD)(`/collaboratives/${C}/goals/g1/measurements`, { value: '47', periodEnd }));
        return { path: `/collaboratives/${C}/goals/g1/measurement-corrections`, body: { periodEnd, value: '46.5', reason: 'Late records' } };
      },
      allowed: ['steward'],
    },
    {
      name: 'draft a declaration',
      prepare: async () => ({ path: '/partnerships', body: { collaborativeId: C, title: 'D', termsSha256: 'b'.repeat(64), parties: [A, STEWARD], effectiveFrom: day(0) } }),
      allowed: ['steward', 'self'],
    },
    { name: 'sign a declaration', prepare: async () => ({ path: `/partnerships/${(await declaration()).id}/signatures`, body: { signatory: { name: 'N', title: 'T' } } }), allowed: ['steward', 'self'] },
    { name: 'withdraw from a declaration', prepare: async () => ({ path: `/partnerships/${(await declaration(['sign'])).id}/withdrawals`, body: { reason: 'r', effectiveOn: day(0) } }), allowed: ['steward', 'self'] },
    // A resolution terminates a declaration under the default charter; one steward is refused (422 resolution_required).
    { name: 'terminate a declaration', prepare: async () => ({ path: `/partnerships/${(await declaration(['sign'])).id}/termination`, body: { reason: 'r' } }), allowed: [], refusedWith: { steward: 422 } },
    {
      name: 'make a commitment (to the collaborative)',
      prepare: async () => ({ path: '/commitments', body: { collaborativeId: C, promisee: { collaborativeId: C }, title: 'T', dueDate: day(20) } }),
      // Every organization of the collaborative promises for itself; the promisor is always the caller.
      allowed: ['steward', 'self', 'other'],
    },
    { name: 'accept a commitment (the promisee)', prepare: async () => ({ path: `/commitments/${(await commitment(B, A)).id}/acceptance`, body: {} }), allowed: ['self'] },
    { name: 'accept a commitment to the collaborative (a steward)', prepare: async () => ({ path: `/commitments/${(await commitment(B, null)).id}/acceptance`, body: {} }), allowed: ['steward'] },
    { name: 'decline a commitment', prepare: async () => ({ path: `/commitments/${(await commitment(B, A)).id}/declination`, body: { reason: 'no' } }), allowed: ['self'] },
    { name: 'report progress', prepare: async () => ({ path: `/commitments/${(await commitment(A, null, ['accept'])).id}/progress`, body: { note: 'half' } }), allowed: ['self'] },
    { name: 'propose a revision', prepare: async () => ({ path: `/commitments/${(await commitment(A, null, ['accept'])).id}/revisions`, body: { dueDate: day(50), reason: 'r' } }), allowed: ['self'] },
    {
      name: 'accept a revision',
      prepare: async () => {
        const c = await commitment(B, A, ['accept', 'revise']);
        return { path: `/commitments/${c.id}/revisions/${c.revisionId}/acceptance`, body: {} };
      },
      allowed: ['self'],
    },
    { name: 'claim delivery', prepare: async () => ({ path: `/commitments/${(await commitment(A, null, ['accept'])).id}/delivery`, body: { deliveredOn: day(0) } }), allowed: ['self'] },
    { name: 'confirm delivery', prepare: async () => ({ path: `/commitments/${(await commitment(B, A, ['accept', 'deliver'])).id}/delivery-confirmation`, body: {} }), allowed: ['self'] },
    { name: 'dispute delivery', prepare: async () => ({ path: `/commitments/${(await commitment(B, A, ['accept', 'deliver'])).id}/disputes`, body: { reason: 'r' } }), allowed: ['self'] },
    {
      name: 'resolve a dispute',
      prepare: async () => ({ path: `/commitments/${(await commitment(B, A, ['accept', 'deliver', 'dispute'])).id}/dispute-resolution`, body: { outcome: 'delivered', rationale: 'r' } }),
      allowed: ['steward'],
    },
    { name: 'withdraw a commitment', prepare: async () => ({ path: `/commitments/${(await commitment(A, null, ['accept'])).id}/withdrawal`, body: { reason: 'r' } }), allowed: ['self'] },
    { name: 'close a commitment as missed (once past due)', prepare: async () => ({ path: `/commitments/${(await commitment(A, null, ['accept'], -2)).id}/closure`, body: { rationale: 'r' } }), allowed: ['steward'] },
    {
      name: 'pledge funds',
      prepare: async () => ({ path: '/pledges', body: { collaborativeId: C, recipient: { collaborativeId: C }, purpose: 'p', amount: usd('10.00'), binding: false } }),
      allowed: ['steward', 'self', 'other'],
    },
    { name: 'acknowledge a pledge', prepare: async () => ({ path: `/pledges/${(await pledge(B, A)).id}/acknowledgement`, body: {} }), allowed: ['self'] },
    { name: 'record a disbursement', prepare: async () => ({ path: `/pledges/${(await pledge(A, B)).id}/disbursements`, body: { amount: usd('10.00'), disbursedOn: day(0), reference: 'x' } }), allowed: ['self'] },
    {
      name: 'confirm receipt of a disbursement',
      prepare: async () => {
        const p = await pledge(B, A, ['disburse']);
        return { path: `/pledges/${p.id}/disbursements/${p.disbursementId}/receipt`, body: {} };
      },
      allowed: ['self'],
    },
    { name: 'amend a pledge', prepare: async () => ({ path: `/pledges/${(await pledge(A, B)).id}/amendments`, body: { amount: usd('900.00'), reason: 'r' } }), allowed: ['self'] },
    { name: 'cancel a pledge', prepare: async () => ({ path: `/pledges/${(await pledge(A, B)).id}/cancellation`, body: { reason: 'r' } }), allowed: ['self'] },
    { name: 'propose a shared-risk agreement', prepare: async () => ({ path: '/risk-agreements', body: riskTerms() }), allowed: ['steward', 'self'] },
    { name: 'sign a shared-risk agreement', prepare: async () => ({ path: `/risk-agreements/${(await riskAgreement()).id}/signatures`, body: { signatory: { name: 'N', title: 'T' } } }), allowed: ['steward', 'self'] },
    {
      // A steward that is a party decides its own payout: refused (422 conflict_of_interest); a steward not a party records it.
      name: "record the period's result",
      self: STEWARD2,
      prepare: async () => ({ path: `/risk-agreements/${(await riskAgreement(['sign'])).id}/results`, body: { periodEnd: day(-35), actualCost: usd('900000.00') } }),
      allowed: ['self'],
      refusedWith: { steward: 422 },
    },
    {
      name: 'record a settlement payment (payer or payee)',
      prepare: async () => {
        const r = await riskAgreement(['sign', 'result']);
        return { path: `/risk-agreements/${r.id}/settlements/${r.settlementId}/payments`, body: { fromOrganizationId: STEWARD, toOrganizationId: A, amount: usd('1.00'), paidOn: day(0) } };
      },
      allowed: ['steward', 'self'],
    },
  ];

  // Queries: "other" is an organization outside the collaborative.
  const everyone: Role[] = ['operator', 'steward', 'self', 'auditor', 'observer'];
  const queries: Row[] = [
    { name: 'list commitments of the collaborative', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/commitments?collaborative=${C}` }), allowed: everyone },
    { name: 'read a commitment', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/commitments/${(await commitment(A, null)).id}` }), allowed: everyone },
    { name: 'list pledges of the collaborative', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/pledges?collaborative=${C}` }), allowed: everyone },
    { name: 'read a pledge', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/pledges/${(await pledge(A, B)).id}` }), allowed: everyone },
    { name: 'read a declaration', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/partnerships/${(await declaration()).id}` }), allowed: everyone },
    { name: 'read a shared-risk agreement', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/risk-agreements/${(await riskAgreement()).id}` }), allowed: everyone },
    { name: "read an organization's scorecard", other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/organizations/${A}/accountability` }), allowed: everyone },
    { name: 'read the collaborative summary', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/collaboratives/${C}/summary` }), allowed: everyone },
    // Governance: an observer reads resolutions too, without who voted how (governance-queries.e2e.spec.ts checks what).
    { name: 'read the charter', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/collaboratives/${C}/charter` }), allowed: everyone },
    { name: 'list resolutions of the collaborative', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/resolutions?collaborative=${C}` }), allowed: everyone },
    { name: 'read a resolution', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/resolutions/${(await resolution()).id}` }), allowed: everyone },
    { name: 'read the decisions register', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/collaboratives/${C}/decisions` }), allowed: everyone },
    { name: 'list the meetings', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/collaboratives/${C}/meetings` }), allowed: everyone },
    { name: 'read a meeting', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: `/meetings/${(await meeting()).id}` }), allowed: everyone },
    // Answered to every reader of raw events, each seeing only its own collaboratives' (trust-boundaries.e2e.spec.ts checks what).
    { name: 'read raw events', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: '/ledger/events?limit=5' }), allowed: ['operator', 'steward', 'self', 'auditor', 'auditor elsewhere'] },
    {
      name: 'read an inclusion proof of a record of the collaborative',
      other: OUTSIDER,
      prepare: async () => {
        const { id } = await commitment(A, null);
        const events = (await http.get<{ items: Array<{ eventId: string }> }>(`/ledger/events?stream=commitment-${id}`)).body.items;
        return { method: 'GET', path: `/ledger/proofs/inclusion/${events[0].eventId}` };
      },
      // An event one may not read is answered like an unknown one (404); observers and outsiders read no raw events (403).
      allowed: ['operator', 'steward', 'self', 'auditor'],
      refusedWith: { 'auditor elsewhere': 404 },
    },
    { name: 'read a signed checkpoint', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: '/ledger/checkpoint' }), allowed: [...everyone, 'other', 'auditor elsewhere'] },
    // Each organization lists its own keys; the operator all of them.
    { name: 'list API keys', other: OUTSIDER, prepare: async () => ({ method: 'GET', path: '/api-keys' }), allowed: [...everyone, 'other', 'auditor elsewhere'] },
  ];

  beforeAll(async () => {
    // Every case with a revoked key is a failed authentication from this one address: no limit on them here.
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '0', LEDGER_AUTH_FAILURES_PER_MINUTE: '0' });
    http = client(ledger.baseUrl);
    for (const [id, role] of [[STEWARD, 'steward'], [STEWARD2, 'steward'], [A, 'member'], [B, 'member'], [AUDITOR, 'auditor'], [OBSERVER, 'observer'], [KEY_HOLDER, 'member']] as const) {
      await ok(http.asOperator('/organizations', { id, name: id, sector: 'other' }));
      if (id === STEWARD) await ok(http.asOperator('/collaboratives', { id: C, name: 'Upper Valley', region: 'UV', pathwayPhase: 5 }));
      await ok(http.asOperator(`/collaboratives/${C}/members`, { organizationId: id, role }));
    }
    await ok(http.asOperator('/organizations', { id: OUTSIDER, name: OUTSIDER, sector: 'other' }));
    await ok(http.asOperator('/organizations', { id: FOREIGN_AUDITOR, name: FOREIGN_AUDITOR, sector: 'other' }));
    await ok(http.asOperator('/collaboratives', { id: ELSEWHERE, name: 'Elsewhere', region: 'E', pathwayPhase: 2 }));
    await ok(http.asOperator(`/collaboratives/${ELSEWHERE}/members`, { organizationId: FOREIGN_AUDITOR, role: 'auditor' }));
    await ok(http.as(STEWARD)(`/collaboratives/${C}/goals`, { id: 'g1', title: 'Goal', indicator: { name: 'v', unit: 'u', polarity: 'higher_is_better' }, baseline: { value: '1', date: day(-100) }, target: { value: '2', date: day(100) } }));
  }, 60_000);
  afterAll(() => ledger.close());

  for (const group of [{ title: 'command', rows: commands }, { title: 'query', rows: queries }]) {
    describe(group.title, () => {
      it.each(group.rows.flatMap((row) => ROLES.map((role) => [row.name, role, row] as const)))('%s, as %s', async (_, role, row) => {
        // The caller's key first: issuing (and revoking) a key is itself recorded on the log.
        const authorization = await authorizationOf(role, row.self ?? A, row.other ?? B);
        const { path, body, method = 'POST' } = await row.prepare();
        const before = await http.headPosition();
        const answer = await http.call<{ status: number; code?: string }>(method, path, method === 'POST' ? body : undefined, { authorization });
        const expected = role === 'no key' || role === 'revoked key' ? 401 : row.allowed.includes(role) ? 'allowed' : (row.refusedWith?.[role] ?? 403);
        if (expected === 'allowed') {
          expect({ status: answer.status, body: answer.body }).toMatchObject({ status: expect.any(Number) });
          expect([200, 201]).toContain(answer.status);
        } else {
          expect({ status: answer.status, body: answer.body }).toMatchObject({ status: expected });
          expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
          expect(await http.headPosition()).toBe(before);
        }
      });
    });
  }

  // Rights change while a stream is open: it must follow them event by event.
  describe('during an open event stream', () => {
    const openStream = async (authorization: string) =>
      SseReader.open(`${ledger.baseUrl}/ledger/stream?after=${await http.headPosition()}`, { authorization });
    const promise = async () => ((await ok(http.as(A)('/commitments', { collaborativeId: C, promisee: { collaborativeId: C }, title: 'seen?', dueDate: day(30) }))) as unknown) as { position: number };

    it('ends at the first event after its key is revoked, delivering nothing after it', async () => {
      const second = (await ok(http.asOperator('/api-keys', { organizationId: B, label: 'stream key' }))) as { keyId: string; key: string };
      const stream = await openStream(`Bearer ${second.key}`);
      expect(stream.status).toBe(200);
      const before = await promise();
      expect(await stream.until((s) => s.events().some((e) => e.position === before.position))).toBe(true);
      await ok(http.asOperator(`/api-keys/${second.keyId}/revocation`, {}));
      const after: number[] = [];
      for (let i = 0; i < 4; i++) after.push((await promise()).position);
      expect(await stream.until((s) => s.isEnded)).toBe(true);
      const delivered = stream.events().map((e) => e.position);
      for (const position of after) expect(delivered).not.toContain(position);
      expect(stream.messages.some((m) => m.event === 'end')).toBe(true);
    });

    it("stops delivering the collaborative's events once the organization departs it", async () => {
      await ok(http.asOperator('/organizations', { id: 'stream-leaver', name: 'Leaver', sector: 'other' }));
      await ok(http.asOperator(`/collaboratives/${C}/members`, { organizationId: 'stream-leaver', role: 'member' }));
      const stream = await openStream(`Bearer ${await http.keyOf('stream-leaver')}`);
      const seen = await promise();
      expect(await stream.until((s) => s.events().some((e) => e.position === seen.position))).toBe(true);
      await ok(http.asOperator(`/collaboratives/${C}/members/stream-leaver/departure`, {}));
      const after: number[] = [];
      for (let i = 0; i < 4; i++) after.push((await promise()).position);
      // An event the leaver may still read (its own organization's), appended last: once it arrives,
      // every event of the collaborative before it has been judged.
      const marker = (await ok(http.asOperator('/api-keys', { organizationId: 'stream-leaver', label: 'marker' }))) as unknown as { position: number };
      expect(await stream.until((s) => s.events().some((e) => e.position === marker.position))).toBe(true);
      const delivered = stream.events().map((e) => e.position);
      for (const position of after) expect(delivered).not.toContain(position);
      stream.close();
    });
  });
});
