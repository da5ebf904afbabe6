import { InvalidArgumentError } from 'commander';

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
