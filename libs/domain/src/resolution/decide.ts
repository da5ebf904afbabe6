import { evolveAll, type Actor, type Decider, type DecisionContext, type IdGenerator } from '../shared/decider';
import { isIsoInstant } from '../shared/dates';
import { ConflictError, DomainError, ForbiddenError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import { LONG_TEXT, RESOLUTION_ACTS, optionalText, requireList, requireOneOf, requireRecordId, requireText } from '../shared/validation';
import { MATTERS, MAX_VOTING_DAYS, describeRule, isDecidedByVote, type CharterRule, type Matter } from '../governance/charter';
import { VOTE_CHOICES, outcomeIsSettled, outcomeOf } from '../governance/tally';
import { requireCollaborative, requireSteward } from '../collaborative/access';
import { collaborativeDecider } from '../collaborative/decider';
import { roleOf, ruleInForce, type CollaborativeState } from '../collaborative/state';
import type { MemberRole } from '../collaborative/commands';
import { partnershipDecider } from '../partnership/decider';
import type { PartnershipState } from '../partnership/state';
import { commitmentDecider } from '../commitment/decider';
import { disputingParties } from '../commitment/decide';
import type { CommitmentState } from '../commitment/state';
import { riskAgreementDecider } from '../risk-agreement/decider';
import type { RiskAgreementState } from '../risk-agreement/state';
import type { OrganizationState } from '../organization/state';
import type { MeetingState } from '../meeting/state';
import { actCommand, actTargetField, parseAct, type Act, type ActRecord } from './acts';
import type { CastVote, CloseResolution, ProposeResolution, RecuseFromResolution, ResolutionCommand, WithdrawResolution } from './commands';
import type { ResolutionEvent } from './events';
import { currentTally, eligibleVoters, votingHasClosed, type ResolutionState } from './state';

const DAY_MS = 86_400_000;

export interface ResolutionContext extends DecisionContext {
  /** The resolution's collaborative (current state), null if it does not exist. */
  readonly collaborative: CollaborativeState | null;
  /** For ProposeResolution with a meetingId: that meeting, null if it does not exist. */
  readonly meeting?: MeetingState | null;
  // And for ProposeResolution, under `act:<index>` (actTargetField), what each act names
  // (actTargetOf): the organization to admit, or the declaration, commitment or risk agreement
  // acted on; null if it does not exist.
}

/** What the act at `index` names, as loaded by the application (undefined: not loaded). */
function loadedTarget(context: ResolutionContext, index: number): unknown {
  return (context as unknown as Record<string, unknown>)[actTargetField(index)];
}

/** Which collaborative the application layer must load into the context for this command. */
export function collaborativeIdFor(command: ResolutionCommand, state: ResolutionState | null): string | null {
  return state?.collaborativeId ?? (command.type === 'ProposeResolution' ? command.data.collaborativeId : null);
}

export function decide(command: ResolutionCommand, state: ResolutionState | null, context: ResolutionContext): ResolutionEvent[] {
  if (command.type === 'ProposeResolution') return propose(command, state, context);
  if (state === null) throw new NotFoundError('resolution_not_found', 'there is no resolution with this id');
  switch (command.type) {
    case 'CastVote':
      return castVote(command, state, context);
    case 'RecuseFromResolution':
      return recuse(command, state, context);
    case 'CloseResolution':
      return close(command, state, context);
    case 'WithdrawResolution':
      return withdraw(command, state, context);
  }
}

// ——— Proposal ———

function propose(command: ProposeResolution, state: ResolutionState | null, context: ResolutionContext): ResolutionEvent[] {
  if (state !== null) throw new ConflictError('resolution_already_exists', `resolution ${state.id} already exists`);
  const data = command.data;
  const resolutionId = requireRecordId(data.id, 'id');
  const collaborativeId = requireRecordId(data.collaborativeId, 'collaborativeId');
  const title = requireText(data.title, 'title');
  const text = optionalText(data.text, 'text', LONG_TEXT);
  const matter = requireOneOf(data.matter, MATTERS, 'matter');
  const acts = parseActs(data.acts, matter);
  const requestedClose = parseVotingClosesAt(data.votingClosesAt, context.now);
  const meetingId = data.meetingId === undefined || data.meetingId === null ? undefined : requireRecordId(data.meetingId, 'meetingId');

  const collaborative = requireCollaborative(context.collaborative, collaborativeId);
  const rule = ruleOfResolution(collaborative, matter, acts);
  const proposedBy = requireProposer(collaborative, context.actor, rule);
  if (meetingId !== undefined) checkMeeting(meetingId, collaborativeId, context);
  const parties = checkActs(acts, resolutionId, collaborative, context);

  const electorate = [...collaborative.members]
    .filter(([, role]) => role === 'steward' || (rule.decidedBy === 'members' && role === 'member'))
    .map(([organizationId]) => organizationId)
    .sort();
  const recused = electorate.flatMap((organizationId) => {
    const party = parties.find((p) => p.organizationId === organizationId);
    return party ? [party] : [];
  });
  if (recused.length === electorate.length) {
    throw new RuleViolation(
      'no_eligible_voters',
      `every organization that may vote on ${matter} in ${collaborativeId} (${electorate.join(', ') || 'none'}) is a party to what the resolution acts on, so none could vote`,
    );
  }
  const votingClosesAt = requestedClose ?? new Date(Date.parse(context.now) + rule.votingDays * DAY_MS).toISOString();
  const { matter: _, ...applied } = rule;
  return [
    {
      type: 'ResolutionProposed',
      data: {
        resolutionId,
        collaborativeId,
        title,
        ...(text !== undefined && { text }),
        matter,
        acts,
        proposedBy,
        proposedAt: context.now,
        votingClosesAt,
        ...(meetingId !== undefined && { meetingId }),
        rule: applied,
        electorate,
        recused,
      },
    },
  ];
}

/** A general resolution carries out nothing; any other carries out at least one act, all of its matter. */
function parseActs(value: unknown, matter: Matter): Act[] {
  const given = value === undefined || value === null ? [] : requireList(value, 'acts', RESOLUTION_ACTS.min, RESOLUTION_ACTS.max);
  if (matter === 'general') {
    if (given.length > 0) throw new InvalidCommandError('acts_not_allowed', 'a general resolution carries out no act (a policy, an allocation, a statement); leave acts out', 'acts');
    return [];
  }
  if (given.length === 0) throw new InvalidCommandError('acts_required', `a resolution on ${matter} carries out at least one ${matter} act`, 'acts');
  return given.map((act, i) => parseAct(act, `acts[${i}]`, matter));
}

/** An instant after now and within the longest voting period a charter allows; null: the rule's default. */
function parseVotingClosesAt(value: unknown, now: string): string | null {
  if (value === undefined || value === null) return null;
  if (!isIsoInstant(value)) {
    throw new InvalidCommandError('invalid_instant', 'votingClosesAt must be an ISO 8601 instant with a time zone, such as 2025-03-08T17:00:00Z', 'votingClosesAt');
  }
  const closes = Date.parse(value);
  if (closes <= Date.parse(now)) throw new InvalidCommandError('voting_closes_in_the_past', `votingClosesAt ${value} is not after now (${now})`, 'votingClosesAt');
  if (closes > Date.parse(now) + MAX_VOTING_DAYS * DAY_MS) {
    throw new InvalidCommandError('voting_period_too_long', `votingClosesAt ${value} is more than ${MAX_VOTING_DAYS} days from now`, 'votingClosesAt');
  }
  return new Date(closes).toISOString();
}

/**
 * The rule the resolution is decided by. For admit_member it may depend on the roles admitted
 * (the default charter votes on stewards and auditors): the strictest, a vote, wins.
 */
function ruleOfResolution(collaborative: CollaborativeState, matter: Matter, acts: readonly Act[]): CharterRule {
  const roles = acts.map((act) => (act.type === 'admit_member' ? (act.role as MemberRole) : undefined));
  const rules = (roles.length > 0 ? roles : [undefined]).map((role) => ruleInForce(collaborative, matter, role));
  return rules.find(isDecidedByVote) ?? rules[0];
}

/**
 * Whether the actor may propose a resolution on `matter` in the collaborative, by the rule in force
 * for it: the guard `propose` applies (its acts are checked when they are given). Throws as
 * `propose` would; the web app's allowed actions ask it for each matter.
 */
export function requireMayPropose(collaborative: CollaborativeState, actor: Actor, matter: Matter): string {
  return requireProposer(collaborative, actor, ruleOfResolution(collaborative, matter, []));
}

/** A steward proposes; a member too where the rule is a vote of the members. Returns the proposer. */
function requireProposer(collaborative: CollaborativeState, actor: Actor, rule: CharterRule): string {
  if (actor.kind !== 'organization') throw new ForbiddenError('organization_only', 'a resolution is proposed by an organization of the collaborative, for itself');
  const role = roleOf(collaborative, actor.organizationId);
  if (role === 'steward' || (role === 'member' && rule.decidedBy === 'members')) return actor.organizationId;
  throw new ForbiddenError(
    'not_allowed_to_propose',
    `${actor.organizationId} cannot propose a resolution on ${rule.matter} in ${collaborative.id}: the charter gives it to ${describeRule(rule)}, so ${rule.decidedBy === 'members' ? 'a steward or a member' : 'a steward'} proposes it`,
  );
}

function checkMeeting(meetingId: string, collaborativeId: string, context: ResolutionContext): void {
  if (context.meeting === undefined) throw new Error('context.meeting must be loaded for a resolution that names a meetingId');
  if (context.meeting === null || context.meeting.id !== meetingId) throw new NotFoundError('meeting_not_found', `there is no meeting ${meetingId}`);
  if (context.meeting.collaborativeId !== collaborativeId) {
    throw new RuleViolation('meeting_in_other_collaborative', `meeting ${meetingId} belongs to ${context.meeting.collaborativeId}, not ${collaborativeId}`);
  }
}

interface Party {
  readonly organizationId: string;
  readonly reason: string;
}

/** The deciders of the records acts change, driven through one shape. */
const DECIDERS: Record<ActRecord, Decider<unknown, unknown, unknown, DecisionContext>> = {
  collaborative: collaborativeDecider as never,
  partnership: partnershipDecider as never,
  commitment: commitmentDecider as never,
  'risk-agreement': riskAgreementDecider as never,
};

/**
 * Each act is checked at proposal as thoroughly as it can be: its target exists and is of this
 * collaborative, and its command, decided now by this resolution on the records as they stand (one
 * act after the other), is accepted — so a resolution that would remove the last steward, resolve
 * an undisputed commitment or carry a bad charter rule is refused before anyone votes. Returns the
 * parties to what the acts act on, whom the ledger recuses.
 */
function checkActs(acts: readonly Act[], resolutionId: string, collaborative: CollaborativeState, context: ResolutionContext): Party[] {
  const actor: Actor = { kind: 'resolution', collaborativeId: collaborative.id, resolutionId };
  let simulated = 0;
  const ids: IdGenerator = { next: () => `proposed-${(simulated += 1)}` };
  let current = collaborative;
  const moved = new Map<string, unknown>();
  const parties: Party[] = [];
  acts.forEach((act, i) => {
    const { record, id, command } = actCommand(act, collaborative.id);
    const target = record === 'collaborative' ? null : requireTarget(act, i, record, id, collaborative.id, context);
    checkCollaborativeTarget(act, i, current);
    parties.push(...partiesOf(act, target));
    const key = `${record}-${id}`;
    const state = record === 'collaborative' ? current : moved.has(key) ? moved.get(key) : target;
    const organization = act.type === 'admit_member' ? requireOrganizationToAdmit(context, i, act.organizationId) : undefined;
    const decider = DECIDERS[record];
    const events = withinAct(i, act, () => decider.decide(command, state, { actor, now: context.now, today: context.today, ids, collaborative: current, organization } as DecisionContext));
    const next = evolveAll(decider, events, state);
    if (record === 'collaborative') current = next as CollaborativeState;
    else moved.set(key, next);
  });
  return parties;
}

/** The record an act acts on, loaded by the application: it exists and belongs to this collaborative. */
function requireTarget(act: Act, index: number, record: Exclude<ActRecord, 'collaborative'>, id: string, collaborativeId: string, context: ResolutionContext): TargetState {
  const state = loadedTarget(context, index) as TargetState | null | undefined;
  if (state === undefined) throw new Error(`context.${actTargetField(index)} must be loaded for act ${index} (${act.type})`);
  if (state === null || state.id !== id) throw new NotFoundError('act_target_not_found', `acts[${index}] (${act.type}): there is no ${record.replace('-', ' ')} ${id}`);
  if (state.collaborativeId !== collaborativeId) {
    throw new RuleViolation('act_target_in_other_collaborative', `acts[${index}] (${act.type}): ${record.replace('-', ' ')} ${id} belongs to ${state.collaborativeId}, not ${collaborativeId}`);
  }
  return state;
}

type TargetState = PartnershipState | CommitmentState | RiskAgreementState;

function requireOrganizationToAdmit(context: ResolutionContext, index: number, organizationId: string): OrganizationState {
  const organization = loadedTarget(context, index) as OrganizationState | null | undefined;
  if (organization === undefined) throw new Error(`context.${actTargetField(index)} must be loaded for act ${index} (admit_member)`);
  if (organization === null || organization.id !== organizationId) {
    throw new NotFoundError('act_target_not_found', `acts[${index}] (admit_member): no organization ${organizationId} is registered`);
  }
  return organization;
}

/** Members and goals an act names must be this collaborative's. */
function checkCollaborativeTarget(act: Act, index: number, collaborative: CollaborativeState): void {
  if ((act.type === 'remove_member' || act.type === 'change_role') && roleOf(collaborative, act.organizationId) === null) {
    throw new NotFoundError('act_target_not_found', `acts[${index}] (${act.type}): ${act.organizationId} is not a current member of ${collaborative.id}`);
  }
  if (act.type === 'revise_goal' && !collaborative.goals.has(act.goalId)) {
    throw new NotFoundError('act_target_not_found', `acts[${index}] (revise_goal): ${collaborative.id} has no shared goal ${act.goalId}`);
  }
}

/** Who is a party to what an act acts on: the ledger recuses them (LEDGER.md, "Resolution"). */
function partiesOf(act: Act, target: TargetState | null): Party[] {
  switch (act.type) {
    case 'remove_member':
      return [{ organizationId: act.organizationId, reason: 'the member the resolution would remove' }];
    case 'change_role':
      return [{ organizationId: act.organizationId, reason: 'the member whose role the resolution would change' }];
    case 'terminate_declaration': {
      const declaration = target as PartnershipState;
      return declaration.parties.map((organizationId) => ({ organizationId, reason: `a party to declaration ${declaration.id}, which the resolution would terminate` }));
    }
    case 'adjudicate_dispute': {
      const commitment = target as CommitmentState;
      return [
        { organizationId: commitment.promisor, reason: `the promisor of commitment ${commitment.id}, whose dispute the resolution would adjudicate` },
        ...disputingParties(commitment).map((organizationId) => ({ organizationId, reason: `the promisee side of the dispute over commitment ${commitment.id}` })),
      ];
    }
    case 'close_commitment_as_missed': {
      const commitment = target as CommitmentState;
      return [{ organizationId: commitment.promisor, reason: `the promisor of commitment ${commitment.id}, which the resolution would close as missed` }];
    }
    case 'record_risk_result': {
      const agreement = target as RiskAgreementState;
      return agreement.terms.parties.map(({ organizationId }) => ({ organizationId, reason: `a party to risk agreement ${agreement.id}, whose result the resolution would record` }));
    }
    default:
      return [];
  }
}

/** A refusal of an act names the act: its index and kind, and the field within it. */
function withinAct<T>(index: number, act: Act, decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const path = error.path === undefined ? `acts[${index}]` : `acts[${index}].${error.path}`;
    throw new DomainError(error.kind, error.code, `acts[${index}] (${act.type}): ${error.detail}`, path, { ...error.details, act: index, actType: act.type });
  }
}

