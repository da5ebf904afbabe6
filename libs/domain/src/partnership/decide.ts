import { actingOrganizationId, type DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import {
  DECLARATION_PARTIES,
  LONG_TEXT,
  optionalDate,
  optionalText,
  requireDate,
  requireList,
  requireRecordId,
  requireSha256,
  requireText,
} from '../shared/validation';
import { isStewardActor, refuseConflictOfInterest, requireCollaborative, requireMatterAuthority, requireParticipant } from '../collaborative/access';
import { isParticipant, type CollaborativeState } from '../collaborative/state';
import type {
  DraftDeclaration,
  PartnershipCommand,
  SignDeclaration,
  TerminateDeclaration,
  WithdrawFromDeclaration,
} from './commands';
import type { PartnershipEvent } from './events';
import { isParty, type PartnershipState } from './state';
import { requireSignatory } from '../shared/signatory';

export interface PartnershipContext extends DecisionContext {
  /** The collaborative the declaration belongs to (its current state), null if it does not exist. */
  readonly collaborative: CollaborativeState | null;
}

/** Which collaborative the application layer must load into the context for this command. */
export function collaborativeIdFor(command: PartnershipCommand, state: PartnershipState | null): string | null {
  return state?.collaborativeId ?? (command.type === 'DraftDeclaration' ? command.data.collaborativeId : null);
}

export function decide(command: PartnershipCommand, state: PartnershipState | null, context: PartnershipContext): PartnershipEvent[] {
  if (command.type === 'DraftDeclaration') return draft(command, state, context);
  if (state === null) throw new NotFoundError('partnership_not_found', 'there is no declaration of partnership with this id');
  const collaborative = requireCollaborative(context.collaborative, state.collaborativeId);
  switch (command.type) {
    case 'SignDeclaration':
      return sign(command, state, collaborative, context);
    case 'WithdrawFromDeclaration':
      return withdraw(command, state, context);
    case 'TerminateDeclaration':
      return terminate(command, state, collaborative, context);
  }
}

function draft(command: DraftDeclaration, state: PartnershipState | null, context: PartnershipContext): PartnershipEvent[] {
  if (state !== null) throw new ConflictError('partnership_already_exists', `declaration ${state.id} already exists`);
  const data = command.data;
  const partnershipId = requireRecordId(data.id, 'id');
  const collaborativeId = requireRecordId(data.collaborativeId, 'collaborativeId');
  const title = requireText(data.title, 'title');
  const termsSha256 = requireSha256(data.termsSha256, 'termsSha256');
  const summary = optionalText(data.summary, 'summary', LONG_TEXT);
  const parties = requireList(data.parties, 'parties', DECLARATION_PARTIES.min, DECLARATION_PARTIES.max).map((party, i) => requireRecordId(party, `parties[${i}]`));
  const duplicate = parties.find((party, i) => parties.indexOf(party) !== i);
  if (duplicate) throw new InvalidCommandError('duplicate_party', `${duplicate} is listed more than once in parties`, 'parties');
  const effectiveFrom = requireDate(data.effectiveFrom, 'effectiveFrom');
  const effectiveUntil = optionalDate(data.effectiveUntil, 'effectiveUntil');
  if (effectiveUntil !== undefined && effectiveUntil < effectiveFrom) {
    throw new InvalidCommandError('end_before_start', `effectiveUntil ${effectiveUntil} is before effectiveFrom ${effectiveFrom}`, 'effectiveUntil');
  }

  const collaborative = requireCollaborative(context.collaborative, collaborativeId);
  // Drafted by one of the parties (for itself) or by a steward (for the collaborative).
  if (!isStewardActor(collaborative, context.actor)) {
    const drafter = requireParticipant(collaborative, context.actor, 'draft declarations');
    if (!parties.includes(drafter)) {
      throw new ForbiddenError('not_a_party', `${drafter} can only draft a declaration it is a party to, unless it is a steward`);
    }
  }
  const outsider = parties.find((party) => !isParticipant(collaborative, party));
  if (outsider) {
    throw new RuleViolation('party_not_member', `${outsider} is not a current member or steward of ${collaborativeId}, so it cannot be a party`);
  }
  return [
    {
      type: 'DeclarationDrafted',
      data: {
        partnershipId,
        collaborativeId,
        title,
        termsSha256,
        ...(summary !== undefined && { summary }),
        parties,
        effectiveFrom,
        ...(effectiveUntil !== undefined && { effectiveUntil }),
      },
    },
  ];
}

function sign(command: SignDeclaration, state: PartnershipState, collaborative: CollaborativeState, context: PartnershipContext): PartnershipEvent[] {
  const signatory = requireSignatory(command.data.signatory);
  const signer = requireParticipant(collaborative, context.actor, 'sign declarations');
  if (!isParty(state, signer)) throw new ForbiddenError('not_a_party', `${signer} is not a party to declaration ${state.id}`);
  if (state.status === 'terminated') throw new RuleViolation('declaration_terminated', `declaration ${state.id} was terminated`);
  if (state.signatures.has(signer)) throw new RuleViolation('already_signed', `${signer} has already signed declaration ${state.id}`);

  const events: PartnershipEvent[] = [{ type: 'DeclarationSigned', data: { partnershipId: state.id, organizationId: signer, signatory } }];
  // The last signature makes the declaration take effect; the ledger records that itself.
  if (state.parties.every((party) => party === signer || state.signatures.has(party))) {
    events.push({ type: 'DeclarationTookEffect', data: { partnershipId: state.id, effectiveFrom: state.effectiveFrom } });
  }
  return events;
}

function withdraw(command: WithdrawFromDeclaration, state: PartnershipState, context: PartnershipContext): PartnershipEvent[] {
  const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
  const effectiveOn = requireDate(command.data.effectiveOn, 'effectiveOn');
  // Leaving is always allowed to a party, even one that has since departed the collaborative.
  const party = actingOrganizationId(context.actor);
  if (party === null || !isParty(state, party)) {
    throw new ForbiddenError('not_a_party', `only a party to declaration ${state.id} can withdraw from it, and only for itself`);
  }
  if (state.status === 'terminated') throw new RuleViolation('declaration_terminated', `declaration ${state.id} was terminated`);
  if (state.status !== 'in_effect') {
    throw new RuleViolation('declaration_not_in_effect', `declaration ${state.id} has not taken effect; a party that does not want it need not sign`);
  }
  if (state.withdrawals.has(party)) throw new RuleViolation('already_withdrawn', `${party} has already withdrawn from declaration ${state.id}`);
  if (effectiveOn < state.effectiveFrom) {
    throw new RuleViolation('withdrawal_before_effective_from', `effectiveOn ${effectiveOn} is before the declaration is effective (${state.effectiveFrom})`);
  }
  return [{ type: 'PartyWithdrewFromDeclaration', data: { partnershipId: state.id, organizationId: party, reason, effectiveOn } }];
}

function terminate(command: TerminateDeclaration, state: PartnershipState, collaborative: CollaborativeState, context: PartnershipContext): PartnershipEvent[] {
  const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
  const authority = requireMatterAuthority(collaborative, context.actor, 'terminate_declaration', 'terminate declarations');
  refuseConflictOfInterest(authority, state.parties, `is a party to declaration ${state.id}`);
  if (state.status === 'terminated') throw new RuleViolation('declaration_terminated', `declaration ${state.id} is already terminated`);
  const { by: terminatedBy, resolutionId } = authority;
  return [{ type: 'DeclarationTerminated', data: { partnershipId: state.id, terminatedBy, reason, ...(resolutionId !== undefined && { resolutionId }) } }];
}
