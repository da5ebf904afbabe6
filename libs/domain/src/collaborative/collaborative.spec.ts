import { DeciderSpecification } from '../testing/decider-specification';
import { asOperator, asOrganization } from '../testing/context';
import { organizationState } from '../testing/fixtures';
import { evolveAll } from '../shared/decider';
import type { CollaborativeCommand } from './commands';
import { collaborativeDecider } from './decider';
import type { CollaborativeEvent } from './events';
import { isParticipant, latestMeasurement, roleOf } from './state';

const spec = DeciderSpecification.for(collaborativeDecider);
const ID = 'upper-valley';
const STEWARD = 'county-health';
const MEMBER = 'valley-hospital';
const NEWCOMER = 'food-bank';

const formed: CollaborativeEvent = { type: 'CollaborativeFormed', data: { collaborativeId: ID, name: 'Upper Valley', region: 'Upper Valley, VT/NH', pathwayPhase: 2 } };
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
  it('is done by the operator', () => {
    spec.given([formed]).when(admit(STEWARD, 'steward'), asOperator(withOrg(STEWARD))).then([admitted(STEWARD, 'steward')]);
  });

  it('is done by a steward, in any role', () => {
    for (const role of ['steward', 'member', 'auditor', 'observer'] as const) {
      spec.given(base).when(admit(NEWCOMER, role), asOrganization(STEWARD, withOrg(NEWCOMER))).then([admitted(NEWCOMER, role)]);
    }
  });

  it('is not done by a member', () => {
    spec.given(base).when(admit(NEWCOMER, 'member'), asOrganization(MEMBER, withOrg(NEWCOMER))).thenThrows('operator_or_steward_only', 'forbidden');
  });

  it('needs the organization to be registered', () => {
    spec.given(base).when(admit(NEWCOMER, 'member'), asOperator({ organization: null })).thenThrows('organization_not_found', 'not_found');
  });

  it('does not admit a current member twice', () => {
    spec.given(base).when(admit(MEMBER, 'steward'), asOperator(withOrg(MEMBER))).thenThrows('already_a_member', 'conflict');
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

  it('is recorded by the organization itself, a steward or the operator', () => {
    spec.given(base).when(cmd('RecordMemberDeparture', { organizationId: MEMBER }), asOrganization(MEMBER)).then([departed(MEMBER, 'member')]);
    spec.given(base).when(cmd('RecordMemberDeparture', { organizationId: MEMBER }), asOrganization(STEWARD)).then([departed(MEMBER, 'member')]);
    spec.given(base).when(cmd('RecordMemberDeparture', { organizationId: STEWARD }), asOperator()).then([departed(STEWARD, 'steward')]);
  });

  it('is not recorded by another member', () => {
    spec.given(base).when(cmd('RecordMemberDeparture', { organizationId: STEWARD }), asOrganization(MEMBER)).thenThrows('operator_or_steward_only', 'forbidden');
  });

  it('needs a current member', () => {
    spec.given(base).when(cmd('RecordMemberDeparture', { organizationId: NEWCOMER }), asOperator()).thenThrows('member_not_found', 'not_found');
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

  it('are not recorded by a member', () => {
    spec.given([...base, goal]).when(measure(), asOrganization(MEMBER)).thenThrows('steward_only', 'forbidden');
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
