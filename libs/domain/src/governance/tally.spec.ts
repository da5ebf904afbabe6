import { outcomeIsSettled, outcomeOf, tallyVotes, type VoteChoice, type VotingTerms } from './tally';

const MAJORITY: VotingTerms = { quorumPct: '50', thresholdPct: '50' };
const TWO_THIRDS: VotingTerms = { quorumPct: '50', thresholdPct: '66.67' };
const CONSENSUS: VotingTerms = { quorumPct: '50', thresholdPct: 'consensus' };

/** An electorate of organizations a, b, c, … voting as given ('-' or absent: has not voted). */
function ballot(choices: string, recused = '') {
  const electorate = [...choices].map((_, i) => String.fromCharCode(97 + i));
  const votes = new Map<string, VoteChoice>();
  [...choices].forEach((c, i) => {
    if (c !== '-') votes.set(electorate[i], ({ f: 'for', a: 'against', x: 'abstain' } as const)[c as 'f' | 'a' | 'x']);
  });
  return { electorate, votes, recused: new Set([...recused]) };
}

describe('tally', () => {
  it('counts the votes in force of the eligible organizations', () => {
    expect(tallyVotes(ballot('ffax--'), MAJORITY)).toEqual({ eligible: 6, for: 2, against: 1, abstain: 1, recused: 0, notVoted: 2, quorumMet: true, thresholdMet: true });
  });

  it('counts recused organizations neither for quorum nor for the threshold, even when they voted', () => {
    expect(tallyVotes(ballot('ffaa', 'cd'), MAJORITY)).toEqual({ eligible: 2, for: 2, against: 0, abstain: 0, recused: 2, notVoted: 0, quorumMet: true, thresholdMet: true });
  });

  it('ignores votes of organizations outside the electorate', () => {
    const b = ballot('f--');
    b.votes.set('outsider', 'against');
    expect(tallyVotes(b, MAJORITY)).toMatchObject({ eligible: 3, for: 1, against: 0 });
  });

  it('meets a 66.67 % threshold with exactly two thirds, not with less', () => {
    expect(tallyVotes(ballot('ffa'), TWO_THIRDS).thresholdMet).toBe(true);
    expect(tallyVotes(ballot('ffffffaaaa'), TWO_THIRDS).thresholdMet).toBe(false); // 60 %
    expect(tallyVotes(ballot('ffffffffffffffffffffaaaaaaaaaaa'), { quorumPct: '50', thresholdPct: '64.52' }).thresholdMet).toBe(true); // 20/31 = 64.516… → 64.52
  });

  it('never meets the threshold on a tie, whatever the percentage', () => {
    for (const thresholdPct of ['50', '40', '0.01']) {
      expect(tallyVotes(ballot('ffaa'), { quorumPct: '50', thresholdPct }).thresholdMet).toBe(false);
    }
    expect(outcomeOf(tallyVotes(ballot('fa'), MAJORITY))).toBe('rejected');
  });

  it('never meets the threshold when nobody voted for or against', () => {
    expect(tallyVotes(ballot('xxx'), { quorumPct: '50', thresholdPct: '0.01' })).toMatchObject({ quorumMet: true, thresholdMet: false });
  });

  it('meets a threshold below 50 % with a minority in favour', () => {
    expect(tallyVotes(ballot('ffaaa'), { quorumPct: '50', thresholdPct: '40' }).thresholdMet).toBe(true);
  });

  it('rounds the quorum share as it does the threshold: two of three meets 66.67', () => {
    expect(tallyVotes(ballot('ff-'), { quorumPct: '66.67', thresholdPct: '50' }).quorumMet).toBe(true);
    expect(tallyVotes(ballot('ff-'), { quorumPct: '66.68', thresholdPct: '50' }).quorumMet).toBe(false);
  });

  it('consensus: quorum, no against, and someone in favour', () => {
    expect(tallyVotes(ballot('ffx-'), CONSENSUS).thresholdMet).toBe(true);
    expect(tallyVotes(ballot('ffa-'), CONSENSUS).thresholdMet).toBe(false);
    expect(tallyVotes(ballot('xx--'), CONSENSUS).thresholdMet).toBe(false);
    expect(outcomeOf(tallyVotes(ballot('f---'), CONSENSUS))).toBe('lapsed');
  });

  it('decides the outcome: lapsed without quorum, else adopted or rejected', () => {
    expect(outcomeOf(tallyVotes(ballot('f---'), MAJORITY))).toBe('lapsed');
    expect(outcomeOf(tallyVotes(ballot('ff--'), MAJORITY))).toBe('adopted');
    expect(outcomeOf(tallyVotes(ballot('fa--'), MAJORITY))).toBe('rejected');
    expect(outcomeOf(tallyVotes(ballot('faa-'), MAJORITY))).toBe('rejected');
  });

  it('an empty electorate has no quorum, even at 0 %', () => {
    expect(tallyVotes(ballot('ff', 'ab'), { quorumPct: '0', thresholdPct: '50' })).toMatchObject({ eligible: 0, quorumMet: false });
  });

  it('a quorum of 0 % is met by nobody voting', () => {
    expect(outcomeOf(tallyVotes(ballot('---'), { quorumPct: '0', thresholdPct: '50' }))).toBe('rejected');
  });
});

describe('whether the outcome can still change', () => {
  it('is settled when every eligible organization has voted', () => {
    expect(outcomeIsSettled(tallyVotes(ballot('ffa'), MAJORITY), MAJORITY)).toBe(true);
    expect(outcomeIsSettled(tallyVotes(ballot('fa'), MAJORITY), MAJORITY)).toBe(true);
  });

  it('is settled when the votes still to come cannot reach the threshold nor lose it', () => {
    expect(outcomeIsSettled(tallyVotes(ballot('fff--'), MAJORITY), MAJORITY)).toBe(true); // 3 for: at worst 3 to 2
    expect(outcomeIsSettled(tallyVotes(ballot('aaa--'), MAJORITY), MAJORITY)).toBe(true); // at best 2 to 3
  });

  it('is not settled while the pending votes could tie, flip or withhold quorum', () => {
    expect(outcomeIsSettled(tallyVotes(ballot('ff--'), MAJORITY), MAJORITY)).toBe(false); // two against would tie
    expect(outcomeIsSettled(tallyVotes(ballot('f---'), MAJORITY), MAJORITY)).toBe(false); // lapsed now, adopted if one more votes for
    expect(outcomeIsSettled(tallyVotes(ballot('ffa--'), TWO_THIRDS), TWO_THIRDS)).toBe(false);
  });

  it('under consensus, one pending voter may still block', () => {
    expect(outcomeIsSettled(tallyVotes(ballot('fff-'), CONSENSUS), CONSENSUS)).toBe(false);
    expect(outcomeIsSettled(tallyVotes(ballot('ffa-'), CONSENSUS), CONSENSUS)).toBe(true);
  });
});
