/**
 * Rates are percentages written as decimal strings ("2.5" means 2.5 %). They become exact
 * fractions of bigints, so "2.5" is 25/1000; products with money are computed exactly and only
 * the final result is rounded (toward zero) to minor units.
 */
import { InvalidCommandError } from '../shared/domain-error';
import type { Money } from './money';

export interface Rate {
  /** Canonical percentage text: no trailing fraction zeros ("2.50" → "2.5", "10.0" → "10"). */
  readonly percent: string;
  /** The rate as a fraction of one: numerator / denominator (2.5 % = 25 / 1000). */
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** A percentage from 0 to 100 as a decimal string: up to 3 whole digits without leading zeros, up to 10 fraction digits. */
export const RATE_PERCENT = /^(0|[1-9]\d{0,2})(?:\.(\d{1,10}))?$/;

/** Parses a percentage from 0 to 100 inclusive. */
export function parseRate(value: unknown, path = 'rate'): Rate {
  const match = typeof value === 'string' ? RATE_PERCENT.exec(value) : null;
  if (!match) {
    throw new InvalidCommandError('invalid_rate', `${path} must be a percentage written as a decimal string, such as "2.5", got ${typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`}`, path);
  }
  const [, whole, rawFraction = ''] = match;
  const fraction = rawFraction.replace(/0+$/, '');
  const numerator = BigInt(whole + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  if (numerator > denominator) {
    throw new InvalidCommandError('invalid_rate', `${path} must be between 0 and 100 (percent), got ${JSON.stringify(value)}`, path);
  }
  return { percent: fraction ? `${whole}.${fraction}` : whole, numerator, denominator };
}

export function optionalRate(value: unknown, path: string): Rate | undefined {
  return value === undefined || value === null ? undefined : parseRate(value, path);
}

/** rate × amount in minor units, truncated toward zero (bigint division does exactly that). */
export function applyRate(amount: Money, rate: Rate): Money {
  return { currency: amount.currency, minor: (amount.minor * rate.numerator) / rate.denominator };
}

/** Whether value ≥ rate × base, compared exactly (no rounding of the threshold). */
export function isAtLeastRateOf(value: Money, rate: Rate, base: Money): boolean {
  return value.minor * rate.denominator >= base.minor * rate.numerator;
}
