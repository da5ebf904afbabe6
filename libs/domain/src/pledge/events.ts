import type { DomainEvent } from '../shared/decider';
import type { ExternalMoney } from '../money/money';
import type { InstallmentInput, PledgeRecipient } from './commands';

type Data<T> = { pledgeId: string } & T;

export type PledgeMade = DomainEvent<
  'PledgeMade',
  Data<{
    collaborativeId: string;
    funder: string;
    recipient: PledgeRecipient;
    purpose: string;
    amount: ExternalMoney;
    binding: boolean;
    schedule?: InstallmentInput[];
    conditions?: string;
    /** Absent from pledges recorded before the ledger kept it. */
    madeOn?: string;
  }>
>;
export type PledgeAcknowledged = DomainEvent<'PledgeAcknowledged', Data<{ by: string }>>;
export type PledgeDisbursementRecorded = DomainEvent<
  'PledgeDisbursementRecorded',
  Data<{ disbursementId: string; amount: ExternalMoney; disbursedOn: string; reference: string }>
>;
export type PledgeReceiptConfirmed = DomainEvent<'PledgeReceiptConfirmed', Data<{ disbursementId: string; by: string; receivedOn: string }>>;
/** Carries the amount and schedule in force after the amendment (no schedule: none). */
export type PledgeAmended = DomainEvent<'PledgeAmended', Data<{ amount: ExternalMoney; schedule?: InstallmentInput[]; reason: string }>>;
/** `cancelledAmount`: what was still outstanding and will not be disbursed. */
export type PledgeCancelled = DomainEvent<'PledgeCancelled', Data<{ reason: string; cancelledAmount: ExternalMoney }>>;

export type PledgeEvent =
  | PledgeMade
  | PledgeAcknowledged
  | PledgeDisbursementRecorded
  | PledgeReceiptConfirmed
  | PledgeAmended
  | PledgeCancelled;

export const PLEDGE_EVENT_SCHEMA_VERSIONS = {
  PledgeMade: 1,
  PledgeAcknowledged: 1,
  PledgeDisbursementRecorded: 1,
  PledgeReceiptConfirmed: 1,
  PledgeAmended: 1,
  PledgeCancelled: 1,
} as const satisfies Record<PledgeEvent['type'], number>;
