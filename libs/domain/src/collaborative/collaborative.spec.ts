import { DeciderSpecification } from '../testing/decider-specification';
import { TEST_NOW, asOperator, asOrganization, asResolution } from '../testing/context';
import { organizationState } from '../testing/fixtures';
import { evolveAll } from '../shared/decider';
import type { CollaborativeCommand } from './commands';
import { collaborativeDecider } from './decider';
import type { CollaborativeEvent } from './events';
import { isParticipant, latestMeasurement, measurementSeries, roleOf } from './state';
import type { CharterRule } from '../governance/charter';
import { refusalOf } from '../testing/refusal';

const spec = DeciderSpecification.for(collaborativeDecider);
const ID = 'upper-valley';
const STEWARD = 'county-health';
const MEMBER = 'valley-hospital';
const NEWCOMER = 'food-bank';

const formed: CollaborativeEvent = {
  type: 'CollaborativeFormed',
  data: { collaborativeId: ID, name: 'Upper Valley', region: 'Upper Valley, VT/NH', pathwayPhase: 2, formedAt: TEST_NOW },
};
const admitted = (organizationId: string, role: 'steward' | 'member' | 'auditor' | 'observer'): CollaborativeEvent => ({
  type: 'MemberAdmitted',
  data: { collaborativeId: ID, organizationId, role },
});
const base = [formed, admitted(STEWARD, 'steward'), admitted(MEMBER, 'member')];
const goal: CollaborativeEvent = {
  type: 'SharedGoalAdopted',
  data: {
    collaborativeId: ID,
    goalId: 'fewer-readmissions',
    title: 'Fewer readmissions',
    indicator: { name: '30-day readmissions', unit: 'per 1000 discharges', polarity: 'lower_is_better' },
    baseline: { value: '14.2', date: '2024-01-01' },
    target: { value: '10', date: '2026-12-31' },
  },
};

const charterAdopted = (rules: CharterRule[]): CollaborativeEvent => ({ type: 'CharterAdopted', data: { collaborativeId: ID, rules } });
const cmd = (type: CollaborativeCommand['type'], data: Record<string, unknown>) => ({ type, data }) as CollaborativeCommand;
const form = (data: Record<string, unknown> = {}) => cmd('FormCollaborative', { id: ID, name: 'Upper Valley', region: 'Upper Valley, VT/NH', pathwayPhase: 2, ...data });
const admit = (organizationId: string, role: string) => cmd('AdmitMember', { organizationId, role });
const withOrg = (id: string) => ({ organization: organizationState(id) });
const adopt = (data: Record<string, unknown> = {}) =>
  cmd('AdoptSharedGoal', {
    goalId: 'fewer-readmissions',
    title: 'Fewer readmissions',
    indicator: { name: '30-day readmissions', unit: 'per 1000 discharges', polarity: 'lower_is_better' },
    baseline: { value: '14.2', date: '2024-01-01' },
    target: { value: '10', date: '2026-12-31' },
    ...data,
  });
const measure = (data: Record<string, unknown> = {}) => cmd('RecordMeasurement', { goalId: 'fewer-readmissions', value: '13.1', periodEnd: '2024-12-31', ...data });

describe('collaborative: form', () => {
  it('is formed by the operator', () => {
    spec.given([]).when(form(), asOperator()).then([formed]);
  });

  it('cannot be formed by an organization', () => {
    spec.given([]).when(form(), asOrganization(STEWARD)).thenThrows('operator_only', 'forbidden');
  });

  it('cannot be formed twice', () => {
    spec.given([formed]).when(form(), asOperator()).thenThrows('collaborative_already_formed', 'conflict');
  });

  it.each([0, 6, 2.5, '3', null])('refuses pathway phase %p', (pathwayPhase) => {
    spec.given([]).when(form({ pathwayPhase }), asOperator()).thenThrows('invalid_integer', 'invalid');
  });

  it('needs a valid id, a name and a region', () => {
    spec.given([]).when(form({ id: 'Upper Valley' }), asOperator()).thenThrows('invalid_id', 'invalid');
    spec.given([]).when(form({ name: '' }), asOperator()).thenThrows('required', 'invalid');
    spec.given([]).when(form({ region: undefined }), asOperator()).thenThrows('required', 'invalid');
  });
});

