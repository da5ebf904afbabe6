import { compact } from '../shared/validation';
import { defaultWitnessQuorum } from '../governance/witnesses';
import type { CollaborativeEvent } from './events';
import type { CollaborativeState } from './state';

export function evolve(state: CollaborativeState | null, event: CollaborativeEvent): CollaborativeState | null {
  if (event.type === 'CollaborativeFormed') {
    const { collaborativeId, name, region, pathwayPhase, formedAt } = event.data;
    return {
      id: collaborativeId,
      name,
      region,
      pathwayPhase,
      members: new Map(),
      goals: new Map(),
      charter: new Map(),
      charterAdopted: false,
      witnessPolicy: null,
      phaseHistory: [compact({ pathwayPhase, from: formedAt })],
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'MemberAdmitted':
      return { ...state, members: new Map(state.members).set(event.data.organizationId, event.data.role) };
    case 'MemberDeparted': {
      const members = new Map(state.members);
      members.delete(event.data.organizationId);
      return { ...state, members };
    }
    case 'MemberRoleChanged':
      return { ...state, members: new Map(state.members).set(event.data.organizationId, event.data.role) };
    case 'SharedGoalAdopted': {
      const { goalId, title, indicator, baseline, target } = event.data;
      return { ...state, goals: new Map(state.goals).set(goalId, { goalId, title, indicator, baseline, target, measurements: [] }) };
    }
    case 'SharedGoalRevised': {
      const { goalId, title, target } = event.data;
      const goal = state.goals.get(goalId);
      if (!goal) return state;
      return { ...state, goals: new Map(state.goals).set(goalId, { ...goal, ...(title !== undefined && { title }), ...(target !== undefined && { target }) }) };
    }
    case 'MeasurementRecorded': {
      const { goalId, value, periodEnd, source } = event.data;
      const goal = state.goals.get(goalId);
      if (!goal) return state;
      const measurement = source === undefined ? { value, periodEnd } : { value, periodEnd, source };
      return { ...state, goals: new Map(state.goals).set(goalId, { ...goal, measurements: [...goal.measurements, measurement] }) };
    }
    case 'MeasurementCorrected': {
      const { goalId, periodEnd, previousValue, value, reason, correctedAt, source } = event.data;
      const goal = state.goals.get(goalId);
      if (!goal) return state;
      const correction = compact({ previousValue, value, reason, correctedAt, source });
      const measurements = goal.measurements.map((m) =>
        m.periodEnd !== periodEnd ? m : { ...m, value, ...(source !== undefined && { source }), corrections: [...(m.corrections ?? []), correction] },
      );
      return { ...state, goals: new Map(state.goals).set(goalId, { ...goal, measurements }) };
    }
    case 'PathwayPhaseChanged': {
      const { pathwayPhase, from, resolutionId } = event.data;
      return { ...state, pathwayPhase, phaseHistory: [...state.phaseHistory, compact({ pathwayPhase, from, resolutionId })] };
    }
    case 'CharterAdopted':
    case 'CharterAmended': {
      const charter = new Map(state.charter);
      for (const rule of event.data.rules) charter.set(rule.matter, rule);
      const { witnesses, witnessQuorum } = event.data;
      // Left out, the witnesses in force stay; an empty list ends the policy.
      const witnessPolicy =
        witnesses === undefined ? (state.witnessPolicy ?? null) : witnesses.length === 0 ? null : { witnesses: witnesses.map((w) => w.organizationId), quorum: witnessQuorum ?? defaultWitnessQuorum(witnesses.length) };
      return { ...state, charter, charterAdopted: true, witnessPolicy };
    }
  }
}
