import { money, parseRate, type PartnershipState, type RiskAgreementState } from '@ledger/domain';
import { commitmentCounts } from '../figures';
import type { FundsTotal } from './pledges';
import { resolutionOf } from '../testing/governance';
import { scorecardOf, type ScorecardFigures } from './scorecard';

const HOSPITAL = 'valley-hospital';
const CLINIC = 'river-clinic';
const COUNTY = 'county-health';
const usd = (minor: bigint) => money('USD', minor);
const signed = (...ids: string[]) => new Map(ids.map((id) => [id, { name: `Signer of ${id}`, title: 'Director' }]));

function agreement(id: string, parties: Array<[string, number]>, settlements: RiskAgreementState['settlements'], signatures: string[] = []): RiskAgreementState {
  return {
    id,
    collaborativeId: 'upper-valley',
    title: `Agreement ${id}`,
    period: { start: '2025-01-01', end: '2025-12-31' },
    terms: {
      model: 'two_sided',
      benchmark: usd(1_000_000_00n),
      minimumSavingsRate: parseRate('2'),
      sharingRate: parseRate('50'),
      parties: parties.map(([organizationId, shareBps]) => ({ organizationId, shareBps })),
    },
    status: 'in_effect',
    signatures: signed(...signatures),
    settlements,
  };
}

function partnership(id: string, status: PartnershipState['status'], signatures: string[], withdrawals: string[] = []): PartnershipState {
  return {
    id,
    collaborativeId: 'upper-valley',
    title: `Declaration ${id}`,
    termsSha256: '0'.repeat(64),
    parties: [HOSPITAL, CLINIC],
    effectiveFrom: '2025-01-01',
    status,
    signatures: signed(...signatures),
    withdrawals: new Map(withdrawals.map((id) => [id, { reason: 'Left the region', effectiveOn: '2025-06-30' }])),
  };
}

const counts = commitmentCounts([['delivered', 2], ['missed', 1], ['active', 3]]);
const received = commitmentCounts([['overdue', 1]]);
const funds: FundsTotal[] = [{ currency: 'USD', pledged: '100.00', disbursed: '40.00', cancelled: '0.00', outstanding: '60.00', overdue: '10.00', indicative: '0.00' }];

function figures(overrides: Partial<ScorecardFigures> = {}): ScorecardFigures {
  return {
    organization: { id: HOSPITAL, name: 'Valley Hospital', sector: 'hospital' },
    asOf: '2025-09-01T00:00:00.000Z',
    commitments: counts,
    commitmentsReceived: received,
    funds,
    fundsReceived: [],
    agreements: [],
    partnerships: [],
    resolutions: [],
    ...overrides,
  };
}

