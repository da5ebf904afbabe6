import { DeciderSpecification } from '../testing/decider-specification';
import { TEST_NOW, asOperator, asOrganization, asResolution, contextFor } from '../testing/context';
import { AUDITOR, CLINIC, FOOD_BANK, GOAL, HOSPITAL, OBSERVER, OUTSIDER, STEWARD, UPPER_VALLEY, organizationState, upperValley, withCharter } from '../testing/fixtures';
import { refusalOf } from '../testing/refusal';
import { evolveAll, type Actor } from '../shared/decider';
import { collaborativeDecider } from '../collaborative/decider';
import { partnershipDecider } from '../partnership/decider';
import type { PartnershipEvent } from '../partnership/events';
import { commitmentDecider } from '../commitment/decider';
import type { CommitmentEvent } from '../commitment/events';
import { riskAgreementDecider } from '../risk-agreement/decider';
import type { RiskAgreementEvent } from '../risk-agreement/events';
import type { MeetingState } from '../meeting/state';
import type { ResolutionCommand } from './commands';
import { resolutionDecider } from './decider';
import type { ResolutionEvent, ResolutionProposed } from './events';
import { currentTally, resolutionStatus } from './state';

const spec = DeciderSpecification.for(resolutionDecider);
const ID = 'r-2025-04';
// Three stewards (the county, the hospital, the clinic), a member (the food bank), an auditor, an observer.
const collaborative = upperValley({ [HOSPITAL]: 'steward', [CLINIC]: 'steward' });
const STEWARDS = [STEWARD, CLINIC, HOSPITAL].sort();
const CLOSES_AT = '2025-03-08T12:00:00.000Z';
const as = (org: string, extra: Record<string, unknown> = {}) => asOrganization(org, { collaborative, ...extra });
/** An organization acting once voting time is over. */
const afterVoting = (org: string) => contextFor({ kind: 'organization', organizationId: org }, { collaborative, now: CLOSES_AT, today: '2025-03-08' });
const cmd = (type: ResolutionCommand['type'], data: Record<string, unknown> = {}) => ({ type, data }) as ResolutionCommand;

const propose = (data: Record<string, unknown> = {}) =>
  cmd('ProposeResolution', { id: ID, collaborativeId: UPPER_VALLEY, title: 'Adopt the data-sharing policy', matter: 'general', ...data });
const proposed = (data: Partial<ResolutionProposed['data']> = {}): ResolutionEvent => ({
  type: 'ResolutionProposed',
  data: {
    resolutionId: ID,
    collaborativeId: UPPER_VALLEY,
    title: 'Adopt the data-sharing policy',
    matter: 'general',
    acts: [],
    proposedBy: STEWARD,
    proposedAt: TEST_NOW,
    votingClosesAt: CLOSES_AT,
    rule: { decidedBy: 'steward', quorumPct: '50', thresholdPct: '50', votingDays: 7 },
    electorate: STEWARDS,
    recused: [],
    ...data,
  },
});
const voted = (organizationId: string, choice: 'for' | 'against' | 'abstain', extra: Record<string, unknown> = {}): ResolutionEvent =>
  ({ type: 'VoteCast', data: { resolutionId: ID, organizationId, choice, castAt: TEST_NOW, ...extra } }) as ResolutionEvent;
const vote = (choice: unknown, reason?: string) => cmd('CastVote', { choice, ...(reason && { reason }) });
const close = cmd('CloseResolution');

// Records acts act on.
const declaration = (collaborativeId = UPPER_VALLEY, parties = [HOSPITAL, FOOD_BANK]) =>
  evolveAll(partnershipDecider, [
    { type: 'DeclarationDrafted', data: { partnershipId: 'd-care', collaborativeId, title: 'Care transitions', termsSha256: 'a'.repeat(64), parties, effectiveFrom: '2025-01-01' } },
  ] as PartnershipEvent[])!;
const commitmentMade = (promisor: string, promisee: CommitmentEvent['data'] extends never ? never : Record<string, string>, dueDate = '2025-06-30'): CommitmentEvent =>
  ({ type: 'CommitmentMade', data: { commitmentId: 'c-calls', collaborativeId: UPPER_VALLEY, promisor, promisee, title: 'Calls', dueDate } }) as CommitmentEvent;
const disputedCommitment = (promisor: string, promisee: Record<string, string>, disputedBy: string) =>
  evolveAll(commitmentDecider, [
    commitmentMade(promisor, promisee),
    { type: 'CommitmentAccepted', data: { commitmentId: 'c-calls', by: disputedBy } },
    { type: 'CommitmentDeliveryClaimed', data: { commitmentId: 'c-calls', deliveredOn: '2025-02-20' } },
    { type: 'CommitmentDeliveryDisputed', data: { commitmentId: 'c-calls', by: disputedBy, reason: 'Half the calls' } },
  ] as CommitmentEvent[])!;
