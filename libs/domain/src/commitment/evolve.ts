import { compact } from '../shared/validation';
import type { CommitmentEvent } from './events';
import type { CommitmentState, Revision } from './state';

export function evolve(state: CommitmentState | null, event: CommitmentEvent): CommitmentState | null {
  if (event.type === 'CommitmentMade') {
    const { commitmentId, ...terms } = event.data;
    const made: CommitmentState = { id: commitmentId, ...terms, originalDueDate: terms.dueDate, phase: 'proposed', progress: [], revisions: [] };
    return compact(made);
  }
  if (state === null) return state;
  switch (event.type) {
    case 'CommitmentAccepted':
      return { ...state, phase: 'accepted' };
    case 'CommitmentDeclined':
      return { ...state, phase: 'declined', ending: { by: event.data.by, reason: event.data.reason } };
    case 'CommitmentProgressReported': {
      const { commitmentId: _, ...report } = event.data;
      return { ...state, progress: [...state.progress, report] };
    }
    case 'CommitmentRevisionProposed': {
      const { commitmentId: _, supersedes, ...proposal } = event.data;
      const revisions = state.revisions.map((r): Revision => (r.revisionId === supersedes ? { ...r, status: 'superseded' } : r));
      return { ...state, revisions: [...revisions, { ...proposal, status: 'pending' }] };
    }
    case 'CommitmentRevisionAccepted': {
      const { revisionId, dueDate, target, description } = event.data;
      const revisions = state.revisions.map((r): Revision => (r.revisionId === revisionId ? { ...r, status: 'accepted' } : r));
      return {
        ...state,
        revisions,
        ...(dueDate !== undefined && { dueDate }),
        ...(description !== undefined && { description }),
        ...(target !== undefined && state.measure && { measure: { ...state.measure, target } }),
      };
    }
    case 'CommitmentDeliveryClaimed': {
      const { commitmentId: _, ...delivery } = event.data;
      return { ...state, phase: 'delivery_claimed', delivery };
    }
    case 'CommitmentDeliveryConfirmed':
      return { ...state, phase: 'confirmed' };
    case 'CommitmentDeliveryDisputed':
      return { ...state, phase: 'disputed', dispute: { by: event.data.by, reason: event.data.reason } };
    case 'CommitmentDisputeResolved': {
      const { commitmentId: _, ...resolution } = event.data;
      return { ...state, phase: 'resolved', resolution };
    }
    case 'CommitmentWithdrawn':
      return { ...state, phase: 'withdrawn', ending: { by: state.promisor, reason: event.data.reason } };
    case 'CommitmentClosedAsMissed':
      return { ...state, phase: 'closed_as_missed', ending: compact({ by: event.data.by, reason: event.data.rationale, resolutionId: event.data.resolutionId }) };
  }
}
