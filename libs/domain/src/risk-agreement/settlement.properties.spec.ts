import fc from 'fast-check';
import { money } from '../money/money';
import { parseRate } from '../money/rate';
import { computeSettlement, type RiskShare, type SettlementTerms } from './settlement';

/** Shares in basis points that add up to exactly 10 000. */
const shares = fc
  .array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 })
  .map((weights): RiskShare[] => {
    const total = weights.reduce((a, b) => a + b, 0);
    const bps = weights.map((w) => Math.max(1, Math.floor((w * 10_000) / total)));
    const excess = bps.reduce((a, b) => a + b, 0) - 10_000;
    bps[bps.indexOf(Math.max(...bps))] -= excess;
    return bps.map((shareBps, i) => ({ organizationId: `org-${i}`, shareBps }));
  })
  .filter((parties) => parties.every((p) => p.shareBps >= 1));
const percent = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 999 })).map(([whole, frac]) => (whole === 100 ? '100' : `${whole}.${frac}`));
const optionalPercent = fc.option(percent, { nil: undefined });

const terms = fc.record({
  model: fc.constantFrom('upside_only' as const, 'two_sided' as const),
  benchmark: fc.bigInt({ min: 1n, max: 10n ** 15n }),
  minimumSavingsRate: percent,
  minimumLossRate: percent,
  sharingRate: percent,
  lossSharingRate: percent,
  savingsCap: optionalPercent,
  lossCap: optionalPercent,
  parties: shares,
});

function toTerms(t: {
  model: 'upside_only' | 'two_sided';
  benchmark: bigint;
  minimumSavingsRate: string;
  minimumLossRate: string;
  sharingRate: string;
  lossSharingRate: string;
  savingsCap?: string;
  lossCap?: string;
  parties: RiskShare[];
}): SettlementTerms {
  return {
    model: t.model,
    benchmark: money('USD', t.benchmark),
    minimumSavingsRate: parseRate(t.minimumSavingsRate),
    sharingRate: parseRate(t.sharingRate),
    ...(t.savingsCap !== undefined && { savingsCap: parseRate(t.savingsCap) }),
    ...(t.model === 'two_sided' && {
      minimumLossRate: parseRate(t.minimumLossRate),
      lossSharingRate: parseRate(t.lossSharingRate),
      ...(t.lossCap !== undefined && { lossCap: parseRate(t.lossCap) }),
    }),
    parties: t.parties,
  };
}

describe('computeSettlement properties', () => {
  const actual = fc.bigInt({ min: 0n, max: 3n * 10n ** 15n });

  it('the parts always add up to the pool exactly', () => {
    fc.assert(
      fc.property(terms, actual, (t, cost) => {
        const s = computeSettlement(toTerms(t), money('USD', cost));
        expect(s.parts.reduce((sum, p) => sum + p.amount.minor, 0n)).toBe(s.pool.minor);
        expect(s.parts.map((p) => p.organizationId)).toEqual(t.parties.map((p) => p.organizationId));
      }),
      { numRuns: 500 },
    );
  });

  it('the pool never exceeds the shared savings or losses, nor the caps, and has the right sign', () => {
    fc.assert(
      fc.property(terms, actual, (t, cost) => {
        const settlementTerms = toTerms(t);
        const s = computeSettlement(settlementTerms, money('USD', cost));
        const savings = t.benchmark - cost;
        expect(s.savings.minor).toBe(savings);
        if (savings >= 0n) {
          expect(s.pool.minor >= 0n && s.pool.minor <= savings).toBe(true);
          if (settlementTerms.savingsCap) {
            expect(s.pool.minor * settlementTerms.savingsCap.denominator <= t.benchmark * settlementTerms.savingsCap.numerator).toBe(true);
          }
        } else {
          expect(s.pool.minor <= 0n && -s.pool.minor <= -savings).toBe(true);
          if (t.model === 'upside_only') expect(s.pool.minor).toBe(0n);
          if (settlementTerms.lossCap) {
            expect(-s.pool.minor * settlementTerms.lossCap.denominator <= t.benchmark * settlementTerms.lossCap.numerator).toBe(true);
          }
        }
        // Every party's part has the pool's sign and is within one minor unit of its exact share.
        for (const [i, part] of s.parts.entries()) {
          const exactTimes10k = s.pool.minor * BigInt(t.parties[i].shareBps);
          const error = part.amount.minor * 10_000n - exactTimes10k;
          expect((error < 0n ? -error : error) < 10_000n).toBe(true);
          expect(s.pool.minor >= 0n ? part.amount.minor >= 0n : part.amount.minor <= 0n).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
