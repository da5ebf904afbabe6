import { DeciderSpecification } from '../testing/decider-specification';
import { asOperator, asOrganization, asResolution, contextFor } from '../testing/context';
import { AUDITOR, CLINIC, FOOD_BANK, HOSPITAL, OUTSIDER, STEWARD, UPPER_VALLEY, upperValley, withCharter } from '../testing/fixtures';
import type { RiskAgreementCommand } from './commands';
import { riskAgreementDecider } from './decider';
import type { RiskAgreementEvent, RiskAgreementProposed } from './events';

const spec = DeciderSpecification.for(riskAgreementDecider);
const ID = 'ra-2024-total-cost';
const collaborative = upperValley();
const as = (org: string) => asOrganization(org, { collaborative });
const cmd = (type: RiskAgreementCommand['type'], data: Record<string, unknown> = {}) => ({ type, data }) as RiskAgreementCommand;
const usd = (amount: string) => ({ currency: 'USD', amount });

const propose = (data: Record<string, unknown> = {}) =>
  cmd('ProposeRiskAgreement', {
    id: ID,
    collaborativeId: UPPER_VALLEY,
    title: 'Total cost of care 2024',
    period: { start: '2024-01-01', end: '2024-12-31' },
    model: 'upside_only',
    benchmark: usd('10000000'),
    minimumSavingsRate: '2.0',
    sharingRate: '50',
    parties: [
      { organizationId: HOSPITAL, shareBps: 3334 },
      { organizationId: CLINIC, shareBps: 3333 },
      { organizationId: FOOD_BANK, shareBps: 3333 },
    ],
    ...data,
  });
const proposedData: RiskAgreementProposed['data'] = {
  agreementId: ID,
  collaborativeId: UPPER_VALLEY,
  title: 'Total cost of care 2024',
  period: { start: '2024-01-01', end: '2024-12-31' },
  model: 'upside_only',
  benchmark: usd('10000000.00'),
  minimumSavingsRate: '2',
  sharingRate: '50',
  parties: [
    { organizationId: HOSPITAL, shareBps: 3334 },
    { organizationId: CLINIC, shareBps: 3333 },
    { organizationId: FOOD_BANK, shareBps: 3333 },
  ],
};
const proposed: RiskAgreementEvent = { type: 'RiskAgreementProposed', data: proposedData };
const signed = (organizationId: string): RiskAgreementEvent => ({
  type: 'RiskAgreementSigned',
  data: { agreementId: ID, organizationId, signatory: { name: 'Pat Lee', title: 'CFO' } },
});
const tookEffect: RiskAgreementEvent = { type: 'RiskAgreementTookEffect', data: { agreementId: ID, period: { start: '2024-01-01', end: '2024-12-31' } } };
const inEffect = [proposed, signed(HOSPITAL), signed(CLINIC), signed(FOOD_BANK), tookEffect];
const sign = cmd('SignRiskAgreement', { signatory: { name: 'Pat Lee', title: 'CFO' } });
const result = (actual: string, data: Record<string, unknown> = {}) => cmd('RecordPeriodResult', { periodEnd: '2024-12-31', actualCost: usd(actual), ...data });
const settled: RiskAgreementEvent[] = [
  { type: 'PeriodResultRecorded', data: { agreementId: ID, by: STEWARD, periodEnd: '2024-12-31', actualCost: usd('9799999.98') } },
  {
    type: 'SettlementDetermined',
    data: {
      agreementId: ID,
      settlementId: 's1',
      periodEnd: '2024-12-31',
      savings: usd('200000.02'),
      pool: usd('100000.01'),
      parts: [
        { organizationId: HOSPITAL, amount: usd('33340.01') },
        { organizationId: CLINIC, amount: usd('33330.00') },
        { organizationId: FOOD_BANK, amount: usd('33330.00') },
      ],
    },
  },
];
const pay = (data: Record<string, unknown> = {}) =>
  cmd('RecordSettlementPayment', { settlementId: 's1', fromOrganizationId: STEWARD, toOrganizationId: HOSPITAL, amount: usd('33340.01'), paidOn: '2025-02-15', ...data });

