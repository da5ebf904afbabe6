/** The commands one may send on a funding pledge, as probes (probe.ts). */
import { formatMoney, money } from '../money/money';
import type { PledgeState } from '../pledge/state';
import { PROBE_TEXT, type ActionProbe, type ProbeCaller } from './probe';

export function pledgeProbes(state: PledgeState, caller: ProbeCaller): ActionProbe[] {
  const on = (type: string, data: Record<string, unknown>, extra: Partial<ActionProbe> = {}): ActionProbe => ({
    record: 'pledge',
    id: state.id,
    command: { type, data },
    ...extra,
  });
  return [
    on('AcknowledgePledge', {}),
    // The smallest amount of the pledge's currency: refused only when nothing is outstanding.
    on('RecordDisbursement', { amount: formatMoney(money(state.amount.currency, 1n)), disbursedOn: caller.today, reference: PROBE_TEXT }),
    ...state.disbursements
      .filter((disbursement) => disbursement.receivedOn === undefined)
      .map((disbursement) =>
        on('ConfirmDisbursementReceipt', { disbursementId: disbursement.disbursementId }, { target: { field: 'disbursementId', id: disbursement.disbursementId } }),
      ),
    // The amount in force again: never below what was disbursed, whatever the schedule.
    on('AmendPledge', { amount: formatMoney(state.amount), reason: PROBE_TEXT }),
    on('CancelPledge', { reason: PROBE_TEXT }),
  ];
}
