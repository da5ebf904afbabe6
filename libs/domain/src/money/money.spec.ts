import { DomainError } from '../shared/domain-error';
import { CURRENCY_MINOR_UNITS, isCurrencyCode, minorUnitsOf } from './currencies';
import {
  addMoney,
  canonicalMoney,
  compareMoney,
  formatAmount,
  formatMoney,
  money,
  negateMoney,
  parseMoney,
  parsePositiveMoney,
  requireAmount,
  requireCurrency,
  requirePositiveAmount,
  subtractMoney,
  sumMoney,
} from './money';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.code}`;
    throw error;
  }
  return 'accepted';
}

describe('currencies', () => {
  it('knows the minor units of common and unusual currencies', () => {
    expect([minorUnitsOf('USD'), minorUnitsOf('JPY'), minorUnitsOf('BHD'), minorUnitsOf('KWD'), minorUnitsOf('CLF')]).toEqual([2, 0, 3, 3, 4]);
    for (const code of ['USD', 'CAD', 'EUR', 'GBP', 'JPY', 'CHF', 'AUD', 'NZD', 'MXN', 'BHD', 'KWD']) expect(isCurrencyCode(code)).toBe(true);
    expect(Object.keys(CURRENCY_MINOR_UNITS).every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
  });

  it('does not take inherited object keys for currencies', () => {
    expect(isCurrencyCode('toString')).toBe(false);
    expect(isCurrencyCode('usd')).toBe(false);
  });
});

describe('parseMoney', () => {
  it('reads the external form into minor units', () => {
    expect(parseMoney({ currency: 'USD', amount: '250000.00' })).toEqual({ currency: 'USD', minor: 25_000_000n });
    expect(parseMoney({ currency: 'USD', amount: '12.5' })).toEqual({ currency: 'USD', minor: 1250n });
    expect(parseMoney({ currency: 'USD', amount: '7' })).toEqual({ currency: 'USD', minor: 700n });
    expect(parseMoney({ currency: 'JPY', amount: '1500' })).toEqual({ currency: 'JPY', minor: 1500n });
    expect(parseMoney({ currency: 'KWD', amount: '-1.234' })).toEqual({ currency: 'KWD', minor: -1234n });
    expect(parseMoney({ currency: 'USD', amount: '0.01' })).toEqual({ currency: 'USD', minor: 1n });
  });

  it('is exact far beyond float precision', () => {
    expect(parseMoney({ currency: 'USD', amount: '90071992547409931.07' }).minor).toBe(9007199254740993107n);
  });

  it.each([
    [{ currency: 'USD', amount: 250000 }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: 0.1 }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '1e5' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '1E5' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: ' 10.00' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '10.00 ' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '1 000.00' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '1,000.00' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '+10' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '010' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '.5' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '5.' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: 'Infinity' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '1'.repeat(41) }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD' }, 'invalid:invalid_money_amount'],
    [{ currency: 'USD', amount: '10.001' }, 'invalid:too_many_fraction_digits'],
    [{ currency: 'JPY', amount: '1500.0' }, 'invalid:too_many_fraction_digits'],
    [{ currency: 'usd', amount: '10.00' }, 'invalid:unknown_currency'],
    [{ currency: 'XYZ', amount: '10.00' }, 'invalid:unknown_currency'],
    [{ currency: ' USD', amount: '10.00' }, 'invalid:unknown_currency'],
    [{ amount: '10.00' }, 'invalid:unknown_currency'],
    ['10.00 USD', 'invalid:invalid_money'],
    [null, 'invalid:invalid_money'],
    [[], 'invalid:invalid_money'],
  ])('refuses %p', (input, code) => {
    expect(codeOf(() => parseMoney(input))).toBe(code);
  });

  it('names the field at fault', () => {
    try {
      parseMoney({ currency: 'USD', amount: 5 }, 'schedule[2].amount');
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as DomainError).path).toBe('schedule[2].amount.amount');
    }
  });

  it('requires a positive amount where one is needed', () => {
    expect(codeOf(() => parsePositiveMoney({ currency: 'USD', amount: '0.00' }))).toBe('invalid:amount_not_positive');
    expect(codeOf(() => parsePositiveMoney({ currency: 'USD', amount: '-1.00' }))).toBe('invalid:amount_not_positive');
  });

  it('reads back what it writes: the canonical form of the largest amounts, and differences of them', () => {
    for (const input of [
      { currency: 'USD', amount: '9'.repeat(40) },
      { currency: 'CLF', amount: `-${'9'.repeat(40)}` },
      { currency: 'BHD', amount: `${'1'.repeat(40)}.999` },
    ]) {
      const stored = canonicalMoney(input);
      expect(stored.amount.length).toBeGreaterThan(40);
      expect(parseMoney(stored)).toEqual(parseMoney(input));
    }
    // savings = benchmark − actual cost: negative, and as long as the cost, when the cost is the larger.
    const savings = subtractMoney(parseMoney({ currency: 'USD', amount: '0.01' }), parseMoney({ currency: 'USD', amount: '9'.repeat(40) }));
    expect(parseMoney(formatMoney(savings))).toEqual(savings);
    expect(codeOf(() => parseMoney({ currency: 'USD', amount: '1'.repeat(41) }))).toBe('invalid:invalid_money_amount');
  });

  it('checks the currency and the amount one field at a time, as parseMoney does, naming each field', () => {
    expect(requireCurrency('CLF', 'amount.currency')).toBe('CLF');
    expect(requireAmount('1.0001', 'CLF', 'amount.amount')).toBe(10001n);
    expect(requireAmount('-1', 'JPY', 'amount.amount')).toBe(-1n);
    expect(requirePositiveAmount('0.01', 'USD', 'amount.amount')).toBe(1n);
    expect(requireAmount('1'.repeat(40), 'JPY', 'amount.amount')).toBe(BigInt('1'.repeat(40)));
    for (const [run, code, path] of [
      [() => requireCurrency('usd', 'amount.currency'), 'unknown_currency', 'amount.currency'],
      [() => requireAmount('1.00001', 'CLF', 'amount.amount'), 'too_many_fraction_digits', 'amount.amount'],
      [() => requireAmount('007', 'USD', 'amount.amount'), 'invalid_money_amount', 'amount.amount'],
      [() => requirePositiveAmount('0', 'JPY', 'amount.amount'), 'amount_not_positive', 'amount.amount'],
    ] as const) {
      try {
        run();
        throw new Error('expected a refusal');
      } catch (error) {
        expect({ code: (error as DomainError).code, path: (error as DomainError).path }).toEqual({ code, path });
      }
    }
  });
});

describe('formatting', () => {
  it('writes exactly the currency digits', () => {
    expect(formatMoney(money('USD', 25_000_000n))).toEqual({ currency: 'USD', amount: '250000.00' });
    expect(formatAmount(money('JPY', 1500n))).toBe('1500');
    expect(formatAmount(money('BHD', 5n))).toBe('0.005');
    expect(formatAmount(money('USD', -5n))).toBe('-0.05');
    expect(formatAmount(money('USD', 0n))).toBe('0.00');
    expect(formatAmount(money('CLF', 12345n))).toBe('1.2345');
  });

  it('canonicalizes inputs for storage', () => {
    expect(canonicalMoney({ currency: 'USD', amount: '12.5' })).toEqual({ currency: 'USD', amount: '12.50' });
    expect(canonicalMoney({ currency: 'USD', amount: '-0' })).toEqual({ currency: 'USD', amount: '0.00' });
  });
});

describe('arithmetic', () => {
  const usd = (amount: string) => parseMoney({ currency: 'USD', amount });

  it('adds, subtracts, negates and compares exactly', () => {
    expect(addMoney(usd('0.10'), usd('0.20'))).toEqual(usd('0.30'));
    expect(subtractMoney(usd('10.00'), usd('10.01'))).toEqual(usd('-0.01'));
    expect(negateMoney(usd('5.00'))).toEqual(usd('-5.00'));
    expect([compareMoney(usd('1.00'), usd('2.00')), compareMoney(usd('2.00'), usd('2.00')), compareMoney(usd('3.00'), usd('2.00'))]).toEqual([-1, 0, 1]);
    expect(sumMoney('USD', [usd('1.01'), usd('2.02'), usd('3.03')])).toEqual(usd('6.06'));
    expect(sumMoney('USD', [])).toEqual(usd('0'));
  });

  it('refuses to mix currencies', () => {
    const eur = parseMoney({ currency: 'EUR', amount: '1.00' });
    expect(codeOf(() => addMoney(usd('1.00'), eur))).toBe('rule:currency_mismatch');
    expect(codeOf(() => subtractMoney(usd('1.00'), eur))).toBe('rule:currency_mismatch');
    expect(codeOf(() => compareMoney(usd('1.00'), eur))).toBe('rule:currency_mismatch');
  });

  it('refuses to build money in an unknown currency', () => {
    expect(() => money('ZZZ', 1n)).toThrow(RangeError);
  });
});
