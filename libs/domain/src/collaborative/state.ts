import type { DatedValue, Indicator, MemberRole } from './commands';

export interface Measurement {
  readonly value: string;
  readonly periodEnd: string;
  readonly source?: string;
}

export interface SharedGoal {
  readonly goalId: string;
  readonly title: string;
  readonly indicator: Indicator;
  readonly baseline: DatedValue;
  readonly target: DatedValue;
  /** In the order recorded. */
  readonly measurements: readonly Measurement[];
}

export interface CollaborativeState {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly pathwayPhase: number;
  /** Current members only (departed organizations are removed), by organization id. */
  readonly members: ReadonlyMap<string, MemberRole>;
  readonly goals: ReadonlyMap<string, SharedGoal>;
}

/** The organization's current role in the collaborative, or null when it is not a member. */
export function roleOf(state: CollaborativeState, organizationId: string): MemberRole | null {
  return state.members.get(organizationId) ?? null;
}

export function isSteward(state: CollaborativeState, organizationId: string): boolean {
  return roleOf(state, organizationId) === 'steward';
}

/**
 * Stewards and members act in the collaborative's records (commit, pledge, sign); auditors and
 * observers only read.
 */
export function isParticipant(state: CollaborativeState, organizationId: string): boolean {
  const role = roleOf(state, organizationId);
  return role === 'steward' || role === 'member';
}

/** The latest measurement by period end (the later-recorded one when periods are equal), if any. */
export function latestMeasurement(goal: SharedGoal): Measurement | null {
  return goal.measurements.reduce<Measurement | null>((latest, m) => (latest === null || m.periodEnd >= latest.periodEnd ? m : latest), null);
}