describe('risk agreement: propose', () => {
  it('is proposed by a party, with rates and money stored canonically', () => {
    spec.given([]).when(propose(), as(HOSPITAL)).then([proposed]);
  });

  it('is proposed two-sided, with scope and caps, by a steward that is not a party', () => {
    spec
      .given([])
      .when(
        propose({ model: 'two_sided', scope: 'Attributed lives', minimumLossRate: '2.50', lossSharingRate: '40', savingsCap: '10', lossCap: '3' }),
        as(STEWARD),
      )
      .then([
        {
          type: 'RiskAgreementProposed',
          data: { ...proposedData, scope: 'Attributed lives', model: 'two_sided', minimumLossRate: '2.5', lossSharingRate: '40', savingsCap: '10', lossCap: '3' },
        },
      ]);
  });

  it('two-sided needs the loss terms; upside-only refuses them', () => {
    spec.given([]).when(propose({ model: 'two_sided', lossSharingRate: '40' }), as(HOSPITAL)).thenThrows('required', 'invalid');
    spec.given([]).when(propose({ model: 'two_sided', minimumLossRate: '2' }), as(HOSPITAL)).thenThrows('required', 'invalid');
    spec.given([]).when(propose({ lossCap: '3' }), as(HOSPITAL)).thenThrows('loss_terms_not_applicable', 'invalid');
  });

  it('needs shares that add up to exactly 10 000 basis points, once per party', () => {
    const parties = (...bps: number[]) => bps.map((shareBps, i) => ({ organizationId: [HOSPITAL, CLINIC, FOOD_BANK][i], shareBps }));
    spec.given([]).when(propose({ parties: parties(3333, 3333, 3333) }), as(HOSPITAL)).thenThrows('shares_do_not_sum', 'invalid');
    spec.given([]).when(propose({ parties: parties(5000, 5001) }), as(HOSPITAL)).thenThrows('shares_do_not_sum', 'invalid');
    spec.given([]).when(propose({ parties: parties(10000, 0) }), as(HOSPITAL)).thenThrows('invalid_integer', 'invalid');
    spec.given([]).when(propose({ parties: parties(5000.5, 4999.5) }), as(HOSPITAL)).thenThrows('invalid_integer', 'invalid');
    spec
      .given([])
      .when(propose({ parties: [{ organizationId: HOSPITAL, shareBps: 5000 }, { organizationId: HOSPITAL, shareBps: 5000 }] }), as(HOSPITAL))
      .thenThrows('duplicate_party', 'invalid');
  });

  it('refuses rates that are not percentages as decimal strings', () => {
    spec.given([]).when(propose({ sharingRate: 50 }), as(HOSPITAL)).thenThrows('invalid_rate', 'invalid');
    spec.given([]).when(propose({ sharingRate: '150' }), as(HOSPITAL)).thenThrows('invalid_rate', 'invalid');
    spec.given([]).when(propose({ minimumSavingsRate: '-1' }), as(HOSPITAL)).thenThrows('invalid_rate', 'invalid');
  });

  it('refuses a bad period and a benchmark that is not positive money', () => {
    spec.given([]).when(propose({ period: { start: '2024-12-31', end: '2024-01-01' } }), as(HOSPITAL)).thenThrows('end_before_start', 'invalid');
    spec.given([]).when(propose({ benchmark: usd('0') }), as(HOSPITAL)).thenThrows('amount_not_positive', 'invalid');
    spec.given([]).when(propose({ benchmark: { currency: 'USD', amount: 1e7 } }), as(HOSPITAL)).thenThrows('invalid_money_amount', 'invalid');
  });

  it('needs parties that are current members, proposed by one of them or a steward', () => {
    spec.given([]).when(propose({ parties: [{ organizationId: HOSPITAL, shareBps: 5000 }, { organizationId: OUTSIDER, shareBps: 5000 }] }), as(HOSPITAL)).thenThrows('party_not_member', 'rule');
    spec.given([]).when(propose({ parties: [{ organizationId: CLINIC, shareBps: 10000 }] }), as(HOSPITAL)).thenThrows('not_a_party', 'forbidden');
    spec.given([]).when(propose(), as(AUDITOR)).thenThrows('read_only_role', 'forbidden');
    spec.given([]).when(propose(), asOperator({ collaborative })).thenThrows('operator_cannot_act', 'forbidden');
  });

  it('needs the collaborative and a new id', () => {
    spec.given([]).when(propose(), asOrganization(HOSPITAL, { collaborative: null })).thenThrows('collaborative_not_found', 'not_found');
    spec.given([proposed]).when(propose(), as(HOSPITAL)).thenThrows('risk_agreement_already_exists', 'conflict');
  });
});

