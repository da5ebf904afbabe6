/**
 * Percentages of a charter (quorum, threshold): 0 to 100 with at most two fraction digits, kept as
 * canonical decimal strings ("66.67", "50") and compared in exact integer arithmetic, in hundredths
 * of a percent (66.67 % = 6667), never as floats.
 */
import { InvalidCommandError } from '../shared/domain-error';

const PERCENT = /^(0|[1-9]\d{0,2})(?:\.(\d{1,2}))?$/;

/** 100 % in hundredths of a percent. */
export const WHOLE = 10_000;

/**
 * A percentage written as a decimal string or a JSON number ("66.67" or 66.67), at most two
 * fraction digits, from 0 (or above 0 when `aboveZero`) to 100. Returns its canonical text
 * ("50.50" → "50.5", 50 → "50").
 */
export function parsePercent(value: unknown, path: string, { aboveZero = false } = {}): string {
  // A JSON number is read by its shortest decimal text, so 66.67 is "66.67"; 1e-7 or 0.1 + 0.2 are refused.
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const match = typeof text === 'string' ? PERCENT.exec(text) : null;
  const hundredths = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : NaN;
  if (!match || hundredths > WHOLE || (aboveZero && hundredths === 0)) {
    throw new InvalidCommandError(
      'invalid_percentage',
      `${path} must be a percentage ${aboveZero ? 'above 0' : 'from 0'} up to 100 with at most two decimals, such as "66.67", got ${JSON.stringify(value) ?? String(value)}`,
      path,
    );
  }
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction ? `${match[1]}.${fraction}` : match[1];
}

/** A canonical percentage (from parsePercent) in hundredths of a percent: "66.67" → 6667. */
export function hundredthsOf(percent: string): number {
  const [whole, fraction = ''] = percent.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * Whether part / whole, as a percentage rounded half-up to two decimals, is at least the required
 * percentage (in hundredths). Rounding to the precision a charter is written in is what makes
 * "66.67" accept two thirds (66.666… rounds to 66.67). Exactly: round(10000·p/w) ≥ h
 * ⇔ 10000·p/w ≥ h − ½ ⇔ 20000·p ≥ (2h − 1)·w, in bigints. A whole of zero never meets it.
 */
export function shareMeets(part: number, whole: number, requiredHundredths: number): boolean {
  if (whole <= 0) return false;
  return 2n * BigInt(WHOLE) * BigInt(part) >= (2n * BigInt(requiredHundredths) - 1n) * BigInt(whole);
}
