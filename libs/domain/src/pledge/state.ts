import type { Money } from '../money/money';
import type { PledgeRecipient } from './commands';

export interface Installment {
  readonly dueDate: string;
  readonly amount: Money;
}

export interface Disbursement {
  readonly disbursementId: string;
  readonly amount: Money;
  readonly disbursedOn: string;
  readonly reference: string;
  /** Set once the recipient confirms receipt. */
  readonly receivedOn?: string;
}

export interface PledgeState {
  readonly id: string;
  readonly collaborativeId: string;
  readonly funder: string;
  readonly recipient: PledgeRecipient;
  readonly purpose: string;
  /** The amount in force (after amendments). */
  readonly amount: Money;
  readonly binding: boolean;
  /** Installments in due-date order; empty when the pledge has no schedule. */
  readonly schedule: readonly Installment[];
  readonly conditions?: string;
  /** The day the pledge was made; unknown for pledges recorded before the ledger kept it. */
  readonly madeOn?: string;
  readonly acknowledgedBy?: string;
  readonly disbursements: readonly Disbursement[];
  readonly cancellation?: { readonly reason: string; readonly cancelledAmount: Money };
}