const acceptedCommitment = (promisor: string, dueDate: string) =>
  evolveAll(commitmentDecider, [commitmentMade(promisor, { collaborativeId: UPPER_VALLEY }, dueDate), { type: 'CommitmentAccepted', data: { commitmentId: 'c-calls', by: STEWARD } }] as CommitmentEvent[])!;
const riskAgreement = () =>
  evolveAll(riskAgreementDecider, [
    {
      type: 'RiskAgreementProposed',
      data: {
        agreementId: 'ra-2024',
        collaborativeId: UPPER_VALLEY,
        title: 'TCOC',
        period: { start: '2024-01-01', end: '2024-12-31' },
        model: 'upside_only',
        benchmark: { currency: 'USD', amount: '1000000.00' },
        minimumSavingsRate: '2',
        sharingRate: '50',
        parties: [
          { organizationId: CLINIC, shareBps: 5000 },
          { organizationId: FOOD_BANK, shareBps: 5000 },
        ],
      },
    },
    { type: 'RiskAgreementTookEffect', data: { agreementId: 'ra-2024', period: { start: '2024-01-01', end: '2024-12-31' } } },
  ] as RiskAgreementEvent[])!;
const meeting = (collaborativeId = UPPER_VALLEY): MeetingState => ({
  id: 'm-march',
  collaborativeId,
  heldOn: '2025-03-01',
  title: 'March meeting',
  attendees: [STEWARD],
  resolutionIds: [],
  recordedBy: STEWARD,
});

describe('resolution: proposal', () => {
  it('a steward proposes a general resolution: the rule, the electorate (the stewards) and the close of voting are recorded', () => {
    spec.given([]).when(propose(), as(STEWARD)).then([proposed()]);
  });

  it('with a text, a meeting, and when voting closes (stored in UTC)', () => {
    spec
      .given([])
      .when(propose({ text: 'The policy in full.', meetingId: 'm-march', votingClosesAt: '2025-03-05T17:00:00-05:00' }), as(STEWARD, { meeting: meeting() }))
      .then([proposed({ text: 'The policy in full.', meetingId: 'm-march', votingClosesAt: '2025-03-05T22:00:00.000Z' })]);
  });

  it("voting lasts the rule's votingDays by default", () => {
    const charter = withCharter(collaborative, { general: 'members' });
    const fortnight = evolveAll(collaborativeDecider, [{ type: 'CharterAmended', data: { collaborativeId: UPPER_VALLEY, resolutionId: 'r-0', rules: [{ matter: 'general', decidedBy: 'stewards', quorumPct: '60', thresholdPct: 'consensus', votingDays: 14 }] } }], charter)!;
    spec
      .given([])
      .when(propose(), asOrganization(STEWARD, { collaborative: fortnight }))
      .thenResult((events) => expect(events[0].data).toMatchObject({ votingClosesAt: '2025-03-15T12:00:00.000Z', rule: { decidedBy: 'stewards', quorumPct: '60', thresholdPct: 'consensus', votingDays: 14 } }));
  });

  it('where the charter gives the matter to the members, stewards and members vote, and a member may propose', () => {
    const members = withCharter(collaborative, { general: 'members' });
    spec
      .given([])
      .when(propose(), asOrganization(FOOD_BANK, { collaborative: members }))
      .thenResult((events) => expect(events[0].data).toMatchObject({ proposedBy: FOOD_BANK, electorate: [...STEWARDS, FOOD_BANK].sort(), rule: { decidedBy: 'members' } }));
  });

  it('is not proposed by a member where the stewards decide, nor by auditors, observers, outsiders, the operator or a resolution', () => {
    spec.given([]).when(propose(), as(FOOD_BANK)).thenThrows('not_allowed_to_propose', 'forbidden');
    spec.given([]).when(propose(), as(AUDITOR)).thenThrows('not_allowed_to_propose', 'forbidden');
    spec.given([]).when(propose(), as(OBSERVER)).thenThrows('not_allowed_to_propose', 'forbidden');
    spec.given([]).when(propose(), as(OUTSIDER)).thenThrows('not_allowed_to_propose', 'forbidden');
    spec.given([]).when(propose(), asOperator({ collaborative })).thenThrows('organization_only', 'forbidden');
    spec.given([]).when(propose(), asResolution(UPPER_VALLEY, 'r-1', { collaborative })).thenThrows('organization_only', 'forbidden');
  });

  it('a general resolution carries no act; any other at least one, of its own matter', () => {
    spec.given([]).when(propose({ acts: [{ type: 'change_phase', pathwayPhase: 5 }] }), as(STEWARD)).thenThrows('acts_not_allowed', 'invalid');
    spec.given([]).when(propose({ matter: 'change_phase' }), as(STEWARD)).thenThrows('acts_required', 'invalid');
    spec.given([]).when(propose({ matter: 'change_phase', acts: [] }), as(STEWARD)).thenThrows('acts_required', 'invalid');
    const error = refusalOf(() => resolutionDecider.decide(propose({ matter: 'change_phase', acts: [{ type: 'remove_member', organizationId: FOOD_BANK }] }), null, as(STEWARD)));
    expect(error).toMatchObject({ kind: 'invalid', code: 'act_kind_mismatch', path: 'acts[0].type' });
  });

  it('refuses malformed input with the field at fault', () => {
    spec.given([]).when(propose({ matter: 'buy_building' }), as(STEWARD)).thenThrows('invalid_choice', 'invalid');
    spec.given([]).when(propose({ title: '' }), as(STEWARD)).thenThrows('required', 'invalid');
    spec.given([]).when(propose({ id: 'R 1' }), as(STEWARD)).thenThrows('invalid_id', 'invalid');
    spec.given([]).when(propose({ matter: 'change_phase', acts: 'all of them' }), as(STEWARD)).thenThrows('invalid_list', 'invalid');
    spec.given([]).when(propose({ matter: 'change_phase', acts: [5] }), as(STEWARD)).thenThrows('invalid_object', 'invalid');
    spec.given([]).when(propose({ matter: 'remove_member', acts: [{ type: 'remove_member', organizationId: 'Food Bank' }] }), as(STEWARD)).thenThrows('invalid_id', 'invalid');
    spec.given([]).when(propose({ matter: 'change_phase', acts: Array(21).fill({ type: 'change_phase', pathwayPhase: 5 }) }), as(STEWARD)).thenThrows('invalid_list', 'invalid');
    spec.given([]).when(propose({ meetingId: 'M' }), as(STEWARD)).thenThrows('invalid_id', 'invalid');
  });

  it('voting closes at an instant after now and within 90 days', () => {
    spec.given([]).when(propose({ votingClosesAt: '2025-03-08' }), as(STEWARD)).thenThrows('invalid_instant', 'invalid');
    spec.given([]).when(propose({ votingClosesAt: TEST_NOW }), as(STEWARD)).thenThrows('voting_closes_in_the_past', 'invalid');
    spec.given([]).when(propose({ votingClosesAt: '2025-05-30T12:00:00.001Z' }), as(STEWARD)).thenThrows('voting_period_too_long', 'invalid');
    spec.given([]).when(propose({ votingClosesAt: '2025-05-30T12:00:00Z' }), as(STEWARD)).thenResult((events) => expect(events[0].data).toMatchObject({ votingClosesAt: '2025-05-30T12:00:00.000Z' }));
  });

  it('needs the collaborative, a new id, and a meeting of this collaborative when it names one', () => {
    spec.given([]).when(propose(), asOrganization(STEWARD, { collaborative: null })).thenThrows('collaborative_not_found', 'not_found');
    spec.given([proposed()]).when(propose(), as(STEWARD)).thenThrows('resolution_already_exists', 'conflict');
    spec.given([]).when(propose({ meetingId: 'm-march' }), as(STEWARD, { meeting: null })).thenThrows('meeting_not_found', 'not_found');
    spec.given([]).when(propose({ meetingId: 'm-march' }), as(STEWARD, { meeting: meeting('other-valley') })).thenThrows('meeting_in_other_collaborative', 'rule');
  });
});