// ——— Voting ———

/** An organization of the electorate, not recused; returns its id. */
function requireVoter(state: ResolutionState, actor: Actor, doing: string): string {
  if (actor.kind !== 'organization') throw new ForbiddenError('organization_only', `only an organization eligible to vote on resolution ${state.id} can ${doing}, for itself`);
  const organizationId = actor.organizationId;
  if (!state.electorate.includes(organizationId)) {
    throw new ForbiddenError(
      'not_eligible',
      `${organizationId} is not eligible on resolution ${state.id}: its electorate is ${state.rule.decidedBy === 'members' ? 'the stewards and members' : 'the stewards'} of ${state.collaborativeId} when voting opened`,
    );
  }
  if (state.recusals.has(organizationId)) {
    throw new ForbiddenError('recused', `${organizationId} is recused from resolution ${state.id} (${state.recusals.get(organizationId)!.reason}) and cannot vote on it`);
  }
  return organizationId;
}

function requireOpen(state: ResolutionState): void {
  if (state.status === 'withdrawn') throw new RuleViolation('resolution_withdrawn', `resolution ${state.id} was withdrawn`);
  if (state.status !== 'open') throw new RuleViolation('resolution_closed', `resolution ${state.id} is closed (${state.status})`);
}

function requireVotingOpen(state: ResolutionState, now: string): void {
  requireOpen(state);
  if (votingHasClosed(state, now)) throw new RuleViolation('voting_closed', `voting on resolution ${state.id} closed at ${state.votingClosesAt}`);
}

