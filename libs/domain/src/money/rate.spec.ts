import { DomainError } from '../shared/domain-error';
import { parseMoney } from './money';
import { applyRate, isAtLeastRateOf, parseRate } from './rate';

describe('rates', () => {
  it('reads percentages into exact fractions', () => {
    expect(parseRate('2.5')).toEqual({ percent: '2.5', numerator: 25n, denominator: 1000n });
    expect(parseRate('50')).toEqual({ percent: '50', numerator: 50n, denominator: 100n });
    expect(parseRate('100')).toEqual({ percent: '100', numerator: 100n, denominator: 100n });
    expect(parseRate('0')).toEqual({ percent: '0', numerator: 0n, denominator: 100n });
  });

  it('writes the canonical percentage', () => {
    expect(parseRate('2.50').percent).toBe('2.5');
    expect(parseRate('10.000').percent).toBe('10');
    expect(parseRate('0.125').percent).toBe('0.125');
  });

  it.each([2.5, '2,5', '-1', '100.01', '101', '1e1', ' 5', '05', '.5', '', '2.12345678901', null])('refuses %p', (value) => {
    expect(() => parseRate(value, 'sharingRate')).toThrow(DomainError);
    try {
      parseRate(value, 'sharingRate');
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid', code: 'invalid_rate', path: 'sharingRate' });
    }
  });

  it('applies a rate and truncates toward zero', () => {
    const usd = (amount: string) => parseMoney({ currency: 'USD', amount });
    expect(applyRate(usd('1000.01'), parseRate('50'))).toEqual(usd('500.00'));
    expect(applyRate(usd('-1000.01'), parseRate('50'))).toEqual(usd('-500.00'));
    expect(applyRate(usd('100.00'), parseRate('2.5'))).toEqual(usd('2.50'));
    expect(applyRate(usd('0.99'), parseRate('33.333'))).toEqual(usd('0.32'));
  });

  it('compares against a rate of a base without rounding the threshold', () => {
    const usd = (amount: string) => parseMoney({ currency: 'USD', amount });
    // 2.5 % of 1000.01 is 25.00025: 25.00 is below it, 25.01 above.
    expect(isAtLeastRateOf(usd('25.00'), parseRate('2.5'), usd('1000.01'))).toBe(false);
    expect(isAtLeastRateOf(usd('25.01'), parseRate('2.5'), usd('1000.01'))).toBe(true);
    expect(isAtLeastRateOf(usd('20.00'), parseRate('2'), usd('1000.00'))).toBe(true);
  });
});
