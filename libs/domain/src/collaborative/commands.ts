import type { Command } from '../shared/decider';

export const MEMBER_ROLES = ['steward', 'member', 'auditor', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

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

/** Operator or a steward. The context must carry the organization being admitted. */
export type AdmitMember = Command<'AdmitMember', { organizationId: string; role: MemberRole }>;

/** Operator, a steward, or the departing organization itself. */
export type RecordMemberDeparture = Command<'RecordMemberDeparture', { organizationId: string }>;

/** Steward only. goalId is generated when absent. */
export type AdoptSharedGoal = Command<
  'AdoptSharedGoal',
  { goalId?: string; title: string; indicator: Indicator; baseline: DatedValue; target: DatedValue }
>;

/** Steward only. */
export type RecordMeasurement = Command<'RecordMeasurement', { goalId: string; value: string; periodEnd: string; source?: string }>;

export type CollaborativeCommand = FormCollaborative | AdmitMember | RecordMemberDeparture | AdoptSharedGoal | RecordMeasurement;
