import type { Matter } from '../governance/charter';
import { tallyVotes, type Outcome, type Tally, type VoteChoice } from '../governance/tally';
import type { Act } from './acts';
import type { AppliedRule } from './events';

export type ResolutionStatus = 'open' | Outcome | 'withdrawn';

export interface Vote {
  readonly choice: VoteChoice;
  readonly reason?: string;
  readonly castAt: string;
}

export interface Recusal {
  readonly reason: string;
  /** Recused by the ledger, as a party to what the resolution acts on (else by itself). */
  readonly automatic: boolean;
}

export interface ResolutionState {
  readonly id: string;
  readonly collaborativeId: string;
  readonly title: string;
  readonly text?: string;
  readonly matter: Matter;
  readonly acts: readonly Act[];
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly votingClosesAt: string;
  readonly meetingId?: string;
  readonly rule: AppliedRule;
  /** Fixed when voting opened. */
  readonly electorate: readonly string[];
  readonly recusals: ReadonlyMap<string, Recusal>;
  /** Each organization's vote in force (its last). */
  readonly votes: ReadonlyMap<string, Vote>;
  readonly status: ResolutionStatus;
  readonly closure?: { readonly outcome: Outcome; readonly tally: Tally; readonly closedBy: string; readonly closedAt: string; readonly early: boolean };
  readonly withdrawal?: { readonly reason: string; readonly withdrawnBy: string };
}

/** The tally of the votes in force: the final one once closed. */
export function currentTally(state: ResolutionState): Tally {
  if (state.closure) return state.closure.tally;
  const votes = new Map([...state.votes].map(([organizationId, vote]) => [organizationId, vote.choice]));
  return tallyVotes({ electorate: state.electorate, recused: state.recusals, votes }, state.rule);
}

/** Whether the time for voting is over at `instant` (an ISO 8601 instant). */
export function votingHasClosed(state: ResolutionState, instant: string): boolean {
  return Date.parse(instant) >= Date.parse(state.votingClosesAt);
}

/**
 * Where the resolution stands at `asOf`: `voting`, `awaiting_closure` (voting time is over, no
 * steward has closed it yet), its outcome, or `withdrawn`.
 */
export function resolutionStatus(state: ResolutionState, asOf: string): 'voting' | 'awaiting_closure' | Exclude<ResolutionStatus, 'open'> {
  if (state.status !== 'open') return state.status;
  return votingHasClosed(state, asOf) ? 'awaiting_closure' : 'voting';
}

/** Eligible organizations that may still vote: in the electorate, not recused. */
export function eligibleVoters(state: ResolutionState): string[] {
  return state.electorate.filter((organizationId) => !state.recusals.has(organizationId));
}