describe('collaborative: admit member', () => {
  it('is done by the operator while the collaborative has no steward to vote (its founding stewards)', () => {
    spec.given([formed]).when(admit(STEWARD, 'steward'), asOperator(withOrg(STEWARD))).then([admitted(STEWARD, 'steward')]);
    spec.given([formed, admitted(MEMBER, 'member')]).when(admit(NEWCOMER, 'auditor'), asOperator(withOrg(NEWCOMER))).then([admitted(NEWCOMER, 'auditor')]);
  });

  it('is done by a steward or the operator, as a member or an observer (the default charter lets one steward)', () => {
    for (const role of ['member', 'observer'] as const) {
      spec.given(base).when(admit(NEWCOMER, role), asOrganization(STEWARD, withOrg(NEWCOMER))).then([admitted(NEWCOMER, role)]);
      spec.given(base).when(admit(NEWCOMER, role), asOperator(withOrg(NEWCOMER))).then([admitted(NEWCOMER, role)]);
    }
  });

  it('as a steward or an auditor, needs a resolution under the default charter, once there is a steward', () => {
    for (const role of ['steward', 'auditor'] as const) {
      spec.given(base).when(admit(NEWCOMER, role), asOrganization(STEWARD, withOrg(NEWCOMER))).thenThrows('resolution_required', 'rule');
    }
  });

  it('is done by the operator, who convenes the collaborative and administers its membership, in any role', () => {
    for (const role of ['steward', 'auditor'] as const) {
      spec.given(base).when(admit(NEWCOMER, role), asOperator(withOrg(NEWCOMER))).then([{ type: 'MemberAdmitted', data: { collaborativeId: ID, organizationId: NEWCOMER, role } }]);
    }
  });

  it('names the matter and the rule when it needs a resolution', () => {
    const error = refusalOf(() => collaborativeDecider.decide(admit(NEWCOMER, 'steward'), evolveAll(collaborativeDecider, base), asOrganization(STEWARD, withOrg(NEWCOMER))));
    expect(error.detail).toMatch(/admit_member/);
    expect(error.details).toEqual({ matter: 'admit_member', rule: { matter: 'admit_member', decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 } });
  });

  it('is done by a resolution of the collaborative, in any role', () => {
    for (const role of ['steward', 'member', 'auditor', 'observer'] as const) {
      spec.given(base).when(admit(NEWCOMER, role), asResolution(ID, 'r-1', withOrg(NEWCOMER))).then([{ type: 'MemberAdmitted', data: { collaborativeId: ID, organizationId: NEWCOMER, role, resolutionId: 'r-1' } }]);
    }
  });

  it('is not done by a resolution of another collaborative', () => {
    spec.given(base).when(admit(NEWCOMER, 'steward'), asResolution('other-valley', 'r-1', withOrg(NEWCOMER))).thenThrows('resolution_of_other_collaborative', 'forbidden');
  });

  it('is done by one steward in any role where the charter says so', () => {
    spec
      .given([...base, charterAdopted([{ matter: 'admit_member', decidedBy: 'steward', quorumPct: '50', thresholdPct: '50', votingDays: 7 }])])
      .when(admit(NEWCOMER, 'steward'), asOrganization(STEWARD, withOrg(NEWCOMER)))
      .then([admitted(NEWCOMER, 'steward')]);
  });

  it('is voted on in every role where the charter says so', () => {
    spec
      .given([...base, charterAdopted([{ matter: 'admit_member', decidedBy: 'members', quorumPct: '50', thresholdPct: '50', votingDays: 7 }])])
      .when(admit(NEWCOMER, 'observer'), asOrganization(STEWARD, withOrg(NEWCOMER)))
      .thenThrows('resolution_required', 'rule');
  });

  it('is not done by a member', () => {
    spec.given(base).when(admit(NEWCOMER, 'member'), asOrganization(MEMBER, withOrg(NEWCOMER))).thenThrows('operator_or_steward_only', 'forbidden');
  });

  it('needs the organization to be registered', () => {
    spec.given(base).when(admit(NEWCOMER, 'member'), asOperator({ organization: null })).thenThrows('organization_not_found', 'not_found');
  });

  it('does not admit a current member twice', () => {
    spec.given(base).when(admit(MEMBER, 'observer'), asOperator(withOrg(MEMBER))).thenThrows('already_a_member', 'conflict');
    spec.given(base).when(admit(MEMBER, 'steward'), asResolution(ID, 'r-1', withOrg(MEMBER))).thenThrows('already_a_member', 'conflict');
  });

  it('admits again after a departure', () => {
    const departed: CollaborativeEvent = { type: 'MemberDeparted', data: { collaborativeId: ID, organizationId: MEMBER, role: 'member' } };
    spec.given([...base, departed]).when(admit(MEMBER, 'observer'), asOperator(withOrg(MEMBER))).then([admitted(MEMBER, 'observer')]);
  });

  it('refuses an unknown role', () => {
    spec.given(base).when(admit(NEWCOMER, 'owner'), asOperator(withOrg(NEWCOMER))).thenThrows('invalid_choice', 'invalid');
  });

  it('needs the collaborative to exist', () => {
    spec.given([]).when(admit(NEWCOMER, 'member'), asOperator(withOrg(NEWCOMER))).thenThrows('collaborative_not_found', 'not_found');
  });

  it('fails loudly when the application did not load the organization', () => {
    expect(() => collaborativeDecider.decide(admit(NEWCOMER, 'member'), evolveAll(collaborativeDecider, base), asOperator())).toThrow(/context.organization/);
  });
});

