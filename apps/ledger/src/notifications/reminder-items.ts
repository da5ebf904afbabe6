import type { CommitmentStatus } from '@ledger/domain';
import type { CommitmentFilter, CommitmentListItem, Moment, Page, PageRequest, PledgeListItem } from '@ledger/projections';
import type { QueryService } from '../queries/query.service';

/** What a reminder lists: commitments and installments due within this many days count as due soon. */
export const DUE_SOON_DAYS = 14;

export type ReminderKind = 'commitment_overdue' | 'commitment_due_soon' | 'commitment_to_accept' | 'delivery_to_confirm' | 'installment_overdue' | 'installment_due_soon';

export interface ReminderItem {
  kind: ReminderKind;
  /** The record: commitment or pledge. */
  id: string;
  title: string;
  collaborativeId: string;
  dueDate?: string;
  amount?: { currency: string; amount: string };
}

const PAGE = 500;

async function all<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: PAGE, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * What waits on an organization now, read from the same queries as the JSON API (statuses and
 * overdue installments computed by the domain for the moment): its own commitments overdue or due
 * within DUE_SOON_DAYS days; commitments made to it to accept or decline, and deliveries to it to
 * confirm or dispute; its pledges' installments overdue, or falling due within DUE_SOON_DAYS days
 * (the installments the domain finds overdue at that later moment, and not now). Once an item is
 * done (delivered, accepted, paid) it is no longer listed.
 */
export async function reminderItems(service: QueryService, organizationId: string): Promise<ReminderItem[]> {
  const queries = service.queries;
  const commitments = (m: Moment, filter: CommitmentFilter, statuses: CommitmentStatus[]) =>
    all<CommitmentListItem>((page) => queries.listCommitments({ ...filter, statuses }, page, m));
  const now = await service.answer(undefined, async (m) => {
    const soon = addDays(m.date, DUE_SOON_DAYS + 1);
    const [overdue, active, toAccept, toConfirm, pledges] = await Promise.all([
      commitments(m, { promisor: organizationId }, ['overdue']),
      commitments(m, { promisor: organizationId, dueBefore: soon }, ['active']),
      commitments(m, { promisee: organizationId }, ['proposed']),
      commitments(m, { promisee: organizationId }, ['delivery_claimed']),
      all<PledgeListItem>((page) => queries.listPledges({ funder: organizationId, statuses: ['open', 'partially_disbursed'] }, page, m)),
    ]);
    return { m, overdue, active, toAccept, toConfirm, pledges };
  });
  // The same pledges two weeks on: the installments overdue then and not now fall due within two weeks.
  const later = new Date(now.m.ms + DUE_SOON_DAYS * 86_400_000).toISOString();
  const pledgesLater = await service.answer(later, (m) => all<PledgeListItem>((page) => queries.listPledges({ funder: organizationId, statuses: ['open', 'partially_disbursed'] }, page, m)));
  const item = (kind: ReminderKind, c: CommitmentListItem): ReminderItem => ({ kind, id: c.id, title: c.title, collaborativeId: c.collaborativeId, dueDate: c.dueDate });
  const items: ReminderItem[] = [
    ...now.overdue.map((c) => item('commitment_overdue', c)),
    ...now.active.map((c) => item('commitment_due_soon', c)),
    ...now.toAccept.map((c) => item('commitment_to_accept', c)),
    ...now.toConfirm.map((c) => item('delivery_to_confirm', c)),
  ];
  const overdueNow = new Set<string>();
  for (const p of now.pledges) {
    for (const i of p.overdueInstallments) {
      overdueNow.add(`${p.id} ${i.dueDate}`);
      items.push({ kind: 'installment_overdue', id: p.id, title: p.purpose, collaborativeId: p.collaborativeId, dueDate: i.dueDate, amount: i.unpaid });
    }
  }
  for (const p of pledgesLater) {
    for (const i of p.overdueInstallments) {
      if (overdueNow.has(`${p.id} ${i.dueDate}`)) continue;
      items.push({ kind: 'installment_due_soon', id: p.id, title: p.purpose, collaborativeId: p.collaborativeId, dueDate: i.dueDate, amount: i.unpaid });
    }
  }
  return items;
}
