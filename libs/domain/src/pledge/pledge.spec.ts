import { DeciderSpecification } from '../testing/decider-specification';
import { asOperator, asOrganization, asResolution, TEST_TODAY } from '../testing/context';
import { CLINIC, FOOD_BANK, HOSPITAL, OBSERVER, OUTSIDER, STEWARD, UPPER_VALLEY, upperValley } from '../testing/fixtures';
import type { PledgeCommand } from './commands';
import { pledgeDecider } from './decider';
import type { PledgeEvent } from './events';

const spec = DeciderSpecification.for(pledgeDecider);
const ID = 'pl-food-access';
const collaborative = upperValley();
const as = (org: string) => asOrganization(org, { collaborative });
const cmd = (type: PledgeCommand['type'], data: Record<string, unknown> = {}) => ({ type, data }) as PledgeCommand;
const usd = (amount: string) => ({ currency: 'USD', amount });

// The hospital (funder) pledges to the food bank (recipient), on 15 January (today is 1 March).
const MADE_ON = '2025-01-15';
const make = (data: Record<string, unknown> = {}) =>
  cmd('MakePledge', {
    id: ID,
    collaborativeId: UPPER_VALLEY,
    recipient: { organizationId: FOOD_BANK },
    purpose: 'Medically tailored meals',
    amount: usd('100000'),
    binding: true,
    madeOn: MADE_ON,
    ...data,
  });
const made: PledgeEvent = {
  type: 'PledgeMade',
  data: {
    pledgeId: ID,
    collaborativeId: UPPER_VALLEY,
    funder: HOSPITAL,
    recipient: { organizationId: FOOD_BANK },
    purpose: 'Medically tailored meals',
    amount: usd('100000.00'),
    binding: true,
    madeOn: MADE_ON,
  },
};
const disbursed = (disbursementId: string, amount: string, disbursedOn = '2025-02-01'): PledgeEvent => ({
  type: 'PledgeDisbursementRecorded',
  data: { pledgeId: ID, disbursementId, amount: usd(amount), disbursedOn, reference: `WIRE-${disbursementId}` },
});
const cancelled = (amount: string): PledgeEvent => ({ type: 'PledgeCancelled', data: { pledgeId: ID, reason: 'Budget cut', cancelledAmount: usd(amount) } });
const disburse = (amount: string, disbursedOn = '2025-02-15') => cmd('RecordDisbursement', { amount: usd(amount), disbursedOn, reference: 'WIRE-42' });