describe('collaborative: member departure', () => {
  const departed = (organizationId: string, role: 'steward' | 'member'): CollaborativeEvent => ({
    type: 'MemberDeparted',
    data: { collaborativeId: ID, organizationId, role },
  });

  const depart = (organizationId: string, reason?: string) => cmd('RecordMemberDeparture', { organizationId, ...(reason && { reason }) });
  const removeByOneSteward = charterAdopted([{ matter: 'remove_member', decidedBy: 'steward', quorumPct: '50', thresholdPct: '50', votingDays: 7 }]);

  it('is recorded by the organization itself, without a vote, even the last steward', () => {
    spec.given(base).when(depart(MEMBER), asOrganization(MEMBER)).then([departed(MEMBER, 'member')]);
    spec.given(base).when(depart(STEWARD, 'Merged into another health system'), asOrganization(STEWARD)).then([
      { type: 'MemberDeparted', data: { collaborativeId: ID, organizationId: STEWARD, role: 'steward', reason: 'Merged into another health system' } },
    ]);
  });

  it("of another organization, needs a resolution under the default charter (remove_member)", () => {
    spec.given(base).when(depart(MEMBER), asOrganization(STEWARD)).thenThrows('resolution_required', 'rule');
    // The operator administers the membership; its act names it on the log.
    spec.given(base).when(depart(MEMBER), asOperator()).then([departed(MEMBER, 'member')]);
    spec.given([...base, admitted(NEWCOMER, 'steward')]).when(depart(NEWCOMER), asOrganization(STEWARD)).thenThrows('resolution_required', 'rule');
  });

  it('of another organization, is recorded by a resolution, with its reason', () => {
    spec.given(base).when(depart(MEMBER, 'Stopped taking part'), asResolution(ID, 'r-7')).then([
      { type: 'MemberDeparted', data: { collaborativeId: ID, organizationId: MEMBER, role: 'member', reason: 'Stopped taking part', resolutionId: 'r-7' } },
    ]);
  });

  it('of another organization, is recorded by a steward or the operator where the charter lets one steward', () => {
    spec.given([...base, removeByOneSteward]).when(depart(MEMBER), asOrganization(STEWARD)).then([departed(MEMBER, 'member')]);
    spec.given([...base, removeByOneSteward]).when(depart(MEMBER), asOperator()).then([departed(MEMBER, 'member')]);
  });

  it('is recorded by the operator while the collaborative has no steward', () => {
    spec.given([formed, admitted(MEMBER, 'member')]).when(depart(MEMBER), asOperator()).then([departed(MEMBER, 'member')]);
  });

  it('never removes the last steward', () => {
    spec.given(base).when(depart(STEWARD), asResolution(ID, 'r-7')).thenThrows('last_steward', 'rule');
    spec.given([...base, removeByOneSteward]).when(depart(STEWARD), asOperator()).thenThrows('last_steward', 'rule');
    spec.given([...base, admitted(NEWCOMER, 'steward')]).when(depart(STEWARD), asResolution(ID, 'r-7')).then([
      { type: 'MemberDeparted', data: { collaborativeId: ID, organizationId: STEWARD, role: 'steward', resolutionId: 'r-7' } },
    ]);
  });

  it('is not recorded by another member', () => {
    spec.given(base).when(depart(STEWARD), asOrganization(MEMBER)).thenThrows('operator_or_steward_only', 'forbidden');
  });

  it('needs a current member', () => {
    spec.given(base).when(depart(NEWCOMER), asResolution(ID, 'r-7')).thenThrows('member_not_found', 'not_found');
    spec.given(base).when(depart(NEWCOMER), asOrganization(NEWCOMER)).thenThrows('member_not_found', 'not_found');
  });
});