describe('resolution: acts at proposal', () => {
  const terminate = { type: 'terminate_declaration', partnershipId: 'd-care', reason: 'Superseded' };
  const proposeActs = (matter: string, acts: unknown[]) => propose({ matter, acts });

  it('stores each act as the body of its command plus its kind and target, nothing else', () => {
    spec
      .given([])
      .when(proposeActs('terminate_declaration', [{ ...terminate, note: 'dropped', by: 'someone' }]), as(STEWARD, { 'act:0': declaration() }))
      .thenResult((events) => expect(events[0].data).toMatchObject({ acts: [terminate] }));
  });

  it("takes the rule of the matter: terminating a declaration is a vote of the stewards under the default charter", () => {
    spec
      .given([])
      .when(proposeActs('terminate_declaration', [terminate]), as(STEWARD, { 'act:0': declaration() }))
      .thenResult((events) => expect(events[0].data).toMatchObject({ matter: 'terminate_declaration', rule: { decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 } }));
  });

  it('admitting stewards or auditors takes the vote rule; admitting only members, the one-steward rule (the stewards vote all the same)', () => {
    const admit = (organizationId: string, role: string) => ({ type: 'admit_member', organizationId, role });
    spec
      .given([])
      .when(proposeActs('admit_member', [admit('new-clinic', 'member'), admit('new-auditor', 'auditor')]), as(STEWARD, { 'act:0': organizationState('new-clinic'), 'act:1': organizationState('new-auditor') }))
      .thenResult((events) => expect(events[0].data).toMatchObject({ rule: { decidedBy: 'stewards' }, electorate: STEWARDS }));
    spec
      .given([])
      .when(proposeActs('admit_member', [admit('new-clinic', 'member')]), as(STEWARD, { 'act:0': organizationState('new-clinic') }))
      .thenResult((events) => expect(events[0].data).toMatchObject({ rule: { decidedBy: 'steward' }, electorate: STEWARDS }));
  });

  it('refuses an act whose target does not exist (404)', () => {
    spec.given([]).when(proposeActs('terminate_declaration', [terminate]), as(STEWARD, { 'act:0': null })).thenThrows('act_target_not_found', 'not_found');
    spec.given([]).when(proposeActs('remove_member', [{ type: 'remove_member', organizationId: OUTSIDER, reason: 'x' }]), as(STEWARD)).thenThrows('act_target_not_found', 'not_found');
    spec.given([]).when(proposeActs('change_role', [{ type: 'change_role', organizationId: OUTSIDER, role: 'steward' }]), as(STEWARD)).thenThrows('act_target_not_found', 'not_found');
    spec.given([]).when(proposeActs('admit_member', [{ type: 'admit_member', organizationId: 'unregistered', role: 'member' }]), as(STEWARD, { 'act:0': null })).thenThrows('act_target_not_found', 'not_found');
    spec.given([]).when(proposeActs('revise_goal', [{ type: 'revise_goal', goalId: 'no-such-goal', title: 'x', reason: 'y' }]), as(STEWARD)).thenThrows('act_target_not_found', 'not_found');
    spec
      .given([])
      .when(proposeActs('adjudicate_dispute', [{ type: 'adjudicate_dispute', commitmentId: 'c-calls', outcome: 'delivered', rationale: 'r' }]), as(STEWARD, { 'act:0': null }))
      .thenThrows('act_target_not_found', 'not_found');
  });

  it('refuses an act on a record of another collaborative', () => {
    spec.given([]).when(proposeActs('terminate_declaration', [terminate]), as(STEWARD, { 'act:0': declaration('other-valley') })).thenThrows('act_target_in_other_collaborative', 'rule');
    const foreign = { ...riskAgreement(), collaborativeId: 'other-valley' };
    spec
      .given([])
      .when(proposeActs('record_risk_result', [{ type: 'record_risk_result', agreementId: 'ra-2024', periodEnd: '2024-12-31', actualCost: { currency: 'USD', amount: '900000' } }]), as(STEWARD, { 'act:0': foreign }))
      .thenThrows('act_target_in_other_collaborative', 'rule');
  });

  it('refuses a resolution that would remove, or demote, the last steward', () => {
    const oneSteward = upperValley();
    spec.given([]).when(proposeActs('remove_member', [{ type: 'remove_member', organizationId: STEWARD, reason: 'x' }]), asOrganization(STEWARD, { collaborative: oneSteward })).thenThrows('last_steward', 'rule');
    spec.given([]).when(proposeActs('change_role', [{ type: 'change_role', organizationId: STEWARD, role: 'member' }]), asOrganization(STEWARD, { collaborative: oneSteward })).thenThrows('last_steward', 'rule');
    // The acts are checked one after the other: removing two of three stewards is fine, all three is not.
    const remove = (organizationId: string) => ({ type: 'remove_member', organizationId, reason: 'Reorganization' });
    spec.given([]).when(proposeActs('remove_member', [remove(HOSPITAL), remove(CLINIC)]), as(STEWARD)).thenResult((events) => expect(events).toHaveLength(1));
    const error = refusalOf(() => resolutionDecider.decide(proposeActs('change_role', [{ type: 'change_role', organizationId: HOSPITAL, role: 'member' }, { type: 'change_role', organizationId: CLINIC, role: 'member' }, { type: 'change_role', organizationId: STEWARD, role: 'member' }]), null, as(FOOD_BANK, { collaborative: withCharter(collaborative, { change_role: 'members' }) })));
    expect(error).toMatchObject({ code: 'last_steward', kind: 'rule', path: 'acts[2]', details: { act: 2, actType: 'change_role' } });
  });

  it("refuses an act its record would refuse now, naming the act and the field", () => {
    const adjudicate = (data: Record<string, unknown>) => ({ type: 'adjudicate_dispute', commitmentId: 'c-calls', rationale: 'Call logs reviewed', ...data });
    const undisputed = acceptedCommitment(FOOD_BANK, '2025-06-30');
    spec.given([]).when(proposeActs('adjudicate_dispute', [adjudicate({ outcome: 'delivered' })]), as(STEWARD, { 'act:0': undisputed })).thenThrows('not_disputed', 'rule');
    const disputed = disputedCommitment(FOOD_BANK, { organizationId: HOSPITAL }, HOSPITAL);
    const badOutcome = refusalOf(() => resolutionDecider.decide(proposeActs('adjudicate_dispute', [adjudicate({ outcome: 'mostly' })]), null, as(STEWARD, { 'act:0': disputed })));
    expect(badOutcome).toMatchObject({ kind: 'invalid', code: 'invalid_choice', path: 'acts[0].outcome' });
    const badRule = refusalOf(() => resolutionDecider.decide(proposeActs('amend_charter', [{ type: 'amend_charter', rules: [{ matter: 'general', decidedBy: 'stewards', quorumPct: 150 }] }]), null, as(STEWARD)));
    expect(badRule).toMatchObject({ kind: 'invalid', code: 'invalid_percentage', path: 'acts[0].rules[0].quorumPct' });
    spec.given([]).when(proposeActs('close_commitment_as_missed', [{ type: 'close_commitment_as_missed', commitmentId: 'c-calls', rationale: 'r' }]), as(STEWARD, { 'act:0': undisputed })).thenThrows('not_yet_due', 'rule');
    spec.given([]).when(proposeActs('change_phase', [{ type: 'change_phase', pathwayPhase: 3 }]), as(STEWARD)).thenThrows('phase_unchanged', 'rule');
    spec.given([]).when(proposeActs('adopt_goal', [{ type: 'adopt_goal', goalId: GOAL, title: 't', indicator: { name: 'n', unit: 'u', polarity: 'lower_is_better' }, baseline: { value: '1', date: '2024-01-01' }, target: { value: '0', date: '2026-01-01' } }]), as(STEWARD)).thenThrows('goal_already_exists', 'conflict');
  });

  it('accepts acts of every kind on records as they stand', () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['admit_member', { organizationId: 'new-clinic', role: 'steward' }, { 'act:0': organizationState('new-clinic') }],
      ['remove_member', { organizationId: FOOD_BANK, reason: 'Left the region' }, {}],
      ['change_role', { organizationId: FOOD_BANK, role: 'steward', reason: 'Leads food access' }, {}],
      ['adopt_goal', { title: 'Fewer ED visits', indicator: { name: 'ED visits', unit: 'per 1000', polarity: 'lower_is_better' }, baseline: { value: '300', date: '2024-01-01' }, target: { value: '250', date: '2026-12-31' } }, {}],
      ['revise_goal', { goalId: GOAL, target: { value: '9', date: '2027-12-31' }, reason: 'Ahead of plan' }, {}],
      ['change_phase', { pathwayPhase: 5, reason: 'Integrate' }, {}],
      ['amend_charter', { rules: [{ matter: 'adopt_goal', decidedBy: 'stewards' }], reason: 'Goals bind everyone' }, {}],
      ['terminate_declaration', { partnershipId: 'd-care', reason: 'Superseded' }, { 'act:0': declaration() }],
      ['adjudicate_dispute', { commitmentId: 'c-calls', outcome: 'partially_delivered', value: '300', rationale: 'Logs' }, { 'act:0': disputedCommitment(FOOD_BANK, { collaborativeId: UPPER_VALLEY }, STEWARD) }],
      ['close_commitment_as_missed', { commitmentId: 'c-calls', rationale: 'Nothing delivered' }, { 'act:0': acceptedCommitment(FOOD_BANK, '2025-02-28') }],
      ['record_risk_result', { agreementId: 'ra-2024', periodEnd: '2024-12-31', actualCost: { currency: 'USD', amount: '950000' } }, { 'act:0': riskAgreement() }],
    ];
    for (const [matter, body, extra] of cases) {
      spec
        .given([])
        .when(proposeActs(matter, [{ type: matter, ...body }]), as(STEWARD, extra))
        .thenResult((events) => expect(events[0].data).toMatchObject({ matter, acts: [{ type: matter, ...body }] }));
    }
  });

  it('fails loudly when the application did not load what an act names', () => {
    expect(() => resolutionDecider.decide(proposeActs('terminate_declaration', [terminate]), null, as(STEWARD))).toThrow(/act:0/);
    expect(() => resolutionDecider.decide(propose({ meetingId: 'm-march' }), null, as(STEWARD))).toThrow(/context.meeting/);
  });
});

