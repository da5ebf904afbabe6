import { DomainError } from '../shared/domain-error';
import { hundredthsOf, parsePercent, shareMeets } from './percent';

describe('charter percentages', () => {
  it.each([
    ['50', '50'],
    [50, '50'],
    ['66.67', '66.67'],
    [66.67, '66.67'],
    ['50.50', '50.5'],
    ['50.0', '50'],
    ['0', '0'],
    ['100', '100'],
    [100.0, '100'],
    ['0.01', '0.01'],
  ])('reads %p as %p', (value, canonical) => {
    expect(parsePercent(value, 'p')).toBe(canonical);
  });

  it.each([['100.01'], [101], ['-1'], [-0.5], ['50.125'], [66.666], [0.1 + 0.2], ['1e2'], [' 50'], ['05'], ['.5'], ['50.'], [Infinity], [NaN], [null], [true], [{}], ['']])(
    'refuses %p',
    (value) => {
      expect(() => parsePercent(value, 'rules[0].quorumPct')).toThrow(DomainError);
      try {
        parsePercent(value, 'rules[0].quorumPct');
      } catch (error) {
        expect(error).toMatchObject({ kind: 'invalid', code: 'invalid_percentage', path: 'rules[0].quorumPct' });
      }
    },
  );

  it('refuses 0 where it must be above 0', () => {
    expect(() => parsePercent('0', 't', { aboveZero: true })).toThrow(DomainError);
    expect(() => parsePercent('0.00', 't', { aboveZero: true })).toThrow(DomainError);
    expect(parsePercent('0.01', 't', { aboveZero: true })).toBe('0.01');
  });

  it('counts in hundredths of a percent', () => {
    expect(['0', '0.01', '0.5', '50', '66.67', '100'].map(hundredthsOf)).toEqual([0, 1, 50, 5000, 6667, 10000]);
  });

  it('compares the share rounded half-up to two decimals', () => {
    expect(shareMeets(2, 3, 6667)).toBe(true); // 66.666… → 66.67
    expect(shareMeets(2, 3, 6668)).toBe(false);
    expect(shareMeets(1, 3, 3333)).toBe(true); // 33.333… → 33.33
    expect(shareMeets(1, 3, 3334)).toBe(false);
    expect(shareMeets(1, 8, 1250)).toBe(true); // 12.5 exactly
    expect(shareMeets(1, 20_000, 1)).toBe(true); // 0.005 % rounds half-up to 0.01 %
    expect(shareMeets(1, 20_001, 1)).toBe(false); // 0.0049997… % rounds to 0.00 %
    expect(shareMeets(0, 5, 0)).toBe(true);
    expect(shareMeets(0, 0, 0)).toBe(false); // nothing to share
    expect(shareMeets(3, 3, 10000)).toBe(true);
  });
});
