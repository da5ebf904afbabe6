import { money, parseRate, type CollaborativeState, type PartnershipState, type RiskAgreementState } from '@ledger/domain';
import { commitmentCounts } from '../figures';
import { collaborativeView } from '../views';
import { summaryOf, type SummaryFigures } from './summary';

const usd = (minor: bigint) => money('USD', minor);
const signed = (...ids: string[]) => new Map(ids.map((id) => [id, { name: `Signer of ${id}`, title: 'Director' }]));
const LAST = { position: 7, streamRevision: 3, recordedAt: '2025-06-30T12:00:00.000Z' };

const collaborative: CollaborativeState = {
  id: 'upper-valley',
  name: 'Upper Valley',
  region: 'Upper Valley, VT/NH',
  pathwayPhase: 2,
  charter: new Map(),
  charterAdopted: false,
  witnessPolicy: null,
  phaseHistory: [{ pathwayPhase: 2, from: '2025-01-01T00:00:00.000Z' }],
  members: new Map([
    ['county-health', 'steward'],
    ['valley-hospital', 'member'],
  ]),
  goals: new Map([
    [
      'fewer-readmissions',
      {
        goalId: 'fewer-readmissions',
        title: 'Fewer readmissions',
        indicator: { name: '30-day readmissions', unit: '%', polarity: 'lower_is_better' },
        baseline: { value: '15.0', date: '2024-12-31' },
        target: { value: '12.0', date: '2026-12-31' },
        // Recorded out of order: the latest is the one with the latest period end.
        measurements: [
          { value: '13.5', periodEnd: '2025-03-31', corrections: [{ previousValue: '13.9', value: '13.5', reason: 'Late records', correctedAt: '2025-05-01T00:00:00.000Z' }] },
          { value: '13.1', periodEnd: '2025-06-30', source: 'Hospital records' },
          { value: '14', periodEnd: '2025-01-31' },
        ],
      },
    ],
    [
      'more-screenings',
      {
        goalId: 'more-screenings',
        title: 'More screenings',
        indicator: { name: 'Screenings', unit: 'people', polarity: 'higher_is_better' },
        baseline: { value: '100', date: '2024-12-31' },
        target: { value: '400', date: '2026-12-31' },
        measurements: [],
      },
    ],
    [
      'steady-staffing',
      {
        goalId: 'steady-staffing',
        title: 'Steady staffing',
        indicator: { name: 'Nurses', unit: 'people', polarity: 'higher_is_better' },
        baseline: { value: '40', date: '2024-12-31' },
        target: { value: '40.0', date: '2026-12-31' },
        measurements: [{ value: '41', periodEnd: '2025-06-30' }],
      },
    ],
  ]),
};

function agreement(id: string, settlements: RiskAgreementState['settlements']): RiskAgreementState {
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
      parties: [
        { organizationId: 'valley-hospital', shareBps: 7000 },
        { organizationId: 'river-clinic', shareBps: 3000 },
      ],
    },
    status: 'in_effect',
    signatures: signed('valley-hospital'),
    settlements,
  };
}

function partnership(id: string, status: PartnershipState['status'], signatures: string[], withdrawals: string[] = []): PartnershipState {
  return {
    id,
    collaborativeId: 'upper-valley',
    title: `Declaration ${id}`,
    termsSha256: '0'.repeat(64),
    parties: ['valley-hospital', 'river-clinic', 'county-health'],
    effectiveFrom: '2025-01-01',
    status,
    signatures: signed(...signatures),
    withdrawals: new Map(withdrawals.map((w) => [w, { reason: 'Left the region', effectiveOn: '2025-06-30' }])),
  };
}

const counts = commitmentCounts([['delivered_late', 1], ['overdue', 1]]);

function figures(overrides: Partial<SummaryFigures> = {}): SummaryFigures {
  return {
    collaborative: { view: collaborativeView(collaborative, LAST), state: collaborative },
    asOf: '2025-09-01T00:00:00.000Z',
    commitments: counts,
    funds: [],
    agreements: [],
    partnerships: [],
    ...overrides,
  };
}

