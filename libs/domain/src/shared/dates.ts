/**
 * Calendar dates are `YYYY-MM-DD` strings and instants ISO 8601 strings. Fixed-width dates compare
 * correctly as strings, so no Date arithmetic is needed for "before/after".
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date in `YYYY-MM-DD` form (2025-02-30 is not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** An ISO 8601 instant with a time zone (Z or ±hh:mm), e.g. 2025-03-01T12:00:00Z. */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  return match !== null && isIsoDate(match[1]) && !Number.isNaN(Date.parse(value));
}

/** The UTC calendar date of an instant: the ledger keeps its calendar in UTC. */
export function utcDateOf(instant: string): string {
  if (!isIsoInstant(instant)) throw new RangeError(`not an ISO 8601 instant: ${JSON.stringify(instant)}`);
  return new Date(instant).toISOString().slice(0, 10);
}
