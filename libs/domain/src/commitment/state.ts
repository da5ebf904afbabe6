import type { Evidence } from '../shared/validation';
import type { DisputeOutcome, Measure, Promisee } from './commands';

/**
 * Where the commitment stands in its lifecycle. The status users see (commitmentStatus) adds time:
 * an accepted commitment is active or overdue depending on the moment asked about.
 */
export type CommitmentPhase =
  | 'proposed'
  | 'declined'
  | 'accepted'
  | 'delivery_claimed'
  | 'disputed'
  | 'confirmed'
  | 'resolved'
  | 'withdrawn'
  | 'closed_as_missed';

export interface ProgressReport {
  readonly note: string;
  readonly value?: string;
  readonly evidence?: Evidence;
}

export interface Revision {
  readonly revisionId: string;
  readonly dueDate?: string;
  readonly target?: string;
  readonly description?: string;
  readonly reason: string;
  readonly status: 'pending' | 'accepted' | 'superseded';
}

export interface DeliveryClaim {
  readonly deliveredOn: string;
  readonly value?: string;
  readonly evidence?: Evidence;
}

export interface CommitmentState {
  readonly id: string;
  readonly collaborativeId: string;
  readonly promisor: string;
  readonly promisee: Promisee;
  readonly title: string;
  readonly description?: string;
  readonly deliverable?: string;
  readonly measure?: Measure;
  /** The due date in force: the original one, or the one set by the last accepted revision. */
  readonly dueDate: string;
  readonly originalDueDate: string;
  readonly goalId?: string;
  readonly partnershipId?: string;
  readonly phase: CommitmentPhase;
  readonly progress: readonly ProgressReport[];
  /** Every revision proposed, in order, with what became of it. */
  readonly revisions: readonly Revision[];
  readonly delivery?: DeliveryClaim;
  readonly dispute?: { readonly by: string; readonly reason: string };
  /** `by`: the steward, or the collaborative's id when a resolution (`resolutionId`) decided. */
  readonly resolution?: { readonly by: string; readonly outcome: DisputeOutcome; readonly value?: string; readonly rationale: string; readonly resolutionId?: string };
  /** Why it ended without delivery: declination, withdrawal or closure as missed. */
  readonly ending?: { readonly by: string; readonly reason: string; readonly resolutionId?: string };
}

export function pendingRevision(state: CommitmentState): Revision | null {
  return state.revisions.find((revision) => revision.status === 'pending') ?? null;
}

export function promiseeOrganizationId(state: CommitmentState): string | null {
  return 'organizationId' in state.promisee ? state.promisee.organizationId : null;
}
