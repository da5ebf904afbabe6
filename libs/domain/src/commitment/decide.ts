import { actingOrganizationId, type DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import {
  LONG_TEXT,
  optionalDate,
  optionalDecimal,
  optionalEvidence,
  optionalRecordId,
  optionalText,
  requireDate,
  requireDecimal,
  requireObject,
  requireOneOf,
  requireOrganizationOrCollaborative,
  requirePastOrToday,
  requireRecordId,
  requireText,
} from '../shared/validation';
import { refuseConflictOfInterest, requireActingFor, requireCollaborative, requireMatterAuthority, requireParticipant } from '../collaborative/access';
import { isParticipant, type CollaborativeState } from '../collaborative/state';
import type { PartnershipState } from '../partnership/state';
import {
  DISPUTE_OUTCOMES,
  type AcceptCommitmentRevision,
  type ClaimCommitmentDelivery,
  type CommitmentCommand,
  type MakeCommitment,
  type Measure,
  type ProposeCommitmentRevision,
  type ReportCommitmentProgress,
  type ResolveCommitmentDispute,
} from './commands';
import type { CommitmentEvent } from './events';
import { pendingRevision, promiseeOrganizationId, type CommitmentPhase, type CommitmentState } from './state';
import { isPastDue } from './status';

export interface CommitmentContext extends DecisionContext {
  /** The commitment's collaborative (current state), null if it does not exist. */
  readonly collaborative: CollaborativeState | null;
  /** For MakeCommitment with a partnershipId only: that declaration, null if it does not exist. */
  readonly partnership?: PartnershipState | null;
}

/** Which collaborative the application layer must load into the context for this command. */
export function collaborativeIdFor(command: CommitmentCommand, state: CommitmentState | null): string | null {
  return state?.collaborativeId ?? (command.type === 'MakeCommitment' ? command.data.collaborativeId : null);
}

export function decide(command: CommitmentCommand, state: CommitmentState | null, context: CommitmentContext): CommitmentEvent[] {
  if (command.type === 'MakeCommitment') return make(command, state, context);
  if (state === null) throw new NotFoundError('commitment_not_found', 'there is no commitment with this id');
  const collaborative = requireCollaborative(context.collaborative, state.collaborativeId);
  const commitmentId = state.id;
  switch (command.type) {
    case 'AcceptCommitment': {
      const by = requirePromisee(state, collaborative, context, 'accept it');
      requirePhase(state, ['proposed'], 'commitment_not_proposed', 'only a proposed commitment can be accepted');
      return [{ type: 'CommitmentAccepted', data: { commitmentId, by } }];
    }
    case 'DeclineCommitment': {
      const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
      const by = requirePromisee(state, collaborative, context, 'decline it');
      requirePhase(state, ['proposed'], 'commitment_not_proposed', 'only a proposed commitment can be declined');
      return [{ type: 'CommitmentDeclined', data: { commitmentId, by, reason } }];
    }
    case 'ReportCommitmentProgress':
      return reportProgress(command, state, collaborative, context);
    case 'ProposeCommitmentRevision':
      return proposeRevision(command, state, collaborative, context);
    case 'AcceptCommitmentRevision':
      return acceptRevision(command, state, collaborative, context);
    case 'ClaimCommitmentDelivery':
      return claimDelivery(command, state, collaborative, context);
    case 'ConfirmCommitmentDelivery': {
      const by = requirePromisee(state, collaborative, context, 'confirm its delivery');
      requirePhase(state, ['delivery_claimed'], 'delivery_not_claimed', 'only a claimed delivery can be confirmed');
      return [{ type: 'CommitmentDeliveryConfirmed', data: { commitmentId, by } }];
    }
    case 'DisputeCommitmentDelivery': {
      const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
      const by = requirePromisee(state, collaborative, context, 'dispute its delivery');
      requirePhase(state, ['delivery_claimed'], 'delivery_not_claimed', 'only a claimed delivery can be disputed');
      return [{ type: 'CommitmentDeliveryDisputed', data: { commitmentId, by, reason } }];
    }
    case 'ResolveCommitmentDispute':
      return resolveDispute(command, state, collaborative, context);
    case 'WithdrawCommitment': {
      const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
      // Withdrawing is the promisor's own word, allowed even after it has left the collaborative.
      if (actingOrganizationId(context.actor) !== state.promisor) {
        throw new ForbiddenError('not_the_promisor', `only the promisor ${state.promisor} can withdraw commitment ${commitmentId}`);
      }
      requirePhase(state, ['proposed', 'accepted'], 'commitment_not_open', 'only a proposed or accepted commitment whose delivery is not claimed can be withdrawn');
      return [{ type: 'CommitmentWithdrawn', data: { commitmentId, reason } }];
    }
    case 'CloseCommitmentAsMissed': {
      const rationale = requireText(command.data.rationale, 'rationale', LONG_TEXT);
      const authority = requireMatterAuthority(collaborative, context.actor, 'close_commitment_as_missed', 'close commitments as missed');
      refuseConflictOfInterest(authority, [state.promisor], `made commitment ${commitmentId}`);
      requirePhase(state, ['accepted'], 'commitment_not_open', 'only an accepted commitment whose delivery is not claimed can be closed as missed');
      // Missed means the time to deliver is over: the due date in force must have passed.
      if (!isPastDue(state.dueDate, context.now)) {
        throw new RuleViolation('not_yet_due', `commitment ${commitmentId} is due on ${state.dueDate}; it can be closed as missed only once that date has passed`);
      }
      const { by, resolutionId } = authority;
      return [{ type: 'CommitmentClosedAsMissed', data: { commitmentId, by, rationale, ...(resolutionId !== undefined && { resolutionId }) } }];
    }
  }
}

function requirePhase(state: CommitmentState, allowed: readonly CommitmentPhase[], code: string, rule: string): void {
  if (!allowed.includes(state.phase)) {
    throw new RuleViolation(code, `${rule}; commitment ${state.id} is ${state.phase.replaceAll('_', ' ')}`);
  }
}

function requirePromisor(state: CommitmentState, collaborative: CollaborativeState, context: CommitmentContext, doing: string): string {
  const actor = requireParticipant(collaborative, context.actor, doing);
  if (actor !== state.promisor) {
    throw new ForbiddenError('not_the_promisor', `only the promisor ${state.promisor} can ${doing} for commitment ${state.id}`);
  }
  return actor;
}

/**
 * The promisee organization for itself; for a commitment to the collaborative, any steward but the
 * promisor (it would judge its own promise).
 */
function requirePromisee(state: CommitmentState, collaborative: CollaborativeState, context: CommitmentContext, doing: string): string {
  const by = requireActingFor(state.promisee, collaborative, context.actor, doing, 'not_the_promisee');
  refuseConflictOfInterest(by, [state.promisor], `made commitment ${state.id} to the collaborative`);
  return by;
}

function optionalMeasure(value: unknown): Measure | undefined {
  if (value === undefined || value === null) return undefined;
  const measure = requireObject(value, 'measure');
  return {
    indicator: requireText(measure.indicator, 'measure.indicator'),
    unit: requireText(measure.unit, 'measure.unit'),
    target: requireDecimal(measure.target, 'measure.target'),
  };
}

function make(command: MakeCommitment, state: CommitmentState | null, context: CommitmentContext): CommitmentEvent[] {
  if (state !== null) throw new ConflictError('commitment_already_exists', `commitment ${state.id} already exists`);
  const data = command.data;
  const commitmentId = requireRecordId(data.id, 'id');
  const collaborativeId = requireRecordId(data.collaborativeId, 'collaborativeId');
  const promisee = requireOrganizationOrCollaborative(data.promisee, 'promisee');
  const title = requireText(data.title, 'title');
  const description = optionalText(data.description, 'description', LONG_TEXT);
  const deliverable = optionalText(data.deliverable, 'deliverable', LONG_TEXT);
  const measure = optionalMeasure(data.measure);
  const dueDate = requireDate(data.dueDate, 'dueDate');
  const goalId = optionalRecordId(data.goalId, 'goalId');
  const partnershipId = data.partnershipId === undefined || data.partnershipId === null ? undefined : requireRecordId(data.partnershipId, 'partnershipId');
  if ('collaborativeId' in promisee && promisee.collaborativeId !== collaborativeId) {
    throw new InvalidCommandError('promisee_other_collaborative', `a commitment in ${collaborativeId} can only be made to that collaborative, not ${promisee.collaborativeId}`, 'promisee.collaborativeId');
  }

  const collaborative = requireCollaborative(context.collaborative, collaborativeId);
  const promisor = requireParticipant(collaborative, context.actor, 'make commitments');
  if ('organizationId' in promisee) {
    if (promisee.organizationId === promisor) {
      throw new RuleViolation('promise_to_self', `${promisor} cannot make a commitment to itself; promise it to another organization or to the collaborative`);
    }
    if (!isParticipant(collaborative, promisee.organizationId)) {
      throw new RuleViolation('promisee_not_member', `${promisee.organizationId} is not a current member or steward of ${collaborativeId}`);
    }
  }
  if (goalId !== undefined && !collaborative.goals.has(goalId)) {
    throw new NotFoundError('goal_not_found', `${collaborativeId} has no shared goal ${goalId}`);
  }
  if (partnershipId !== undefined) checkPartnership(partnershipId, collaborativeId, context);

  return [
    {
      type: 'CommitmentMade',
      data: {
        commitmentId,
        collaborativeId,
        promisor,
        promisee,
        title,
        ...(description !== undefined && { description }),
        ...(deliverable !== undefined && { deliverable }),
        ...(measure !== undefined && { measure }),
        dueDate,
        ...(goalId !== undefined && { goalId }),
        ...(partnershipId !== undefined && { partnershipId }),
      },
    },
  ];
}

function checkPartnership(partnershipId: string, collaborativeId: string, context: CommitmentContext): void {
  const partnership = context.partnership;
  if (partnership === undefined) throw new Error('context.partnership must be loaded for a commitment that names a partnershipId');
  if (partnership === null || partnership.id !== partnershipId) {
    throw new NotFoundError('partnership_not_found', `there is no declaration of partnership ${partnershipId}`);
  }
  if (partnership.collaborativeId !== collaborativeId) {
    throw new RuleViolation('partnership_in_other_collaborative', `declaration ${partnershipId} belongs to ${partnership.collaborativeId}, not ${collaborativeId}`);
  }
  if (partnership.status === 'terminated') {
    throw new RuleViolation('declaration_terminated', `declaration ${partnershipId} was terminated; commitments can no longer be linked to it`);
  }
}

function reportProgress(command: ReportCommitmentProgress, state: CommitmentState, collaborative: CollaborativeState, context: CommitmentContext): CommitmentEvent[] {
  const note = requireText(command.data.note, 'note', LONG_TEXT);
  const value = optionalDecimal(command.data.value, 'value');
  const evidence = optionalEvidence(command.data.evidence, 'evidence');
  requirePromisor(state, collaborative, context, 'report progress');
  requirePhase(state, ['accepted'], 'commitment_not_open', 'progress is reported on an accepted commitment whose delivery is not yet claimed');
  return [
    {
      type: 'CommitmentProgressReported',
      data: { commitmentId: state.id, note, ...(value !== undefined && { value }), ...(evidence !== undefined && { evidence }) },
    },
  ];
}

function proposeRevision(command: ProposeCommitmentRevision, state: CommitmentState, collaborative: CollaborativeState, context: CommitmentContext): CommitmentEvent[] {
  const dueDate = optionalDate(command.data.dueDate, 'dueDate');
  const target = optionalDecimal(command.data.target, 'target');
  const description = optionalText(command.data.description, 'description', LONG_TEXT);
  const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
  if (dueDate === undefined && target === undefined && description === undefined) {
    throw new InvalidCommandError('empty_revision', 'a revision changes at least one of dueDate, target or description');
  }
  requirePromisor(state, collaborative, context, 'propose revisions');
  requirePhase(state, ['accepted'], 'commitment_not_open', 'revisions are proposed for an accepted commitment whose delivery is not yet claimed');
  if (target !== undefined && state.measure === undefined) {
    throw new RuleViolation('no_measure', `commitment ${state.id} has no measure, so it has no target to revise`);
  }
  const supersedes = pendingRevision(state)?.revisionId;
  return [
    {
      type: 'CommitmentRevisionProposed',
      data: {
        commitmentId: state.id,
        revisionId: context.ids.next(),
        ...(dueDate !== undefined && { dueDate }),
        ...(target !== undefined && { target }),
        ...(description !== undefined && { description }),
        reason,
        ...(supersedes !== undefined && { supersedes }),
      },
    },
  ];
}

function acceptRevision(command: AcceptCommitmentRevision, state: CommitmentState, collaborative: CollaborativeState, context: CommitmentContext): CommitmentEvent[] {
  const revisionId = requireText(command.data.revisionId, 'revisionId', 100);
  const by = requirePromisee(state, collaborative, context, 'accept revisions');
  const revision = state.revisions.find((r) => r.revisionId === revisionId);
  if (!revision) throw new NotFoundError('revision_not_found', `commitment ${state.id} has no revision ${revisionId}`);
  if (revision.status === 'accepted') throw new RuleViolation('revision_already_accepted', `revision ${revisionId} is already in force`);
  if (revision.status === 'superseded') {
    throw new RuleViolation('revision_superseded', `revision ${revisionId} was replaced by a later proposal; accept the pending one instead`);
  }
  requirePhase(state, ['accepted'], 'commitment_not_open', 'a revision takes effect only while delivery is not yet claimed');
  const { dueDate, target, description } = revision;
  return [
    {
      type: 'CommitmentRevisionAccepted',
      data: {
        commitmentId: state.id,
        revisionId,
        by,
        ...(dueDate !== undefined && { dueDate }),
        ...(target !== undefined && { target }),
        ...(description !== undefined && { description }),
      },
    },
  ];
}

function claimDelivery(command: ClaimCommitmentDelivery, state: CommitmentState, collaborative: CollaborativeState, context: CommitmentContext): CommitmentEvent[] {
  const deliveredOn = requirePastOrToday(requireDate(command.data.deliveredOn, 'deliveredOn'), context.today, 'deliveredOn');
  const value = optionalDecimal(command.data.value, 'value');
  const evidence = optionalEvidence(command.data.evidence, 'evidence');
  requirePromisor(state, collaborative, context, 'claim delivery');
  requirePhase(state, ['accepted'], 'commitment_not_open', 'delivery is claimed for an accepted commitment');
  return [
    {
      type: 'CommitmentDeliveryClaimed',
      data: { commitmentId: state.id, deliveredOn, ...(value !== undefined && { value }), ...(evidence !== undefined && { evidence }) },
    },
  ];
}

function resolveDispute(command: ResolveCommitmentDispute, state: CommitmentState, collaborative: CollaborativeState, context: CommitmentContext): CommitmentEvent[] {
  const outcome = requireOneOf(command.data.outcome, DISPUTE_OUTCOMES, 'outcome');
  const value = optionalDecimal(command.data.value, 'value');
  const rationale = requireText(command.data.rationale, 'rationale', LONG_TEXT);
  if (outcome === 'partially_delivered' && value === undefined) {
    throw new InvalidCommandError('value_required', 'a partially_delivered outcome states the value that was delivered', 'value');
  }
  const authority = requireMatterAuthority(collaborative, context.actor, 'adjudicate_dispute', 'resolve disputes');
  refuseConflictOfInterest(authority, [state.promisor], `made commitment ${state.id}`);
  refuseConflictOfInterest(authority, disputingParties(state), `is the promisee that disputed the delivery of commitment ${state.id}`);
  requirePhase(state, ['disputed'], 'not_disputed', 'only a disputed delivery can be resolved');
  const { by, resolutionId } = authority;
  return [
    {
      type: 'CommitmentDisputeResolved',
      data: { commitmentId: state.id, by, outcome, ...(value !== undefined && { value }), rationale, ...(resolutionId !== undefined && { resolutionId }) },
    },
  ];
}

/** The promisee's side of a dispute: the promisee organization, and whoever raised the dispute (a steward, for the collaborative). */
export function disputingParties(state: CommitmentState): string[] {
  const promisee = promiseeOrganizationId(state);
  return [...new Set([...(promisee === null ? [] : [promisee]), ...(state.dispute ? [state.dispute.by] : [])])];
}
