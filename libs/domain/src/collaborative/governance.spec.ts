/** The collaborative's own governance: its charter, role changes, goal revisions and pathway phases. */
import { DeciderSpecification } from '../testing/decider-specification';
import { TEST_NOW, asOperator, asOrganization, asResolution } from '../testing/context';
import { refusalOf } from '../testing/refusal';
import { evolveAll } from '../shared/decider';
import type { CharterRule } from '../governance/charter';
import type { CollaborativeCommand } from './commands';
import { collaborativeDecider } from './decider';
import type { CollaborativeEvent } from './events';
import { charterOf, roleOf, ruleInForce } from './state';

const spec = DeciderSpecification.for(collaborativeDecider);
const ID = 'upper-valley';
const STEWARD = 'county-health';
const OTHER_STEWARD = 'valley-hospital';
const MEMBER = 'food-bank';

const formed: CollaborativeEvent = { type: 'CollaborativeFormed', data: { collaborativeId: ID, name: 'Upper Valley', region: 'VT/NH', pathwayPhase: 4, formedAt: '2024-01-15T09:00:00.000Z' } };
const admitted = (organizationId: string, role: 'steward' | 'member' | 'auditor' | 'observer'): CollaborativeEvent => ({
  type: 'MemberAdmitted',
  data: { collaborativeId: ID, organizationId, role },
});
const base = [formed, admitted(STEWARD, 'steward'), admitted(OTHER_STEWARD, 'steward'), admitted(MEMBER, 'member')];
const cmd = (type: CollaborativeCommand['type'], data: Record<string, unknown>) => ({ type, data }) as CollaborativeCommand;
/** A rule as a client sends it; the invalid ones too, hence the cast. */
const rule = (matter: string, decidedBy = 'stewards', terms: Record<string, unknown> = {}) =>
  ({ matter, decidedBy, quorumPct: '50', thresholdPct: '50', votingDays: 7, ...terms }) as unknown as CharterRule;
const charterAdopted = (rules: CharterRule[]): CollaborativeEvent => ({ type: 'CharterAdopted', data: { collaborativeId: ID, rules } });
const setCharter = (rules: unknown) => cmd('SetCharter', { rules });
const amendCharter = (rules: unknown, reason?: string) => cmd('AmendCharter', { rules, ...(reason && { reason }) });
const stateOf = (events: CollaborativeEvent[]) => evolveAll(collaborativeDecider, events)!;

describe('charter: the default charter', () => {
  const state = stateOf(base);

  it('gives membership, roles, declarations, the phase and the charter itself to a vote of the stewards', () => {
    for (const matter of ['remove_member', 'change_role', 'terminate_declaration', 'change_phase'] as const) {
      expect(ruleInForce(state, matter)).toEqual(rule(matter));
    }
    expect(ruleInForce(state, 'amend_charter')).toEqual(rule('amend_charter', 'stewards', { thresholdPct: '66.67' }));
  });

  it('votes on admitting stewards and auditors, not members and observers', () => {
    expect(ruleInForce(state, 'admit_member', 'steward').decidedBy).toBe('stewards');
    expect(ruleInForce(state, 'admit_member', 'auditor').decidedBy).toBe('stewards');
    expect(ruleInForce(state, 'admit_member', 'member').decidedBy).toBe('steward');
    expect(ruleInForce(state, 'admit_member', 'observer').decidedBy).toBe('steward');
  });

  it('lets one steward decide everything else', () => {
    for (const matter of ['adopt_goal', 'revise_goal', 'adjudicate_dispute', 'close_commitment_as_missed', 'record_risk_result', 'general'] as const) {
      expect(ruleInForce(state, matter)).toEqual(rule(matter, 'steward'));
    }
  });

  it('is listed matter by matter, admit_member once per group of roles', () => {
    const charter = charterOf(state);
    expect(charter).toHaveLength(13);
    expect(charter.every((entry) => entry.source === 'default')).toBe(true);
    expect(charter.filter((entry) => entry.matter === 'admit_member')).toEqual([
      { ...rule('admit_member', 'stewards'), source: 'default', forRoles: ['steward', 'auditor'] },
      { ...rule('admit_member', 'steward'), source: 'default', forRoles: ['member', 'observer'] },
    ]);
  });
});