describe('resolution: automatic recusal', () => {
  const recusedOf = (events: ResolutionEvent[]) => (events[0].data as ResolutionProposed['data']).recused.map((r) => r.organizationId);

  it('recuses the parties of a declaration to terminate that are in the electorate, saying why', () => {
    spec
      .given([])
      .when(propose({ matter: 'terminate_declaration', acts: [{ type: 'terminate_declaration', partnershipId: 'd-care', reason: 'r' }] }), as(STEWARD, { 'act:0': declaration(UPPER_VALLEY, [HOSPITAL, CLINIC, FOOD_BANK]) }))
      .thenResult((events, state) => {
        expect((events[0].data as ResolutionProposed['data']).recused).toEqual([
          { organizationId: CLINIC, reason: 'a party to declaration d-care, which the resolution would terminate' },
          { organizationId: HOSPITAL, reason: 'a party to declaration d-care, which the resolution would terminate' },
        ]);
        expect(state!.recusals.get(HOSPITAL)?.automatic).toBe(true);
        expect(currentTally(state!)).toMatchObject({ eligible: 1, recused: 2 });
      });
  });

  it('recuses the promisor and the promisee side of a dispute to adjudicate', () => {
    const adjudicate = { type: 'adjudicate_dispute', commitmentId: 'c-calls', outcome: 'delivered', rationale: 'r' };
    // The clinic promised the collaborative; the county disputed for it.
    spec
      .given([])
      .when(propose({ matter: 'adjudicate_dispute', acts: [adjudicate] }), as(HOSPITAL, { 'act:0': disputedCommitment(CLINIC, { collaborativeId: UPPER_VALLEY }, STEWARD) }))
      .thenResult((events) => expect(recusedOf(events)).toEqual([STEWARD, CLINIC]));
    // The food bank (not a voter) promised the hospital, which disputed.
    spec
      .given([])
      .when(propose({ matter: 'adjudicate_dispute', acts: [adjudicate] }), as(STEWARD, { 'act:0': disputedCommitment(FOOD_BANK, { organizationId: HOSPITAL }, HOSPITAL) }))
      .thenResult((events) => expect(recusedOf(events)).toEqual([HOSPITAL]));
  });

  it('recuses the promisor of a commitment to close as missed, the member to remove or whose role changes, the parties of a risk agreement', () => {
    spec
      .given([])
      .when(propose({ matter: 'close_commitment_as_missed', acts: [{ type: 'close_commitment_as_missed', commitmentId: 'c-calls', rationale: 'r' }] }), as(STEWARD, { 'act:0': acceptedCommitment(CLINIC, '2025-02-28') }))
      .thenResult((events) => expect(recusedOf(events)).toEqual([CLINIC]));
    spec
      .given([])
      .when(propose({ matter: 'remove_member', acts: [{ type: 'remove_member', organizationId: HOSPITAL, reason: 'r' }] }), as(STEWARD))
      .thenResult((events) => expect(recusedOf(events)).toEqual([HOSPITAL]));
    spec
      .given([])
      .when(propose({ matter: 'change_role', acts: [{ type: 'change_role', organizationId: CLINIC, role: 'member' }] }), as(STEWARD))
      .thenResult((events) => expect(recusedOf(events)).toEqual([CLINIC]));
    spec
      .given([])
      .when(propose({ matter: 'record_risk_result', acts: [{ type: 'record_risk_result', agreementId: 'ra-2024', periodEnd: '2024-12-31', actualCost: { currency: 'USD', amount: '1' } }] }), as(STEWARD, { 'act:0': riskAgreement() }))
      .thenResult((events) => expect(recusedOf(events)).toEqual([CLINIC]));
  });

  it('refuses a proposal that would leave no eligible voter', () => {
    spec
      .given([])
      .when(propose({ matter: 'terminate_declaration', acts: [{ type: 'terminate_declaration', partnershipId: 'd-care', reason: 'r' }] }), as(STEWARD, { 'act:0': declaration(UPPER_VALLEY, [STEWARD, HOSPITAL, CLINIC]) }))
      .thenThrows('no_eligible_voters', 'rule');
  });
});