function castVote(command: CastVote, state: ResolutionState, context: ResolutionContext): ResolutionEvent[] {
  const choice = requireOneOf(command.data.choice, VOTE_CHOICES, 'choice');
  const reason = optionalText(command.data.reason, 'reason', LONG_TEXT);
  const organizationId = requireVoter(state, context.actor, 'vote');
  requireVotingOpen(state, context.now);
  const previous = state.votes.get(organizationId);
  // The same choice again changes nothing: a retry appends nothing.
  if (previous?.choice === choice) return [];
  return [
    {
      type: 'VoteCast',
      data: {
        resolutionId: state.id,
        organizationId,
        choice,
        ...(reason !== undefined && { reason }),
        castAt: context.now,
        ...(previous !== undefined && { previousChoice: previous.choice }),
      },
    },
  ];
}

function recuse(command: RecuseFromResolution, state: ResolutionState, context: ResolutionContext): ResolutionEvent[] {
  const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
  if (context.actor.kind === 'organization' && state.recusals.has(context.actor.organizationId)) {
    throw new RuleViolation('already_recused', `${context.actor.organizationId} is already recused from resolution ${state.id}`);
  }
  const organizationId = requireVoter(state, context.actor, 'recuse itself');
  requireVotingOpen(state, context.now);
  if (eligibleVoters(state).length === 1) {
    throw new RuleViolation('no_eligible_voters', `${organizationId} is the last organization eligible to vote on resolution ${state.id}; recused, no one could decide it`);
  }
  const discarded = state.votes.get(organizationId)?.choice;
  return [{ type: 'RecusalRecorded', data: { resolutionId: state.id, organizationId, reason, ...(discarded !== undefined && { discardedChoice: discarded }) } }];
}

