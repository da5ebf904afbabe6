/**
 * Splits an integer total by integer weights with the largest remainder method: everyone gets the
 * floor of their exact share; the units left over go one each to the largest fractional
 * remainders, ties to the earlier entry. The parts always add up to the total exactly.
 */
export function allocateByWeights(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new RangeError('cannot allocate among no one');
  if (weights.some((weight) => weight < 0n)) throw new RangeError('weights must not be negative');
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new RangeError('weights must not all be zero');
  // A negative total is split on its absolute value, then the sign is put back on every part.
  const sign = total < 0n ? -1n : 1n;
  const magnitude = total * sign;
  const parts = weights.map((weight) => (magnitude * weight) / weightSum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (magnitude * weight) % weightSum }));
  let leftover = magnitude - parts.reduce((sum, part) => sum + part, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index] += 1n;
    leftover -= 1n;
  }
  return parts.map((part) => part * sign);
}
