import fc from 'fast-check';
import { CURRENCY_MINOR_UNITS } from './currencies';
import { allocateByWeights } from './allocation';
import { formatAmount, formatMoney, money, parseMoney } from './money';
import { parseRate } from './rate';

const currency = fc.constantFrom(...Object.keys(CURRENCY_MINOR_UNITS));
const minor = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });

describe('money properties', () => {
  it('format then parse gives back the same money', () => {
    fc.assert(
      fc.property(currency, minor, (code, units) => {
        const value = money(code, units);
        expect(parseMoney(formatMoney(value))).toEqual(value);
      }),
    );
  });

  it('any valid decimal string parses to the amount it denotes and formats canonically', () => {
    const input = fc
      .tuple(currency, fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat({ max: 4 }), fc.nat({ max: 9999 }))
      .map(([code, negative, whole, digitsWanted, fractionSeed]) => {
        const digits = Math.min(digitsWanted, CURRENCY_MINOR_UNITS[code]);
        const fraction = digits === 0 ? '' : `.${String(fractionSeed % 10 ** digits).padStart(digits, '0')}`;
        return { code, amount: `${negative ? '-' : ''}${whole}${fraction}` };
      });
    fc.assert(
      fc.property(input, ({ code, amount }) => {
        const parsed = parseMoney({ currency: code, amount });
        const canonical = formatAmount(parsed);
        const digits = CURRENCY_MINOR_UNITS[code];
        expect(canonical.split('.')[1]?.length ?? 0).toBe(digits);
        // Same number: compare as exact scaled integers.
        const [whole, fraction = ''] = amount.replace('-', '').split('.');
        const expected = BigInt(whole + fraction.padEnd(digits, '0')) * (amount.startsWith('-') ? -1n : 1n);
        expect(parsed.minor).toBe(expected);
        expect(parseMoney({ currency: code, amount: canonical })).toEqual(parsed);
      }),
    );
  });

  it('never accepts a JavaScript number as an amount', () => {
    fc.assert(
      fc.property(currency, fc.double(), (code, amount) => {
        expect(() => parseMoney({ currency: code, amount })).toThrow();
      }),
    );
  });

  it('canonical rates parse back to the same fraction', () => {
    const percent = fc.tuple(fc.nat({ max: 99 }), fc.nat({ max: 999_999 })).map(([whole, fraction]) => `${whole}.${fraction}`);
    fc.assert(
      fc.property(percent, (text) => {
        const rate = parseRate(text);
        const again = parseRate(rate.percent);
        expect(again.percent).toBe(rate.percent);
        expect(again.numerator * rate.denominator).toBe(rate.numerator * again.denominator);
      }),
    );
  });
});

describe('largest remainder allocation', () => {
  const weights = fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0n));

  it('parts add up to the total exactly, each within one unit of its exact share', () => {
    fc.assert(
      fc.property(minor, weights, (total, ws) => {
        const parts = allocateByWeights(total, ws);
        const weightSum = ws.reduce((a, b) => a + b, 0n);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
        parts.forEach((part, i) => {
          const error = part * weightSum - total * ws[i];
          expect(error < 0n ? -error : error).toBeLessThan(weightSum);
          // Every part has the sign of the total (or is zero).
          expect(total >= 0n ? part >= 0n : part <= 0n).toBe(true);
        });
      }),
    );
  });

  it('splits a negative total as the mirror of the positive one', () => {
    fc.assert(
      fc.property(minor, weights, (total, ws) => {
        expect(allocateByWeights(-total, ws)).toEqual(allocateByWeights(total, ws).map((p) => -p));
      }),
    );
  });

  it('refuses to allocate among no one or with no weight', () => {
    expect(() => allocateByWeights(10n, [])).toThrow(RangeError);
    expect(() => allocateByWeights(10n, [0n, 0n])).toThrow(RangeError);
    expect(() => allocateByWeights(10n, [-1n, 2n])).toThrow(RangeError);
  });
});
