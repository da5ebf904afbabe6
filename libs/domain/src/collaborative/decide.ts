import { type DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import {
  LONG_TEXT,
  PATHWAY_PHASES,
  RECORD_ID,
  optionalText,
  requireDate,
  requireDecimal,
  requireInteger,
  requireObject,
  requireOneOf,
  requirePastOrToday,
  requireRecordId,
  requireText,
  sameDecimal,
} from '../shared/validation';
import { parseCharterRules } from '../governance/charter';
import { parseCharterWitnesses, witnessPolicyData } from '../governance/witnesses';
import type { OrganizationState } from '../organization/state';
import { requireMatterAuthority, requireSteward, type Authority } from './access';
import {
  MEMBER_ROLES,
  POLARITIES,
  type AdmitMember,
  type AdoptSharedGoal,
  type AmendCharter,
  type ChangeMemberRole,
  type ChangePathwayPhase,
  type CollaborativeCommand,
  type CorrectMeasurement,
  type DatedValue,
  type FormCollaborative,
  type MemberRole,
  type RecordMeasurement,
  type RecordMemberDeparture,
  type ReviseSharedGoal,
  type SetCharter,
} from './commands';
import type { CollaborativeEvent } from './events';
import { roleOf, stewardsOf, type CollaborativeState } from './state';

export interface CollaborativeContext extends DecisionContext {
  /** For AdmitMember only: the organization being admitted, null when it is not registered. */
  readonly organization?: OrganizationState | null;
}

export function decide(command: CollaborativeCommand, state: CollaborativeState | null, context: CollaborativeContext): CollaborativeEvent[] {
  if (command.type === 'FormCollaborative') return form(command, state, context);
  if (state === null) throw new NotFoundError('collaborative_not_found', 'there is no collaborative with this id');
  switch (command.type) {
    case 'AdmitMember':
      return admit(command, state, context);
    case 'RecordMemberDeparture':
      return depart(command, state, context);
    case 'ChangeMemberRole':
      return changeRole(command, state, context);
    case 'AdoptSharedGoal':
      return adoptGoal(command, state, context);
    case 'ReviseSharedGoal':
      return reviseGoal(command, state, context);
    case 'RecordMeasurement':
      return recordMeasurement(command, state, context);
    case 'CorrectMeasurement':
      return correctMeasurement(command, state, context);
    case 'ChangePathwayPhase':
      return changePhase(command, state, context);
    case 'SetCharter':
      return setCharter(command, state, context);
    case 'AmendCharter':
      return amendCharter(command, state, context);
  }
}

/** The resolutionId of an authority that is a resolution, ready to spread into event data. */
function byResolution(authority: Authority): { resolutionId?: string } {
  return authority.resolutionId === undefined ? {} : { resolutionId: authority.resolutionId };
}

function form(command: FormCollaborative, state: CollaborativeState | null, context: CollaborativeContext): CollaborativeEvent[] {
  if (state !== null) throw new ConflictError('collaborative_already_formed', `collaborative ${state.id} already exists`);
  const collaborativeId = requireRecordId(command.data.id, 'id');
  const name = requireText(command.data.name, 'name');
  const region = requireText(command.data.region, 'region');
  const pathwayPhase = requireInteger(command.data.pathwayPhase, PATHWAY_PHASES.min, PATHWAY_PHASES.max, 'pathwayPhase');
  if (context.actor.kind !== 'operator') throw new ForbiddenError('operator_only', 'only the operator forms collaboratives');
  return [{ type: 'CollaborativeFormed', data: { collaborativeId, name, region, pathwayPhase, formedAt: context.now } }];
}

function admit(command: AdmitMember, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const organizationId = requireRecordId(command.data.organizationId, 'organizationId');
  const role = requireOneOf(command.data.role, MEMBER_ROLES, 'role');
  const authority = requireMatterAuthority(state, context.actor, 'admit_member', `admit a${role === 'auditor' || role === 'observer' ? 'n' : ''} ${role}`, {
    operatorToo: true,
    role,
  });
  if (context.organization === undefined) throw new Error('context.organization must be loaded for AdmitMember');
  if (context.organization === null || context.organization.id !== organizationId) {
    throw new NotFoundError('organization_not_found', `no organization ${organizationId} is registered; the operator registers it first`);
  }
  const current = roleOf(state, organizationId);
  if (current !== null) {
    throw new ConflictError('already_a_member', `${organizationId} is already a ${current} of ${state.id}; it must depart before being admitted again`);
  }
  return [{ type: 'MemberAdmitted', data: { collaborativeId: state.id, organizationId, role, ...byResolution(authority) } }];
}

function requireMember(state: CollaborativeState, organizationId: string): MemberRole {
  const role = roleOf(state, organizationId);
  if (role === null) throw new NotFoundError('member_not_found', `${organizationId} is not a current member of ${state.id}`);
  return role;
}

/** The collaborative always keeps a steward: someone must speak for it, propose and close resolutions. */
function refuseLosingLastSteward(state: CollaborativeState, organizationId: string, doing: string): void {
  const stewards = stewardsOf(state);
  if (stewards.length === 1 && stewards[0] === organizationId) {
    throw new RuleViolation('last_steward', `${organizationId} is the last steward of ${state.id}; admit another steward before you ${doing}`);
  }
}

function depart(command: RecordMemberDeparture, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const organizationId = requireRecordId(command.data.organizationId, 'organizationId');
  const reason = optionalText(command.data.reason, 'reason', LONG_TEXT);
  const isSelf = context.actor.kind === 'organization' && context.actor.organizationId === organizationId;
  // Leaving is the organization's own right; removing another one is remove_member.
  const authority = isSelf ? null : requireMatterAuthority(state, context.actor, 'remove_member', "record another organization's departure", { operatorToo: true });
  const role = requireMember(state, organizationId);
  if (!isSelf) refuseLosingLastSteward(state, organizationId, `remove ${organizationId}`);
  return [
    {
      type: 'MemberDeparted',
      data: { collaborativeId: state.id, organizationId, role, ...(reason !== undefined && { reason }), ...(authority && byResolution(authority)) },
    },
  ];
}

function changeRole(command: ChangeMemberRole, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const organizationId = requireRecordId(command.data.organizationId, 'organizationId');
  const role = requireOneOf(command.data.role, MEMBER_ROLES, 'role');
  const reason = optionalText(command.data.reason, 'reason', LONG_TEXT);
  const authority = requireMatterAuthority(state, context.actor, 'change_role', "change a member's role", { operatorToo: true });
  const previousRole = requireMember(state, organizationId);
  if (previousRole === role) throw new RuleViolation('role_unchanged', `${organizationId} is already a ${role} of ${state.id}`);
  if (previousRole === 'steward') refuseLosingLastSteward(state, organizationId, `make ${organizationId} a ${role}`);
  return [
    {
      type: 'MemberRoleChanged',
      data: { collaborativeId: state.id, organizationId, previousRole, role, ...(reason !== undefined && { reason }), ...byResolution(authority) },
    },
  ];
}

function datedValue(value: unknown, path: string): DatedValue {
  const object = requireObject(value, path);
  return { value: requireDecimal(object.value, `${path}.value`), date: requireDate(object.date, `${path}.date`) };
}

function adoptGoal(command: AdoptSharedGoal, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const data = command.data;
  const suppliedGoalId = data.goalId === undefined || data.goalId === null ? undefined : requireRecordId(data.goalId, 'goalId');
  const title = requireText(data.title, 'title');
  const indicatorInput = requireObject(data.indicator, 'indicator');
  const indicator = {
    name: requireText(indicatorInput.name, 'indicator.name'),
    unit: requireText(indicatorInput.unit, 'indicator.unit'),
    polarity: requireOneOf(indicatorInput.polarity, POLARITIES, 'indicator.polarity'),
  };
  const baseline = datedValue(data.baseline, 'baseline');
  const target = datedValue(data.target, 'target');
  if (target.date <= baseline.date) {
    throw new InvalidCommandError('target_not_after_baseline', `target.date ${target.date} must come after baseline.date ${baseline.date}`, 'target.date');
  }
  const authority = requireMatterAuthority(state, context.actor, 'adopt_goal', 'adopt shared goals');
  if (suppliedGoalId !== undefined && state.goals.has(suppliedGoalId)) {
    throw new ConflictError('goal_already_exists', `${state.id} already has a goal ${suppliedGoalId}; choose another goalId`);
  }
  const goalId = suppliedGoalId ?? context.ids.next();
  if (!RECORD_ID.test(goalId)) throw new Error(`generated goal id ${goalId} is not a valid record id`);
  return [{ type: 'SharedGoalAdopted', data: { collaborativeId: state.id, goalId, title, indicator, baseline, target, ...byResolution(authority) } }];
}

function reviseGoal(command: ReviseSharedGoal, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const data = command.data;
  const goalId = requireText(data.goalId, 'goalId', 63);
  const title = optionalText(data.title, 'title');
  const target = data.target === undefined || data.target === null ? undefined : datedValue(data.target, 'target');
  const reason = requireText(data.reason, 'reason', LONG_TEXT);
  if (title === undefined && target === undefined) throw new InvalidCommandError('empty_revision', 'a revision changes the title, the target, or both');
  const authority = requireMatterAuthority(state, context.actor, 'revise_goal', 'revise shared goals');
  const goal = state.goals.get(goalId);
  if (!goal) throw new NotFoundError('goal_not_found', `${state.id} has no shared goal ${goalId}`);
  if (target !== undefined && target.date <= goal.baseline.date) {
    throw new InvalidCommandError('target_not_after_baseline', `target.date ${target.date} must come after the goal's baseline date ${goal.baseline.date}`, 'target.date');
  }
  return [
    {
      type: 'SharedGoalRevised',
      data: { collaborativeId: state.id, goalId, ...(title !== undefined && { title }), ...(target !== undefined && { target }), reason, ...byResolution(authority) },
    },
  ];
}

function recordMeasurement(command: RecordMeasurement, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const goalId = requireText(command.data.goalId, 'goalId', 63);
  const value = requireDecimal(command.data.value, 'value');
  const periodEnd = requirePastOrToday(requireDate(command.data.periodEnd, 'periodEnd'), context.today, 'periodEnd');
  const source = optionalText(command.data.source, 'source', LONG_TEXT);
  requireSteward(state, context.actor, 'record measurements');
  const goal = state.goals.get(goalId);
  if (!goal) throw new NotFoundError('goal_not_found', `${state.id} has no shared goal ${goalId}`);
  if (goal.measurements.some((m) => m.periodEnd === periodEnd)) {
    throw new ConflictError('measurement_already_recorded', `goal ${goalId} already has a measurement for the period ending ${periodEnd}`);
  }
  return [{ type: 'MeasurementRecorded', data: { collaborativeId: state.id, goalId, value, periodEnd, ...(source !== undefined && { source }) } }];
}

function correctMeasurement(command: CorrectMeasurement, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const goalId = requireText(command.data.goalId, 'goalId', 63);
  const periodEnd = requireDate(command.data.periodEnd, 'periodEnd');
  const value = requireDecimal(command.data.value, 'value');
  const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
  const source = optionalText(command.data.source, 'source', LONG_TEXT);
  requireSteward(state, context.actor, 'correct measurements');
  const goal = state.goals.get(goalId);
  if (!goal) throw new NotFoundError('goal_not_found', `${state.id} has no shared goal ${goalId}`);
  const measurement = goal.measurements.find((m) => m.periodEnd === periodEnd);
  if (!measurement) throw new NotFoundError('measurement_not_found', `goal ${goalId} has no measurement for the period ending ${periodEnd}`);
  if (sameDecimal(value, measurement.value) && (source === undefined || source === measurement.source)) {
    throw new RuleViolation('measurement_unchanged', `the measurement of goal ${goalId} for the period ending ${periodEnd} is ${measurement.value} already`);
  }
  return [
    {
      type: 'MeasurementCorrected',
      data: { collaborativeId: state.id, goalId, periodEnd, previousValue: measurement.value, value, reason, correctedAt: context.now, ...(source !== undefined && { source }) },
    },
  ];
}

function changePhase(command: ChangePathwayPhase, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const pathwayPhase = requireInteger(command.data.pathwayPhase, PATHWAY_PHASES.min, PATHWAY_PHASES.max, 'pathwayPhase');
  const reason = optionalText(command.data.reason, 'reason', LONG_TEXT);
  const authority = requireMatterAuthority(state, context.actor, 'change_phase', 'change the pathway phase');
  if (pathwayPhase === state.pathwayPhase) throw new RuleViolation('phase_unchanged', `${state.id} is already in pathway phase ${pathwayPhase}`);
  return [
    {
      type: 'PathwayPhaseChanged',
      data: {
        collaborativeId: state.id,
        pathwayPhase,
        previousPhase: state.pathwayPhase,
        from: context.now,
        ...(reason !== undefined && { reason }),
        ...byResolution(authority),
      },
    },
  ];
}

function setCharter(command: SetCharter, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const rules = parseCharterRules(command.data.rules, 'rules', 0);
  const witnesses = parseCharterWitnesses(command.data.witnesses, command.data.witnessQuorum, state.members);
  if (context.actor.kind !== 'operator') {
    throw new ForbiddenError('operator_only', `only the operator sets the first charter of ${state.id}; after that an adopted amend_charter resolution changes it`);
  }
  if (state.charterAdopted) {
    throw new ConflictError('charter_already_set', `${state.id} already has a charter; it changes only by an adopted amend_charter resolution`);
  }
  return [{ type: 'CharterAdopted', data: { collaborativeId: state.id, rules, ...(witnesses && witnessPolicyData(witnesses)) } }];
}

function amendCharter(command: AmendCharter, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const witnesses = parseCharterWitnesses(command.data.witnesses, command.data.witnessQuorum, state.members);
  // An amendment changes at least one rule, or the witnesses.
  const rules = parseCharterRules(command.data.rules ?? (witnesses !== undefined ? [] : undefined), 'rules', witnesses !== undefined ? 0 : 1);
  const reason = optionalText(command.data.reason, 'reason', LONG_TEXT);
  const authority = requireMatterAuthority(state, context.actor, 'amend_charter', 'amend the charter');
  // No charter gives amend_charter to one steward (parseCharterRules), but the rule is LEDGER.md's, so it is checked here too.
  if (authority.resolutionId === undefined) {
    throw new RuleViolation('resolution_required', `the charter of ${state.id} changes only by an adopted amend_charter resolution`, { matter: 'amend_charter' });
  }
  return [
    {
      type: 'CharterAmended',
      data: { collaborativeId: state.id, rules, resolutionId: authority.resolutionId, ...(reason !== undefined && { reason }), ...(witnesses !== undefined && witnessPolicyData(witnesses)) },
    },
  ];
}
