import { formatMoney, parseMoney } from '../money/money';
import { parseRate } from '../money/rate';
import { computeSettlement, splitByShares, type RiskShare, type SettlementTerms } from './settlement';

const usd = (amount: string) => parseMoney({ currency: 'USD', amount });
const three: RiskShare[] = [
  { organizationId: 'a', shareBps: 3334 },
  { organizationId: 'b', shareBps: 3333 },
  { organizationId: 'c', shareBps: 3333 },
];
const upside = (overrides: Partial<SettlementTerms> = {}): SettlementTerms => ({
  model: 'upside_only',
  benchmark: usd('1000000.00'),
  minimumSavingsRate: parseRate('2'),
  sharingRate: parseRate('50'),
  parties: three,
  ...overrides,
});
const twoSided = (overrides: Partial<SettlementTerms> = {}): SettlementTerms =>
  upside({ model: 'two_sided', minimumLossRate: parseRate('2'), lossSharingRate: parseRate('40'), ...overrides });

/** The settlement in the external form, to compare with the worked examples. */
const settle = (terms: SettlementTerms, actual: string) => {
  const s = computeSettlement(terms, usd(actual));
  return {
    savings: formatMoney(s.savings).amount,
    pool: formatMoney(s.pool).amount,
    parts: s.parts.map((p) => `${p.organizationId} ${formatMoney(p.amount).amount}`),
  };
};

describe('computeSettlement: worked examples', () => {
  it('shares savings above the minimum rate; a pool that does not divide evenly goes by largest remainder', () => {
    // Benchmark 10,000,000.00; actual 9,799,999.98 → savings 200,000.02 (just over 2 %).
    // Pool = 50 % = 100,000.01 = 10,000,001 cents. Exact shares: 3,334,000.3334 / 3,333,000.3333 / 3,333,000.3333.
    // Floors add to 10,000,000; the one cent left goes to the largest remainder (.3334 → a).
    expect(settle(upside({ benchmark: usd('10000000.00') }), '9799999.98')).toEqual({
      savings: '200000.02',
      pool: '100000.01',
      parts: ['a 33340.01', 'b 33330.00', 'c 33330.00'],
    });
  });

  it('breaks ties between equal remainders by party order', () => {
    // 2 cents over 3333/3333/3334: remainders .6666/.6666/.6668 → c first, then a (before b).
    const parts = splitByShares(usd('0.02'), [
      { organizationId: 'a', shareBps: 3333 },
      { organizationId: 'b', shareBps: 3333 },
      { organizationId: 'c', shareBps: 3334 },
    ]);
    expect(parts.map((p) => formatMoney(p.amount).amount)).toEqual(['0.01', '0.00', '0.01']);
  });

  it('shares nothing below the minimum savings rate, and shares at exactly the rate', () => {
    // Savings 15,000.00 is 1.5 % of the benchmark, below the 2 % minimum.
    expect(settle(upside(), '985000.00')).toEqual({ savings: '15000.00', pool: '0.00', parts: ['a 0.00', 'b 0.00', 'c 0.00'] });
    // Savings 19,999.99 is a cent short of 2 %.
    expect(settle(upside(), '980000.01').pool).toBe('0.00');
    // Savings of exactly 2 % (20,000.00) qualify: 50 % → 10,000.00.
    expect(settle(upside(), '980000.00')).toEqual({ savings: '20000.00', pool: '10000.00', parts: ['a 3334.00', 'b 3333.00', 'c 3333.00'] });
  });

  it('caps the pool at the savings cap × benchmark', () => {
    // Savings 300,000 × 50 % = 150,000, capped at 10 % of 1,000,000 = 100,000.
    expect(settle(upside({ savingsCap: parseRate('10') }), '700000.00')).toEqual({
      savings: '300000.00',
      pool: '100000.00',
      parts: ['a 33340.00', 'b 33330.00', 'c 33330.00'],
    });
    // Below the cap it does not bite.
    expect(settle(upside({ savingsCap: parseRate('10') }), '900000.00').pool).toBe('50000.00');
  });

  it('truncates products toward zero', () => {
    // Savings 100,000.01 × 50 % = 50,000.005 → 50,000.00.
    expect(settle(upside(), '899999.99').pool).toBe('50000.00');
    // Savings 33,333.33 × 33.333 % = 11,110.99889 → 11,110.99.
    expect(settle(upside({ sharingRate: parseRate('33.333') }), '966666.67').pool).toBe('11110.99');
  });

  it('two-sided: parties owe a share of losses beyond the minimum loss rate, capped', () => {
    const terms = twoSided({
      lossCap: parseRate('3'),
      parties: [
        { organizationId: 'hospital', shareBps: 5000 },
        { organizationId: 'clinic', shareBps: 3000 },
        { organizationId: 'payer', shareBps: 2000 },
      ],
    });
    // Loss 100,000 (10 %) ≥ 2 %: owe 40 % = 40,000, capped at 3 % of 1,000,000 = 30,000.
    expect(settle(terms, '1100000.00')).toEqual({
      savings: '-100000.00',
      pool: '-30000.00',
      parts: ['hospital -15000.00', 'clinic -9000.00', 'payer -6000.00'],
    });
    // Loss 50,000 × 40 % = 20,000 is under the cap.
    expect(settle(terms, '1050000.00').pool).toBe('-20000.00');
  });

  it('two-sided: a negative pool that does not divide evenly is split on its absolute value', () => {
    // Loss 25,000.03 × 40 % = 10,000.012 → owe 10,000.01 (truncated toward zero).
    expect(settle(twoSided(), '1025000.03')).toEqual({
      savings: '-25000.03',
      pool: '-10000.01',
      parts: ['a -3334.01', 'b -3333.00', 'c -3333.00'],
    });
  });

  it('two-sided: losses under the minimum loss rate are not shared', () => {
    expect(settle(twoSided(), '1019999.99').pool).toBe('0.00');
    expect(settle(twoSided(), '1020000.00').pool).toBe('-8000.00');
  });

  it('two-sided agreements share savings like upside-only ones', () => {
    expect(settle(twoSided(), '900000.00').pool).toBe('50000.00');
  });

  it('upside-only: losses are never owed', () => {
    expect(settle(upside(), '1500000.00')).toEqual({ savings: '-500000.00', pool: '0.00', parts: ['a 0.00', 'b 0.00', 'c 0.00'] });
  });

  it('works in currencies without minor units', () => {
    const yen = (amount: string) => parseMoney({ currency: 'JPY', amount });
    const s = computeSettlement(upside({ benchmark: yen('1000000') }), yen('899999'));
    // Savings 100,001 × 50 % = 50,000.5 → 50,000 yen; split 3334/3333/3333 → 16,670 / 16,665 / 16,665.
    expect([formatMoney(s.pool).amount, ...s.parts.map((p) => formatMoney(p.amount).amount)]).toEqual(['50000', '16670', '16665', '16665']);
  });
});
