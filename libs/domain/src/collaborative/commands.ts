import type { Command } from '../shared/decider';
import type { CharterRule } from '../governance/charter';
import type { MemberRole } from './roles';

export { MEMBER_ROLES, type MemberRole } from './roles';

export const POLARITIES = ['higher_is_better', 'lower_is_better'] as const;
export type Polarity = (typeof POLARITIES)[number];

export interface Indicator {
  name: string;
  unit: string;
  polarity: Polarity;
}

/** A value of the indicator (a decimal string, never a float) at a date. */
export interface DatedValue {
  value: string;
  date: string;
}

/** Operator only. pathwayPhase is 1-5 (5 is Integrate). */
export type FormCollaborative = Command<'FormCollaborative', { id: string; name: string; region: string; pathwayPhase: number }>;

/**
 * Operator or a steward where the charter lets one steward admit in that role (the default charter
 * puts stewards and auditors to a vote), or a resolution. The context must carry the organization
 * being admitted.
 */
export type AdmitMember = Command<'AdmitMember', { organizationId: string; role: MemberRole }>;

/**
 * The departing organization itself, always. Another organization's departure is remove_member:
 * the operator or a steward where the charter lets one steward decide it, or a resolution.
 */
export type RecordMemberDeparture = Command<'RecordMemberDeparture', { organizationId: string; reason?: string }>;

/** change_role: the operator or a steward where the charter lets one steward decide it, or a resolution. */
export type ChangeMemberRole = Command<'ChangeMemberRole', { organizationId: string; role: MemberRole; reason?: string }>;

/** adopt_goal: a steward (or a resolution). goalId is generated when absent. */
export type AdoptSharedGoal = Command<
  'AdoptSharedGoal',
  { goalId?: string; title: string; indicator: Indicator; baseline: DatedValue; target: DatedValue }
>;

/**
 * revise_goal: a steward (or a resolution). A new title and/or a new target (value and date); the
 * indicator and baseline stay, so measurements keep their meaning.
 */
export type ReviseSharedGoal = Command<'ReviseSharedGoal', { goalId: string; title?: string; target?: DatedValue; reason: string }>;

/** Steward only. */
export type RecordMeasurement = Command<'RecordMeasurement', { goalId: string; value: string; periodEnd: string; source?: string }>;

/**
 * Steward only. Corrects the measurement recorded for the period ending `periodEnd` (a goal has one
 * per period): the new value replaces it in the series, and the event keeps the value it replaces and
 * why. A `source` given replaces the measurement's; left out, the source stays.
 */
export type CorrectMeasurement = Command<'CorrectMeasurement', { goalId: string; periodEnd: string; value: string; reason: string; source?: string }>;

/** change_phase: a steward where the charter lets one steward decide it (by default a vote), or a resolution. */
export type ChangePathwayPhase = Command<'ChangePathwayPhase', { pathwayPhase: number; reason?: string }>;

/**
 * The charter's witnesses of the ledger's log (governance/witnesses.ts): the member organizations
 * whose cosignatures a checkpoint needs, and how many of them (default: a majority). An empty list
 * in an amendment ends the policy; left out, the policy in force stays.
 */
export interface CharterWitnesses {
  witnesses?: Array<{ organizationId: string }>;
  witnessQuorum?: number;
}

/** The operator, once: the first charter. Matters left out keep the default charter's rule. */
export type SetCharter = Command<'SetCharter', { rules: CharterRule[] } & CharterWitnesses>;

/** Only by an adopted amend_charter resolution. Matters left out keep the rule in force. */
export type AmendCharter = Command<'AmendCharter', { rules: CharterRule[]; reason?: string } & CharterWitnesses>;

export type CollaborativeCommand =
  | FormCollaborative
  | AdmitMember
  | RecordMemberDeparture
  | ChangeMemberRole
  | AdoptSharedGoal
  | ReviseSharedGoal
  | RecordMeasurement
  | CorrectMeasurement
  | ChangePathwayPhase
  | SetCharter
  | AmendCharter;
