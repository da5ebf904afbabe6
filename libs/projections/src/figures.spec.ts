import { commitmentCounts, governanceParticipation, MoneyTotals, parseDecimal, percent, shareAchieved } from './figures';
import { resolutionOf } from './testing/governance';

describe('figures', () => {
  it('writes percentages with two fraction digits, rounded half away from zero, exactly', () => {
    expect(percent(2n, 3n)).toBe('66.67');
    expect(percent(1n, 3n)).toBe('33.33');
    expect(percent(1n, 8n)).toBe('12.50');
    expect(percent(1n, 200_000n)).toBe('0.00');
    expect(percent(1n, 20_000n)).toBe('0.01'); // 0.005 % rounds up
    expect(percent(0n, 7n)).toBe('0.00');
    expect(percent(7n, 7n)).toBe('100.00');
    expect(percent(-1n, 8n)).toBe('-12.50');
    expect(percent(3n, -2n)).toBe('-150.00');
    expect(() => percent(1n, 0n)).toThrow(RangeError);
  });

  it('computes the share of a targeted change achieved, whatever the polarity', () => {
    // lower is better: 48.0 → 40.0, now 43.6: 55 % of the way
    expect(shareAchieved('48.0', '40.0', '43.6')).toBe('55.00');
    // higher is better, mixed scales: 22 → 60, now 47
    expect(shareAchieved('22', '60', '47')).toBe('65.79');
    expect(shareAchieved('22', '60', '60')).toBe('100.00');
    expect(shareAchieved('22', '60', '70.5')).toBe('127.63');
    expect(shareAchieved('22', '60', '20')).toBe('-5.26');
    expect(shareAchieved('-3', '3', '0')).toBe('50.00');
    expect(shareAchieved('5', '5', '7')).toBeNull();
    expect(parseDecimal('-12.50')).toEqual({ units: -1250n, scale: 2 });
    expect(() => parseDecimal('1e3')).toThrow(RangeError);
  });

  it('counts commitments by status, with the on-time rate over those that came due', () => {
    const counts = commitmentCounts([
      ['delivered', 3],
      ['delivered_late', 1],
      ['partially_delivered', 1],
      ['missed', 1],
      ['overdue', 2],
      ['active', 4],
      ['proposed', 1],
      ['withdrawn', 1],
      ['disputed', 1],
      ['delivery_claimed', 1],
      ['declined', 1],
    ]);
    expect(counts).toEqual({
      made: 17,
      active: 4,
      delivered: 4,
      deliveredOnTime: 3,
      deliveredLate: 1,
      overdue: 2,
      missed: 1,
      withdrawn: 1,
      disputed: 1,
      onTimeRate: '37.50', // 3 / (3 + 1 + 1 + 1 + 2)
      proposed: 1,
      declined: 1,
      deliveryClaimed: 1,
      partiallyDelivered: 1,
    });
    expect(commitmentCounts([['active', 2], ['proposed', 1]]).onTimeRate).toBeNull();
  });

  it('totals money per currency in minor units, formatted per currency', () => {
    const totals = new MoneyTotals(['pledged', 'paid'] as const);
    totals.add('USD', 'pledged', 12_345n);
    totals.add('JPY', 'pledged', 1500n);
    totals.add('USD', 'pledged', 99_999_999_999_999_999_999n);
    totals.add('USD', 'paid', -5n);
    expect(totals.list()).toEqual([
      { currency: 'JPY', pledged: '1500', paid: '0' },
      { currency: 'USD', pledged: '1000000000000000123.44', paid: '-0.05' },
    ]);
  });

  describe('governance participation', () => {
    const ORG = 'valley-hospital';
    const at = (day: number) => new Date(Date.UTC(2025, 2, day, 12)).toISOString();
    const over = { proposedAt: at(1), votingClosesAt: at(8) };
    const resolutions = [
      // Voted, closed: eligible and cast.
      resolutionOf({ id: 'r1', proposedBy: ORG, ...over, electorate: [ORG, 'b'], votes: [[ORG, 'for', at(2)]], closed: { outcome: 'adopted', closedAt: at(9) } }),
      // Did not vote, voting over but not closed yet: eligible, not cast.
      resolutionOf({ id: 'r2', proposedBy: 'b', ...over, electorate: [ORG, 'b'], votes: [['b', 'for', at(2)]] }),
      // Abstained, lapsed: cast.
      resolutionOf({ id: 'r3', proposedBy: 'b', ...over, electorate: [ORG, 'b', 'c'], votes: [[ORG, 'abstain', at(3)]], closed: { outcome: 'lapsed', closedAt: at(9) } }),
      // Recused by the ledger, and one it recused itself from after voting: recusals, not eligible.
      resolutionOf({ id: 'r4', proposedBy: 'b', ...over, electorate: [ORG, 'b'], recused: [[ORG, 'party to the declaration']], closed: { outcome: 'rejected', closedAt: at(9) } }),
      resolutionOf({ id: 'r5', proposedBy: 'b', ...over, electorate: [ORG, 'b'], votes: [[ORG, 'against', at(2)]], selfRecused: [ORG] }),
      // Withdrawn, and still voting at the moment asked about: not counted, though proposed.
      resolutionOf({ id: 'r6', proposedBy: ORG, ...over, electorate: [ORG, 'b'], withdrawnBy: ORG }),
      resolutionOf({ id: 'r7', proposedBy: ORG, proposedAt: at(9), votingClosesAt: at(20), electorate: [ORG, 'b'], votes: [[ORG, 'for', at(10)]] }),
      // Not in the electorate (a member, on a stewards' matter).
      resolutionOf({ id: 'r8', proposedBy: 'b', ...over, electorate: ['b'], closed: { outcome: 'adopted', closedAt: at(9) } }),
    ];

    it('counts the votes it could cast once voting was over, the ones it cast, its recusals and its proposals', () => {
      expect(governanceParticipation(ORG, resolutions, at(10))).toEqual({ eligibleVotes: 3, votesCast: 2, participationRate: '66.67', recusals: 2, resolutionsProposed: 3 });
      // Once r7's voting is over it counts, with the vote cast.
      expect(governanceParticipation(ORG, resolutions, at(20))).toMatchObject({ eligibleVotes: 4, votesCast: 3, participationRate: '75.00' });
    });

    it('has no rate when it could vote on nothing', () => {
      expect(governanceParticipation('c', [], at(10))).toEqual({ eligibleVotes: 0, votesCast: 0, participationRate: null, recusals: 0, resolutionsProposed: 0 });
      expect(governanceParticipation('b', [resolutions[6]], at(10))).toMatchObject({ eligibleVotes: 0, participationRate: null });
    });
  });
});
