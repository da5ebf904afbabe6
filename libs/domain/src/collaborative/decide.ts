import { type DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError } from '../shared/domain-error';
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
} from '../shared/validation';
import type { OrganizationState } from '../organization/state';
import { requireSteward, isStewardActor } from './access';
import {
  MEMBER_ROLES,
  POLARITIES,
  type AdmitMember,
  type AdoptSharedGoal,
  type CollaborativeCommand,
  type DatedValue,
  type FormCollaborative,
  type RecordMeasurement,
  type RecordMemberDeparture,
} from './commands';
import type { CollaborativeEvent } from './events';
import { roleOf, type CollaborativeState } from './state';

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
    case 'AdoptSharedGoal':
      return adoptGoal(command, state, context);
    case 'RecordMeasurement':
      return recordMeasurement(command, state, context);
  }
}

function form(command: FormCollaborative, state: CollaborativeState | null, context: CollaborativeContext): CollaborativeEvent[] {
  if (state !== null) throw new ConflictError('collaborative_already_formed', `collaborative ${state.id} already exists`);
  const collaborativeId = requireRecordId(command.data.id, 'id');
  const name = requireText(command.data.name, 'name');
  const region = requireText(command.data.region, 'region');
  const pathwayPhase = requireInteger(command.data.pathwayPhase, PATHWAY_PHASES.min, PATHWAY_PHASES.max, 'pathwayPhase');
  if (context.actor.kind !== 'operator') throw new ForbiddenError('operator_only', 'only the operator forms collaboratives');
  return [{ type: 'CollaborativeFormed', data: { collaborativeId, name, region, pathwayPhase } }];
}

function requireOperatorOrSteward(state: CollaborativeState, context: CollaborativeContext, doing: string): void {
  if (context.actor.kind !== 'operator' && !isStewardActor(state, context.actor)) {
    throw new ForbiddenError('operator_or_steward_only', `only the operator or a steward of ${state.id} can ${doing}`);
  }
}

function admit(command: AdmitMember, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const organizationId = requireRecordId(command.data.organizationId, 'organizationId');
  const role = requireOneOf(command.data.role, MEMBER_ROLES, 'role');
  requireOperatorOrSteward(state, context, 'admit members');
  if (context.organization === undefined) throw new Error('context.organization must be loaded for AdmitMember');
  if (context.organization === null || context.organization.id !== organizationId) {
    throw new NotFoundError('organization_not_found', `no organization ${organizationId} is registered; the operator registers it first`);
  }
  const current = roleOf(state, organizationId);
  if (current !== null) {
    throw new ConflictError('already_a_member', `${organizationId} is already a ${current} of ${state.id}; it must depart before being admitted again`);
  }
  return [{ type: 'MemberAdmitted', data: { collaborativeId: state.id, organizationId, role } }];
}

function depart(command: RecordMemberDeparture, state: CollaborativeState, context: CollaborativeContext): CollaborativeEvent[] {
  const organizationId = requireRecordId(command.data.organizationId, 'organizationId');
  const isSelf = context.actor.kind === 'organization' && context.actor.organizationId === organizationId;
  if (!isSelf) requireOperatorOrSteward(state, context, "record another organization's departure");
  const role = roleOf(state, organizationId);
  if (role === null) throw new NotFoundError('member_not_found', `${organizationId} is not a current member of ${state.id}`);
  return [{ type: 'MemberDeparted', data: { collaborativeId: state.id, organizationId, role } }];
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
  requireSteward(state, context.actor, 'adopt shared goals');
  if (suppliedGoalId !== undefined && state.goals.has(suppliedGoalId)) {
    throw new ConflictError('goal_already_exists', `${state.id} already has a goal ${suppliedGoalId}; choose another goalId`);
  }
  const goalId = suppliedGoalId ?? context.ids.next();
  if (!RECORD_ID.test(goalId)) throw new Error(`generated goal id ${goalId} is not a valid record id`);
  return [{ type: 'SharedGoalAdopted', data: { collaborativeId: state.id, goalId, title, indicator, baseline, target } }];
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