describe('charter: the first charter', () => {
  it('is set by the operator; percentages are stored as canonical decimal strings, omitted terms take the defaults', () => {
    spec
      .given(base)
      .when(
        setCharter([
          { matter: 'adopt_goal', decidedBy: 'members', quorumPct: 60, thresholdPct: 66.67, votingDays: 14 },
          { matter: 'admit_member', decidedBy: 'stewards', quorumPct: '50.50', thresholdPct: 'consensus' },
          { matter: 'general', decidedBy: 'members' },
        ]),
        asOperator(),
      )
      .then([
        charterAdopted([
          { matter: 'adopt_goal', decidedBy: 'members', quorumPct: '60', thresholdPct: '66.67', votingDays: 14 },
          { matter: 'admit_member', decidedBy: 'stewards', quorumPct: '50.5', thresholdPct: 'consensus', votingDays: 7 },
          { matter: 'general', decidedBy: 'members', quorumPct: '50', thresholdPct: '50', votingDays: 7 },
        ]),
      ]);
  });

  it('changes only the matters it names; the others keep the default', () => {
    spec
      .given(base)
      .when(setCharter([rule('adjudicate_dispute', 'stewards', { quorumPct: '75' })]), asOperator())
      .thenResult((_events, state) => {
        expect(ruleInForce(state!, 'adjudicate_dispute')).toEqual(rule('adjudicate_dispute', 'stewards', { quorumPct: '75' }));
        expect(ruleInForce(state!, 'terminate_declaration')).toEqual(rule('terminate_declaration'));
        expect(charterOf(state!).find((entry) => entry.matter === 'adjudicate_dispute')?.source).toBe('charter');
        expect(state!.charterAdopted).toBe(true);
      });
  });

  it('may be the default charter itself (no rules), which still counts as the first charter', () => {
    spec.given(base).when(setCharter([]), asOperator()).then([charterAdopted([])]);
    spec.given([...base, charterAdopted([])]).when(setCharter([]), asOperator()).thenThrows('charter_already_set', 'conflict');
  });

  it('is set once: afterwards only a resolution amends it', () => {
    spec.given([...base, charterAdopted([rule('general')])]).when(setCharter([rule('general', 'members')]), asOperator()).thenThrows('charter_already_set', 'conflict');
    const amended: CollaborativeEvent = { type: 'CharterAmended', data: { collaborativeId: ID, rules: [rule('general', 'members')], resolutionId: 'r-1' } };
    spec.given([...base, amended]).when(setCharter([]), asOperator()).thenThrows('charter_already_set', 'conflict');
  });

  it('is not set by a steward nor by a resolution', () => {
    spec.given(base).when(setCharter([]), asOrganization(STEWARD)).thenThrows('operator_only', 'forbidden');
    spec.given(base).when(setCharter([]), asResolution(ID, 'r-1')).thenThrows('operator_only', 'forbidden');
  });

  it('needs the collaborative', () => {
    spec.given([]).when(setCharter([]), asOperator()).thenThrows('collaborative_not_found', 'not_found');
  });

  it.each([
    ['a quorum over 100', [rule('general', 'stewards', { quorumPct: 101 })], 'invalid_percentage', 'rules[0].quorumPct'],
    ['a negative quorum', [rule('general', 'stewards', { quorumPct: '-1' })], 'invalid_percentage', 'rules[0].quorumPct'],
    ['a quorum with three decimals', [rule('general', 'stewards', { quorumPct: '50.125' })], 'invalid_percentage', 'rules[0].quorumPct'],
    ['a float quorum that is not a two-decimal number', [rule('general', 'stewards', { quorumPct: 0.1 + 0.2 })], 'invalid_percentage', 'rules[0].quorumPct'],
    ['a threshold that is not a percentage', [rule('general'), rule('adopt_goal', 'stewards', { thresholdPct: 'most' })], 'invalid_threshold', 'rules[1].thresholdPct'],
    ['a threshold of 0', [rule('general', 'stewards', { thresholdPct: 0 })], 'invalid_threshold', 'rules[0].thresholdPct'],
    ['a threshold over 100', [rule('general', 'stewards', { thresholdPct: '100.01' })], 'invalid_threshold', 'rules[0].thresholdPct'],
    ['a threshold with three decimals', [rule('general', 'stewards', { thresholdPct: 66.667 })], 'invalid_threshold', 'rules[0].thresholdPct'],
    ['zero voting days', [rule('general', 'stewards', { votingDays: 0 })], 'invalid_integer', 'rules[0].votingDays'],
    ['91 voting days', [rule('general', 'stewards', { votingDays: 91 })], 'invalid_integer', 'rules[0].votingDays'],
    ['an unknown decider', [rule('general', 'board')], 'invalid_choice', 'rules[0].decidedBy'],
    ['an unknown matter', [rule('buy_building')], 'invalid_choice', 'rules[0].matter'],
    ['a matter named twice', [rule('general'), rule('adopt_goal'), rule('general', 'members')], 'duplicate_matter', 'rules[2].matter'],
    ['the charter given to one steward', [rule('amend_charter', 'steward')], 'amend_charter_needs_vote', 'rules[0].decidedBy'],
    ['a rule that is not an object', ['general'], 'invalid_object', 'rules[0]'],
  ])('refuses %s, naming the field', (_case, rules, code, path) => {
    spec.given(base).when(setCharter(rules), asOperator()).thenThrows(code, 'invalid');
    expect(refusalOf(() => collaborativeDecider.decide(setCharter(rules), stateOf(base), asOperator())).path).toBe(path);
  });

  it('refuses rules that are not a list', () => {
    spec.given(base).when(setCharter({ general: 'stewards' }), asOperator()).thenThrows('invalid_list', 'invalid');
  });

  it('accepts the edges: quorum 0 and 100, threshold 0.01 and 100', () => {
    spec
      .given(base)
      .when(setCharter([rule('general', 'stewards', { quorumPct: 0, thresholdPct: '0.01' }), rule('adopt_goal', 'stewards', { quorumPct: '100', thresholdPct: 100, votingDays: 90 })]), asOperator())
      .thenResult((events) => {
        expect(events[0].data).toMatchObject({
          rules: [rule('general', 'stewards', { quorumPct: '0', thresholdPct: '0.01' }), rule('adopt_goal', 'stewards', { quorumPct: '100', thresholdPct: '100', votingDays: 90 })],
        });
      });
  });
});