describe('scorecardOf: an organization scorecard from its figures', () => {
  it('passes the counts and funds through, and says when it covers every collaborative', () => {
    const card = scorecardOf(figures());
    expect(card).toEqual({
      organization: { id: HOSPITAL, name: 'Valley Hospital', sector: 'hospital' },
      asOf: '2025-09-01T00:00:00.000Z',
      scope: { complete: true, collaboratives: null },
      commitments: counts,
      commitmentsReceived: received,
      funds,
      fundsReceived: [],
      riskShares: [],
      settlements: [],
      declarations: { parties: 0, signed: 0, inEffect: 0, items: [] },
      governance: { eligibleVotes: 0, votesCast: 0, participationRate: null, recusals: 0, resolutionsProposed: 0 },
    });
    expect(card.commitments.onTimeRate).toBe('66.67');
  });

  it('names the collaboratives it is restricted to, sorted, without changing what it was given', () => {
    const within = ['upper-valley', 'north-county'];
    expect(scorecardOf(figures({ within })).scope).toEqual({ complete: false, collaboratives: ['north-county', 'upper-valley'] });
    expect(within).toEqual(['upper-valley', 'north-county']);
    expect(scorecardOf(figures({ within: [] })).scope).toEqual({ complete: false, collaboratives: [] });
  });

  it("shows each risk agreement's share, what it received and paid per settlement, and the totals per currency", () => {
    const shared = agreement(
      'ra-1',
      [[HOSPITAL, 6000], [CLINIC, 4000]],
      [
        {
          settlementId: 's-1',
          periodEnd: '2025-06-30',
          savings: usd(200_000n),
          pool: usd(100_000n),
          parts: [{ organizationId: HOSPITAL, amount: usd(60_000n) }, { organizationId: CLINIC, amount: usd(40_000n) }],
          payments: [
            { paymentId: 'p-1', fromOrganizationId: COUNTY, toOrganizationId: HOSPITAL, amount: usd(50_000n), paidOn: '2025-07-15' },
            { paymentId: 'p-2', fromOrganizationId: COUNTY, toOrganizationId: CLINIC, amount: usd(40_000n), paidOn: '2025-07-15' },
          ],
        },
        {
          settlementId: 's-2',
          periodEnd: '2025-12-31',
          savings: usd(-100_000n),
          pool: usd(-50_000n),
          parts: [{ organizationId: HOSPITAL, amount: usd(-30_000n) }, { organizationId: CLINIC, amount: usd(-20_000n) }],
          payments: [{ paymentId: 'p-3', fromOrganizationId: HOSPITAL, amount: usd(30_000n), paidOn: '2026-01-20' }],
        },
      ],
      [HOSPITAL],
    );
    // Not a party: it only received a settlement payment.
    const paidTo = agreement('ra-2', [[CLINIC, 10_000]], [
      {
        settlementId: 's-3',
        periodEnd: '2025-06-30',
        savings: money('EUR', 40_000n),
        pool: money('EUR', 20_000n),
        parts: [{ organizationId: CLINIC, amount: money('EUR', 20_000n) }],
        payments: [{ paymentId: 'p-4', fromOrganizationId: CLINIC, toOrganizationId: HOSPITAL, amount: money('EUR', 5_000n), paidOn: '2025-08-01' }],
      },
    ]);
    const card = scorecardOf(figures({ agreements: [shared, paidTo] }));
    const amount = (currency: string, value: string) => ({ currency, amount: value });
    expect(card.riskShares).toEqual([
      {
        agreementId: 'ra-1',
        collaborativeId: 'upper-valley',
        title: 'Agreement ra-1',
        status: 'in_effect',
        model: 'two_sided',
        shareBps: 6000,
        signed: true,
        settlements: [
          { settlementId: 's-1', periodEnd: '2025-06-30', share: amount('USD', '600.00'), received: amount('USD', '500.00'), paid: amount('USD', '0.00') },
          { settlementId: 's-2', periodEnd: '2025-12-31', share: amount('USD', '-300.00'), received: amount('USD', '0.00'), paid: amount('USD', '300.00') },
        ],
      },
      {
        agreementId: 'ra-2',
        collaborativeId: 'upper-valley',
        title: 'Agreement ra-2',
        status: 'in_effect',
        model: 'two_sided',
        shareBps: null,
        signed: false,
        settlements: [{ settlementId: 's-3', periodEnd: '2025-06-30', share: amount('EUR', '0.00'), received: amount('EUR', '50.00'), paid: amount('EUR', '0.00') }],
      },
    ]);
    expect(card.settlements).toEqual([
      { currency: 'EUR', receivable: '0.00', received: '50.00', owed: '0.00', paid: '0.00' },
      { currency: 'USD', receivable: '600.00', received: '500.00', owed: '300.00', paid: '300.00' },
    ]);
  });

  it('counts its declarations: those it is party to, signed, and in effect without its withdrawal', () => {
    const card = scorecardOf(
      figures({
        partnerships: [
          partnership('d-1', 'in_effect', [HOSPITAL, CLINIC]),
          partnership('d-2', 'in_effect', [HOSPITAL, CLINIC], [HOSPITAL]),
          partnership('d-3', 'awaiting_signatures', [CLINIC]),
          partnership('d-4', 'terminated', [HOSPITAL, CLINIC]),
        ],
      }),
    );
    expect(card.declarations).toEqual({
      parties: 4,
      signed: 3,
      inEffect: 1,
      items: [
        { partnershipId: 'd-1', collaborativeId: 'upper-valley', title: 'Declaration d-1', status: 'in_effect', signed: true, withdrawn: false },
        { partnershipId: 'd-2', collaborativeId: 'upper-valley', title: 'Declaration d-2', status: 'in_effect', signed: true, withdrawn: true },
        { partnershipId: 'd-3', collaborativeId: 'upper-valley', title: 'Declaration d-3', status: 'awaiting_signatures', signed: false, withdrawn: false },
        { partnershipId: 'd-4', collaborativeId: 'upper-valley', title: 'Declaration d-4', status: 'terminated', signed: true, withdrawn: false },
      ],
    });
  });

  it('shows its part in governance at the moment: votes it could cast once voting was over, cast, recusals, proposals', () => {
    const over = { proposedAt: '2025-08-01T12:00:00.000Z', votingClosesAt: '2025-08-08T12:00:00.000Z' };
    const card = scorecardOf(
      figures({
        resolutions: [
          resolutionOf({ id: 'r-1', proposedBy: HOSPITAL, ...over, electorate: [HOSPITAL, CLINIC], votes: [[HOSPITAL, 'for', '2025-08-02T12:00:00.000Z']] }),
          resolutionOf({ id: 'r-2', proposedBy: CLINIC, ...over, electorate: [HOSPITAL, CLINIC], closed: { outcome: 'lapsed', closedAt: '2025-08-09T12:00:00.000Z' } }),
          resolutionOf({ id: 'r-3', proposedBy: CLINIC, ...over, electorate: [HOSPITAL, CLINIC], recused: [[HOSPITAL, 'the member to remove']] }),
        ],
      }),
    );
    expect(card.governance).toEqual({ eligibleVotes: 2, votesCast: 1, participationRate: '50.00', recusals: 1, resolutionsProposed: 1 });
  });
});