describe('pledge: make', () => {
  it('is made by a member, money stored in canonical form', () => {
    spec.given([]).when(make(), as(HOSPITAL)).then([made]);
  });

  it('is made to the collaborative with a schedule (stored in due-date order) and conditions', () => {
    spec
      .given([])
      .when(
        make({
          recipient: { collaborativeId: UPPER_VALLEY },
          binding: false,
          schedule: [
            { dueDate: '2025-12-31', amount: usd('60000') },
            { dueDate: '2025-06-30', amount: usd('40000.00') },
          ],
          conditions: 'Quarterly reports',
        }),
        as(HOSPITAL),
      )
      .then([
        {
          type: 'PledgeMade',
          data: {
            ...made.data,
            recipient: { collaborativeId: UPPER_VALLEY },
            binding: false,
            schedule: [
              { dueDate: '2025-06-30', amount: usd('40000.00') },
              { dueDate: '2025-12-31', amount: usd('60000.00') },
            ],
            conditions: 'Quarterly reports',
          },
        } as PledgeEvent,
      ]);
  });

  it('is made today unless the funder says it was made earlier; not later than today, nor in an absurd year', () => {
    spec.given([]).when(make({ madeOn: undefined }), as(HOSPITAL)).then([{ ...made, data: { ...made.data, madeOn: TEST_TODAY } } as PledgeEvent]);
    spec.given([]).when(make({ madeOn: '2025-03-02' }), as(HOSPITAL)).thenThrows('date_in_future', 'invalid');
    spec.given([]).when(make({ madeOn: '0000-01-01' }), as(HOSPITAL)).thenThrows('date_out_of_range', 'invalid');
  });

  it('refuses amounts that are not exact positive money', () => {
    spec.given([]).when(make({ amount: { currency: 'USD', amount: 100000 } }), as(HOSPITAL)).thenThrows('invalid_money_amount', 'invalid');
    spec.given([]).when(make({ amount: { currency: 'JPY', amount: '1500.5' } }), as(HOSPITAL)).thenThrows('too_many_fraction_digits', 'invalid');
    spec.given([]).when(make({ amount: usd('0') }), as(HOSPITAL)).thenThrows('amount_not_positive', 'invalid');
    spec.given([]).when(make({ amount: { currency: 'US$', amount: '1' } }), as(HOSPITAL)).thenThrows('unknown_currency', 'invalid');
  });

  it('refuses a schedule that does not add up or mixes currencies', () => {
    spec
      .given([])
      .when(make({ schedule: [{ dueDate: '2025-06-30', amount: usd('40000') }, { dueDate: '2025-12-31', amount: usd('59999.99') }] }), as(HOSPITAL))
      .thenThrows('schedule_total_mismatch', 'invalid');
    spec
      .given([])
      .when(make({ schedule: [{ dueDate: '2025-06-30', amount: { currency: 'CAD', amount: '100000' } }] }), as(HOSPITAL))
      .thenThrows('schedule_currency_mismatch', 'invalid');
    spec.given([]).when(make({ schedule: [] }), as(HOSPITAL)).thenThrows('invalid_list', 'invalid');
  });

  it('needs binding to be a boolean', () => {
    spec.given([]).when(make({ binding: 'yes' }), as(HOSPITAL)).thenThrows('invalid_boolean', 'invalid');
  });

  it('is not made to oneself, to a non-participant, or to another collaborative', () => {
    spec.given([]).when(make({ recipient: { organizationId: HOSPITAL } }), as(HOSPITAL)).thenThrows('pledge_to_self', 'rule');
    spec.given([]).when(make({ recipient: { organizationId: OUTSIDER } }), as(HOSPITAL)).thenThrows('recipient_not_member', 'rule');
    spec.given([]).when(make({ recipient: { collaborativeId: 'other-valley' } }), as(HOSPITAL)).thenThrows('recipient_other_collaborative', 'invalid');
  });

  it('is not made by observers or the operator', () => {
    spec.given([]).when(make(), as(OBSERVER)).thenThrows('read_only_role', 'forbidden');
    spec.given([]).when(make(), asOperator({ collaborative })).thenThrows('operator_cannot_act', 'forbidden');
  });

  it('needs the collaborative and a new id', () => {
    spec.given([]).when(make(), asOrganization(HOSPITAL, { collaborative: null })).thenThrows('collaborative_not_found', 'not_found');
    spec.given([made]).when(make(), as(HOSPITAL)).thenThrows('pledge_already_exists', 'conflict');
  });
});