describe('resolution: votes', () => {
  const open = [proposed()];

  it('an eligible organization votes, with a reason', () => {
    spec.given(open).when(vote('for', 'Good for residents'), as(HOSPITAL)).then([voted(HOSPITAL, 'for', { reason: 'Good for residents' })]);
  });

  it('it may change its vote until voting closes; the same choice again appends nothing', () => {
    spec.given([...open, voted(HOSPITAL, 'for')]).when(vote('against'), as(HOSPITAL)).then([voted(HOSPITAL, 'against', { previousChoice: 'for' })]);
    spec.given([...open, voted(HOSPITAL, 'for')]).when(vote('for'), as(HOSPITAL)).then([]);
    spec.given([...open, voted(HOSPITAL, 'for'), voted(HOSPITAL, 'abstain', { previousChoice: 'for' })]).when(vote('abstain', 'still'), as(HOSPITAL)).then([]);
  });

  it('counts only the vote in force', () => {
    const state = evolveAll(resolutionDecider, [...open, voted(HOSPITAL, 'for'), voted(HOSPITAL, 'against', { previousChoice: 'for' }), voted(CLINIC, 'for')])!;
    expect(currentTally(state)).toEqual({ eligible: 3, for: 1, against: 1, abstain: 0, recused: 0, notVoted: 1, quorumMet: true, thresholdMet: false });
  });

  it('is refused to anyone outside the electorate: a non-member, a member where stewards vote, an auditor, the operator', () => {
    spec.given(open).when(vote('for'), as(OUTSIDER)).thenThrows('not_eligible', 'forbidden');
    spec.given(open).when(vote('for'), as(FOOD_BANK)).thenThrows('not_eligible', 'forbidden');
    spec.given(open).when(vote('for'), as(AUDITOR)).thenThrows('not_eligible', 'forbidden');
    spec.given(open).when(vote('for'), asOperator({ collaborative })).thenThrows('organization_only', 'forbidden');
    spec.given(open).when(vote('for'), asResolution(UPPER_VALLEY, 'r-0', { collaborative })).thenThrows('organization_only', 'forbidden');
  });

  it('the electorate is fixed when voting opens: a steward admitted later does not vote', () => {
    const later = evolveAll(collaborativeDecider, [{ type: 'MemberAdmitted', data: { collaborativeId: UPPER_VALLEY, organizationId: 'new-steward', role: 'steward' } }], collaborative)!;
    spec.given(open).when(vote('for'), asOrganization('new-steward', { collaborative: later })).thenThrows('not_eligible', 'forbidden');
  });

  it('is refused to a recused organization', () => {
    const withRecusal = proposed({ recused: [{ organizationId: HOSPITAL, reason: 'a party' }] });
    spec.given([withRecusal]).when(vote('for'), as(HOSPITAL)).thenThrows('recused', 'forbidden');
    spec.given([...open, { type: 'RecusalRecorded', data: { resolutionId: ID, organizationId: CLINIC, reason: 'Board seat' } }]).when(vote('for'), as(CLINIC)).thenThrows('recused', 'forbidden');
  });

  it('is refused once voting has closed, the resolution is closed or withdrawn', () => {
    spec.given(open).when(vote('for'), afterVoting(HOSPITAL)).thenThrows('voting_closed', 'rule');
    const closed: ResolutionEvent = { type: 'ResolutionClosed', data: { resolutionId: ID, outcome: 'lapsed', tally: { eligible: 3, for: 0, against: 0, abstain: 0, recused: 0, notVoted: 3, quorumMet: false, thresholdMet: false }, closedBy: STEWARD, closedAt: CLOSES_AT, early: false } };
    spec.given([...open, closed]).when(vote('for'), as(HOSPITAL)).thenThrows('resolution_closed', 'rule');
    spec.given([...open, { type: 'ResolutionWithdrawn', data: { resolutionId: ID, reason: 'r', withdrawnBy: STEWARD } }]).when(vote('for'), as(HOSPITAL)).thenThrows('resolution_withdrawn', 'rule');
  });

  it('needs a known choice and an existing resolution', () => {
    spec.given(open).when(vote('yes'), as(HOSPITAL)).thenThrows('invalid_choice', 'invalid');
    spec.given(open).when(vote(undefined), as(HOSPITAL)).thenThrows('invalid_choice', 'invalid');
    spec.given([]).when(vote('for'), as(HOSPITAL)).thenThrows('resolution_not_found', 'not_found');
  });
});