function close(_command: CloseResolution, state: ResolutionState, context: ResolutionContext): ResolutionEvent[] {
  const collaborative = requireCollaborative(context.collaborative, state.collaborativeId);
  const closedBy = requireSteward(collaborative, context.actor, 'close resolutions');
  requireOpen(state);
  const tally = currentTally(state);
  const early = !votingHasClosed(state, context.now);
  if (early && !outcomeIsSettled(tally, state.rule)) {
    throw new RuleViolation(
      'voting_still_open',
      `voting on resolution ${state.id} closes at ${state.votingClosesAt}, and the ${tally.notVoted} eligible organization(s) that have not voted could still change the outcome`,
      { votingClosesAt: state.votingClosesAt, notVoted: tally.notVoted },
    );
  }
  return [{ type: 'ResolutionClosed', data: { resolutionId: state.id, outcome: outcomeOf(tally), tally, closedBy, closedAt: context.now, early } }];
}

function withdraw(command: WithdrawResolution, state: ResolutionState, context: ResolutionContext): ResolutionEvent[] {
  const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
  if (context.actor.kind !== 'organization' || context.actor.organizationId !== state.proposedBy) {
    throw new ForbiddenError('not_the_proposer', `only ${state.proposedBy}, which proposed resolution ${state.id}, can withdraw it`);
  }
  requireOpen(state);
  return [{ type: 'ResolutionWithdrawn', data: { resolutionId: state.id, reason, withdrawnBy: state.proposedBy } }];
}

