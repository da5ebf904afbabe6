/**
 * Who may act, by role in a collaborative: an organization speaks only for itself, stewards speak
 * for the collaborative, auditors and observers only read. Shared by every record that lives in a
 * collaborative.
 */
import type { Actor } from '../shared/decider';
import { ForbiddenError, NotFoundError } from '../shared/domain-error';
import { roleOf, type CollaborativeState } from './state';

/**
 * The collaborative a command concerns, which the application layer loads into the context.
 * Null means it does not exist (404); undefined or the wrong one is a bug in the caller.
 */
export function requireCollaborative(collaborative: CollaborativeState | null | undefined, collaborativeId: string): CollaborativeState {
  if (collaborative === undefined) throw new Error('context.collaborative was not loaded');
  if (collaborative === null) throw new NotFoundError('collaborative_not_found', `there is no collaborative ${collaborativeId}`);
  if (collaborative.id !== collaborativeId) {
    throw new Error(`context.collaborative is ${collaborative.id}, but the record belongs to ${collaborativeId}`);
  }
  return collaborative;
}

export function isStewardActor(collaborative: CollaborativeState, actor: Actor): boolean {
  return actor.kind === 'organization' && roleOf(collaborative, actor.organizationId) === 'steward';
}

/** A steward of the collaborative (the operator is not one); returns the steward's id. */
export function requireSteward(collaborative: CollaborativeState, actor: Actor, doing: string): string {
  if (actor.kind !== 'organization' || !isStewardActor(collaborative, actor)) {
    throw new ForbiddenError('steward_only', `only a steward of ${collaborative.id} can ${doing}`);
  }
  return actor.organizationId;
}

/** The acting organization, which must be a current steward or member; returns its id. */
export function requireParticipant(collaborative: CollaborativeState, actor: Actor, doing: string): string {
  if (actor.kind === 'operator') {
    throw new ForbiddenError('operator_cannot_act', `the operator cannot ${doing}; an organization of ${collaborative.id} must act for itself`);
  }
  const role = roleOf(collaborative, actor.organizationId);
  if (role === null) {
    throw new ForbiddenError('not_a_member', `${actor.organizationId} is not a current member of ${collaborative.id}, so it cannot ${doing}`);
  }
  if (role === 'auditor' || role === 'observer') {
    throw new ForbiddenError('read_only_role', `${actor.organizationId} is ${role === 'auditor' ? 'an auditor' : 'an observer'} of ${collaborative.id} and can only read`);
  }
  return actor.organizationId;
}

/**
 * Acting for a promisee or recipient: the organization for itself (while a steward or member), or
 * any steward for the collaborative. Returns the acting organization's id.
 */
export function requireActingFor(
  party: { organizationId: string } | { collaborativeId: string },
  collaborative: CollaborativeState,
  actor: Actor,
  doing: string,
  forbiddenCode: string,
): string {
  if ('collaborativeId' in party) return requireSteward(collaborative, actor, `${doing} for the collaborative`);
  const acting = requireParticipant(collaborative, actor, doing);
  if (acting !== party.organizationId) throw new ForbiddenError(forbiddenCode, `only ${party.organizationId} can ${doing}`);
  return acting;
}
