/** Shared shape of benchmark results: one row per figure, written to bench/results/. */
export interface BenchRow {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** The aim, as text (e.g. ">= 10000"), when there is one. */
  aim?: string;
  /** Whether the aim was met, when there is one. */
  met?: boolean;
}

export function row(suite: string, name: string, value: number, unit: string, aim?: { atLeast?: number; atMost?: number }): BenchRow {
  const result: BenchRow = { suite, name, value: Math.round(value * 100) / 100, unit };
  if (aim?.atLeast !== undefined) Object.assign(result, { aim: `>= ${aim.atLeast}`, met: value >= aim.atLeast });
  if (aim?.atMost !== undefined) Object.assign(result, { aim: `<= ${aim.atMost}`, met: value <= aim.atMost });
  return result;
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** The value at percentile p (0–100) of an ascending list: the nearest rank at or below it. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs fn and returns elapsed seconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
