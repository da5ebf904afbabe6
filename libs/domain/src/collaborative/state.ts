import { charterInForce, ruleFor, type CharterEntry, type CharterRule, type CharterRules, type Matter } from '../governance/charter';
import type { WitnessPolicy } from '../governance/witnesses';
import type { DatedValue, Indicator, MemberRole } from './commands';

/** A correction of a measurement: the value it replaced, the new one, why and when. */
export interface MeasurementCorrection {
  readonly previousValue: string;
  readonly value: string;
  readonly reason: string;
  readonly correctedAt: string;
  readonly source?: string;
}

export interface Measurement {
  /** The value in force: the recorded one, or the last correction's. */
  readonly value: string;
  readonly periodEnd: string;
  readonly source?: string;
  /** Its corrections, in order (absent when never corrected). */
  readonly corrections?: readonly MeasurementCorrection[];
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

/** A pathway phase and when it began; the formation is the first entry. */
export interface PhaseEntry {
  readonly pathwayPhase: number;
  /** The instant of the decision (absent only for a formation recorded before instants were kept). */
  readonly from?: string;
  /** The resolution that decided it, when one did. */
  readonly resolutionId?: string;
}

export interface CollaborativeState {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly pathwayPhase: number;
  /** Current members only (departed organizations are removed), by organization id. */
  readonly members: ReadonlyMap<string, MemberRole>;
  readonly goals: ReadonlyMap<string, SharedGoal>;
  /** The rules the charter sets, by matter; matters not in it follow the default charter. */
  readonly charter: CharterRules;
  /** Whether a charter was ever set (the operator sets only the first). */
  readonly charterAdopted: boolean;
  /** The witnesses of the ledger's log the charter names, and their quorum; null: none named. */
  readonly witnessPolicy: WitnessPolicy | null;
  /** In order; the last entry is the phase in force. */
  readonly phaseHistory: readonly PhaseEntry[];
}

/** The organization's current role in the collaborative, or null when it is not a member. */
export function roleOf(state: CollaborativeState, organizationId: string): MemberRole | null {
  return state.members.get(organizationId) ?? null;
}

export function isSteward(state: CollaborativeState, organizationId: string): boolean {
  return roleOf(state, organizationId) === 'steward';
}

export function stewardsOf(state: CollaborativeState): string[] {
  return [...state.members].filter(([, role]) => role === 'steward').map(([organizationId]) => organizationId);
}

/** The rule in force for a matter (for admit_member, the role admitted may matter). */
export function ruleInForce(state: CollaborativeState, matter: Matter, role?: MemberRole): CharterRule {
  return ruleFor(state.charter, matter, role);
}

/** The charter in force, every matter's rule, for the charter query. */
export function charterOf(state: CollaborativeState): CharterEntry[] {
  return charterInForce(state.charter);
}

/**
 * Stewards and members act in the collaborative's records (commit, pledge, sign); auditors and
 * observers only read.
 */
export function isParticipant(state: CollaborativeState, organizationId: string): boolean {
  const role = roleOf(state, organizationId);
  return role === 'steward' || role === 'member';
}

/** The goal's measurements in period order: the series a chart draws, each with the value in force. */
export function measurementSeries(goal: SharedGoal): Measurement[] {
  return [...goal.measurements].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
}

/** The latest measurement by period end (the later-recorded one when periods are equal), if any. */
export function latestMeasurement(goal: SharedGoal): Measurement | null {
  return goal.measurements.reduce<Measurement | null>((latest, m) => (latest === null || m.periodEnd >= latest.periodEnd ? m : latest), null);
}