describe('resolution: recusal', () => {
  const open = [proposed()];
  const recuse = (reason: unknown = 'Our CEO chairs the board concerned') => cmd('RecuseFromResolution', { reason });

  it('an eligible organization recuses itself; its vote no longer counts', () => {
    spec
      .given([...open, voted(CLINIC, 'against'), voted(HOSPITAL, 'for')])
      .when(recuse(), as(CLINIC))
      .thenResult((events, state) => {
        expect(events).toEqual([{ type: 'RecusalRecorded', data: { resolutionId: ID, organizationId: CLINIC, reason: 'Our CEO chairs the board concerned', discardedChoice: 'against' } }]);
        expect(state!.recusals.get(CLINIC)).toEqual({ reason: 'Our CEO chairs the board concerned', automatic: false });
        expect(currentTally(state!)).toEqual({ eligible: 2, for: 1, against: 0, abstain: 0, recused: 1, notVoted: 1, quorumMet: true, thresholdMet: true });
      });
  });

  it('once, by an eligible organization, with a reason, while voting is open', () => {
    const recused: ResolutionEvent = { type: 'RecusalRecorded', data: { resolutionId: ID, organizationId: CLINIC, reason: 'r' } };
    spec.given([...open, recused]).when(recuse(), as(CLINIC)).thenThrows('already_recused', 'rule');
    spec.given(open).when(recuse(), as(FOOD_BANK)).thenThrows('not_eligible', 'forbidden');
    spec.given(open).when(recuse(''), as(CLINIC)).thenThrows('required', 'invalid');
    spec.given(open).when(recuse(), afterVoting(CLINIC)).thenThrows('voting_closed', 'rule');
  });

  it('refuses the recusal that would leave no eligible voter', () => {
    const twoRecused = proposed({ recused: [{ organizationId: HOSPITAL, reason: 'a party' }, { organizationId: CLINIC, reason: 'a party' }] });
    spec.given([twoRecused]).when(recuse(), as(STEWARD)).thenThrows('no_eligible_voters', 'rule');
  });
});

