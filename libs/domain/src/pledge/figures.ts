/** What a pledge amounts to at a moment: the derived figures of LEDGER.md. */
import { isIsoDate, utcDateOf } from '../shared/dates';
import { addMoney, compareMoney, money, subtractMoney, sumMoney, zeroMoney, type Money } from '../money/money';
import type { Installment, PledgeState } from './state';

export const PLEDGE_STATUSES = ['open', 'partially_disbursed', 'fulfilled', 'cancelled'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export interface OverdueInstallment extends Installment {
  /** The part of this installment not yet covered by disbursements. */
  readonly unpaid: Money;
}

export interface PledgeFigures {
  /** The amount in force. */
  readonly pledged: Money;
  readonly disbursed: Money;
  /** Disbursed and confirmed received by the recipient. */
  readonly confirmed: Money;
  /** Released by a cancellation; never disbursed. */
  readonly cancelled: Money;
  /** pledged − disbursed − cancelled. */
  readonly outstanding: Money;
  readonly overdueInstallments: readonly OverdueInstallment[];
  readonly status: PledgeStatus;
}

export function disbursedTotal(state: PledgeState): Money {
  return sumMoney(state.amount.currency, state.disbursements.map((d) => d.amount));
}

export function outstandingAmount(state: PledgeState): Money {
  const cancelled = state.cancellation?.cancelledAmount ?? zeroMoney(state.amount.currency);
  return subtractMoney(subtractMoney(state.amount, disbursedTotal(state)), cancelled);
}

/**
 * Installments whose due date has passed (asOf's date is after it) while the cumulative amount
 * disbursed is still below the cumulative amount scheduled through that installment. Disbursements
 * count toward the earliest installments first. A cancelled pledge owes nothing more.
 */
export function overdueInstallments(state: PledgeState, asOfDate: string): OverdueInstallment[] {
  if (state.cancellation) return [];
  const disbursed = disbursedTotal(state);
  let scheduled = zeroMoney(state.amount.currency);
  const overdue: OverdueInstallment[] = [];
  for (const installment of state.schedule) {
    scheduled = addMoney(scheduled, installment.amount);
    if (installment.dueDate < asOfDate && compareMoney(disbursed, scheduled) < 0) {
      const shortfall = subtractMoney(scheduled, disbursed);
      const unpaid = compareMoney(shortfall, installment.amount) < 0 ? shortfall : installment.amount;
      overdue.push({ ...installment, unpaid });
    }
  }
  return overdue;
}

/** `asOf` is a calendar date or an ISO instant (whose UTC date is used). */
export function pledgeFigures(state: PledgeState, asOf: string): PledgeFigures {
  const asOfDate = isIsoDate(asOf) ? asOf : utcDateOf(asOf);
  const currency = state.amount.currency;
  const disbursed = disbursedTotal(state);
  const confirmed = sumMoney(currency, state.disbursements.filter((d) => d.receivedOn !== undefined).map((d) => d.amount));
  const cancelled = state.cancellation?.cancelledAmount ?? money(currency, 0n);
  const status: PledgeStatus = state.cancellation
    ? 'cancelled'
    : compareMoney(disbursed, state.amount) >= 0
      ? 'fulfilled'
      : disbursed.minor > 0n
        ? 'partially_disbursed'
        : 'open';
  return {
    pledged: state.amount,
    disbursed,
    confirmed,
    cancelled,
    outstanding: outstandingAmount(state),
    overdueInstallments: overdueInstallments(state, asOfDate),
    status,
  };
}
