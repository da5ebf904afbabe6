import type { DomainEvent } from '../shared/decider';
import type { CharterRule, Matter } from '../governance/charter';
import type { Outcome, Tally, VoteChoice } from '../governance/tally';
import type { Act } from './acts';

type Data<T> = { resolutionId: string } & T;

/** The rule the resolution is decided by, as it stood when voting opened. */
export type AppliedRule = Omit<CharterRule, 'matter'>;

/**
 * Voting opens: the rule applied, the electorate (the stewards, or stewards and members, when it
 * opened) and the organizations the ledger recused as parties to what the acts act on, with why.
 */
export type ResolutionProposed = DomainEvent<
  'ResolutionProposed',
  Data<{
    collaborativeId: string;
    title: string;
    text?: string;
    matter: Matter;
    acts: Act[];
    proposedBy: string;
    proposedAt: string;
    votingClosesAt: string;
    meetingId?: string;
    rule: AppliedRule;
    electorate: string[];
    recused: { organizationId: string; reason: string }[];
  }>
>;
/** `previousChoice`: the vote this one replaces. */
export type VoteCast = DomainEvent<'VoteCast', Data<{ organizationId: string; choice: VoteChoice; reason?: string; castAt: string; previousChoice?: VoteChoice }>>;
/** An organization recused itself; `discardedChoice`: its vote, which no longer counts. */
export type RecusalRecorded = DomainEvent<'RecusalRecorded', Data<{ organizationId: string; reason: string; discardedChoice?: VoteChoice }>>;
/** `early`: closed before votingClosesAt, no remaining vote being able to change the outcome. */
export type ResolutionClosed = DomainEvent<'ResolutionClosed', Data<{ outcome: Outcome; tally: Tally; closedBy: string; closedAt: string; early: boolean }>>;
export type ResolutionWithdrawn = DomainEvent<'ResolutionWithdrawn', Data<{ reason: string; withdrawnBy: string }>>;

export type ResolutionEvent = ResolutionProposed | VoteCast | RecusalRecorded | ResolutionClosed | ResolutionWithdrawn;

export const RESOLUTION_EVENT_SCHEMA_VERSIONS = {
  ResolutionProposed: 1,
  VoteCast: 1,
  RecusalRecorded: 1,
  ResolutionClosed: 1,
  ResolutionWithdrawn: 1,
} as const satisfies Record<ResolutionEvent['type'], number>;
