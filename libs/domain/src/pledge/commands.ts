import type { Command } from '../shared/decider';
import type { OrganizationOrCollaborative } from '../shared/validation';
import type { ExternalMoney } from '../money/money';

export type PledgeRecipient = OrganizationOrCollaborative;

export interface InstallmentInput {
  dueDate: string;
  amount: ExternalMoney;
}

/** The funder is the acting organization (a current member or steward). */
export type MakePledge = Command<
  'MakePledge',
  {
    id: string;
    collaborativeId: string;
    recipient: PledgeRecipient;
    purpose: string;
    amount: ExternalMoney;
    /** false: an indicative pledge; true: a firm commitment of funds. */
    binding: boolean;
    /** Installments; their amounts add up to `amount`. */
    schedule?: InstallmentInput[];
    conditions?: string;
    /** The day the funder made the pledge (today unless it was made before it was recorded); no disbursement is dated before it. */
    madeOn?: string;
  }
>;
/** The recipient (a steward other than the funder, when the recipient is the collaborative). */
export type AcknowledgePledge = Command<'AcknowledgePledge', Record<string, never>>;
/** The funder. Refused above the outstanding amount or in another currency. */
export type RecordDisbursement = Command<'RecordDisbursement', { amount: ExternalMoney; disbursedOn: string; reference: string }>;
/** The recipient (as for AcknowledgePledge); receivedOn defaults to today. */
export type ConfirmDisbursementReceipt = Command<'ConfirmDisbursementReceipt', { disbursementId: string; receivedOn?: string }>;
/** The funder; never below what was already disbursed. An empty schedule removes the schedule. */
export type AmendPledge = Command<'AmendPledge', { amount?: ExternalMoney; schedule?: InstallmentInput[]; reason: string }>;
/** The funder; cancels whatever is still outstanding. */
export type CancelPledge = Command<'CancelPledge', { reason: string }>;

export type PledgeCommand = MakePledge | AcknowledgePledge | RecordDisbursement | ConfirmDisbursementReceipt | AmendPledge | CancelPledge;
