import type { Command } from '../shared/decider';
import type { Evidence, OrganizationOrCollaborative } from '../shared/validation';

/** To whom the promise is made: one organization, or the collaborative as a whole. */
export type Promisee = OrganizationOrCollaborative;

/** What will be measured: target is a decimal string. */
export interface Measure {
  indicator: string;
  unit: string;
  target: string;
}

export const DISPUTE_OUTCOMES = ['delivered', 'partially_delivered', 'not_delivered'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** The promisor is the acting organization (a current member or steward). */
export type MakeCommitment = Command<
  'MakeCommitment',
  {
    id: string;
    collaborativeId: string;
    promisee: Promisee;
    title: string;
    description?: string;
    deliverable?: string;
    measure?: Measure;
    dueDate: string;
    goalId?: string;
    partnershipId?: string;
  }
>;
/** The promisee (a steward other than the promisor, when the promisee is the collaborative). */
export type AcceptCommitment = Command<'AcceptCommitment', Record<string, never>>;
export type DeclineCommitment = Command<'DeclineCommitment', { reason: string }>;
/** The promisor. */
export type ReportCommitmentProgress = Command<'ReportCommitmentProgress', { note: string; value?: string; evidence?: Evidence }>;
/** The promisor; takes effect only when the promisee accepts it. */
export type ProposeCommitmentRevision = Command<
  'ProposeCommitmentRevision',
  { dueDate?: string; target?: string; description?: string; reason: string }
>;
/** The promisee. */
export type AcceptCommitmentRevision = Command<'AcceptCommitmentRevision', { revisionId: string }>;
/** The promisor. */
export type ClaimCommitmentDelivery = Command<'ClaimCommitmentDelivery', { deliveredOn: string; value?: string; evidence?: Evidence }>;
/** The promisee. */
export type ConfirmCommitmentDelivery = Command<'ConfirmCommitmentDelivery', Record<string, never>>;
export type DisputeCommitmentDelivery = Command<'DisputeCommitmentDelivery', { reason: string }>;
/**
 * adjudicate_dispute: a steward that is neither the promisor nor the promisee side of the dispute,
 * or a resolution. `value` is required for partially_delivered.
 */
export type ResolveCommitmentDispute = Command<
  'ResolveCommitmentDispute',
  { outcome: DisputeOutcome; value?: string; rationale: string }
>;
/** The promisor. */
export type WithdrawCommitment = Command<'WithdrawCommitment', { reason: string }>;
/**
 * close_commitment_as_missed: a steward that is not the promisor, or a resolution; for an accepted
 * commitment whose delivery has not been claimed and whose due date in force has passed.
 */
export type CloseCommitmentAsMissed = Command<'CloseCommitmentAsMissed', { rationale: string }>;

export type CommitmentCommand =
  | MakeCommitment
  | AcceptCommitment
  | DeclineCommitment
  | ReportCommitmentProgress
  | ProposeCommitmentRevision
  | AcceptCommitmentRevision
  | ClaimCommitmentDelivery
  | ConfirmCommitmentDelivery
  | DisputeCommitmentDelivery
  | ResolveCommitmentDispute
  | WithdrawCommitment
  | CloseCommitmentAsMissed;