describe('charter: amendment', () => {
  const amended = (rules: CharterRule[], reason?: string): CollaborativeEvent => ({
    type: 'CharterAmended',
    data: { collaborativeId: ID, rules, resolutionId: 'r-9', ...(reason && { reason }) },
  });

  it('is made by an adopted amend_charter resolution, and changes only the matters it names', () => {
    const given = [...base, charterAdopted([rule('general', 'members'), rule('adopt_goal', 'stewards')])];
    spec
      .given(given)
      .when(amendCharter([rule('adopt_goal', 'steward')], 'Goals are routine'), asResolution(ID, 'r-9'))
      .then([amended([rule('adopt_goal', 'steward')], 'Goals are routine')]);
    const state = stateOf([...given, amended([rule('adopt_goal', 'steward')])]);
    expect(ruleInForce(state, 'adopt_goal').decidedBy).toBe('steward');
    expect(ruleInForce(state, 'general').decidedBy).toBe('members');
  });

  it('is refused to a steward (resolution_required) and to the operator', () => {
    spec.given(base).when(amendCharter([rule('general', 'members')]), asOrganization(STEWARD)).thenThrows('resolution_required', 'rule');
    spec.given(base).when(amendCharter([rule('general', 'members')]), asOperator()).thenThrows('steward_only', 'forbidden');
    spec.given(base).when(amendCharter([rule('general', 'members')]), asOrganization(MEMBER)).thenThrows('steward_only', 'forbidden');
  });

  it('is refused to a resolution of another collaborative', () => {
    spec.given(base).when(amendCharter([rule('general', 'members')]), asResolution('other-valley', 'r-9')).thenThrows('resolution_of_other_collaborative', 'forbidden');
  });

  it('changes at least one rule, and validates them as a charter does', () => {
    spec.given(base).when(amendCharter([]), asResolution(ID, 'r-9')).thenThrows('invalid_list', 'invalid');
    spec.given(base).when(amendCharter([rule('general', 'stewards', { quorumPct: 150 })]), asResolution(ID, 'r-9')).thenThrows('invalid_percentage', 'invalid');
  });
});

