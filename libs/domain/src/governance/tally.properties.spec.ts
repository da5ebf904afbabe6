/**
 * The tally and outcome against an independent recount: rational shares compared by long division
 * (quotient and remainder, rounded half-up by hand), from the raw sequence of votes with changes
 * and recusals; and "the outcome can no longer change" against a brute-force search over every way
 * the pending organizations could still vote, abstain, stay silent or recuse themselves.
 */
import fc from 'fast-check';
import { outcomeIsSettled, outcomeOf, tallyVotes, VOTE_CHOICES, type Outcome, type VoteChoice, type VotingTerms } from './tally';

type Terms = { quorum: bigint; threshold: bigint | 'consensus' };

/** 100·part/whole in hundredths of a percent, rounded half-up: the long division a person would do. */
function roundedHundredths(part: bigint, whole: bigint): bigint {
  const quotient = (10_000n * part) / whole;
  const remainder = (10_000n * part) % whole;
  return remainder * 2n >= whole ? quotient + 1n : quotient;
}

function recount(electorate: string[], recused: Set<string>, votes: Map<string, VoteChoice>, terms: Terms) {
  const counting = electorate.filter((organizationId) => !recused.has(organizationId));
  const choices = counting.map((organizationId) => votes.get(organizationId)).filter((choice) => choice !== undefined);
  const [inFavour, against, abstain] = VOTE_CHOICES.map((c) => BigInt(choices.filter((choice) => choice === c).length));
  const eligible = BigInt(counting.length);
  const cast = inFavour + against + abstain;
  const quorumMet = eligible > 0n && roundedHundredths(cast, eligible) >= terms.quorum;
  const decisive = inFavour + against;
  const thresholdMet =
    terms.threshold === 'consensus' ? against === 0n && inFavour > 0n : decisive > 0n && inFavour !== against && roundedHundredths(inFavour, decisive) >= terms.threshold;
  const outcome: Outcome = !quorumMet ? 'lapsed' : thresholdMet ? 'adopted' : 'rejected';
  return { eligible: Number(eligible), for: Number(inFavour), against: Number(against), abstain: Number(abstain), recused: electorate.length - counting.length, notVoted: Number(eligible - cast), quorumMet, thresholdMet, outcome };
}

const percentText = (hundredths: number) => {
  const whole = Math.floor(hundredths / 100);
  const fraction = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
};

const termsArbitrary = fc.record({
  quorum: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 5000, 6667, 10_000)),
  threshold: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom<number | 'consensus'>(5000, 6667, 'consensus')),
});
const toVotingTerms = (t: { quorum: number; threshold: number | 'consensus' }): VotingTerms => ({
  quorumPct: percentText(t.quorum),
  thresholdPct: t.threshold === 'consensus' ? 'consensus' : percentText(t.threshold),
});
const toTerms = (t: { quorum: number; threshold: number | 'consensus' }): Terms => ({ quorum: BigInt(t.quorum), threshold: t.threshold === 'consensus' ? 'consensus' : BigInt(t.threshold) });

/** An electorate, some recused, and a sequence of votes (changes included; some by outsiders). */
const ballotArbitrary = fc.integer({ min: 0, max: 25 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    recused: fc.array(fc.integer({ min: 0, max: Math.max(0, size - 1) }), { maxLength: size }),
    sequence: fc.array(fc.record({ voter: fc.integer({ min: 0, max: size + 2 }), choice: fc.constantFrom(...VOTE_CHOICES) }), { maxLength: 60 }),
  }),
);

function materialize(b: { size: number; recused: number[]; sequence: { voter: number; choice: VoteChoice }[] }) {
  const electorate = Array.from({ length: b.size }, (_, i) => `org-${i}`);
  const recused = new Set(b.size === 0 ? [] : b.recused.map((i) => `org-${i}`));
  const votes = new Map<string, VoteChoice>();
  // The vote in force is the last one each organization cast; voters past the electorate are outsiders.
  for (const { voter, choice } of b.sequence) votes.set(`org-${voter}`, choice);
  return { electorate, recused, votes };
}

describe('tally properties', () => {
  it('tally and outcome are those recounted from the votes', () => {
    fc.assert(
      fc.property(ballotArbitrary, termsArbitrary, (b, t) => {
        const { electorate, recused, votes } = materialize(b);
        const tally = tallyVotes({ electorate, recused, votes }, toVotingTerms(t));
        const { outcome, ...expected } = recount(electorate, recused, votes, toTerms(t));
        expect(tally).toEqual(expected);
        expect(outcomeOf(tally)).toBe(outcome);
      }),
      { numRuns: 2000 },
    );
  });

  it('the outcome is settled exactly when no way the pending organizations act changes it', () => {
    const small = fc.integer({ min: 1, max: 7 }).chain((size) =>
      fc.record({
        size: fc.constant(size),
        recused: fc.array(fc.integer({ min: 0, max: size - 1 }), { maxLength: 2 }),
        sequence: fc.array(fc.record({ voter: fc.integer({ min: 0, max: size - 1 }), choice: fc.constantFrom(...VOTE_CHOICES) }), { maxLength: size }),
      }),
    );
    fc.assert(
      fc.property(small, termsArbitrary, (b, t) => {
        const { electorate, recused, votes } = materialize(b);
        const tally = tallyVotes({ electorate, recused, votes }, toVotingTerms(t));
        const pending = electorate.filter((o) => !recused.has(o) && !votes.has(o));
        const current = recount(electorate, recused, votes, toTerms(t)).outcome;
        // Every pending organization votes for, against, abstains, stays silent or recuses itself.
        const actions = ['for', 'against', 'abstain', 'silent', 'recuse'] as const;
        let changeable = false;
        const assign = (i: number, nextVotes: Map<string, VoteChoice>, nextRecused: Set<string>): void => {
          if (changeable) return;
          if (i === pending.length) {
            if (recount(electorate, nextRecused, nextVotes, toTerms(t)).outcome !== current) changeable = true;
            return;
          }
          for (const action of actions) {
            const v = new Map(nextVotes);
            const r = new Set(nextRecused);
            if (action === 'recuse') r.add(pending[i]);
            else if (action !== 'silent') v.set(pending[i], action);
            assign(i + 1, v, r);
          }
        };
        assign(0, votes, recused);
        expect(outcomeIsSettled(tally, toVotingTerms(t))).toBe(!changeable);
      }),
      { numRuns: 1500 },
    );
  });
});
