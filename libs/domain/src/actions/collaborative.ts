/**
 * The commands one may send on a collaborative, as probes (probe.ts): its membership, goals, phase
 * and charter, and the records one may create in it (commitments, pledges, declarations, risk
 * agreements, resolutions, meetings).
 */
import { MATTERS } from '../governance/charter';
import { MEMBER_ROLES } from '../collaborative/commands';
import { PATHWAY_PHASES, sameDecimal } from '../shared/validation';
import { evolveAll } from '../shared/decider';
import { requireMayPropose } from '../resolution/decide';
import { organizationDecider } from '../organization/decider';
import { isParticipant, latestMeasurement, type CollaborativeState } from '../collaborative/state';
import { daysAfter, PROBE_RECORD_ID, PROBE_TEXT, type ActionProbe, type ProbeCaller } from './probe';

/**
 * An organization registered and not a member, which a probe of AdmitMember assumes: the caller
 * names the organization to admit, the probe asks whether the caller may admit one in each role.
 */
const PROSPECT_ID = '0-prospective-member';
const PROSPECT = evolveAll(organizationDecider, [{ type: 'OrganizationRegistered', data: { organizationId: PROSPECT_ID, name: PROBE_TEXT, sector: 'other' } }]);

/** A digest for a probe's terms or minutes. */
const PROBE_SHA256 = '0'.repeat(64);

export function collaborativeProbes(state: CollaborativeState, caller: ProbeCaller): ActionProbe[] {
  const id = state.id;
  const on = (type: string, data: Record<string, unknown>, extra: Partial<ActionProbe> = {}): ActionProbe => ({ record: 'collaborative', id, command: { type, data }, ...extra });
  const creating = (record: ActionProbe['record'], type: string, data: Record<string, unknown>, extra: Partial<ActionProbe> = {}): ActionProbe => ({
    record,
    id: PROBE_RECORD_ID,
    creates: true,
    command: { type, data: { id: PROBE_RECORD_ID, collaborativeId: id, ...data } },
    fixed: { collaborativeId: id },
    ...extra,
  });
  const self = caller.actor.kind === 'organization' ? caller.actor.organizationId : null;
  const participants = [...state.members.keys()].filter((organizationId) => isParticipant(state, organizationId));
  // The caller first (a member drafts what it is a party to), then the other participants.
  const parties = [...(self !== null ? [self] : []), ...participants.filter((organizationId) => organizationId !== self)];
  const phases = Array.from({ length: PATHWAY_PHASES.max - PATHWAY_PHASES.min + 1 }, (_, i) => PATHWAY_PHASES.min + i);

  return [
    // Membership.
    ...MEMBER_ROLES.map((role) =>
      on('AdmitMember', { organizationId: PROSPECT_ID, role }, { choice: { field: 'role', value: role }, assume: { organization: PROSPECT } }),
    ),
    ...[...state.members].flatMap(([organizationId, current]) => {
      const target = { field: 'organizationId', id: organizationId };
      return [
        on('RecordMemberDeparture', { organizationId, reason: PROBE_TEXT }, { target }),
        ...MEMBER_ROLES.filter((role) => role !== current).map((role) =>
          on('ChangeMemberRole', { organizationId, role, reason: PROBE_TEXT }, { target, choice: { field: 'role', value: role } }),
        ),
      ];
    }),
    // Goals and measurements.
    on('AdoptSharedGoal', {
      title: PROBE_TEXT,
      indicator: { name: PROBE_TEXT, unit: 'count', polarity: 'higher_is_better' },
      baseline: { value: '0', date: caller.today },
      target: { value: '1', date: daysAfter(caller.today, 365) },
    }),
    ...[...state.goals.values()].flatMap((goal) => {
      const target = { field: 'goalId', id: goal.goalId };
      // A period not measured yet: today, or the latest day before it that is free.
      let periodEnd = caller.today;
      while (goal.measurements.some((m) => m.periodEnd === periodEnd)) periodEnd = daysAfter(periodEnd, -1);
      // A correction of the latest measurement, to another value (the caller names the period it corrects).
      const latest = latestMeasurement(goal);
      return [
        on('ReviseSharedGoal', { goalId: goal.goalId, title: goal.title, reason: PROBE_TEXT }, { target }),
        on('RecordMeasurement', { goalId: goal.goalId, value: '0', periodEnd }, { target }),
        ...(latest ? [on('CorrectMeasurement', { goalId: goal.goalId, periodEnd: latest.periodEnd, value: sameDecimal(latest.value, '1') ? '2' : '1', reason: PROBE_TEXT }, { target })] : []),
      ];
    }),
    // Phase and charter.
    ...phases
      .filter((phase) => phase !== state.pathwayPhase)
      .map((pathwayPhase) => on('ChangePathwayPhase', { pathwayPhase }, { choice: { field: 'pathwayPhase', value: pathwayPhase } })),
    on('SetCharter', { rules: [] }),
    // Records created in it.
    creating('commitment', 'MakeCommitment', { promisee: { collaborativeId: id }, title: PROBE_TEXT, dueDate: caller.today }),
    creating('pledge', 'MakePledge', { recipient: { collaborativeId: id }, purpose: PROBE_TEXT, amount: { currency: 'USD', amount: '1.00' }, binding: false }),
    creating('partnership', 'DraftDeclaration', { title: PROBE_TEXT, termsSha256: PROBE_SHA256, parties: parties.slice(0, 2), effectiveFrom: caller.today }),
    creating('risk-agreement', 'ProposeRiskAgreement', {
      title: PROBE_TEXT,
      period: { start: caller.today, end: caller.today },
      model: 'upside_only',
      benchmark: { currency: 'USD', amount: '1.00' },
      minimumSavingsRate: '0',
      sharingRate: '50',
      parties: parties.slice(0, 1).map((organizationId) => ({ organizationId, shareBps: 10_000 })),
    }),
    // A proposal's acts name records of the caller's choosing: each matter is probed by the guard `propose` applies.
    ...MATTERS.map((matter) =>
      creating('resolution', 'ProposeResolution', { title: PROBE_TEXT, matter }, { choice: { field: 'matter', value: matter }, guard: (context) => requireMayPropose(state, context.actor, matter) }),
    ),
    creating('meeting', 'RecordMeeting', { heldOn: caller.today, title: PROBE_TEXT, attendees: parties.slice(0, 1), minutesSha256: PROBE_SHA256 }),
  ];
}