describe('charter: the witnesses of the log', () => {
  const AUDITOR = 'state-auditor';
  const OBSERVER = 'residents-council';
  const withMore = [...base, admitted(AUDITOR, 'auditor'), admitted(OBSERVER, 'observer')];
  const witnesses = (...ids: string[]) => ids.map((organizationId) => ({ organizationId }));

  it('are named in the first charter with their quorum, and kept in the state', () => {
    spec
      .given(withMore)
      .when(cmd('SetCharter', { rules: [], witnesses: witnesses(STEWARD, MEMBER, AUDITOR), witnessQuorum: 2 }), asOperator())
      .then([{ type: 'CharterAdopted', data: { collaborativeId: ID, rules: [], witnesses: witnesses(STEWARD, MEMBER, AUDITOR), witnessQuorum: 2 } }]);
    const state = stateOf([...withMore, { type: 'CharterAdopted', data: { collaborativeId: ID, rules: [], witnesses: witnesses(STEWARD, MEMBER, AUDITOR), witnessQuorum: 2 } }]);
    expect(state.witnessPolicy).toEqual({ witnesses: [STEWARD, MEMBER, AUDITOR], quorum: 2 });
    expect(stateOf(withMore).witnessPolicy).toBeNull();
  });

  it('default to a majority of the witnesses named', () => {
    spec
      .given(withMore)
      .when(cmd('SetCharter', { rules: [], witnesses: witnesses(STEWARD, MEMBER, AUDITOR, OTHER_STEWARD) }), asOperator())
      .thenResult((events) => expect(events[0].data).toMatchObject({ witnessQuorum: 3 }));
  });

  it.each([
    ['a quorum above the witnesses named', { witnesses: witnesses(STEWARD, MEMBER), witnessQuorum: 3 }, 'invalid_integer', 'invalid'],
    ['a quorum of 0', { witnesses: witnesses(STEWARD, MEMBER), witnessQuorum: 0 }, 'invalid_integer', 'invalid'],
    ['a quorum without witnesses', { witnessQuorum: 1 }, 'witnesses_required', 'invalid'],
    ['a witness named twice', { witnesses: witnesses(STEWARD, STEWARD) }, 'duplicate_witness', 'invalid'],
    ['a malformed organization id', { witnesses: [{ organizationId: 'Not An Id' }] }, 'invalid_id', 'invalid'],
    ['an organization that is not a member', { witnesses: witnesses(STEWARD, 'somewhere-else') }, 'witness_not_a_member', 'rule'],
    ['an observer, which reads no consistency proofs', { witnesses: witnesses(STEWARD, OBSERVER) }, 'witness_not_a_member', 'rule'],
  ] as const)('refuse %s', (_label, body, code, kind) => {
    spec.given(withMore).when(cmd('SetCharter', { rules: [], ...body }), asOperator()).thenThrows(code, kind);
  });

  it('change by an adopted amend_charter resolution alone, the rules unchanged; an empty list ends them', () => {
    const adopted: CollaborativeEvent = { type: 'CharterAdopted', data: { collaborativeId: ID, rules: [rule('general', 'members')], witnesses: witnesses(STEWARD, MEMBER), witnessQuorum: 2 } };
    const amendment: CollaborativeEvent = { type: 'CharterAmended', data: { collaborativeId: ID, rules: [], resolutionId: 'r-9', witnesses: witnesses(STEWARD, MEMBER, AUDITOR), witnessQuorum: 2 } };
    spec
      .given([...withMore, adopted])
      .when(cmd('AmendCharter', { witnesses: witnesses(STEWARD, MEMBER, AUDITOR), witnessQuorum: 2 }), asResolution(ID, 'r-9'))
      .then([amendment]);
    const state = stateOf([...withMore, adopted, amendment]);
    expect(state.witnessPolicy).toEqual({ witnesses: [STEWARD, MEMBER, AUDITOR], quorum: 2 });
    expect(ruleInForce(state, 'general').decidedBy).toBe('members');
    // An amendment of the rules alone keeps the witnesses.
    const rulesOnly = stateOf([...withMore, adopted, amendment, { type: 'CharterAmended', data: { collaborativeId: ID, rules: [rule('adopt_goal', 'steward')], resolutionId: 'r-10' } }]);
    expect(rulesOnly.witnessPolicy).toEqual(state.witnessPolicy);
    const ended = stateOf([...withMore, adopted, { type: 'CharterAmended', data: { collaborativeId: ID, rules: [], resolutionId: 'r-11', witnesses: [] } }]);
    expect(ended.witnessPolicy).toBeNull();
    spec.given([...withMore, adopted]).when(cmd('AmendCharter', { witnesses: [], witnessQuorum: 1 }), asResolution(ID, 'r-9')).thenThrows('witnesses_required', 'invalid');
    spec.given([...withMore, adopted]).when(cmd('AmendCharter', { witnesses: witnesses(MEMBER) }), asOrganization(STEWARD)).thenThrows('resolution_required', 'rule');
  });
});