describe('resolution: closure', () => {
  const open = [proposed()];
  const closed = (outcome: string, tally: Record<string, unknown>, extra: Record<string, unknown> = {}): ResolutionEvent =>
    ({ type: 'ResolutionClosed', data: { resolutionId: ID, outcome, tally, closedBy: STEWARD, closedAt: CLOSES_AT, early: false, ...extra } }) as unknown as ResolutionEvent;

  it('a steward closes it once voting has closed; the ledger computes the outcome', () => {
    spec
      .given([...open, voted(HOSPITAL, 'for'), voted(CLINIC, 'against'), voted(STEWARD, 'for')])
      .when(close, afterVoting(STEWARD))
      .then([closed('adopted', { eligible: 3, for: 2, against: 1, abstain: 0, recused: 0, notVoted: 0, quorumMet: true, thresholdMet: true })]);
  });

  it('lapses without quorum', () => {
    spec.given([...open, voted(HOSPITAL, 'for')]).when(close, afterVoting(STEWARD)).then([closed('lapsed', { eligible: 3, for: 1, against: 0, abstain: 0, recused: 0, notVoted: 2, quorumMet: false, thresholdMet: true })]);
  });

  it('a tie is rejected', () => {
    spec
      .given([...open, voted(HOSPITAL, 'for'), voted(CLINIC, 'against')])
      .when(close, afterVoting(STEWARD))
      .then([closed('rejected', { eligible: 3, for: 1, against: 1, abstain: 0, recused: 0, notVoted: 1, quorumMet: true, thresholdMet: false })]);
  });

  it('two thirds adopt an amendment of the charter (66.67 %)', () => {
    const amend = proposed({ matter: 'amend_charter', rule: { decidedBy: 'stewards', quorumPct: '50', thresholdPct: '66.67', votingDays: 7 } });
    spec
      .given([amend, voted(HOSPITAL, 'for'), voted(CLINIC, 'against'), voted(STEWARD, 'for')])
      .when(close, as(STEWARD))
      .thenResult((events) => expect(events[0].data).toMatchObject({ outcome: 'adopted', early: true }));
  });

  it('closes early when no remaining vote can change the outcome', () => {
    spec
      .given([...open, voted(HOSPITAL, 'for'), voted(CLINIC, 'for')])
      .when(close, as(STEWARD))
      .then([closed('adopted', { eligible: 3, for: 2, against: 0, abstain: 0, recused: 0, notVoted: 1, quorumMet: true, thresholdMet: true }, { closedAt: TEST_NOW, early: true })]);
  });

  it('does not close before voting closes while the outcome can still change', () => {
    spec.given(open).when(close, as(STEWARD)).thenThrows('voting_still_open', 'rule');
    spec.given([...open, voted(HOSPITAL, 'for')]).when(close, as(STEWARD)).thenThrows('voting_still_open', 'rule');
    spec.given([...open, voted(HOSPITAL, 'for'), voted(CLINIC, 'against')]).when(close, as(STEWARD)).thenThrows('voting_still_open', 'rule');
  });

  it('only a steward closes it, once', () => {
    spec.given(open).when(close, afterVoting(FOOD_BANK)).thenThrows('steward_only', 'forbidden');
    spec.given(open).when(close, contextFor({ kind: 'operator' }, { collaborative, now: CLOSES_AT })).thenThrows('steward_only', 'forbidden');
    spec.given([...open, closed('lapsed', {})]).when(close, afterVoting(STEWARD)).thenThrows('resolution_closed', 'rule');
    spec.given([...open, { type: 'ResolutionWithdrawn', data: { resolutionId: ID, reason: 'r', withdrawnBy: STEWARD } }]).when(close, afterVoting(STEWARD)).thenThrows('resolution_withdrawn', 'rule');
    spec.given([]).when(close, afterVoting(STEWARD)).thenThrows('resolution_not_found', 'not_found');
  });

  it('keeps the outcome and the final tally; its status follows the clock until then', () => {
    const state = evolveAll(resolutionDecider, [...open, voted(HOSPITAL, 'for')])!;
    expect(resolutionStatus(state, TEST_NOW)).toBe('voting');
    expect(resolutionStatus(state, CLOSES_AT)).toBe('awaiting_closure');
    const tally = { eligible: 3, for: 1, against: 0, abstain: 0, recused: 0, notVoted: 2, quorumMet: false, thresholdMet: true };
    const after = evolveAll(resolutionDecider, [closed('lapsed', tally)], state)!;
    expect(after.status).toBe('lapsed');
    expect(resolutionStatus(after, CLOSES_AT)).toBe('lapsed');
    expect(currentTally(after)).toEqual(tally);
  });
});

