import type { DomainEvent } from '../shared/decider';
import type { Evidence } from '../shared/validation';
import type { DisputeOutcome, Measure, Promisee } from './commands';

type Data<T> = { commitmentId: string } & T;

export type CommitmentMade = DomainEvent<
  'CommitmentMade',
  Data<{
    collaborativeId: string;
    promisor: string;
    promisee: Promisee;
    title: string;
    description?: string;
    deliverable?: string;
    measure?: Measure;
    dueDate: string;
    goalId?: string;
    partnershipId?: string;
  }>
>;
/** `by`: the organization that acted (the promisee itself, or a steward for the collaborative). */
export type CommitmentAccepted = DomainEvent<'CommitmentAccepted', Data<{ by: string }>>;
export type CommitmentDeclined = DomainEvent<'CommitmentDeclined', Data<{ by: string; reason: string }>>;
export type CommitmentProgressReported = DomainEvent<'CommitmentProgressReported', Data<{ note: string; value?: string; evidence?: Evidence }>>;
/** `supersedes`: the revision still pending when this one was proposed; it can no longer be accepted. */
export type CommitmentRevisionProposed = DomainEvent<
  'CommitmentRevisionProposed',
  Data<{ revisionId: string; dueDate?: string; target?: string; description?: string; reason: string; supersedes?: string }>
>;
/** Carries the changes it puts in force, so the event reads on its own. */
export type CommitmentRevisionAccepted = DomainEvent<
  'CommitmentRevisionAccepted',
  Data<{ revisionId: string; by: string; dueDate?: string; target?: string; description?: string }>
>;
export type CommitmentDeliveryClaimed = DomainEvent<'CommitmentDeliveryClaimed', Data<{ deliveredOn: string; value?: string; evidence?: Evidence }>>;
export type CommitmentDeliveryConfirmed = DomainEvent<'CommitmentDeliveryConfirmed', Data<{ by: string }>>;
export type CommitmentDeliveryDisputed = DomainEvent<'CommitmentDeliveryDisputed', Data<{ by: string; reason: string }>>;
/** `by`: the steward, or the collaborative's id when a resolution (`resolutionId`) decided. */
export type CommitmentDisputeResolved = DomainEvent<
  'CommitmentDisputeResolved',
  Data<{ by: string; outcome: DisputeOutcome; value?: string; rationale: string; resolutionId?: string }>
>;
export type CommitmentWithdrawn = DomainEvent<'CommitmentWithdrawn', Data<{ reason: string }>>;
/** `by`: the steward, or the collaborative's id when a resolution (`resolutionId`) decided. */
export type CommitmentClosedAsMissed = DomainEvent<'CommitmentClosedAsMissed', Data<{ by: string; rationale: string; resolutionId?: string }>>;

export type CommitmentEvent =
  | CommitmentMade
  | CommitmentAccepted
  | CommitmentDeclined
  | CommitmentProgressReported
  | CommitmentRevisionProposed
  | CommitmentRevisionAccepted
  | CommitmentDeliveryClaimed
  | CommitmentDeliveryConfirmed
  | CommitmentDeliveryDisputed
  | CommitmentDisputeResolved
  | CommitmentWithdrawn
  | CommitmentClosedAsMissed;

export const COMMITMENT_EVENT_SCHEMA_VERSIONS = {
  CommitmentMade: 1,
  CommitmentAccepted: 1,
  CommitmentDeclined: 1,
  CommitmentProgressReported: 1,
  CommitmentRevisionProposed: 1,
  CommitmentRevisionAccepted: 1,
  CommitmentDeliveryClaimed: 1,
  CommitmentDeliveryConfirmed: 1,
  CommitmentDeliveryDisputed: 1,
  CommitmentDisputeResolved: 1,
  CommitmentWithdrawn: 1,
  CommitmentClosedAsMissed: 1,
} as const satisfies Record<CommitmentEvent['type'], number>;