describe('collaborative: change a member role', () => {
  const change = (organizationId: string, role: string, reason?: string) => cmd('ChangeMemberRole', { organizationId, role, ...(reason && { reason }) });
  const changed = (organizationId: string, previousRole: string, role: string, extra: Record<string, unknown> = {}): CollaborativeEvent =>
    ({ type: 'MemberRoleChanged', data: { collaborativeId: ID, organizationId, previousRole, role, ...extra } }) as CollaborativeEvent;
  const byOneSteward = charterAdopted([rule('change_role', 'steward')]);

  it('is done by a resolution', () => {
    spec.given(base).when(change(MEMBER, 'steward', 'Leads the food access work'), asResolution(ID, 'r-3')).then([
      changed(MEMBER, 'member', 'steward', { reason: 'Leads the food access work', resolutionId: 'r-3' }),
    ]);
  });

  it('needs a resolution under the default charter', () => {
    spec.given(base).when(change(MEMBER, 'steward'), asOrganization(STEWARD)).thenThrows('resolution_required', 'rule');
  });

  it('is done by the operator, who administers the membership', () => {
    spec.given(base).when(change(MEMBER, 'observer'), asOperator()).then([changed(MEMBER, 'member', 'observer')]);
  });

  it('is done by one steward or the operator where the charter says so, and changes the role in state', () => {
    spec.given([...base, byOneSteward]).when(change(MEMBER, 'observer'), asOrganization(STEWARD)).thenResult((events, state) => {
      expect(events).toEqual([changed(MEMBER, 'member', 'observer')]);
      expect(roleOf(state!, MEMBER)).toBe('observer');
    });
    spec.given([...base, byOneSteward]).when(change(MEMBER, 'auditor'), asOperator()).then([changed(MEMBER, 'member', 'auditor')]);
  });

  it('is not done by a member', () => {
    spec.given(base).when(change(MEMBER, 'steward'), asOrganization(MEMBER)).thenThrows('operator_or_steward_only', 'forbidden');
  });

  it('never leaves the collaborative without a steward', () => {
    const oneSteward = [formed, admitted(STEWARD, 'steward'), admitted(MEMBER, 'member')];
    spec.given(oneSteward).when(change(STEWARD, 'member'), asResolution(ID, 'r-3')).thenThrows('last_steward', 'rule');
    spec.given(base).when(change(STEWARD, 'member'), asResolution(ID, 'r-3')).then([changed(STEWARD, 'steward', 'member', { resolutionId: 'r-3' })]);
  });

  it('needs a current member, a known role and an actual change', () => {
    spec.given(base).when(change('far-away-org', 'member'), asResolution(ID, 'r-3')).thenThrows('member_not_found', 'not_found');
    spec.given(base).when(change(MEMBER, 'chair'), asResolution(ID, 'r-3')).thenThrows('invalid_choice', 'invalid');
    spec.given(base).when(change(MEMBER, 'member'), asResolution(ID, 'r-3')).thenThrows('role_unchanged', 'rule');
  });
});