describe('risk agreement: signatures', () => {
  it('each party signs for itself; the last signature puts it in effect', () => {
    spec.given([proposed]).when(sign, as(HOSPITAL)).then([signed(HOSPITAL)]);
    spec.given([proposed, signed(HOSPITAL), signed(CLINIC)]).when(sign, as(FOOD_BANK)).then([signed(FOOD_BANK), tookEffect]);
  });

  it('once per party, and parties only', () => {
    spec.given([proposed, signed(HOSPITAL)]).when(sign, as(HOSPITAL)).thenThrows('already_signed', 'rule');
    spec.given([proposed]).when(sign, as(STEWARD)).thenThrows('not_a_party', 'forbidden');
    spec.given([proposed]).when(sign, asOperator({ collaborative })).thenThrows('operator_cannot_act', 'forbidden');
  });

  it('needs a signatory and an existing agreement', () => {
    spec.given([proposed]).when(cmd('SignRiskAgreement', { signatory: { title: 'CFO' } }), as(HOSPITAL)).thenThrows('required', 'invalid');
    spec.given([]).when(sign, as(HOSPITAL)).thenThrows('risk_agreement_not_found', 'not_found');
  });
});

describe('risk agreement: period result', () => {
  it('a steward records it and the ledger determines the settlement', () => {
    spec.given(inEffect).when(result('9799999.98'), { ...as(STEWARD), ids: { next: () => 's1' } }).then(settled);
  });

  it('a result below the minimum savings rate settles on an empty pool', () => {
    spec
      .given(inEffect)
      .when(result('9900000'), as(STEWARD))
      .thenResult((events, state) => {
        expect(events[1].data).toMatchObject({ savings: usd('100000.00'), pool: usd('0.00') });
        expect(state?.settlements[0].parts.map((p) => p.amount.minor)).toEqual([0n, 0n, 0n]);
      });
  });

  it('only once the agreement is in effect, and only once', () => {
    spec.given([proposed, signed(HOSPITAL)]).when(result('9000000'), as(STEWARD)).thenThrows('agreement_not_in_effect', 'rule');
    spec.given([...inEffect, ...settled]).when(result('9000000'), as(STEWARD)).thenThrows('result_already_recorded', 'rule');
  });

  it('for the agreement period, in its currency, once the period has ended', () => {
    spec.given(inEffect).when(result('9000000', { periodEnd: '2024-06-30' }), as(STEWARD)).thenThrows('period_end_mismatch', 'rule');
    spec.given(inEffect).when(result('9000000', { actualCost: { currency: 'CAD', amount: '9000000' } }), as(STEWARD)).thenThrows('currency_mismatch', 'rule');
    spec
      .given(inEffect)
      .when(result('9000000'), contextFor({ kind: 'organization', organizationId: STEWARD }, { collaborative, today: '2024-12-30' }))
      .thenThrows('date_in_future', 'invalid');
    spec.given(inEffect).when(result('-1.00'), as(STEWARD)).thenThrows('negative_cost', 'invalid');
  });

  it('only a steward records it', () => {
    spec.given(inEffect).when(result('9000000'), as(HOSPITAL)).thenThrows('steward_only', 'forbidden');
    spec.given(inEffect).when(result('9000000'), asOperator({ collaborative })).thenThrows('steward_only', 'forbidden');
  });

  it('a steward that is a party does not record it; a steward that is not does', () => {
    const hospitalSteward = upperValley({ [HOSPITAL]: 'steward' });
    spec.given(inEffect).when(result('9000000'), asOrganization(HOSPITAL, { collaborative: hospitalSteward })).thenThrows('conflict_of_interest', 'rule');
    spec.given(inEffect).when(result('9000000'), asOrganization(STEWARD, { collaborative: hospitalSteward })).thenResult((events) => expect(events[0].data).toMatchObject({ by: STEWARD }));
  });

  it('a resolution records it, naming itself; the ledger determines the settlement as always', () => {
    spec
      .given(inEffect)
      .when(result('9799999.98'), asResolution(UPPER_VALLEY, 'r-1', { collaborative, ids: { next: () => 's1' } }))
      .thenResult((events, state) => {
        expect(events[0]).toEqual({ type: 'PeriodResultRecorded', data: { agreementId: ID, by: UPPER_VALLEY, periodEnd: '2024-12-31', actualCost: usd('9799999.98'), resolutionId: 'r-1' } });
        expect(events[1]).toEqual(settled[1]);
        expect(state?.result).toMatchObject({ by: UPPER_VALLEY, resolutionId: 'r-1' });
      });
    spec.given(inEffect).when(result('9000000'), asResolution('other-valley', 'r-1', { collaborative })).thenThrows('resolution_of_other_collaborative', 'forbidden');
  });

  it('needs a resolution where the charter gives record_risk_result to a vote', () => {
    spec.given(inEffect).when(result('9000000'), asOrganization(STEWARD, { collaborative: withCharter(collaborative, { record_risk_result: 'stewards' }) })).thenThrows('resolution_required', 'rule');
  });
});