describe('collaborative: shared goals', () => {
  it('are adopted by a steward', () => {
    spec.given(base).when(adopt(), asOrganization(STEWARD)).then([goal]);
  });

  it('get a generated id when none is given', () => {
    spec
      .given(base)
      .when(adopt({ goalId: undefined }), asOrganization(STEWARD))
      .thenResult((events) => expect(events[0].data).toMatchObject({ goalId: 'gen-1' }));
  });

  it('are not adopted by a member or the operator', () => {
    spec.given(base).when(adopt(), asOrganization(MEMBER)).thenThrows('steward_only', 'forbidden');
    spec.given(base).when(adopt(), asOperator()).thenThrows('steward_only', 'forbidden');
  });

  it('are adopted by a resolution', () => {
    spec.given(base).when(adopt(), asResolution(ID, 'r-2')).then([{ ...goal, data: { ...goal.data, resolutionId: 'r-2' } } as CollaborativeEvent]);
  });

  it('need a resolution where the charter gives adopt_goal to a vote', () => {
    spec
      .given([...base, charterAdopted([{ matter: 'adopt_goal', decidedBy: 'members', quorumPct: '50', thresholdPct: '50', votingDays: 7 }])])
      .when(adopt(), asOrganization(STEWARD))
      .thenThrows('resolution_required', 'rule');
  });

  it('refuses a goal id already taken', () => {
    spec.given([...base, goal]).when(adopt(), asOrganization(STEWARD)).thenThrows('goal_already_exists', 'conflict');
  });

  it('refuses float values, a bad polarity and a target not after the baseline', () => {
    spec.given(base).when(adopt({ baseline: { value: 14.2, date: '2024-01-01' } }), asOrganization(STEWARD)).thenThrows('invalid_decimal', 'invalid');
    spec.given(base).when(adopt({ indicator: { name: 'x', unit: 'y', polarity: 'up' } }), asOrganization(STEWARD)).thenThrows('invalid_choice', 'invalid');
    spec.given(base).when(adopt({ target: { value: '10', date: '2024-01-01' } }), asOrganization(STEWARD)).thenThrows('target_not_after_baseline', 'invalid');
    spec.given(base).when(adopt({ baseline: { value: '1', date: '2024-02-30' } }), asOrganization(STEWARD)).thenThrows('invalid_date', 'invalid');
  });
});

