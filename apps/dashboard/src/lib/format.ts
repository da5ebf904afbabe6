import { groupDigits } from './decimal';
import type { CommitmentStatus, Money } from './types';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Money as given: every digit of the decimal string, grouped, with the currency's sign. Intl
 * formats the string exactly (no float); anything it cannot format is shown as written.
 */
export function formatMoney(money: Money | null | undefined): string {
  if (!money || typeof money.amount !== 'string') return '—';
  const fraction = money.amount.split('.')[1]?.length ?? 0;
  const id = `${money.currency}:${fraction}`;
  try {
    let formatter = formatters.get(id);
    if (!formatter) {
      formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency, minimumFractionDigits: fraction, maximumFractionDigits: fraction });
      formatters.set(id, formatter);
    }
    const text = formatter.format(money.amount as Intl.StringNumericLiteral);
    // Only trust Intl when it kept every digit.
    const digits = (s: string) => s.replace(/\D/g, '').replace(/^0+/, '');
    if (digits(text) === digits(money.amount)) return text;
  } catch {
    // an unknown currency code: fall through
  }
  return `${money.currency} ${groupDigits(money.amount)}`;
}

export function formatAmount(currency: string, amount: string | undefined): string {
  return amount === undefined ? '—' : formatMoney({ currency, amount });
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** A calendar date (YYYY-MM-DD) for people: "24 Sep 2026". */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? date : dateFormat.format(ms);
}

/** An instant: "27 Apr 2026, 09:01 UTC". */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTimeFormat.format(ms);
}

export const STATUS_LABELS: Record<CommitmentStatus, string> = {
  proposed: 'Proposed',
  declined: 'Declined',
  active: 'Active',
  overdue: 'Overdue',
  delivery_claimed: 'Delivery claimed',
  disputed: 'Disputed',
  delivered: 'Delivered on time',
  delivered_late: 'Delivered late',
  partially_delivered: 'Partially delivered',
  missed: 'Missed',
  withdrawn: 'Withdrawn',
};

/** Chart and badge colours: each status its own hue, dark enough for 3:1 against white. */
export const STATUS_COLOURS: Record<CommitmentStatus, string> = {
  overdue: '#c62828',
  disputed: '#ad1457',
  delivery_claimed: '#6a1b9a',
  active: '#1565c0',
  proposed: '#5c6f82',
  delivered: '#2e7d32',
  delivered_late: '#8d6e00',
  partially_delivered: '#b45309',
  missed: '#4e342e',
  withdrawn: '#616161',
  declined: '#37474f',
};

export const PLEDGE_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  partially_disbursed: 'Partly disbursed',
  fulfilled: 'Fulfilled',
  cancelled: 'Cancelled',
};

export const RESOLUTION_STATUS_LABELS: Record<string, string> = {
  voting: 'Voting open',
  awaiting_closure: 'Awaiting closure',
  adopted: 'Adopted',
  rejected: 'Rejected',
  lapsed: 'Lapsed',
  withdrawn: 'Withdrawn',
};

/** What each matter decides, in a steward's words. */
export const MATTER_LABELS: Record<string, string> = {
  admit_member: 'Admit a member',
  remove_member: 'Remove a member',
  change_role: 'Change a member’s role',
  adopt_goal: 'Adopt a shared goal',
  revise_goal: 'Revise a shared goal',
  change_phase: 'Change the pathway phase',
  terminate_declaration: 'Terminate a declaration',
  adjudicate_dispute: 'Adjudicate a dispute',
  close_commitment_as_missed: 'Close a commitment as missed',
  record_risk_result: 'Record a risk agreement’s result',
  amend_charter: 'Amend the charter',
  general: 'General decision',
};

export const DECIDED_BY_LABELS: Record<string, string> = {
  steward: 'Any one steward',
  stewards: 'A vote of the stewards',
  members: 'A vote of stewards and members',
};

/** The pathway's phases the background names (phase 4 is known by its number). */
export const PHASE_NAMES: Record<number, string> = { 1: 'Campaign', 2: 'Engage', 3: 'Align', 5: 'Integrate' };

export function phaseLabel(phase: number): string {
  return PHASE_NAMES[phase] ? `Phase ${phase} — ${PHASE_NAMES[phase]}` : `Phase ${phase}`;
}

export const ROLE_LABELS: Record<string, string> = { steward: 'Steward', member: 'Member', auditor: 'Auditor', observer: 'Observer' };

/** "CommitmentDeliveryClaimed" → "Commitment delivery claimed". */
export function humanizeType(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function humanizeKey(key: string): string {
  return humanizeType(key.replace(/_/g, ' '));
}

export function percent(value: string | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value} %`;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
