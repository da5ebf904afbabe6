import { formatCurrency, formatDecimal, formatLocalDate, formatLocalInstant, has, t } from '../i18n';
import { groupDigits } from './decimal';
import type { CommitmentStatus, Money } from './types';

/**
 * Money as given: every digit of the decimal string, grouped the locale's way, with the currency's
 * sign. Intl formats the string exactly (no float); anything it cannot format is shown as written.
 */
export function formatMoney(money: Money | null | undefined): string {
  if (!money || typeof money.amount !== 'string') return '—';
  return formatCurrency(money.currency, money.amount) ?? `${money.currency} ${groupDigits(money.amount)}`;
}

export function formatAmount(currency: string, amount: string | undefined): string {
  return amount === undefined ? '—' : formatMoney({ currency, amount });
}

/** A calendar date (YYYY-MM-DD) for people, in the chosen locale. */
export function formatDate(date: string | null | undefined): string {
  return date ? formatLocalDate(date) : '—';
}

/** An instant, in UTC, in the chosen locale. */
export function formatInstant(iso: string | null | undefined): string {
  return iso ? formatLocalInstant(iso) : '—';
}

/** A decimal figure (a measure, a value) in the locale, every digit kept. */
export function formatFigure(value: string | null | undefined): string {
  return value === null || value === undefined ? '—' : /^-?\d+(\.\d+)?$/.test(value) ? formatDecimal(value) : value;
}

/** A label of the catalogue (`group.value`), or the value in words when it has none. */
function label(group: string, value: string): string {
  return has(`${group}.${value}`) ? t(`${group}.${value}`) : humanizeKey(value);
}

export const statusLabel = (status: string) => label('status', status);
export const pledgeStatusLabel = (status: string) => label('pledgeStatus', status);
export const resolutionStatusLabel = (status: string) => label('resolutionStatus', status);
export const matterLabel = (matter: string) => label('matter', matter);
export const decidedByLabel = (by: string) => label('decidedBy', by);
export const roleLabel = (role: string) => label('role', role);
export const sectorLabel = (sector: string) => label('sector', sector);
/** A declaration's or an agreement's status ("in_effect"...). */
export const recordStatusLabel = (status: string) => label('recordStatus', status);
export const riskModelLabel = (model: string) => label('riskModel', model);

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

export function phaseLabel(phase: number): string {
  return has(`phase.${phase}`) ? t('phase.named', { phase, name: t(`phase.${phase}`) }) : t('phase.plain', { phase });
}

/** "CommitmentDeliveryClaimed" → its name in the catalogue, or "Commitment delivery claimed". */
export function eventLabel(type: string): string {
  return has(`event.${type}`) ? t(`event.${type}`) : humanizeType(type);
}

/** A command's name for people ("AcceptCommitment" → "Accept"). */
export function commandLabel(command: string): string {
  return has(`command.${command}.label`) ? t(`command.${command}.label`) : humanizeType(command);
}

/** A field of an event's data, for people. */
export function fieldLabel(key: string): string {
  return has(`field.${key}`) ? t(`field.${key}`) : has(`form.${key}`) ? t(`form.${key}`) : humanizeKey(key);
}

/** A value of an event's field that names a choice (an outcome, a vote, a role...), for people. */
export function fieldValueLabel(key: string, value: string): string | null {
  const group = { outcome: 'outcome', choice: 'choice', role: 'role', matter: 'matter', model: 'riskModel', polarity: 'polarity', sector: 'sector', status: 'status' }[key];
  return group && has(`${group}.${value}`) ? t(`${group}.${value}`) : null;
}

/** "CommitmentDeliveryClaimed" → "Commitment delivery claimed". */
export function humanizeType(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function humanizeKey(key: string): string {
  return humanizeType(key.replace(/_/g, ' '));
}

export function percent(value: string | null | undefined): string {
  return value === null || value === undefined ? '—' : `${formatDecimal(value)} %`;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