describe('pledge: acknowledgement', () => {
  it('the recipient acknowledges it', () => {
    spec.given([made]).when(cmd('AcknowledgePledge'), as(FOOD_BANK)).then([{ type: 'PledgeAcknowledged', data: { pledgeId: ID, by: FOOD_BANK } }]);
  });

  it('a steward acknowledges a pledge to the collaborative', () => {
    const toCollaborative = { ...made, data: { ...made.data, recipient: { collaborativeId: UPPER_VALLEY } } } as PledgeEvent;
    spec.given([toCollaborative]).when(cmd('AcknowledgePledge'), as(STEWARD)).then([{ type: 'PledgeAcknowledged', data: { pledgeId: ID, by: STEWARD } }]);
    spec.given([toCollaborative]).when(cmd('AcknowledgePledge'), as(FOOD_BANK)).thenThrows('steward_only', 'forbidden');
  });

  it('a steward that is the funder does not acknowledge its own pledge to the collaborative; another steward does', () => {
    const stewardsOwn = { ...made, data: { ...made.data, funder: STEWARD, recipient: { collaborativeId: UPPER_VALLEY } } } as PledgeEvent;
    const twoStewards = upperValley({ [CLINIC]: 'steward' });
    spec.given([stewardsOwn]).when(cmd('AcknowledgePledge'), asOrganization(STEWARD, { collaborative: twoStewards })).thenThrows('conflict_of_interest', 'rule');
    spec.given([stewardsOwn]).when(cmd('AcknowledgePledge'), asOrganization(CLINIC, { collaborative: twoStewards })).then([{ type: 'PledgeAcknowledged', data: { pledgeId: ID, by: CLINIC } }]);
  });

  it('a resolution does not acknowledge it: no matter of the charter', () => {
    const toCollaborative = { ...made, data: { ...made.data, recipient: { collaborativeId: UPPER_VALLEY } } } as PledgeEvent;
    spec.given([toCollaborative]).when(cmd('AcknowledgePledge'), asResolution(UPPER_VALLEY, 'r-1', { collaborative })).thenThrows('steward_only', 'forbidden');
  });

  it('no one else acknowledges it; once only; not when cancelled', () => {
    spec.given([made]).when(cmd('AcknowledgePledge'), as(HOSPITAL)).thenThrows('not_the_recipient', 'forbidden');
    spec.given([made, { type: 'PledgeAcknowledged', data: { pledgeId: ID, by: FOOD_BANK } }]).when(cmd('AcknowledgePledge'), as(FOOD_BANK)).thenThrows('already_acknowledged', 'rule');
    spec.given([made, cancelled('100000.00')]).when(cmd('AcknowledgePledge'), as(FOOD_BANK)).thenThrows('pledge_cancelled', 'rule');
  });

  it('needs the pledge to exist', () => {
    spec.given([]).when(cmd('AcknowledgePledge'), as(FOOD_BANK)).thenThrows('pledge_not_found', 'not_found');
  });
});

describe('pledge: disbursements', () => {
  it('the funder records one; it gets a disbursementId', () => {
    spec
      .given([made])
      .when(disburse('25000.5'), as(HOSPITAL))
      .then([{ type: 'PledgeDisbursementRecorded', data: { pledgeId: ID, disbursementId: 'gen-1', amount: usd('25000.50'), disbursedOn: '2025-02-15', reference: 'WIRE-42' } }]);
  });

  it('up to exactly what is outstanding, and not a cent more', () => {
    spec.given([made, disbursed('d1', '60000.00')]).when(disburse('40000.00'), as(HOSPITAL)).thenResult((events) => expect(events).toHaveLength(1));
    spec.given([made, disbursed('d1', '60000.00')]).when(disburse('40000.01'), as(HOSPITAL)).thenThrows('disbursement_exceeds_outstanding', 'rule');
    spec.given([made, disbursed('d1', '100000.00')]).when(disburse('0.01'), as(HOSPITAL)).thenThrows('disbursement_exceeds_outstanding', 'rule');
  });

  it('only in the pledge currency', () => {
    spec.given([made]).when(cmd('RecordDisbursement', { amount: { currency: 'CAD', amount: '10.00' }, disbursedOn: '2025-02-15', reference: 'x' }), as(HOSPITAL)).thenThrows('disbursement_currency_mismatch', 'rule');
  });

  it('only by the funder, not in the future, not after cancellation', () => {
    spec.given([made]).when(disburse('10'), as(FOOD_BANK)).thenThrows('not_the_funder', 'forbidden');
    spec.given([made]).when(disburse('10', '2025-03-02'), as(HOSPITAL)).thenThrows('date_in_future', 'invalid');
    spec.given([made, cancelled('100000.00')]).when(disburse('10'), as(HOSPITAL)).thenThrows('pledge_cancelled', 'rule');
  });

  it('needs a reference', () => {
    spec.given([made]).when(cmd('RecordDisbursement', { amount: usd('10'), disbursedOn: '2025-02-15' }), as(HOSPITAL)).thenThrows('required', 'invalid');
  });

  it('not dated before the pledge was made (the day itself will do), nor in an absurd year', () => {
    spec.given([made]).when(disburse('10', '2025-01-14'), as(HOSPITAL)).thenThrows('disbursed_before_pledge', 'invalid');
    spec.given([made]).when(disburse('10', '2000-01-01'), as(HOSPITAL)).thenThrows('disbursed_before_pledge', 'invalid');
    spec.given([made]).when(disburse('10', '0000-01-01'), as(HOSPITAL)).thenThrows('date_out_of_range', 'invalid');
    spec.given([made]).when(disburse('10', MADE_ON), as(HOSPITAL)).thenResult((events) => expect(events).toHaveLength(1));
  });

  it('of a pledge recorded before the ledger kept the day it was made: any past date of a sane year', () => {
    const { madeOn: _unknown, ...recordedEarlier } = made.data;
    spec.given([{ ...made, data: recordedEarlier } as PledgeEvent]).when(disburse('10', '2000-01-01'), as(HOSPITAL)).thenResult((events) => expect(events).toHaveLength(1));
  });
});