describe('collaborative: revise a shared goal', () => {
  const goal: CollaborativeEvent = {
    type: 'SharedGoalAdopted',
    data: {
      collaborativeId: ID,
      goalId: 'fewer-readmissions',
      title: 'Fewer readmissions',
      indicator: { name: '30-day readmissions', unit: 'per 1000', polarity: 'lower_is_better' },
      baseline: { value: '14.2', date: '2024-01-01' },
      target: { value: '10', date: '2026-12-31' },
    },
  };
  const revise = (data: Record<string, unknown>) => cmd('ReviseSharedGoal', { goalId: 'fewer-readmissions', reason: 'The state raised the bar', ...data });

  it('a steward sets a new target and title; the indicator, baseline and measurements stay', () => {
    spec
      .given([...base, goal])
      .when(revise({ title: 'Far fewer readmissions', target: { value: '8.5', date: '2027-06-30' } }), asOrganization(STEWARD))
      .thenResult((events, state) => {
        expect(events).toEqual([
          {
            type: 'SharedGoalRevised',
            data: { collaborativeId: ID, goalId: 'fewer-readmissions', title: 'Far fewer readmissions', target: { value: '8.5', date: '2027-06-30' }, reason: 'The state raised the bar' },
          },
        ]);
        expect(state!.goals.get('fewer-readmissions')).toMatchObject({
          title: 'Far fewer readmissions',
          target: { value: '8.5', date: '2027-06-30' },
          baseline: { value: '14.2', date: '2024-01-01' },
          measurements: [],
        });
      });
  });

  it('a resolution revises only the title', () => {
    spec.given([...base, goal]).when(revise({ title: 'Readmissions' }), asResolution(ID, 'r-4')).then([
      { type: 'SharedGoalRevised', data: { collaborativeId: ID, goalId: 'fewer-readmissions', title: 'Readmissions', reason: 'The state raised the bar', resolutionId: 'r-4' } },
    ]);
  });

  it('needs a resolution where the charter gives revise_goal to a vote', () => {
    spec.given([...base, goal, charterAdopted([rule('revise_goal', 'members')])]).when(revise({ title: 'x' }), asOrganization(STEWARD)).thenThrows('resolution_required', 'rule');
  });

  it('changes something, with a reason, on an existing goal, with a target after the baseline', () => {
    spec.given([...base, goal]).when(revise({}), asOrganization(STEWARD)).thenThrows('empty_revision', 'invalid');
    spec.given([...base, goal]).when(revise({ title: 'x', reason: '' }), asOrganization(STEWARD)).thenThrows('required', 'invalid');
    spec.given([...base, goal]).when(revise({ target: { value: 9, date: '2027-01-01' } }), asOrganization(STEWARD)).thenThrows('invalid_decimal', 'invalid');
    spec.given([...base, goal]).when(revise({ target: { value: '9', date: '2023-12-31' } }), asOrganization(STEWARD)).thenThrows('target_not_after_baseline', 'invalid');
    spec.given(base).when(revise({ title: 'x' }), asOrganization(STEWARD)).thenThrows('goal_not_found', 'not_found');
  });

  it('is not done by a member or the operator', () => {
    spec.given([...base, goal]).when(revise({ title: 'x' }), asOrganization(MEMBER)).thenThrows('steward_only', 'forbidden');
    spec.given([...base, goal]).when(revise({ title: 'x' }), asOperator()).thenThrows('steward_only', 'forbidden');
  });
});