describe('risk agreement: settlement payments', () => {
  const given = [...inEffect, ...settled];
  const paid = (data: Record<string, unknown> = {}): RiskAgreementEvent => ({
    type: 'SettlementPaymentRecorded',
    data: { agreementId: ID, settlementId: 's1', paymentId: 'gen-1', fromOrganizationId: STEWARD, toOrganizationId: HOSPITAL, amount: usd('33340.01'), paidOn: '2025-02-15', ...data },
  } as RiskAgreementEvent);

  it('a steward or the party receiving it records a payment; it gets a paymentId', () => {
    spec.given(given).when(pay(), as(STEWARD)).then([paid()]);
    spec.given(given).when(pay(), as(HOSPITAL)).then([paid()]);
  });

  it('a payment may name no recipient', () => {
    spec
      .given(given)
      .when(pay({ toOrganizationId: undefined, fromOrganizationId: CLINIC, amount: usd('100') }), as(CLINIC))
      .then([{ type: 'SettlementPaymentRecorded', data: { agreementId: ID, settlementId: 's1', paymentId: 'gen-1', fromOrganizationId: CLINIC, amount: usd('100.00'), paidOn: '2025-02-15' } }]);
  });

  it('a party records only its own payments; non-parties not at all', () => {
    spec.given(given).when(pay(), as(CLINIC)).thenThrows('not_payer_or_payee', 'forbidden');
    spec.given(given).when(pay({ toOrganizationId: STEWARD, fromOrganizationId: HOSPITAL }), asOrganization(AUDITOR, { collaborative })).thenThrows('read_only_role', 'forbidden');
    const withOutsiderMember = upperValley({ [OUTSIDER]: 'member' });
    spec.given(given).when(pay({ fromOrganizationId: OUTSIDER }), asOrganization(OUTSIDER, { collaborative: withOutsiderMember })).thenThrows('not_a_party', 'forbidden');
  });

  it('against a known settlement, in its currency, never beyond what the pool owes', () => {
    spec.given(given).when(pay({ settlementId: 's9' }), as(STEWARD)).thenThrows('settlement_not_found', 'not_found');
    spec.given(given).when(pay({ amount: { currency: 'EUR', amount: '10' } }), as(STEWARD)).thenThrows('payment_currency_mismatch', 'rule');
    spec.given(given).when(pay({ amount: usd('100000.02') }), as(STEWARD)).thenThrows('payment_exceeds_settlement', 'rule');
    spec.given([...given, paid({ amount: usd('100000.00') })]).when(pay({ amount: usd('0.02') }), as(STEWARD)).thenThrows('payment_exceeds_settlement', 'rule');
    spec.given([...given, paid({ amount: usd('100000.00') })]).when(pay({ amount: usd('0.01') }), as(STEWARD)).thenResult((events) => expect(events).toHaveLength(1));
  });

  it('nothing is paid on an empty pool', () => {
    const empty: RiskAgreementEvent = { type: 'SettlementDetermined', data: { ...(settled[1].data as object), pool: usd('0.00') } as Extract<RiskAgreementEvent, { type: 'SettlementDetermined' }>['data'] };
    spec.given([...inEffect, settled[0], empty]).when(pay(), as(STEWARD)).thenThrows('nothing_to_settle', 'rule');
  });

  it('refuses a payment to oneself, a zero amount and a future date', () => {
    spec.given(given).when(pay({ toOrganizationId: STEWARD }), as(STEWARD)).thenThrows('payment_to_self', 'invalid');
    spec.given(given).when(pay({ amount: usd('0') }), as(STEWARD)).thenThrows('amount_not_positive', 'invalid');
    spec.given(given).when(pay({ paidOn: '2025-03-02' }), as(STEWARD)).thenThrows('date_in_future', 'invalid');
  });

  it('state keeps settlements with their payments', () => {
    spec.given(given).when(pay(), as(STEWARD)).thenResult((_events, state) => {
      expect(state?.settlements).toHaveLength(1);
      expect(state?.settlements[0]).toMatchObject({ settlementId: 's1', pool: { currency: 'USD', minor: 10_000_001n } });
      expect(state?.settlements[0].payments).toEqual([
        { paymentId: 'gen-1', fromOrganizationId: STEWARD, toOrganizationId: HOSPITAL, amount: { currency: 'USD', minor: 3_334_001n }, paidOn: '2025-02-15' },
      ]);
    });
  });
});
