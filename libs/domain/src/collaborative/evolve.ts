import type { CollaborativeEvent } from './events';
import type { CollaborativeState } from './state';

export function evolve(state: CollaborativeState | null, event: CollaborativeEvent): CollaborativeState | null {
  if (event.type === 'CollaborativeFormed') {
    const { collaborativeId, name, region, pathwayPhase } = event.data;
    return { id: collaborativeId, name, region, pathwayPhase, members: new Map(), goals: new Map() };
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
    case 'SharedGoalAdopted': {
      const { goalId, title, indicator, baseline, target } = event.data;
      return { ...state, goals: new Map(state.goals).set(goalId, { goalId, title, indicator, baseline, target, measurements: [] }) };
    }
    case 'MeasurementRecorded': {
      const { goalId, value, periodEnd, source } = event.data;
      const goal = state.goals.get(goalId);
      if (!goal) return state;
      const measurement = source === undefined ? { value, periodEnd } : { value, periodEnd, source };
      return { ...state, goals: new Map(state.goals).set(goalId, { ...goal, measurements: [...goal.measurements, measurement] }) };
    }
  }
}
