import type { Command } from '../shared/decider';
import type { Matter } from '../governance/charter';
import type { VoteChoice } from '../governance/tally';
import type { Act } from './acts';

/**
 * A steward (or a member, where the charter gives the matter to a vote of the members). `acts`: the
 * acts it carries out when adopted, all of its matter (none for `general`). `votingClosesAt`: an
 * instant, by default the rule's votingDays from now.
 */
export type ProposeResolution = Command<
  'ProposeResolution',
  { id: string; collaborativeId: string; title: string; text?: string; matter: Matter; acts?: Act[]; votingClosesAt?: string; meetingId?: string }
>;
/** An eligible organization, for itself; it may change its vote until voting closes. */
export type CastVote = Command<'CastVote', { choice: VoteChoice; reason?: string }>;
/** An eligible organization, for itself: its vote, if any, no longer counts. */
export type RecuseFromResolution = Command<'RecuseFromResolution', { reason: string }>;
/** A steward, once voting has closed or no remaining vote can change the outcome. */
export type CloseResolution = Command<'CloseResolution', Record<string, never>>;
/** The proposer, before it closes. */
export type WithdrawResolution = Command<'WithdrawResolution', { reason: string }>;

export type ResolutionCommand = ProposeResolution | CastVote | RecuseFromResolution | CloseResolution | WithdrawResolution;