describe('collaborative: measurements', () => {
  const recorded = (periodEnd: string, value: string, source?: string): CollaborativeEvent => ({
    type: 'MeasurementRecorded',
    data: { collaborativeId: ID, goalId: 'fewer-readmissions', value, periodEnd, ...(source && { source }) },
  });

  it('are recorded by a steward, with an optional source', () => {
    spec.given([...base, goal]).when(measure(), asOrganization(STEWARD)).then([recorded('2024-12-31', '13.1')]);
    spec.given([...base, goal]).when(measure({ source: 'state discharge data' }), asOrganization(STEWARD)).then([recorded('2024-12-31', '13.1', 'state discharge data')]);
  });

  it('are not recorded by a member, nor by a resolution (no matter of the charter)', () => {
    spec.given([...base, goal]).when(measure(), asOrganization(MEMBER)).thenThrows('steward_only', 'forbidden');
    spec.given([...base, goal]).when(measure(), asResolution(ID, 'r-1')).thenThrows('steward_only', 'forbidden');
  });

  it('need an existing goal', () => {
    spec.given(base).when(measure(), asOrganization(STEWARD)).thenThrows('goal_not_found', 'not_found');
  });

  it('refuse a float value and a period that has not ended', () => {
    spec.given([...base, goal]).when(measure({ value: 13.1 }), asOrganization(STEWARD)).thenThrows('invalid_decimal', 'invalid');
    spec.given([...base, goal]).when(measure({ periodEnd: '2025-03-02' }), asOrganization(STEWARD)).thenThrows('date_in_future', 'invalid');
  });

  it('refuse a second measurement for the same period', () => {
    spec.given([...base, goal, recorded('2024-12-31', '13.1')]).when(measure({ value: '12' }), asOrganization(STEWARD)).thenThrows('measurement_already_recorded', 'conflict');
  });

  it('latest measurement is the one with the latest period end', () => {
    const state = evolveAll(collaborativeDecider, [...base, goal, recorded('2024-12-31', '13.1'), recorded('2024-06-30', '13.8')])!;
    expect(latestMeasurement(state.goals.get('fewer-readmissions')!)).toEqual({ value: '13.1', periodEnd: '2024-12-31' });
  });
});

