/**
 * Counting a resolution's votes (LEDGER.md, "Governance"): pure functions of the electorate, the
 * recusals and the votes, in exact integer arithmetic.
 *
 * - Recused organizations count neither for quorum nor for the threshold.
 * - Quorum: votes cast (for + against + abstain) over the eligible organizations.
 * - Threshold: for over (for + against). An exact tie (for = against) never meets it, whatever the
 *   percentage (LEDGER.md: "ties (threshold not met)"), nor does for + against = 0.
 * - Percentages are met when the share, rounded half-up to two decimals, is at least the charter's
 *   percentage: 66.67 accepts two thirds (percent.ts).
 * - Consensus: quorum met and no `against`, with at least one `for` — a decision nobody voted for
 *   is not adopted, even when everyone present abstained.
 * - Outcome: `lapsed` without quorum, else `adopted` when the threshold is met, else `rejected`.
 */
import { shareMeets } from './percent';
import { votingTermsOf, type CharterRule } from './charter';

export const VOTE_CHOICES = ['for', 'against', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const OUTCOMES = ['adopted', 'rejected', 'lapsed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Tally {
  /** Organizations whose vote counts: the electorate less the recused. */
  readonly eligible: number;
  readonly for: number;
  readonly against: number;
  readonly abstain: number;
  /** Members of the electorate recused (by the ledger or by themselves). */
  readonly recused: number;
  /** Eligible organizations that have not voted. */
  readonly notVoted: number;
  readonly quorumMet: boolean;
  readonly thresholdMet: boolean;
}

export type VotingTerms = Pick<CharterRule, 'quorumPct' | 'thresholdPct'>;

export interface Ballot {
  /** The organizations entitled to vote, fixed when voting opened. */
  readonly electorate: readonly string[];
  readonly recused: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  /** Each organization's vote in force (its last one). */
  readonly votes: ReadonlyMap<string, VoteChoice>;
}

interface Terms {
  readonly quorum: number;
  /** null: consensus. */
  readonly threshold: number | null;
}

function quorumMet(cast: number, eligible: number, terms: Terms): boolean {
  return shareMeets(cast, eligible, terms.quorum);
}

function thresholdMet(inFavour: number, against: number, terms: Terms): boolean {
  if (terms.threshold === null) return against === 0 && inFavour > 0;
  return inFavour !== against && shareMeets(inFavour, inFavour + against, terms.threshold);
}

/** The tally of the votes in force. Votes of organizations outside the electorate or recused do not count. */
export function tallyVotes(ballot: Ballot, votingTerms: VotingTerms): Tally {
  const terms = votingTermsOf(votingTerms);
  const counts = { for: 0, against: 0, abstain: 0 };
  let recused = 0;
  for (const organizationId of new Set(ballot.electorate)) {
    if (ballot.recused.has(organizationId)) recused += 1;
    else {
      const choice = ballot.votes.get(organizationId);
      if (choice !== undefined) counts[choice] += 1;
    }
  }
  const eligible = new Set(ballot.electorate).size - recused;
  const cast = counts.for + counts.against + counts.abstain;
  return {
    eligible,
    ...counts,
    recused,
    notVoted: eligible - cast,
    quorumMet: quorumMet(cast, eligible, terms),
    thresholdMet: thresholdMet(counts.for, counts.against, terms),
  };
}

export function outcomeOf(tally: Pick<Tally, 'quorumMet' | 'thresholdMet'>): Outcome {
  if (!tally.quorumMet) return 'lapsed';
  return tally.thresholdMet ? 'adopted' : 'rejected';
}

/**
 * Whether no remaining vote can change the outcome: however the organizations that have not voted
 * vote (for, against, abstain) or do not, the outcome stays the one of the tally as it is.
 *
 * Of the k pending organizations that vote, f for and a against (f + a ≤ k), the rest abstaining:
 * quorum depends on k only, the threshold on (f, a) only. So the outcomes reachable are, for each
 * k: lapsed without quorum; with quorum, adopted when some (f, a) within k meets the threshold
 * (k ≥ the smallest f + a that does) and rejected when some does not. A pending organization that
 * recuses itself reaches nothing abstaining would not: abstaining raises the quorum share at least
 * as much, and neither touches the threshold.
 */
export function outcomeIsSettled(tally: Tally, votingTerms: VotingTerms): boolean {
  const terms = votingTermsOf(votingTerms);
  const pending = tally.notVoted;
  const cast = tally.for + tally.against + tally.abstain;
  let fewestToMeet = Infinity;
  let fewestToFail = Infinity;
  for (let inFavour = 0; inFavour <= pending; inFavour++) {
    for (let against = 0; inFavour + against <= pending; against++) {
      const votes = inFavour + against;
      if (thresholdMet(tally.for + inFavour, tally.against + against, terms)) fewestToMeet = Math.min(fewestToMeet, votes);
      else fewestToFail = Math.min(fewestToFail, votes);
    }
  }
  const current = outcomeOf(tally);
  for (let voting = 0; voting <= pending; voting++) {
    const reachable: Outcome[] = quorumMet(cast + voting, tally.eligible, terms)
      ? [...(voting >= fewestToMeet ? (['adopted'] as const) : []), ...(voting >= fewestToFail ? (['rejected'] as const) : [])]
      : ['lapsed'];
    if (reachable.some((outcome) => outcome !== current)) return false;
  }
  return true;
}
