/**
 * Exact decimal strings, the way the ledger writes money ("250000.00"), amounts and rates. Sums are
 * done in integers (bigint) at the largest scale, never in floating point; Number() is used only to
 * size a chart's bars, never for a figure a person reads.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export interface Scaled {
  units: bigint;
  scale: number;
}

export function parseDecimal(value: string): Scaled {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`not a decimal: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function formatScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The exact sum of decimal strings, written with the largest number of fraction digits among them. */
export function sumDecimals(values: readonly string[], minScale = 0): string {
  const parsed = values.map(parseDecimal);
  const scale = Math.max(minScale, ...parsed.map((v) => v.scale));
  return formatScaled({ units: parsed.reduce((total, v) => total + rescale(v, scale), 0n), scale });
}

/** a - b, exactly. */
export function subtractDecimals(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return formatScaled({ units: rescale(x, scale) - rescale(y, scale), scale });
}

/** -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function isZero(value: string): boolean {
  return parseDecimal(value).units === 0n;
}

/** Basis points as an exact percentage string: 4500 → "45.00". */
export function bpsToPercent(bps: number): string {
  return formatScaled({ units: BigInt(bps), scale: 2 });
}

/** For chart geometry only (bar lengths); never shown as a figure. */
export function chartNumber(value: string): number {
  return Number(value);
}

/**
 * Groups the integer digits of a decimal string with commas, keeping every digit and the sign as
 * given: "605000.00" → "605,000.00".
 */
export function groupDigits(value: string): string {
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const [, sign, whole, fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}
