import { parseMoney } from '../money/money';
import { compact } from '../shared/validation';
import type { InstallmentInput } from './commands';
import type { PledgeEvent } from './events';
import type { Installment, PledgeState } from './state';

// Stored events hold canonical money strings; state holds bigint minor units for arithmetic.
function installments(schedule: readonly InstallmentInput[] | undefined): Installment[] {
  return (schedule ?? []).map((i) => ({ dueDate: i.dueDate, amount: parseMoney(i.amount) }));
}

export function evolve(state: PledgeState | null, event: PledgeEvent): PledgeState | null {
  if (event.type === 'PledgeMade') {
    const { pledgeId, amount, schedule, ...terms } = event.data;
    const made: PledgeState = { id: pledgeId, ...terms, amount: parseMoney(amount), schedule: installments(schedule), disbursements: [] };
    return compact(made);
  }
  if (state === null) return state;
  switch (event.type) {
    case 'PledgeAcknowledged':
      return { ...state, acknowledgedBy: event.data.by };
    case 'PledgeDisbursementRecorded': {
      const { disbursementId, amount, disbursedOn, reference } = event.data;
      return { ...state, disbursements: [...state.disbursements, { disbursementId, amount: parseMoney(amount), disbursedOn, reference }] };
    }
    case 'PledgeReceiptConfirmed': {
      const { disbursementId, receivedOn } = event.data;
      return { ...state, disbursements: state.disbursements.map((d) => (d.disbursementId === disbursementId ? { ...d, receivedOn } : d)) };
    }
    case 'PledgeAmended':
      return { ...state, amount: parseMoney(event.data.amount), schedule: installments(event.data.schedule) };
    case 'PledgeCancelled':
      return { ...state, cancellation: { reason: event.data.reason, cancelledAmount: parseMoney(event.data.cancelledAmount) } };
  }
}
