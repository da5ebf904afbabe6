/**
 * States of the records other records look up, built by folding real events (so they stay true
 * to what evolve produces).
 */
import { evolveAll } from '../shared/decider';
import { collaborativeDecider } from '../collaborative/decider';
import type { MemberRole } from '../collaborative/commands';
import type { CollaborativeEvent } from '../collaborative/events';
import type { CollaborativeState } from '../collaborative/state';
import type { CharterRule, DecidedBy, Matter } from '../governance/charter';
import { organizationDecider } from '../organization/decider';
import type { OrganizationState } from '../organization/state';

export function organizationState(id: string): OrganizationState {
  const state = evolveAll(organizationDecider, [{ type: 'OrganizationRegistered', data: { organizationId: id, name: id, sector: 'other' } }]);
  if (state === null) throw new Error('unreachable');
  return state;
}

export function collaborativeEvents(id: string, members: Record<string, MemberRole>, goalIds: string[] = []): CollaborativeEvent[] {
  return [
    { type: 'CollaborativeFormed', data: { collaborativeId: id, name: `Collaborative ${id}`, region: 'Upper Valley', pathwayPhase: 3 } },
    ...Object.entries(members).map(
      ([organizationId, role]): CollaborativeEvent => ({ type: 'MemberAdmitted', data: { collaborativeId: id, organizationId, role } }),
    ),
    ...goalIds.map(
      (goalId): CollaborativeEvent => ({
        type: 'SharedGoalAdopted',
        data: {
          collaborativeId: id,
          goalId,
          title: `Goal ${goalId}`,
          indicator: { name: 'readmissions', unit: 'per 1000', polarity: 'lower_is_better' },
          baseline: { value: '14.2', date: '2024-01-01' },
          target: { value: '10', date: '2026-12-31' },
        },
      }),
    ),
  ];
}

export function collaborativeState(id: string, members: Record<string, MemberRole>, goalIds: string[] = []): CollaborativeState {
  const state = evolveAll(collaborativeDecider, collaborativeEvents(id, members, goalIds));
  if (state === null) throw new Error('unreachable');
  return state;
}

/** The cast of most record tests: one collaborative with every role. */
export const UPPER_VALLEY = 'upper-valley';
export const STEWARD = 'county-health';
export const HOSPITAL = 'valley-hospital';
export const CLINIC = 'river-clinic';
export const FOOD_BANK = 'food-bank';
export const AUDITOR = 'state-auditor';
export const OBSERVER = 'valley-press';
export const OUTSIDER = 'far-away-org';
export const GOAL = 'fewer-readmissions';

export function upperValley(overrides: Record<string, MemberRole | null> = {}): CollaborativeState {
  const members: Record<string, MemberRole> = {};
  const cast: Record<string, MemberRole | null> = {
    [STEWARD]: 'steward',
    [HOSPITAL]: 'member',
    [CLINIC]: 'member',
    [FOOD_BANK]: 'member',
    [AUDITOR]: 'auditor',
    [OBSERVER]: 'observer',
    ...overrides,
  };
  for (const [org, role] of Object.entries(cast)) if (role) members[org] = role;
  return collaborativeState(UPPER_VALLEY, members, [GOAL]);
}

/** The collaborative under a charter that gives these matters to these deciders (default voting terms). */
export function withCharter(state: CollaborativeState, deciders: Partial<Record<Matter, DecidedBy>>): CollaborativeState {
  const rules = Object.entries(deciders).map(
    ([matter, decidedBy]): CharterRule => ({ matter: matter as Matter, decidedBy: decidedBy as DecidedBy, quorumPct: '50', thresholdPct: '50', votingDays: 7 }),
  );
  return evolveAll(collaborativeDecider, [{ type: 'CharterAdopted', data: { collaborativeId: state.id, rules } }], state)!;
}