describe('collaborative: pathway phase', () => {
  const change = (pathwayPhase: unknown, reason?: string) => cmd('ChangePathwayPhase', { pathwayPhase, ...(reason && { reason }) });
  const phaseChanged = (pathwayPhase: number, previousPhase: number, extra: Record<string, unknown> = {}): CollaborativeEvent =>
    ({ type: 'PathwayPhaseChanged', data: { collaborativeId: ID, pathwayPhase, previousPhase, from: TEST_NOW, ...extra } }) as CollaborativeEvent;

  it('starts its history at formation', () => {
    expect(stateOf(base).phaseHistory).toEqual([{ pathwayPhase: 4, from: '2024-01-15T09:00:00.000Z' }]);
    const legacy: CollaborativeEvent = { type: 'CollaborativeFormed', data: { collaborativeId: ID, name: 'U', region: 'R', pathwayPhase: 2 } };
    expect(stateOf([legacy]).phaseHistory).toEqual([{ pathwayPhase: 2 }]);
  });

  it('is changed by a resolution, from the moment of the decision', () => {
    spec
      .given(base)
      .when(change(5, 'The stewardship group now holds authority'), asResolution(ID, 'r-5'))
      .thenResult((events, state) => {
        expect(events).toEqual([phaseChanged(5, 4, { reason: 'The stewardship group now holds authority', resolutionId: 'r-5' })]);
        expect(state!.pathwayPhase).toBe(5);
        expect(state!.phaseHistory).toEqual([
          { pathwayPhase: 4, from: '2024-01-15T09:00:00.000Z' },
          { pathwayPhase: 5, from: TEST_NOW, resolutionId: 'r-5' },
        ]);
      });
  });

  it('needs a resolution under the default charter', () => {
    spec.given(base).when(change(5), asOrganization(STEWARD)).thenThrows('resolution_required', 'rule');
  });

  it('is changed by one steward where the charter says so (back to an earlier phase too)', () => {
    spec.given([...base, charterAdopted([rule('change_phase', 'steward')])]).when(change(3), asOrganization(STEWARD)).then([phaseChanged(3, 4)]);
  });

  it('is not changed by the operator or a member', () => {
    spec.given(base).when(change(5), asOperator()).thenThrows('steward_only', 'forbidden');
    spec.given(base).when(change(5), asOrganization(MEMBER)).thenThrows('steward_only', 'forbidden');
  });

  it('needs a phase from 1 to 5 that differs from the current one', () => {
    spec.given(base).when(change(6), asResolution(ID, 'r-5')).thenThrows('invalid_integer', 'invalid');
    spec.given(base).when(change('5'), asResolution(ID, 'r-5')).thenThrows('invalid_integer', 'invalid');
    spec.given(base).when(change(4), asResolution(ID, 'r-5')).thenThrows('phase_unchanged', 'rule');
  });
});