describe('resolution: withdrawal', () => {
  const open = [proposed()];
  const withdraw = cmd('WithdrawResolution', { reason: 'Re-proposed with a clearer text' });
  const withdrawn: ResolutionEvent = { type: 'ResolutionWithdrawn', data: { resolutionId: ID, reason: 'Re-proposed with a clearer text', withdrawnBy: STEWARD } };

  it('the proposer withdraws it before it closes, even after voting time', () => {
    spec.given(open).when(withdraw, as(STEWARD)).then([withdrawn]);
    spec.given(open).when(withdraw, afterVoting(STEWARD)).then([withdrawn]);
  });

  it('no one else does; not once closed or withdrawn; with a reason', () => {
    spec.given(open).when(withdraw, as(HOSPITAL)).thenThrows('not_the_proposer', 'forbidden');
    spec.given(open).when(withdraw, asOperator({ collaborative })).thenThrows('not_the_proposer', 'forbidden');
    spec.given([...open, withdrawn]).when(withdraw, as(STEWARD)).thenThrows('resolution_withdrawn', 'rule');
    spec.given(open).when(cmd('WithdrawResolution', {}), as(STEWARD)).thenThrows('required', 'invalid');
  });
});

describe('resolution: the actor its acts run as', () => {
  it('is the collaborative by resolution', () => {
    const actor: Actor = { kind: 'resolution', collaborativeId: UPPER_VALLEY, resolutionId: ID };
    expect(asResolution(UPPER_VALLEY, ID).actor).toEqual(actor);
  });
});
