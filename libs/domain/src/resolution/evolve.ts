import { compact } from '../shared/validation';
import type { ResolutionEvent } from './events';
import type { ResolutionState } from './state';

export function evolve(state: ResolutionState | null, event: ResolutionEvent): ResolutionState | null {
  if (event.type === 'ResolutionProposed') {
    const { resolutionId, recused, ...terms } = event.data;
    const proposed: ResolutionState = {
      id: resolutionId,
      ...terms,
      recusals: new Map(recused.map(({ organizationId, reason }) => [organizationId, { reason, automatic: true }])),
      votes: new Map(),
      status: 'open',
    };
    return compact(proposed);
  }
  if (state === null) return state;
  switch (event.type) {
    case 'VoteCast': {
      const { organizationId, choice, reason, castAt } = event.data;
      return { ...state, votes: new Map(state.votes).set(organizationId, compact({ choice, reason, castAt })) };
    }
    case 'RecusalRecorded': {
      const { organizationId, reason } = event.data;
      const votes = new Map(state.votes);
      votes.delete(organizationId);
      return { ...state, votes, recusals: new Map(state.recusals).set(organizationId, { reason, automatic: false }) };
    }
    case 'ResolutionClosed': {
      const { outcome, tally, closedBy, closedAt, early } = event.data;
      return { ...state, status: outcome, closure: { outcome, tally, closedBy, closedAt, early } };
    }
    case 'ResolutionWithdrawn':
      return { ...state, status: 'withdrawn', withdrawal: { reason: event.data.reason, withdrawnBy: event.data.withdrawnBy } };
  }
}
