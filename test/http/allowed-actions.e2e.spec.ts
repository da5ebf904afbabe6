import { generateKeyPairSync } from 'node:crypto';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { sentCommands } from '../../apps/ledger/src/actions/command-routes';

/**
 * `allowedActions` against the rules (issue 20): for every kind of record, in many states, and for
 * every kind of caller — the operator, stewards, members, an auditor, an observer, an organization
 * outside the collaborative, the record's own organization — each command one could send on the
 * record (this test's own list of requests, with valid bodies) is sent over HTTP:
 *
 * - a command `allowedActions` leaves out is refused (4xx) — sent on the record the caller was shown;
 * - a command it lists succeeds — sent on a fresh record built the same way (a success changes the
 *   record), after checking that the fresh record lists it too.
 *
 * Collaborative `col-main` keeps the default charter; in `col-vote` the charter gives disputes and closing
 * commitments as missed to a vote of the stewards and general resolutions to a vote of the members.
 * Stewards s1, s2; members m1, m2; auditor aud; observer obs; `out` belongs to neither.
 */
const today = () => new Date().toISOString().slice(0, 10);
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const TEXT = 'Because the test says so';
const SIGNATORY = { signatory: { name: 'Pat Doe', title: 'Director' } };
const USD = (amount: string) => ({ currency: 'USD', amount });
const MEMBERS = [
  { id: 's1', sector: 'hospital', role: 'steward' },
  { id: 's2', sector: 'public_health', role: 'steward' },
  { id: 'm1', sector: 'community_org', role: 'member' },
  { id: 'm2', sector: 'funder', role: 'member' },
  { id: 'aud', sector: 'other', role: 'auditor' },
  { id: 'obs', sector: 'resident_group', role: 'observer' },
] as const;
const ROLES = ['steward', 'member', 'auditor', 'observer'] as const;
const CALLERS = ['operator', 's1', 's2', 'm1', 'm2', 'aud', 'obs', 'out'] as const;

type Kind = 'commitment' | 'pledge' | 'partnership' | 'risk-agreement' | 'resolution' | 'collaborative' | 'organization';
type Json = Record<string, unknown>;
interface AllowedAction {
  command: string;
  method: string;
  path: string;
  target?: Record<string, string>;
  choices?: Record<string, Array<string | number>>;
  body?: Json;
}
/** A request one could send on the record: `key` names it across fresh copies of a record (whose sub-record ids differ). */
interface Candidate {
  key: string;
  command: string;
  path: string;
  body: () => Promise<Json>;
  choice?: { field: string; value: string | number };
  /** For a proposal from a record's page: the matter of the act on it. */
  matter?: string;
}
interface Instance {
  kind: Kind;
  id: string;
  /** Callers besides CALLERS: the organization whose record it is. */
  callers?: Record<string, string>;
}
interface Scenario {
  name: string;
  build: () => Promise<Instance>;
}

const PATHS: Record<Kind, string> = {
  commitment: 'commitments',
  pledge: 'pledges',
  partnership: 'partnerships',
  'risk-agreement': 'risk-agreements',
  resolution: 'resolutions',
  collaborative: 'collaboratives',
  organization: 'organizations',
};

