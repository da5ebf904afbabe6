/**
 * The status users see, for a moment `asOf`. The read side folds only the events recorded up to
 * asOf and then asks here, so the state is already the state at that moment; asOf only decides
 * whether an accepted commitment is past due.
 */
import { utcDateOf } from '../shared/dates';
import type { CommitmentState } from './state';

export const COMMITMENT_STATUSES = [
  'proposed',
  'declined',
  'active',
  'overdue',
  'delivery_claimed',
  'disputed',
  'delivered',
  'delivered_late',
  'partially_delivered',
  'missed',
  'withdrawn',
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/**
 * Due dates are calendar dates, so a commitment is due through the whole of its due date (UTC) and
 * overdue from the next day on.
 */
export function isPastDue(dueDate: string, asOf: string): boolean {
  return utcDateOf(asOf) > dueDate;
}

/**
 * On time means the delivery date the promisor claimed is on or before the due date in force; when
 * the promisee confirmed (or a steward resolved) does not make the promisor late.
 */
export function deliveredOnTime(state: CommitmentState): boolean {
  return state.delivery !== undefined && state.delivery.deliveredOn <= state.dueDate;
}

export function commitmentStatus(state: CommitmentState, asOf: string): CommitmentStatus {
  switch (state.phase) {
    case 'proposed':
      // Not yet agreed, so not yet owed: a proposal is never overdue.
      return 'proposed';
    case 'declined':
      return 'declined';
    case 'accepted':
      return isPastDue(state.dueDate, asOf) ? 'overdue' : 'active';
    case 'delivery_claimed':
      return 'delivery_claimed';
    case 'disputed':
      return 'disputed';
    case 'confirmed':
      return deliveredOnTime(state) ? 'delivered' : 'delivered_late';
    case 'resolved':
      if (state.resolution?.outcome === 'partially_delivered') return 'partially_delivered';
      if (state.resolution?.outcome === 'not_delivered') return 'missed';
      return deliveredOnTime(state) ? 'delivered' : 'delivered_late';
    case 'withdrawn':
      return 'withdrawn';
    case 'closed_as_missed':
      return 'missed';
  }
}