describe('pledge: receipts', () => {
  const given = [made, disbursed('d1', '1000.00', '2025-02-01')];
  const confirm = (data: Record<string, unknown> = {}) => cmd('ConfirmDisbursementReceipt', { disbursementId: 'd1', ...data });

  it('the recipient confirms receipt, dated today by default', () => {
    spec.given(given).when(confirm(), as(FOOD_BANK)).then([{ type: 'PledgeReceiptConfirmed', data: { pledgeId: ID, disbursementId: 'd1', by: FOOD_BANK, receivedOn: '2025-03-01' } }]);
    spec.given(given).when(confirm({ receivedOn: '2025-02-03' }), as(FOOD_BANK)).then([{ type: 'PledgeReceiptConfirmed', data: { pledgeId: ID, disbursementId: 'd1', by: FOOD_BANK, receivedOn: '2025-02-03' } }]);
  });

  it('refuses an unknown disbursement, a second confirmation, and impossible dates', () => {
    const receipt: PledgeEvent = { type: 'PledgeReceiptConfirmed', data: { pledgeId: ID, disbursementId: 'd1', by: FOOD_BANK, receivedOn: '2025-02-03' } };
    spec.given(given).when(confirm({ disbursementId: 'd9' }), as(FOOD_BANK)).thenThrows('disbursement_not_found', 'not_found');
    spec.given([...given, receipt]).when(confirm(), as(FOOD_BANK)).thenThrows('receipt_already_confirmed', 'rule');
    spec.given(given).when(confirm({ receivedOn: '2025-01-31' }), as(FOOD_BANK)).thenThrows('received_before_disbursed', 'rule');
    spec.given(given).when(confirm({ receivedOn: '2025-03-02' }), as(FOOD_BANK)).thenThrows('date_in_future', 'invalid');
  });

  it('a steward that is the funder does not confirm receipt of its own disbursement to the collaborative; another steward does', () => {
    const stewardsOwn = [{ ...made, data: { ...made.data, funder: STEWARD, recipient: { collaborativeId: UPPER_VALLEY } } } as PledgeEvent, disbursed('d1', '1000.00', '2025-02-01')];
    const twoStewards = upperValley({ [CLINIC]: 'steward' });
    spec.given(stewardsOwn).when(confirm(), asOrganization(STEWARD, { collaborative: twoStewards })).thenThrows('conflict_of_interest', 'rule');
    spec
      .given(stewardsOwn)
      .when(confirm(), asOrganization(CLINIC, { collaborative: twoStewards }))
      .then([{ type: 'PledgeReceiptConfirmed', data: { pledgeId: ID, disbursementId: 'd1', by: CLINIC, receivedOn: '2025-03-01' } }]);
  });

  it('only the recipient confirms', () => {
    spec.given(given).when(confirm(), as(HOSPITAL)).thenThrows('not_the_recipient', 'forbidden');
    spec.given(given).when(confirm(), as(CLINIC)).thenThrows('not_the_recipient', 'forbidden');
  });
});

