import type { Actions } from '@ledger/domain';
import type { InboxItem } from '../queries/inbox.service';

/**
 * What a reminder lists: the organization's inbox (queries/inbox.service.ts, the one place that says
 * what waits on it), with its own commitments and installments told apart as overdue or due soon.
 */
export type ReminderKind =
  | Exclude<Actions.InboxKind, 'commitment_due' | 'installment_due'>
  | 'commitment_overdue'
  | 'commitment_due_soon'
  | 'installment_overdue'
  | 'installment_due_soon';

export interface ReminderItem {
  kind: ReminderKind;
  /** The record: a commitment, a pledge, a declaration, a risk agreement, a resolution. */
  id: string;
  title: string;
  collaborativeId: string;
  dueDate?: string;
  amount?: { currency: string; amount: string };
}

/** An inbox item as a reminder lists it. */
export function reminderItem(item: InboxItem): ReminderItem {
  const kind: ReminderKind =
    item.kind === 'commitment_due'
      ? item.overdue
        ? 'commitment_overdue'
        : 'commitment_due_soon'
      : item.kind === 'installment_due'
        ? item.overdue
          ? 'installment_overdue'
          : 'installment_due_soon'
        : item.kind;
  return {
    kind,
    id: item.id,
    title: item.title,
    collaborativeId: item.collaborativeId,
    ...(item.dueDate !== undefined && { dueDate: item.dueDate }),
    ...(item.amount !== undefined && { amount: item.amount }),
  };
}
