/**
 * Who may act, by role in a collaborative: an organization speaks only for itself, stewards speak
 * for the collaborative, auditors and observers only read. Shared by every record that lives in a
 * collaborative.
 */
import type { Actor } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolation } from '../shared/domain-error';
import { describeRule, isDecidedByVote, type Matter } from '../governance/charter';
import type { MemberRole } from './commands';
import { roleOf, ruleInForce, type CollaborativeState } from './state';

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
  if (actor.kind === 'resolution') {
    throw new ForbiddenError('resolution_cannot_act', `a resolution cannot ${doing}; an organization of ${collaborative.id} must act for itself`);
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

/**
 * Who acted for the collaborative on a matter: `by` is the acting organization (or "operator"),
 * or, for a resolution, the collaborative itself with the resolution's id.
 */
export interface Authority {
  readonly by: string;
  readonly resolutionId?: string;
}

export interface MatterOptions {
  /** The operator may act where one steward may (the membership matters, as before the charter). */
  readonly operatorToo?: boolean;
  /** For admit_member: the role admitted (the default charter votes on stewards and auditors). */
  readonly role?: MemberRole;
}

/**
 * The authority to act for the collaborative on a matter of its charter: a resolution of this
 * collaborative always; a steward only where the charter lets one steward decide the matter — else
 * `resolution_required`. The charter binds the group's own members: the operator, who convenes the
 * collaborative, keeps administering its membership (`operatorToo`: admitting, removing, changing a
 * role) — every such act is an event of the collaborative's stream, naming the operator.
 */
export function requireMatterAuthority(collaborative: CollaborativeState, actor: Actor, matter: Matter, doing: string, options: MatterOptions = {}): Authority {
  if (actor.kind === 'resolution') {
    if (actor.collaborativeId !== collaborative.id) {
      throw new ForbiddenError('resolution_of_other_collaborative', `resolution ${actor.resolutionId} of ${actor.collaborativeId} cannot ${doing} in ${collaborative.id}`);
    }
    return { by: collaborative.id, resolutionId: actor.resolutionId };
  }
  const operatorMayAct = actor.kind === 'operator' && options.operatorToo === true;
  if (!operatorMayAct && !isStewardActor(collaborative, actor)) {
    const who = options.operatorToo ? 'the operator or a steward' : 'a steward';
    throw new ForbiddenError(options.operatorToo ? 'operator_or_steward_only' : 'steward_only', `only ${who} of ${collaborative.id}, or a resolution of it, can ${doing}`);
  }
  const rule = ruleInForce(collaborative, matter, options.role);
  if (isDecidedByVote(rule) && actor.kind !== 'operator') {
    throw new RuleViolation('resolution_required', `the charter of ${collaborative.id} gives ${matter} to ${describeRule(rule)}; propose a resolution to ${doing}`, {
      matter,
      rule,
    });
  }
  return { by: actor.kind === 'organization' ? actor.organizationId : 'operator' };
}

/**
 * No organization judges its own promise (LEDGER.md, "Conflicts of interest"): an organization
 * acting alone may not decide on something it is a party to. A resolution may, its parties recused.
 */
export function refuseConflictOfInterest(acting: Authority | string, parties: readonly string[], what: string): void {
  const organizationId = typeof acting === 'string' ? acting : acting.resolutionId === undefined ? acting.by : null;
  if (organizationId !== null && parties.includes(organizationId)) {
    throw new RuleViolation(
      'conflict_of_interest',
      `${organizationId} ${what}, so it cannot decide on it; another steward, or a resolution with ${organizationId} recused, can`,
    );
  }
}