describe('collaborative: corrections of measurements', () => {
  const recorded = (periodEnd: string, value: string, source?: string): CollaborativeEvent => ({
    type: 'MeasurementRecorded',
    data: { collaborativeId: ID, goalId: 'fewer-readmissions', value, periodEnd, ...(source && { source }) },
  });
  const correct = (data: Record<string, unknown> = {}) =>
    cmd('CorrectMeasurement', { goalId: 'fewer-readmissions', periodEnd: '2024-06-30', value: '13.4', reason: 'Late discharge records added', ...data });
  const corrected = (previousValue: string, value: string, extra: Record<string, unknown> = {}): CollaborativeEvent => ({
    type: 'MeasurementCorrected',
    data: { collaborativeId: ID, goalId: 'fewer-readmissions', periodEnd: '2024-06-30', previousValue, value, reason: 'Late discharge records added', correctedAt: TEST_NOW, ...extra },
  });
  const measured = [...base, goal, recorded('2024-06-30', '13.8', 'hospital records'), recorded('2024-12-31', '13.1')];

  it('are a new event by a steward that names the measurement it corrects (goal and period) and the value it replaces', () => {
    spec.given(measured).when(correct(), asOrganization(STEWARD)).then([corrected('13.8', '13.4')]);
    spec.given(measured).when(correct({ source: 'hospital records, revised' }), asOrganization(STEWARD)).then([corrected('13.8', '13.4', { source: 'hospital records, revised' })]);
  });

  it('replace the value in the series, keeping what it replaced; a later correction replaces the corrected value', () => {
    const state = evolveAll(collaborativeDecider, [...measured, corrected('13.8', '13.4'), { ...corrected('13.4', '13.5'), data: { ...corrected('13.4', '13.5').data, correctedAt: '2025-03-02T00:00:00.000Z' } } as CollaborativeEvent])!;
    const series = measurementSeries(state.goals.get('fewer-readmissions')!);
    expect(series.map((m) => [m.periodEnd, m.value])).toEqual([
      ['2024-06-30', '13.5'],
      ['2024-12-31', '13.1'],
    ]);
    expect(series[0]).toEqual({
      value: '13.5',
      periodEnd: '2024-06-30',
      source: 'hospital records',
      corrections: [
        { previousValue: '13.8', value: '13.4', reason: 'Late discharge records added', correctedAt: TEST_NOW },
        { previousValue: '13.4', value: '13.5', reason: 'Late discharge records added', correctedAt: '2025-03-02T00:00:00.000Z' },
      ],
    });
    spec.given([...measured, corrected('13.8', '13.4')]).when(correct({ value: '13.5' }), asOrganization(STEWARD)).then([corrected('13.4', '13.5')]);
    // The latest measurement, when corrected, is the corrected value.
    const latest = evolveAll(collaborativeDecider, [...measured, { ...corrected('13.1', '12.9'), data: { ...corrected('13.1', '12.9').data, periodEnd: '2024-12-31' } } as CollaborativeEvent])!;
    expect(latestMeasurement(latest.goals.get('fewer-readmissions')!)).toMatchObject({ value: '12.9', periodEnd: '2024-12-31' });
  });

  it('are refused to a member, a resolution, for an unknown goal or period, and when nothing would change', () => {
    spec.given(measured).when(correct(), asOrganization(MEMBER)).thenThrows('steward_only', 'forbidden');
    spec.given(measured).when(correct(), asResolution(ID, 'r-1')).thenThrows('steward_only', 'forbidden');
    spec.given(measured).when(correct({ goalId: 'nope' }), asOrganization(STEWARD)).thenThrows('goal_not_found', 'not_found');
    spec.given(measured).when(correct({ periodEnd: '2024-09-30' }), asOrganization(STEWARD)).thenThrows('measurement_not_found', 'not_found');
    spec.given(measured).when(correct({ value: '13.80' }), asOrganization(STEWARD)).thenThrows('measurement_unchanged', 'rule');
    spec.given(measured).when(correct({ value: '13.8', source: 'hospital records' }), asOrganization(STEWARD)).thenThrows('measurement_unchanged', 'rule');
  });

  it('refuse a float value, a missing reason and a malformed period', () => {
    spec.given(measured).when(correct({ value: 13.4 }), asOrganization(STEWARD)).thenThrows('invalid_decimal', 'invalid');
    spec.given(measured).when(correct({ reason: undefined }), asOrganization(STEWARD)).thenThrows('required', 'invalid');
    spec.given(measured).when(correct({ periodEnd: '2024-06-31' }), asOrganization(STEWARD)).thenThrows('invalid_date', 'invalid');
  });
});

describe('collaborative: roles', () => {
  it('answers the current role of an organization, or null', () => {
    const state = evolveAll(collaborativeDecider, [...base, admitted('state-auditor', 'auditor')])!;
    expect(roleOf(state, STEWARD)).toBe('steward');
    expect(roleOf(state, MEMBER)).toBe('member');
    expect(roleOf(state, 'state-auditor')).toBe('auditor');
    expect(roleOf(state, NEWCOMER)).toBeNull();
    expect(roleOf(state, 'constructor')).toBeNull();
    expect(isParticipant(state, MEMBER)).toBe(true);
    expect(isParticipant(state, 'state-auditor')).toBe(false);
    const departed = evolveAll(collaborativeDecider, [{ type: 'MemberDeparted', data: { collaborativeId: ID, organizationId: MEMBER, role: 'member' } }], state)!;
    expect(roleOf(departed, MEMBER)).toBeNull();
  });
});