describe('pledge: amendments', () => {
  const amend = (data: Record<string, unknown>) => cmd('AmendPledge', { reason: 'Board approved more', ...data });
  const amended = (amount: string, schedule?: Array<{ dueDate: string; amount: { currency: string; amount: string } }>): PledgeEvent => ({
    type: 'PledgeAmended',
    data: { pledgeId: ID, amount: usd(amount), ...(schedule && { schedule }), reason: 'Board approved more' },
  });
  const halves = [
    { dueDate: '2025-06-30', amount: usd('50000.00') },
    { dueDate: '2025-12-31', amount: usd('50000.00') },
  ];
  const scheduled = { ...made, data: { ...made.data, schedule: halves } } as PledgeEvent;

  it('the funder raises or lowers the amount', () => {
    spec.given([made]).when(amend({ amount: usd('150000') }), as(HOSPITAL)).then([amended('150000.00')]);
    spec.given([made, disbursed('d1', '30000.00')]).when(amend({ amount: usd('30000') }), as(HOSPITAL)).then([amended('30000.00')]);
  });

  it('never below what was already disbursed', () => {
    spec.given([made, disbursed('d1', '30000.00')]).when(amend({ amount: usd('29999.99') }), as(HOSPITAL)).thenThrows('amendment_below_disbursed', 'rule');
  });

  it('replaces or drops the schedule; a changed amount needs a matching schedule', () => {
    const schedule = [{ dueDate: '2025-09-30', amount: usd('100000.00') }];
    spec.given([scheduled]).when(amend({ schedule }), as(HOSPITAL)).then([amended('100000.00', schedule)]);
    spec.given([scheduled]).when(amend({ amount: usd('120000'), schedule: [] }), as(HOSPITAL)).then([amended('120000.00')]);
    spec.given([scheduled]).when(amend({ amount: usd('120000') }), as(HOSPITAL)).thenThrows('schedule_total_mismatch', 'invalid');
    spec.given([scheduled]).when(amend({ schedule: [{ dueDate: '2025-09-30', amount: usd('90000') }] }), as(HOSPITAL)).thenThrows('schedule_total_mismatch', 'invalid');
  });

  it('keeps the schedule in force when the amount is unchanged', () => {
    spec.given([scheduled]).when(amend({ amount: usd('100000') }), as(HOSPITAL)).then([amended('100000.00', halves)]);
  });

  it('changes something, in the same currency, by the funder, while not cancelled', () => {
    spec.given([made]).when(amend({}), as(HOSPITAL)).thenThrows('empty_amendment', 'invalid');
    spec.given([made]).when(amend({ amount: { currency: 'EUR', amount: '100000' } }), as(HOSPITAL)).thenThrows('amendment_currency_mismatch', 'rule');
    spec.given([made]).when(amend({ amount: usd('1') }), as(FOOD_BANK)).thenThrows('not_the_funder', 'forbidden');
    spec.given([made, cancelled('100000.00')]).when(amend({ amount: usd('1') }), as(HOSPITAL)).thenThrows('pledge_cancelled', 'rule');
    spec.given([made]).when(cmd('AmendPledge', { amount: usd('1') }), as(HOSPITAL)).thenThrows('required', 'invalid');
  });
});

describe('pledge: cancellation', () => {
  it('the funder cancels what is still outstanding', () => {
    spec.given([made, disbursed('d1', '30000.00')]).when(cmd('CancelPledge', { reason: 'Budget cut' }), as(HOSPITAL)).then([cancelled('70000.00')]);
  });

  it('the funder may cancel even after leaving the collaborative', () => {
    spec.given([made]).when(cmd('CancelPledge', { reason: 'Budget cut' }), asOrganization(HOSPITAL, { collaborative: upperValley({ [HOSPITAL]: null }) })).then([cancelled('100000.00')]);
  });

  it('not by others, not twice, not when nothing is outstanding', () => {
    spec.given([made]).when(cmd('CancelPledge', { reason: 'x' }), as(FOOD_BANK)).thenThrows('not_the_funder', 'forbidden');
    spec.given([made, cancelled('100000.00')]).when(cmd('CancelPledge', { reason: 'x' }), as(HOSPITAL)).thenThrows('pledge_cancelled', 'rule');
    spec.given([made, disbursed('d1', '100000.00')]).when(cmd('CancelPledge', { reason: 'x' }), as(HOSPITAL)).thenThrows('pledge_fulfilled', 'rule');
    spec.given([made]).when(cmd('CancelPledge', {}), as(HOSPITAL)).thenThrows('required', 'invalid');
  });
});