describe("summaryOf: a collaborative's summary from its figures", () => {
  it("shows the collaborative, its counts and funds, and each shared goal's latest measurement and share achieved", () => {
    const summary = summaryOf(figures());
    expect(summary.collaborative).toEqual({
      id: 'upper-valley',
      name: 'Upper Valley',
      region: 'Upper Valley, VT/NH',
      pathwayPhase: 2,
      members: [
        { organizationId: 'county-health', role: 'steward' },
        { organizationId: 'valley-hospital', role: 'member' },
      ],
      lastEvent: LAST,
    });
    expect(summary).toMatchObject({ asOf: '2025-09-01T00:00:00.000Z', commitments: counts, funds: [], riskAgreements: [], settlements: [] });
    expect(summary.phaseHistory).toEqual([{ pathwayPhase: 2, from: '2025-01-01T00:00:00.000Z' }]);
    expect(summary.commitments.onTimeRate).toBe('0.00');
    expect(summary.goals).toEqual([
      {
        goalId: 'fewer-readmissions',
        title: 'Fewer readmissions',
        indicator: { name: '30-day readmissions', unit: '%', polarity: 'lower_is_better' },
        baseline: { value: '15.0', date: '2024-12-31' },
        target: { value: '12.0', date: '2026-12-31' },
        latestMeasurement: { value: '13.1', periodEnd: '2025-06-30', source: 'Hospital records' },
        measurements: 3,
        // (13.1 − 15.0) / (12.0 − 15.0): lower is better, both differences negative.
        achieved: '63.33',
        // In period order, each value in force, with the corrections that led to it.
        series: [
          { value: '14', periodEnd: '2025-01-31', corrections: [] },
          { value: '13.5', periodEnd: '2025-03-31', corrections: [{ previousValue: '13.9', value: '13.5', reason: 'Late records', correctedAt: '2025-05-01T00:00:00.000Z' }] },
          { value: '13.1', periodEnd: '2025-06-30', source: 'Hospital records', corrections: [] },
        ],
      },
      expect.objectContaining({ goalId: 'more-screenings', latestMeasurement: null, measurements: 0, achieved: null }),
      // Target equal to the baseline: no change was targeted, so no share of it.
      expect.objectContaining({ goalId: 'steady-staffing', latestMeasurement: { value: '41', periodEnd: '2025-06-30' }, achieved: null }),
    ]);
  });

  it('lists the risk agreements with their settlements, and totals what was shared, owed and paid per currency', () => {
    const summary = summaryOf(
      figures({
        agreements: [
          agreement('ra-1', [
            {
              settlementId: 's-1',
              periodEnd: '2025-06-30',
              savings: usd(200_000n),
              pool: usd(100_000n),
              parts: [{ organizationId: 'valley-hospital', amount: usd(70_000n) }, { organizationId: 'river-clinic', amount: usd(30_000n) }],
              payments: [
                { paymentId: 'p-1', fromOrganizationId: 'county-health', toOrganizationId: 'valley-hospital', amount: usd(70_000n), paidOn: '2025-07-15' },
                { paymentId: 'p-2', fromOrganizationId: 'county-health', toOrganizationId: 'river-clinic', amount: usd(20_000n), paidOn: '2025-07-15' },
              ],
            },
          ]),
          agreement('ra-2', [
            {
              settlementId: 's-2',
              periodEnd: '2025-12-31',
              savings: usd(-100_000n),
              pool: usd(-50_000n),
              parts: [{ organizationId: 'valley-hospital', amount: usd(-35_000n) }, { organizationId: 'river-clinic', amount: usd(-15_000n) }],
              payments: [{ paymentId: 'p-3', fromOrganizationId: 'valley-hospital', amount: usd(20_000n), paidOn: '2026-01-20' }],
            },
          ]),
        ],
      }),
    );
    expect(summary.riskAgreements).toHaveLength(2);
    expect(summary.riskAgreements[0]).toEqual({
      agreementId: 'ra-1',
      title: 'Agreement ra-1',
      status: 'in_effect',
      model: 'two_sided',
      period: { start: '2025-01-01', end: '2025-12-31' },
      parties: [
        { organizationId: 'valley-hospital', shareBps: 7000 },
        { organizationId: 'river-clinic', shareBps: 3000 },
      ],
      settlements: [expect.objectContaining({ settlementId: 's-1', pool: { currency: 'USD', amount: '1000.00' }, paid: { currency: 'USD', amount: '900.00' } })],
    });
    expect(summary.riskAgreements[1].settlements).toEqual([expect.objectContaining({ settlementId: 's-2', pool: { currency: 'USD', amount: '-500.00' } })]);
    expect(summary.settlements).toEqual([{ currency: 'USD', shared: '1000.00', owed: '500.00', paid: '1100.00' }]);
  });

  it('counts the declarations by status, with the parties, signatures and withdrawals of each', () => {
    const summary = summaryOf(
      figures({
        partnerships: [
          partnership('d-1', 'in_effect', ['valley-hospital', 'river-clinic', 'county-health'], ['river-clinic']),
          partnership('d-2', 'awaiting_signatures', ['county-health']),
          partnership('d-3', 'awaiting_signatures', []),
          partnership('d-4', 'terminated', ['valley-hospital', 'river-clinic', 'county-health']),
        ],
      }),
    );
    expect(summary.declarations).toEqual({
      total: 4,
      awaitingSignatures: 2,
      inEffect: 1,
      terminated: 1,
      items: [
        { partnershipId: 'd-1', title: 'Declaration d-1', status: 'in_effect', parties: 3, signed: 3, withdrawn: 1 },
        { partnershipId: 'd-2', title: 'Declaration d-2', status: 'awaiting_signatures', parties: 3, signed: 1, withdrawn: 0 },
        { partnershipId: 'd-3', title: 'Declaration d-3', status: 'awaiting_signatures', parties: 3, signed: 0, withdrawn: 0 },
        { partnershipId: 'd-4', title: 'Declaration d-4', status: 'terminated', parties: 3, signed: 3, withdrawn: 0 },
      ],
    });
  });
});
