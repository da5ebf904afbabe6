import type { DomainEvent } from '../shared/decider';
import type { DatedValue, Indicator, MemberRole } from './commands';

export type CollaborativeFormed = DomainEvent<
  'CollaborativeFormed',
  { collaborativeId: string; name: string; region: string; pathwayPhase: number }
>;
export type MemberAdmitted = DomainEvent<'MemberAdmitted', { collaborativeId: string; organizationId: string; role: MemberRole }>;
export type MemberDeparted = DomainEvent<'MemberDeparted', { collaborativeId: string; organizationId: string; role: MemberRole }>;
export type SharedGoalAdopted = DomainEvent<
  'SharedGoalAdopted',
  { collaborativeId: string; goalId: string; title: string; indicator: Indicator; baseline: DatedValue; target: DatedValue }
>;
export type MeasurementRecorded = DomainEvent<
  'MeasurementRecorded',
  { collaborativeId: string; goalId: string; value: string; periodEnd: string; source?: string }
>;

export type CollaborativeEvent = CollaborativeFormed | MemberAdmitted | MemberDeparted | SharedGoalAdopted | MeasurementRecorded;

export const COLLABORATIVE_EVENT_SCHEMA_VERSIONS = {
  CollaborativeFormed: 1,
  MemberAdmitted: 1,
  MemberDeparted: 1,
  SharedGoalAdopted: 1,
  MeasurementRecorded: 1,
} as const satisfies Record<CollaborativeEvent['type'], number>;
