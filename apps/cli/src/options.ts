import { InvalidArgumentError } from 'commander';
import { isIsoDate, isIsoInstant } from '@ledger/domain';

/**
 * A whole number option (a position, a tree size, a count of threads), at least `min`. Anything
 * else — "abc", "-1", "1.5", "1e3" — is refused before the command runs: commander names the option,
 * and `ledger` exits with 2 (a usage error).
 */
export function wholeNumber(min = 0): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${value}".`);
    }
    return n;
  };
}

/** The exit code of a usage error (a bad option or argument), as is usual for command-line tools. */
export const USAGE_EXIT_CODE = 2;

/**
 * A moment given as a calendar date (YYYY-MM-DD, UTC) or as an ISO 8601 instant with a time zone. A
 * date stands for the end of that day (`end`: 23:59:59.999Z, as the dashboard's "Ledger as of"
 * reads a day) or its start (`start`: 00:00:00Z). Anything else is a usage error naming the value.
 */
export function dateOrInstant(edge: 'start' | 'end'): (value: string) => string {
  return (value: string) => {
    if (isIsoDate(value)) return `${value}T${edge === 'end' ? '23:59:59.999' : '00:00:00.000'}Z`;
    if (isIsoInstant(value)) return value;
    throw new InvalidArgumentError(`must be a date (YYYY-MM-DD, UTC) or an ISO 8601 instant with a time zone (2026-06-30T23:59:59Z), got "${value}".`);
  };
}

/** One of a fixed set of words (a language, a format). */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${choices.join(', ')}, got "${value}".`);
    return value as T;
  };
}
