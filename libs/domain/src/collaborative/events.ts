import type { DomainEvent } from '../shared/decider';
import type { CharterRule } from '../governance/charter';
import type { CharterWitnesses, DatedValue, Indicator, MemberRole } from './commands';

/**
 * Events that a resolution may cause carry its `resolutionId`: the collaborative decided by
 * resolution (the envelope's actor names it too).
 */
type ByResolution = { resolutionId?: string };

/** `formedAt`: the instant of formation, the start of the first pathway phase (absent in events recorded before it was kept). */
export type CollaborativeFormed = DomainEvent<
  'CollaborativeFormed',
  { collaborativeId: string; name: string; region: string; pathwayPhase: number; formedAt?: string }
>;
export type MemberAdmitted = DomainEvent<'MemberAdmitted', { collaborativeId: string; organizationId: string; role: MemberRole } & ByResolution>;
/** `role`: the role it held. */
export type MemberDeparted = DomainEvent<
  'MemberDeparted',
  { collaborativeId: string; organizationId: string; role: MemberRole; reason?: string } & ByResolution
>;
export type MemberRoleChanged = DomainEvent<
  'MemberRoleChanged',
  { collaborativeId: string; organizationId: string; previousRole: MemberRole; role: MemberRole; reason?: string } & ByResolution
>;
export type SharedGoalAdopted = DomainEvent<
  'SharedGoalAdopted',
  { collaborativeId: string; goalId: string; title: string; indicator: Indicator; baseline: DatedValue; target: DatedValue } & ByResolution
>;
/** Carries what it changes (title and/or target), so the event reads on its own. */
export type SharedGoalRevised = DomainEvent<
  'SharedGoalRevised',
  { collaborativeId: string; goalId: string; title?: string; target?: DatedValue; reason: string } & ByResolution
>;
export type MeasurementRecorded = DomainEvent<
  'MeasurementRecorded',
  { collaborativeId: string; goalId: string; value: string; periodEnd: string; source?: string }
>;
/**
 * A correction of a recorded measurement, naming what it corrects: the goal's measurement for the
 * period ending `periodEnd` (one per goal and period), and `previousValue`, the value it replaces
 * (the recorded one, or the last correction's). `correctedAt`: the instant of the correction.
 */
export type MeasurementCorrected = DomainEvent<
  'MeasurementCorrected',
  { collaborativeId: string; goalId: string; periodEnd: string; previousValue: string; value: string; reason: string; correctedAt: string; source?: string }
>;
/** `from`: the instant of the decision, when the new phase begins. */
export type PathwayPhaseChanged = DomainEvent<
  'PathwayPhaseChanged',
  { collaborativeId: string; pathwayPhase: number; previousPhase: number; from: string; reason?: string } & ByResolution
>;
/** The first charter, set by the operator: the rules it gives (matters left out keep the default). */
export type CharterAdopted = DomainEvent<'CharterAdopted', { collaborativeId: string; rules: CharterRule[] } & CharterWitnesses>;
/** The rules an adopted amend_charter resolution changes (matters left out keep the rule in force). */
export type CharterAmended = DomainEvent<'CharterAmended', { collaborativeId: string; rules: CharterRule[]; resolutionId: string; reason?: string } & CharterWitnesses>;

export type CollaborativeEvent =
  | CollaborativeFormed
  | MemberAdmitted
  | MemberDeparted
  | MemberRoleChanged
  | SharedGoalAdopted
  | SharedGoalRevised
  | MeasurementRecorded
  | MeasurementCorrected
  | PathwayPhaseChanged
  | CharterAdopted
  | CharterAmended;

export const COLLABORATIVE_EVENT_SCHEMA_VERSIONS = {
  CollaborativeFormed: 1,
  MemberAdmitted: 1,
  MemberDeparted: 1,
  MemberRoleChanged: 1,
  SharedGoalAdopted: 1,
  SharedGoalRevised: 1,
  MeasurementRecorded: 1,
  MeasurementCorrected: 1,
  PathwayPhaseChanged: 1,
  CharterAdopted: 1,
  CharterAmended: 1,
} as const satisfies Record<CollaborativeEvent['type'], number>;
