import { evolveAll } from '../shared/decider';
import { formatMoney, type Money } from '../money/money';
import { FOOD_BANK, HOSPITAL, UPPER_VALLEY } from '../testing/fixtures';
import { pledgeDecider } from './decider';
import type { PledgeEvent } from './events';
import { pledgeFigures } from './figures';

const usd = (amount: string) => ({ currency: 'USD', amount });
const made: PledgeEvent = {
  type: 'PledgeMade',
  data: {
    pledgeId: 'p1',
    collaborativeId: UPPER_VALLEY,
    funder: HOSPITAL,
    recipient: { organizationId: FOOD_BANK },
    purpose: 'Meals',
    amount: usd('90000.00'),
    binding: true,
    schedule: [
      { dueDate: '2025-03-31', amount: usd('30000.00') },
      { dueDate: '2025-06-30', amount: usd('30000.00') },
      { dueDate: '2025-09-30', amount: usd('30000.00') },
    ],
  },
};
const disbursed = (id: string, amount: string): PledgeEvent => ({
  type: 'PledgeDisbursementRecorded',
  data: { pledgeId: 'p1', disbursementId: id, amount: usd(amount), disbursedOn: '2025-03-15', reference: id },
});
const received = (id: string): PledgeEvent => ({ type: 'PledgeReceiptConfirmed', data: { pledgeId: 'p1', disbursementId: id, by: FOOD_BANK, receivedOn: '2025-03-20' } });

const figures = (events: PledgeEvent[], asOf: string) => {
  const f = pledgeFigures(evolveAll(pledgeDecider, events)!, asOf);
  const text = (m: Money) => formatMoney(m).amount;
  return {
    pledged: text(f.pledged),
    disbursed: text(f.disbursed),
    confirmed: text(f.confirmed),
    cancelled: text(f.cancelled),
    outstanding: text(f.outstanding),
    status: f.status,
    overdue: f.overdueInstallments.map((i) => [i.dueDate, text(i.unpaid)]),
  };
};

describe('pledgeFigures', () => {
  it('a new pledge is open with everything outstanding', () => {
    expect(figures([made], '2025-03-01')).toEqual({
      pledged: '90000.00', disbursed: '0.00', confirmed: '0.00', cancelled: '0.00', outstanding: '90000.00', status: 'open', overdue: [],
    });
  });

  it('tracks disbursed, confirmed and outstanding', () => {
    expect(figures([made, disbursed('d1', '20000.00'), disbursed('d2', '15000.00'), received('d1')], '2025-03-31')).toMatchObject({
      disbursed: '35000.00', confirmed: '20000.00', outstanding: '55000.00', status: 'partially_disbursed',
    });
  });

  it('an installment is overdue once its due date has passed while cumulative disbursements are short', () => {
    const events = [made, disbursed('d1', '20000.00')];
    expect(figures(events, '2025-03-31').overdue).toEqual([]); // due today: not yet overdue
    expect(figures(events, '2025-04-01').overdue).toEqual([['2025-03-31', '10000.00']]);
    expect(figures(events, '2025-10-01T08:00:00Z').overdue).toEqual([
      ['2025-03-31', '10000.00'],
      ['2025-06-30', '30000.00'],
      ['2025-09-30', '30000.00'],
    ]);
    // Disbursements count toward the earliest installments first.
    expect(figures([made, disbursed('d1', '45000.00')], '2025-07-01').overdue).toEqual([['2025-06-30', '15000.00']]);
  });

  it('is fulfilled when everything is disbursed', () => {
    expect(figures([made, disbursed('d1', '90000.00')], '2026-01-01')).toMatchObject({ outstanding: '0.00', status: 'fulfilled', overdue: [] });
  });

  it('a cancelled pledge owes nothing more', () => {
    const cancelled: PledgeEvent = { type: 'PledgeCancelled', data: { pledgeId: 'p1', reason: 'r', cancelledAmount: usd('70000.00') } };
    expect(figures([made, disbursed('d1', '20000.00'), cancelled], '2026-01-01')).toMatchObject({
      pledged: '90000.00', disbursed: '20000.00', cancelled: '70000.00', outstanding: '0.00', status: 'cancelled', overdue: [],
    });
  });

  it('an amendment changes what is pledged and scheduled', () => {
    const amended: PledgeEvent = { type: 'PledgeAmended', data: { pledgeId: 'p1', amount: usd('20000.00'), reason: 'r' } };
    expect(figures([made, disbursed('d1', '20000.00'), amended], '2026-01-01')).toMatchObject({ pledged: '20000.00', outstanding: '0.00', status: 'fulfilled', overdue: [] });
  });
});