describe('allowedActions: listed ⇒ accepted, left out ⇒ refused', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  let serial = 0;
  /** Every command some caller was shown (and sent successfully), across the scenarios. */
  const offered = new Set<string>();
  const next = (prefix: string) => `${prefix}-${++serial}`;

  const post = async (caller: string, path: string, body: Json = {}) => {
    const answer = caller === 'operator' ? await http.asOperator(path, body) : await http.as(caller)(path, body);
    return answer as { status: number; body: Json & { id: string; revisionId?: string; disbursementId?: string; settlementId?: string; goalId?: string } };
  };
  const ok = async (caller: string, path: string, body: Json = {}) => {
    const answer = await post(caller, path, body);
    if (answer.status >= 300) throw new Error(`${caller} ${path} ${JSON.stringify(body)}: expected success, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const read = async <T = Json>(caller: string, path: string) => (caller === 'operator' ? await http.get<T>(path) : await http.getAs(caller)<T>(path));

  /** A registered organization, not a member of anything. */
  const freshOrganization = async () => {
    const id = next('org');
    await ok('operator', '/organizations', { id, name: id, sector: 'other' });
    return id;
  };
  const publicKey = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');

  // ——— Builders ———

  const commitment = async (collaborativeId: string, promisor: string, promisee: Json, dueDate = day(60), measure = false) =>
    (
      await ok(promisor, '/commitments', {
        collaborativeId,
        promisee,
        title: 'Screen 400 residents',
        dueDate,
        ...(measure && { measure: { indicator: 'residents screened', unit: 'people', target: '400' } }),
      })
    ).id;
  const toCollaborative = (c: string) => ({ collaborativeId: c });
  const toOrg = (organizationId: string) => ({ organizationId });

  const pledge = async (collaborativeId: string, funder: string, recipient: Json, schedule = false) =>
    (
      await ok(funder, '/pledges', {
        collaborativeId,
        recipient,
        purpose: 'Community health workers',
        amount: USD('1000.00'),
        binding: true,
        ...(schedule && { schedule: [{ dueDate: day(-10), amount: USD('400.00') }, { dueDate: day(90), amount: USD('600.00') }] }),
      })
    ).id;

  const declaration = async (collaborativeId: string, drafter: string, parties: string[]) =>
    (await ok(drafter, '/partnerships', { collaborativeId, title: 'Declaration', termsSha256: 'a'.repeat(64), parties, effectiveFrom: day(-30) })).id;

  const riskAgreement = async (collaborativeId: string, proposer: string, parties: Array<[string, number]>, periodEnd: string) =>
    (
      await ok(proposer, '/risk-agreements', {
        collaborativeId,
        title: 'Total cost of care',
        period: { start: day(-400), end: periodEnd },
        model: 'upside_only',
        benchmark: USD('1000000.00'),
        minimumSavingsRate: '2',
        sharingRate: '50',
        parties: parties.map(([organizationId, shareBps]) => ({ organizationId, shareBps })),
      })
    ).id;
  const signAll = async (path: string, parties: string[]) => {
    for (const party of parties) await ok(party, `${path}/signatures`, SIGNATORY);
  };

  /** A collaborative of its own (for changes to the collaborative itself), with a shared goal; `charter` rules if given. */
  const collaborative = async (charter?: Json[]) => {
    const id = next('col');
    await ok('operator', '/collaboratives', { id, name: id, region: 'Upper Valley', pathwayPhase: 4 });
    if (charter) await ok('operator', `/collaboratives/${id}/charter`, { rules: charter });
    for (const { id: organizationId, role } of MEMBERS) await ok('operator', `/collaboratives/${id}/members`, { organizationId, role });
    await ok('s1', `/collaboratives/${id}/goals`, {
      id: 'screening',
      title: 'Screening',
      indicator: { name: 'screened', unit: 'people', polarity: 'higher_is_better' },
      baseline: { value: '0', date: day(-100) },
      target: { value: '100', date: day(300) },
    });
    await ok('s1', `/collaboratives/${id}/goals/screening/measurements`, { value: '10', periodEnd: day(-30) });
    return id;
  };

  // ——— Every request one could send on a record (this test's own list) ———

  async function candidates(instance: Instance, caller: string): Promise<Candidate[]> {
    const { kind, id } = instance;
    const base = `/${PATHS[kind]}/${id}`;
    const view = (await read<Json & Record<string, never>>('operator', base)).body as Json;
    const self = caller === 'operator' ? null : caller;
    const c = (key: string, command: string, path: string, body: Json | (() => Promise<Json>) = {}, extra: Partial<Candidate> = {}): Candidate => ({
      key,
      command,
      path,
      body: typeof body === 'function' ? body : async () => body,
      ...extra,
    });
    const proposal = (matter: string, act: Json): Candidate =>
      c(`ProposeResolution:${matter}`, 'ProposeResolution', '/resolutions', { collaborativeId: view.collaborativeId, title: 'Put it to a vote', matter, acts: [{ type: matter, ...act }] }, { matter });
    switch (kind) {
      case 'commitment': {
        const revisions = (view.revisions as Array<{ revisionId: string; status: string }>).filter((r) => r.status === 'pending');
        return [
          c('AcceptCommitment', 'AcceptCommitment', `${base}/acceptance`),
          c('DeclineCommitment', 'DeclineCommitment', `${base}/declination`, { reason: TEXT }),
          c('ReportCommitmentProgress', 'ReportCommitmentProgress', `${base}/progress`, { note: TEXT }),
          c('ProposeCommitmentRevision', 'ProposeCommitmentRevision', `${base}/revisions`, { dueDate: day(200), reason: TEXT }),
          ...revisions.map((r, i) => c(`AcceptCommitmentRevision#${i}`, 'AcceptCommitmentRevision', `${base}/revisions/${r.revisionId}/acceptance`)),
          c('ClaimCommitmentDelivery', 'ClaimCommitmentDelivery', `${base}/delivery`, { deliveredOn: today(), value: '410' }),
          c('ConfirmCommitmentDelivery', 'ConfirmCommitmentDelivery', `${base}/delivery-confirmation`),
          c('DisputeCommitmentDelivery', 'DisputeCommitmentDelivery', `${base}/disputes`, { reason: TEXT }),
          c('ResolveCommitmentDispute', 'ResolveCommitmentDispute', `${base}/dispute-resolution`, { outcome: 'partially_delivered', value: '200', rationale: TEXT }),
          c('WithdrawCommitment', 'WithdrawCommitment', `${base}/withdrawal`, { reason: TEXT }),
          c('CloseCommitmentAsMissed', 'CloseCommitmentAsMissed', `${base}/closure`, { rationale: TEXT }),
          proposal('adjudicate_dispute', { commitmentId: id, outcome: 'not_delivered', rationale: TEXT }),
          proposal('close_commitment_as_missed', { commitmentId: id, rationale: TEXT }),
        ];
      }
      case 'pledge': {
        const unconfirmed = (view.disbursements as Array<{ disbursementId: string; receivedOn?: string }>).filter((d) => d.receivedOn === undefined);
        return [
          c('AcknowledgePledge', 'AcknowledgePledge', `${base}/acknowledgement`),
          c('RecordDisbursement', 'RecordDisbursement', `${base}/disbursements`, { amount: USD('0.01'), disbursedOn: today(), reference: 'WIRE-1' }),
          ...unconfirmed.map((d, i) => c(`ConfirmDisbursementReceipt#${i}`, 'ConfirmDisbursementReceipt', `${base}/disbursements/${d.disbursementId}/receipt`)),
          c('AmendPledge', 'AmendPledge', `${base}/amendments`, { amount: view.amount as Json, reason: TEXT }),
          c('CancelPledge', 'CancelPledge', `${base}/cancellation`, { reason: TEXT }),
        ];
      }
      case 'partnership': {
        const effectiveFrom = view.effectiveFrom as string;
        return [
          c('SignDeclaration', 'SignDeclaration', `${base}/signatures`, SIGNATORY),
          c('WithdrawFromDeclaration', 'WithdrawFromDeclaration', `${base}/withdrawals`, { reason: TEXT, effectiveOn: today() > effectiveFrom ? today() : effectiveFrom }),
          c('TerminateDeclaration', 'TerminateDeclaration', `${base}/termination`, { reason: TEXT }),
          proposal('terminate_declaration', { partnershipId: id, reason: TEXT }),
        ];
      }
      case 'risk-agreement': {
        const parties = (view.parties as Array<{ organizationId: string }>).map((p) => p.organizationId);
        const settlements = view.settlements as Array<{ settlementId: string; pool: { amount: string }; paid: { amount: string } }>;
        const result = { periodEnd: (view.period as { end: string }).end, actualCost: USD('900000.00') };
        return [
          c('SignRiskAgreement', 'SignRiskAgreement', `${base}/signatures`, SIGNATORY),
          c('RecordPeriodResult', 'RecordPeriodResult', `${base}/results`, result),
          ...settlements.map((s, i) => {
            // A party records what it pays or receives itself; anyone else, a payment from the first party.
            const party = self !== null && parties.includes(self) ? self : null;
            const owe = s.pool.amount.startsWith('-');
            const route = party === null ? { fromOrganizationId: parties[0] } : owe ? { fromOrganizationId: party } : { fromOrganizationId: parties.find((p) => p !== party) ?? 's2', toOrganizationId: party };
            return c(`RecordSettlementPayment#${i}`, 'RecordSettlementPayment', `${base}/settlements/${s.settlementId}/payments`, { ...route, amount: USD('1.00'), paidOn: today() });
          }),
          proposal('record_risk_result', { agreementId: id, ...result }),
        ];
      }
      case 'resolution':
        return [
          c('CastVote', 'CastVote', `${base}/votes`, { choice: 'for', reason: TEXT }),
          c('RecuseFromResolution', 'RecuseFromResolution', `${base}/recusals`, { reason: TEXT }),
          c('CloseResolution', 'CloseResolution', `${base}/closure`),
          c('WithdrawResolution', 'WithdrawResolution', `${base}/withdrawal`, { reason: TEXT }),
        ];
      case 'collaborative': {
        const members = view.members as Array<{ organizationId: string; role: string }>;
        const others = members.filter((m) => (m.role === 'steward' || m.role === 'member') && m.organizationId !== self).map((m) => m.organizationId);
        const goal = { title: 'Fewer ED visits', indicator: { name: 'ED visits', unit: 'visits', polarity: 'lower_is_better' }, baseline: { value: '900', date: day(-10) }, target: { value: '700', date: day(700) } };
        const propose = (matter: string, acts?: () => Promise<Json[]>) =>
          c(`ProposeResolution:${matter}`, 'ProposeResolution', '/resolutions', async () => ({ collaborativeId: id, title: 'A decision', matter, ...(acts && { acts: await acts() }) }), { choice: { field: 'matter', value: matter } });
        return [
          ...ROLES.map((role) => c(`AdmitMember:${role}`, 'AdmitMember', `${base}/members`, async () => ({ organizationId: await freshOrganization(), role }), { choice: { field: 'role', value: role } })),
          ...members.flatMap((m) => [
            c(`RecordMemberDeparture:${m.organizationId}`, 'RecordMemberDeparture', `${base}/members/${m.organizationId}/departure`, { reason: TEXT }),
            ...ROLES.filter((role) => role !== m.role).map((role) =>
              c(`ChangeMemberRole:${m.organizationId}:${role}`, 'ChangeMemberRole', `${base}/members/${m.organizationId}/role`, { role }, { choice: { field: 'role', value: role } }),
            ),
          ]),
          c('AdoptSharedGoal', 'AdoptSharedGoal', `${base}/goals`, goal),
          c('ReviseSharedGoal', 'ReviseSharedGoal', `${base}/goals/screening/revisions`, { title: 'Screening, revised', reason: TEXT }),
          c('RecordMeasurement', 'RecordMeasurement', `${base}/goals/screening/measurements`, { value: '42', periodEnd: today() }),
          c('CorrectMeasurement', 'CorrectMeasurement', `${base}/goals/screening/measurement-corrections`, { periodEnd: day(-30), value: '12', reason: TEXT }),
          ...[1, 2, 3, 5].map((pathwayPhase) => c(`ChangePathwayPhase:${pathwayPhase}`, 'ChangePathwayPhase', `${base}/phase`, { pathwayPhase }, { choice: { field: 'pathwayPhase', value: pathwayPhase } })),
          c('SetCharter', 'SetCharter', `${base}/charter`, { rules: [] }),
          c('MakeCommitment', 'MakeCommitment', '/commitments', { collaborativeId: id, promisee: toCollaborative(id), title: 'Promise', dueDate: day(30) }),
          c('MakePledge', 'MakePledge', '/pledges', { collaborativeId: id, recipient: toCollaborative(id), purpose: 'Funds', amount: USD('10.00'), binding: false }),
          c('DraftDeclaration', 'DraftDeclaration', '/partnerships', { collaborativeId: id, title: 'Declaration', termsSha256: 'b'.repeat(64), parties: [...(self ? [self] : []), ...others].slice(0, 2), effectiveFrom: today() }),
          c('ProposeRiskAgreement', 'ProposeRiskAgreement', '/risk-agreements', {
            collaborativeId: id,
            title: 'Shared savings',
            period: { start: day(-10), end: day(355) },
            model: 'upside_only',
            benchmark: USD('500000.00'),
            minimumSavingsRate: '2',
            sharingRate: '50',
            parties: [{ organizationId: self ?? 'm1', shareBps: 10_000 }],
          }),
          propose('general'),
          propose('change_phase', async () => [{ type: 'change_phase', pathwayPhase: 5 }]),
          propose('adopt_goal', async () => [{ type: 'adopt_goal', ...goal }]),
          propose('revise_goal', async () => [{ type: 'revise_goal', goalId: 'screening', title: 'Screening, revised', reason: TEXT }]),
          propose('admit_member', async () => [{ type: 'admit_member', organizationId: await freshOrganization(), role: 'member' }]),
          propose('remove_member', async () => [{ type: 'remove_member', organizationId: 'm2', reason: TEXT }]),
          propose('change_role', async () => [{ type: 'change_role', organizationId: 'm2', role: 'observer' }]),
          propose('amend_charter', async () => [{ type: 'amend_charter', rules: [{ matter: 'general', decidedBy: 'stewards' }] }]),
          c('RecordMeeting', 'RecordMeeting', '/meetings', { collaborativeId: id, heldOn: today(), title: 'Steering committee', attendees: ['s1', 'm1'] }),
        ];
      }
      case 'organization': {
        const signingKeys = (view.signingKeys as Array<{ keyId: string; revoked: boolean }>).filter((k) => !k.revoked);
        const apiKeys = (await http.get<{ items: Array<{ keyId: string; organizationId: string; label: string | null; revokedAt: string | null }> }>('/api-keys')).body.items.filter(
          (k) => k.organizationId === id && k.revokedAt === null,
        );
        return [
          c('RegisterSigningKey', 'RegisterSigningKey', `${base}/keys`, async () => ({ publicKey: publicKey() })),
          ...signingKeys.map((k, i) => c(`RevokeSigningKey#${i}`, 'RevokeSigningKey', `${base}/keys/${k.keyId}/revocation`)),
          ...apiKeys.map((k) => c(`RevokeApiKey:${k.label}`, 'RevokeApiKey', `/api-keys/${k.keyId}/revocation`)),
          c('DesignateRegistryAuditor', 'DesignateRegistryAuditor', `${base}/registry-auditor`),
          c('EndRegistryAuditorDesignation', 'EndRegistryAuditorDesignation', `${base}/registry-auditor/revocation`),
        ];
      }
    }
  }

  /** Whether the caller was shown the candidate among its allowed actions. */
  function listed(actions: readonly AllowedAction[], candidate: Candidate): boolean {
    return actions.some((a) => {
      if (a.command !== candidate.command || a.path !== candidate.path || a.method !== 'POST') return false;
      if (candidate.matter !== undefined && a.body?.matter !== candidate.matter) return false;
      if (candidate.choice) return a.choices?.[candidate.choice.field]?.includes(candidate.choice.value) === true;
      return true;
    });
  }

  async function allowedActions(instance: Instance, caller: string): Promise<AllowedAction[]> {
    const answer = await read<{ allowedActions?: AllowedAction[] }>(caller, `/${PATHS[instance.kind]}/${instance.id}`);
    // A caller that may not read the record is shown nothing.
    if (answer.status === 403) return [];
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.body.allowedActions)).toBe(true);
    return answer.body.allowedActions!;
  }

  const principalOf = (instance: Instance, caller: string) => instance.callers?.[caller] ?? caller;

  /**
   * The property, for one scenario: every candidate left out is refused on the instance shown;
   * every one listed succeeds on a fresh instance. Answers how many of each were checked.
   */
  async function check(scenario: Scenario): Promise<{ listed: string[]; refused: number }> {
    const instance = await scenario.build();
    const callers = [...CALLERS, ...Object.keys(instance.callers ?? {})];
    const shown: Array<[string, string]> = [];
    let refused = 0;
    for (const caller of callers) {
      const principal = principalOf(instance, caller);
      const actions = await allowedActions(instance, principal);
      for (const candidate of await candidates(instance, principal)) {
        if (listed(actions, candidate)) {
          shown.push([caller, candidate.key]);
          continue;
        }
        const answer = await post(principal, candidate.path, await candidate.body());
        if (answer.status < 400 || answer.status >= 500) {
          throw new Error(`${scenario.name}: ${caller} was not shown ${candidate.key}, but sending it answered ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        refused++;
      }
    }
    for (const [caller, key] of shown) {
      const fresh = await scenario.build();
      const principal = principalOf(fresh, caller);
      const candidate = (await candidates(fresh, principal)).find((c) => c.key === key)!;
      expect({ scenario: scenario.name, caller, key, listed: listed(await allowedActions(fresh, principal), candidate) }).toEqual({ scenario: scenario.name, caller, key, listed: true });
      const answer = await post(principal, candidate.path, await candidate.body());
      if (answer.status !== 200 && answer.status !== 201) {
        throw new Error(`${scenario.name}: ${caller} was shown ${key}, but sending it answered ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    return { listed: shown.map(([caller, key]) => `${caller} ${key}`), refused };
  }

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    http = client(ledger.baseUrl);
    await seedCollaborative(http, 'col-main', [...MEMBERS]);
    await ok('operator', '/collaboratives', { id: 'col-vote', name: 'Voting', region: 'Upper Valley', pathwayPhase: 5 });
    await ok('operator', '/collaboratives/col-vote/charter', {
      rules: [
        { matter: 'adjudicate_dispute', decidedBy: 'stewards' },
        { matter: 'close_commitment_as_missed', decidedBy: 'stewards' },
        { matter: 'general', decidedBy: 'members' },
        { matter: 'terminate_declaration', decidedBy: 'steward' },
      ],
    });
    for (const { id, role } of MEMBERS) await ok('operator', '/collaboratives/col-vote/members', { organizationId: id, role });
    await ok('operator', '/organizations', { id: 'out', name: 'Outsider', sector: 'other' });
    await http.keyOf('out');
  }, 60_000);
  afterAll(() => ledger.close());

  const instance = (kind: Kind) => (id: string, callers?: Record<string, string>): Instance => ({ kind, id, ...(callers && { callers }) });
  const commitmentAt = instance('commitment');
  const pledgeAt = instance('pledge');

  /** Runs the scenarios of one record kind, and checks the rules showed both sides. */
  async function checkAll(scenarios: Scenario[], expected: { listed: string[]; notListed?: string[] }) {
    const seen = new Set<string>();
    for (const scenario of scenarios) {
      const result = await check(scenario);
      for (const entry of result.listed) {
        seen.add(`${scenario.name}: ${entry}`);
        offered.add(entry.split(' ')[1].split(/[:#]/)[0]);
      }
    }
    for (const entry of expected.listed) expect([...seen]).toContain(entry);
    for (const entry of expected.notListed ?? []) expect([...seen]).not.toContain(entry);
  }

  it('commitments: promisee, promisor, stewards (conflicts of interest, resolution_required), in every phase', async () => {
    await checkAll(
      [
        { name: 'proposed to the collaborative', build: async () => commitmentAt(await commitment('col-main', 'm1', toCollaborative('col-main'))) },
        { name: 'proposed to m2', build: async () => commitmentAt(await commitment('col-main', 'm1', toOrg('m2'))) },
        { name: "a steward's own, proposed to the collaborative", build: async () => commitmentAt(await commitment('col-main', 's1', toCollaborative('col-main'))) },
        {
          name: 'accepted, a revision pending',
          build: async () => {
            const id = await commitment('col-main', 'm1', toOrg('m2'), day(60), true);
            await ok('m2', `/commitments/${id}/acceptance`);
            await ok('m1', `/commitments/${id}/revisions`, { target: '350', reason: TEXT });
            return commitmentAt(id);
          },
        },
        {
          name: 'delivery claimed by a steward, to the collaborative',
          build: async () => {
            const id = await commitment('col-main', 's1', toCollaborative('col-main'));
            await ok('s2', `/commitments/${id}/acceptance`);
            await ok('s1', `/commitments/${id}/delivery`, { deliveredOn: today() });
            return commitmentAt(id);
          },
        },
        {
          name: 'disputed by a steward for the collaborative',
          build: async () => {
            const id = await commitment('col-main', 'm1', toCollaborative('col-main'));
            await ok('s1', `/commitments/${id}/acceptance`);
            await ok('m1', `/commitments/${id}/delivery`, { deliveredOn: today() });
            await ok('s1', `/commitments/${id}/disputes`, { reason: TEXT });
            return commitmentAt(id);
          },
        },
        {
          name: 'overdue',
          build: async () => {
            const id = await commitment('col-main', 'm1', toOrg('m2'), day(-5));
            await ok('m2', `/commitments/${id}/acceptance`);
            return commitmentAt(id);
          },
        },
        {
          name: 'disputed where the charter gives disputes to a vote',
          build: async () => {
            const id = await commitment('col-vote', 'm1', toOrg('m2'), day(-5));
            await ok('m2', `/commitments/${id}/acceptance`);
            await ok('m1', `/commitments/${id}/delivery`, { deliveredOn: today() });
            await ok('m2', `/commitments/${id}/disputes`, { reason: TEXT });
            return commitmentAt(id);
          },
        },
        {
          name: 'withdrawn',
          build: async () => {
            const id = await commitment('col-main', 'm1', toOrg('m2'));
            await ok('m1', `/commitments/${id}/withdrawal`, { reason: TEXT });
            return commitmentAt(id);
          },
        },
      ],
      {
        listed: [
          'proposed to the collaborative: s1 AcceptCommitment',
          'proposed to m2: m2 AcceptCommitment',
          "a steward's own, proposed to the collaborative: s2 AcceptCommitment",
          'accepted, a revision pending: m2 AcceptCommitmentRevision#0',
          'delivery claimed by a steward, to the collaborative: s2 ConfirmCommitmentDelivery',
          'disputed by a steward for the collaborative: s2 ResolveCommitmentDispute',
          'overdue: s1 CloseCommitmentAsMissed',
          'disputed where the charter gives disputes to a vote: s1 ProposeResolution:adjudicate_dispute',
        ],
        notListed: [
          // No organization judges its own promise; a steward that disputed does not judge the dispute.
          "a steward's own, proposed to the collaborative: s1 AcceptCommitment",
          'delivery claimed by a steward, to the collaborative: s1 ConfirmCommitmentDelivery',
          'disputed by a steward for the collaborative: s1 ResolveCommitmentDispute',
          // resolution_required: a steward alone may not.
          'disputed where the charter gives disputes to a vote: s1 ResolveCommitmentDispute',
          'overdue: m1 CloseCommitmentAsMissed',
          'proposed to m2: s1 AcceptCommitment',
          'proposed to m2: aud AcceptCommitment',
        ],
      },
    );
  }, 300_000);

  it('pledges: funder, recipient, stewards for the collaborative (a funder steward does not acknowledge its own)', async () => {
    await checkAll(
      [
        { name: 'made to m2, an installment overdue', build: async () => pledgeAt(await pledge('col-main', 'm1', toOrg('m2'), true)) },
        { name: "a steward's own, to the collaborative", build: async () => pledgeAt(await pledge('col-main', 's1', toCollaborative('col-main'))) },
        {
          name: 'acknowledged, a disbursement unconfirmed',
          build: async () => {
            const id = await pledge('col-main', 'm1', toCollaborative('col-main'));
            await ok('s2', `/pledges/${id}/acknowledgement`);
            await ok('m1', `/pledges/${id}/disbursements`, { amount: USD('250.00'), disbursedOn: today(), reference: 'WIRE-7' });
            return pledgeAt(id);
          },
        },
        {
          name: 'fully disbursed',
          build: async () => {
            const id = await pledge('col-main', 'm1', toOrg('m2'));
            await ok('m1', `/pledges/${id}/disbursements`, { amount: USD('1000.00'), disbursedOn: today(), reference: 'WIRE-8' });
            return pledgeAt(id);
          },
        },
        {
          name: 'cancelled',
          build: async () => {
            const id = await pledge('col-main', 'm1', toOrg('m2'));
            await ok('m1', `/pledges/${id}/cancellation`, { reason: TEXT });
            return pledgeAt(id);
          },
        },
      ],
      {
        listed: [
          'made to m2, an installment overdue: m2 AcknowledgePledge',
          'made to m2, an installment overdue: m1 RecordDisbursement',
          "a steward's own, to the collaborative: s2 AcknowledgePledge",
          'acknowledged, a disbursement unconfirmed: s1 ConfirmDisbursementReceipt#0',
          'fully disbursed: m1 AmendPledge',
        ],
        notListed: ["a steward's own, to the collaborative: s1 AcknowledgePledge", 'fully disbursed: m1 RecordDisbursement', 'cancelled: m1 CancelPledge'],
      },
    );
  }, 300_000);

  it('declarations: parties sign and withdraw; terminating takes a resolution under the default charter, one steward where the charter says so', async () => {
    const at = instance('partnership');
    await checkAll(
      [
        { name: 'awaiting signatures', build: async () => at(await declaration('col-main', 'm1', ['m1', 'm2'])) },
        {
          name: 'in effect, a steward a party',
          build: async () => {
            const id = await declaration('col-main', 's1', ['s1', 'm1']);
            await signAll(`/partnerships/${id}`, ['s1', 'm1']);
            return at(id);
          },
        },
        {
          name: 'in effect where one steward may terminate it',
          build: async () => {
            const id = await declaration('col-vote', 'm1', ['m1', 'm2']);
            await signAll(`/partnerships/${id}`, ['m1', 'm2']);
            return at(id);
          },
        },
      ],
      {
        listed: [
          'in effect where one steward may terminate it: s1 TerminateDeclaration',
          'awaiting signatures: m1 SignDeclaration',
          'in effect, a steward a party: m1 WithdrawFromDeclaration',
          'in effect, a steward a party: s2 ProposeResolution:terminate_declaration',
        ],
        notListed: [
          'awaiting signatures: s1 SignDeclaration',
          'in effect, a steward a party: s2 TerminateDeclaration',
          'awaiting signatures: m1 WithdrawFromDeclaration',
          'in effect where one steward may terminate it: m1 TerminateDeclaration',
        ],
      },
    );
  }, 300_000);

  it('risk agreements: parties sign; a steward that is not a party records the result; payments by a steward or the party paid', async () => {
    const at = instance('risk-agreement');
    await checkAll(
      [
        { name: 'proposed', build: async () => at(await riskAgreement('col-main', 'm1', [['m1', 6000], ['m2', 4000]], day(-1))) },
        {
          name: 'in effect, its period over, a steward a party',
          build: async () => {
            const id = await riskAgreement('col-main', 's1', [['s1', 5000], ['m1', 5000]], day(-1));
            await signAll(`/risk-agreements/${id}`, ['s1', 'm1']);
            return at(id);
          },
        },
        {
          name: 'in effect, its period not over',
          build: async () => {
            const id = await riskAgreement('col-main', 'm1', [['m1', 10_000]], day(30));
            await signAll(`/risk-agreements/${id}`, ['m1']);
            return at(id);
          },
        },
        {
          name: 'settled',
          build: async () => {
            const id = await riskAgreement('col-main', 'm1', [['m1', 6000], ['m2', 4000]], day(-1));
            await signAll(`/risk-agreements/${id}`, ['m1', 'm2']);
            await ok('s1', `/risk-agreements/${id}/results`, { periodEnd: day(-1), actualCost: USD('900000.00') });
            return at(id);
          },
        },
      ],
      {
        listed: [
          'proposed: m2 SignRiskAgreement',
          'in effect, its period over, a steward a party: s2 RecordPeriodResult',
          'settled: s1 RecordSettlementPayment#0',
          'settled: m2 RecordSettlementPayment#0',
        ],
        notListed: ['in effect, its period over, a steward a party: s1 RecordPeriodResult', 'in effect, its period not over: s1 RecordPeriodResult', 'settled: obs RecordSettlementPayment#0'],
      },
    );
  }, 300_000);

  it('resolutions: electors vote and recuse, the proposer withdraws, a steward closes when settled — never when an act would be refused', async () => {
    const at = instance('resolution');
    const propose = async (collaborativeId: string, proposer: string, matter: string, acts?: Json[]) =>
      (await ok(proposer, '/resolutions', { collaborativeId, title: 'Decide', matter, ...(acts && { acts }) })).id;
    await checkAll(
      [
        { name: 'voting', build: async () => at(await propose('col-main', 's1', 'general')) },
        { name: 'voting among the members', build: async () => at(await propose('col-vote', 'm1', 'general')) },
        {
          name: 'settled',
          build: async () => {
            const id = await propose('col-main', 's1', 'general');
            for (const voter of ['s1', 's2']) await ok(voter, `/resolutions/${id}/votes`, { choice: 'for' });
            return at(id);
          },
        },
        {
          name: 'settled, its act refused now',
          build: async () => {
            const c = await collaborative();
            const first = await propose(c, 's1', 'change_phase', [{ type: 'change_phase', pathwayPhase: 5 }]);
            const second = await propose(c, 's1', 'change_phase', [{ type: 'change_phase', pathwayPhase: 5 }]);
            for (const id of [first, second]) for (const voter of ['s1', 's2']) await ok(voter, `/resolutions/${id}/votes`, { choice: 'for' });
            await ok('s2', `/resolutions/${first}/closure`);
            return at(second);
          },
        },
      ],
      {
        listed: ['voting: s2 CastVote', 'voting: s1 WithdrawResolution', 'voting among the members: m2 CastVote', 'settled: s2 CloseResolution'],
        notListed: ['voting: s1 CloseResolution', 'voting: m1 CastVote', 'settled, its act refused now: s1 CloseResolution', 'settled, its act refused now: s2 CloseResolution'],
      },
    );
  }, 300_000);

  it('collaboratives: membership, goals, phase, charter, and the records one may create, under the default charter and a members charter', async () => {
    const at = instance('collaborative');
    await checkAll(
      [
        { name: 'default charter', build: async () => at(await collaborative()) },
        {
          name: 'members charter',
          build: async () =>
            at(
              await collaborative([
                { matter: 'general', decidedBy: 'members' },
                { matter: 'change_phase', decidedBy: 'steward' },
              ]),
            ),
        },
      ],
      {
        listed: [
          'default charter: s1 AdmitMember:member',
          'default charter: operator AdmitMember:steward',
          'default charter: m1 RecordMemberDeparture:m1',
          'default charter: s1 RecordMeasurement',
          'default charter: s1 CorrectMeasurement',
          'default charter: m1 MakeCommitment',
          'default charter: s1 ProposeResolution:change_phase',
          'default charter: operator SetCharter',
          'members charter: m1 ProposeResolution:general',
          'members charter: s1 ChangePathwayPhase:5',
        ],
        notListed: [
          'default charter: s1 AdmitMember:steward',
          'default charter: s1 ChangePathwayPhase:5',
          'default charter: s1 RecordMemberDeparture:m1',
          'default charter: m1 ProposeResolution:general',
          'default charter: aud MakeCommitment',
          'default charter: m1 CorrectMeasurement',
          'members charter: operator SetCharter',
        ],
      },
    );
  }, 600_000);

  it('organizations: the organization registers and revokes its keys; the operator designates registry auditors', async () => {
    const at = instance('organization');
    const organization = async (withKey: boolean, registryAuditor = false) => {
      const id = await freshOrganization();
      if (registryAuditor) await ok('operator', `/organizations/${id}/registry-auditor`);
      await ok('operator', '/collaboratives/col-main/members', { organizationId: id, role: 'member' });
      await http.keyOf(id);
      await ok('operator', '/api-keys', { organizationId: id, label: 'spare' });
      if (withKey) await ok(id, `/organizations/${id}/keys`, { publicKey: publicKey() });
      return at(id, { self: id });
    };
    await checkAll(
      [
        { name: 'without a signing key', build: () => organization(false) },
        { name: 'holding a signing key', build: () => organization(true) },
        { name: 'a registry auditor', build: () => organization(false, true) },
      ],
      {
        listed: [
          'without a signing key: self RegisterSigningKey',
          'holding a signing key: self RevokeSigningKey#0',
          'holding a signing key: operator RevokeSigningKey#0',
          'without a signing key: self RevokeApiKey:spare',
          'without a signing key: operator DesignateRegistryAuditor',
          'a registry auditor: operator EndRegistryAuditorDesignation',
        ],
        // A second key is registered by a command signed with the first, which the web app does not send.
        notListed: [
          'holding a signing key: self RegisterSigningKey',
          'without a signing key: s1 RevokeApiKey:spare',
          'without a signing key: operator EndRegistryAuditorDesignation',
          'a registry auditor: operator DesignateRegistryAuditor',
        ],
      },
    );
  }, 300_000);

  it('offered, somewhere above, every command a controller sends on a record', () => {
    // Registering organizations, forming collaboratives and issuing API keys create registry records: no record offers them.
    const registry = new Set(['RegisterOrganization', 'FormCollaborative', 'IssueApiKey']);
    expect(sentCommands().filter((command) => !registry.has(command) && !offered.has(command))).toEqual([]);
  });

  it('answers none as of a past moment, and the same rules to a record read with asOf now', async () => {
    const id = await commitment('col-main', 'm1', toCollaborative('col-main'));
    const now = await http.getAs('s1')<{ allowedActions: AllowedAction[] }>(`/commitments/${id}`);
    expect(now.body.allowedActions.map((a) => a.command)).toEqual(['AcceptCommitment', 'DeclineCommitment']);
    const past = await http.getAs('s1')<{ allowedActions: AllowedAction[] }>(`/commitments/${id}?asOf=${encodeURIComponent(new Date().toISOString())}`);
    expect(past.body.allowedActions).toEqual([]);
    const summary = await http.getAs('m1')<{ allowedActions: AllowedAction[] }>('/collaboratives/col-main/summary');
    expect(summary.body.allowedActions.map((a) => a.command)).toContain('MakeCommitment');
    expect((await http.getAs('m1')<{ allowedActions: AllowedAction[] }>('/collaboratives/col-main/summary?asOf=2030-01-01T00:00:00Z')).body.allowedActions).toEqual([]);
  });
});
