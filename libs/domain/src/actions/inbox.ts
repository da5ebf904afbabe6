/**
 * What waits on an organization (LEDGER.md, "Acting in the web app"): the steps others wait for it
 * to take — commitments to accept, deliveries to confirm, revisions to accept, disputes to resolve,
 * pledges to acknowledge, receipts to confirm, declarations and agreements to sign, results to
 * record, resolutions to vote on or close — each exactly where the domain permits the organization
 * that step (its permitted commands, from the dry run of probe.ts); and its own commitments and
 * installments due within INBOX_HORIZON_DAYS days or overdue.
 */
import type { CommitmentState } from '../commitment/state';
import { isPastDue } from '../commitment/status';
import { utcDateOf } from '../shared/dates';
import { formatMoney, type ExternalMoney } from '../money/money';
import type { PartnershipState } from '../partnership/state';
import { overdueInstallments } from '../pledge/figures';
import type { PledgeState } from '../pledge/state';
import type { RecordName } from '../records';
import type { ResolutionState } from '../resolution/state';
import type { RiskAgreementState } from '../risk-agreement/state';
import { daysAfter, type PermittedCommand, type ProbeTarget } from './probe';

/** Its own commitments and installments come into the inbox this many days before they are due. */
export const INBOX_HORIZON_DAYS = 14;

/** Each kind of item: the record it is about, and the commands that take the step (the first clears it). */
export const INBOX_KINDS = {
  commitment_to_accept: { record: 'commitment', commands: ['AcceptCommitment', 'DeclineCommitment'] },
  revision_to_accept: { record: 'commitment', commands: ['AcceptCommitmentRevision'] },
  delivery_to_confirm: { record: 'commitment', commands: ['ConfirmCommitmentDelivery', 'DisputeCommitmentDelivery'] },
  dispute_to_resolve: { record: 'commitment', commands: ['ResolveCommitmentDispute'] },
  commitment_due: { record: 'commitment', commands: ['ClaimCommitmentDelivery', 'ReportCommitmentProgress', 'ProposeCommitmentRevision'] },
  pledge_to_acknowledge: { record: 'pledge', commands: ['AcknowledgePledge'] },
  receipt_to_confirm: { record: 'pledge', commands: ['ConfirmDisbursementReceipt'] },
  installment_due: { record: 'pledge', commands: ['RecordDisbursement'] },
  declaration_to_sign: { record: 'partnership', commands: ['SignDeclaration'] },
  risk_agreement_to_sign: { record: 'risk-agreement', commands: ['SignRiskAgreement'] },
  risk_result_to_record: { record: 'risk-agreement', commands: ['RecordPeriodResult'] },
  resolution_to_vote: { record: 'resolution', commands: ['CastVote', 'RecuseFromResolution'] },
  resolution_to_close: { record: 'resolution', commands: ['CloseResolution'] },
} as const satisfies Record<string, { record: RecordName; commands: readonly string[] }>;

export type InboxKind = keyof typeof INBOX_KINDS;
export const INBOX_KIND_NAMES = Object.keys(INBOX_KINDS) as InboxKind[];

export interface InboxEntry {
  readonly kind: InboxKind;
  readonly record: RecordName;
  readonly id: string;
  readonly collaborativeId: string;
  /** The record's title (a pledge's purpose). */
  readonly title: string;
  /** The sub-record the step is about: the revision, the disbursement. */
  readonly target?: ProbeTarget;
  /** When it is due: the commitment's due date in force, the installment's, the resolution's close of voting (its date). */
  readonly dueDate?: string;
  /** Past its due date. */
  readonly overdue?: boolean;
  /** An installment's part not yet disbursed. */
  readonly amount?: ExternalMoney;
  /** The commands of the kind the organization may send now, from the dry run. */
  readonly commands: readonly PermittedCommand[];
}

/**
 * The items a record holds for the organization at `now`, given what the domain permits it there
 * (`permitted`: the dry run of the record's probes for it).
 */
export function inboxEntries(record: RecordName, state: unknown, organizationId: string, permitted: readonly PermittedCommand[], now: string): InboxEntry[] {
  const today = utcDateOf(now);
  const horizon = daysAfter(today, INBOX_HORIZON_DAYS);
  const entries: InboxEntry[] = [];
  const ofKind = (kind: InboxKind, target?: ProbeTarget) =>
    permitted.filter((p) => (INBOX_KINDS[kind].commands as readonly string[]).includes(p.command) && (target === undefined || p.target?.id === target.id));
  /** An item for each permission of the kind's first command (one per target). */
  const waiting = (kind: InboxKind, base: Omit<InboxEntry, 'kind' | 'commands' | 'target'>) => {
    for (const first of permitted.filter((p) => p.command === INBOX_KINDS[kind].commands[0])) {
      entries.push({ kind, ...base, ...(first.target && { target: first.target }), commands: ofKind(kind, first.target) });
    }
  };
  switch (record) {
    case 'commitment': {
      const s = state as CommitmentState;
      const base = { record, id: s.id, collaborativeId: s.collaborativeId, title: s.title, dueDate: s.dueDate };
      waiting('commitment_to_accept', base);
      waiting('revision_to_accept', base);
      waiting('delivery_to_confirm', base);
      waiting('dispute_to_resolve', base);
      if (s.promisor === organizationId && s.phase === 'accepted' && s.dueDate <= horizon) {
        entries.push({ kind: 'commitment_due', ...base, overdue: isPastDue(s.dueDate, now), commands: ofKind('commitment_due') });
      }
      break;
    }
    case 'pledge': {
      const s = state as PledgeState;
      const base = { record, id: s.id, collaborativeId: s.collaborativeId, title: s.purpose };
      waiting('pledge_to_acknowledge', base);
      waiting('receipt_to_confirm', base);
      if (s.funder === organizationId) {
        // Installments due on or before the horizon and not covered by what was disbursed.
        for (const installment of overdueInstallments(s, daysAfter(horizon, 1))) {
          entries.push({
            kind: 'installment_due',
            ...base,
            dueDate: installment.dueDate,
            overdue: installment.dueDate < today,
            amount: formatMoney(installment.unpaid),
            commands: ofKind('installment_due'),
          });
        }
      }
      break;
    }
    case 'partnership': {
      const s = state as PartnershipState;
      waiting('declaration_to_sign', { record, id: s.id, collaborativeId: s.collaborativeId, title: s.title });
      break;
    }
    case 'risk-agreement': {
      const s = state as RiskAgreementState;
      const base = { record, id: s.id, collaborativeId: s.collaborativeId, title: s.title };
      waiting('risk_agreement_to_sign', base);
      waiting('risk_result_to_record', { ...base, dueDate: s.period.end });
      break;
    }
    case 'resolution': {
      const s = state as ResolutionState;
      const base = { record, id: s.id, collaborativeId: s.collaborativeId, title: s.title, dueDate: s.votingClosesAt.slice(0, 10) };
      // A vote waits until the organization has cast one (it may change it, but nothing waits on it then).
      if (!s.votes.has(organizationId)) waiting('resolution_to_vote', base);
      waiting('resolution_to_close', base);
      break;
    }
    default:
      break;
  }
  return entries;
}
