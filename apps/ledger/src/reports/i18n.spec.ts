import { formatDecimal, formatMoney, formatPercent, LANGUAGES, messagesFor } from './i18n';

describe('report formatting', () => {
  it('writes decimal strings exactly, never through a float', () => {
    expect(formatDecimal('en', '12345678901234567890.12')).toBe('12,345,678,901,234,567,890.12');
    expect(formatDecimal('en', '0.10')).toBe('0.10');
    expect(formatDecimal('fr', '-250000.50').replace(/\s/g, ' ')).toBe('-250 000,50');
    expect(formatMoney('en', { currency: 'JPY', amount: '1000' })).toBe('1,000 JPY');
    expect(formatPercent('fr', '66.67').replace(/\s/g, ' ')).toBe('66,67 %');
    expect(formatPercent('en', null)).toBe('—');
  });

  it('has every status and role in both languages', () => {
    const [en, fr] = LANGUAGES.map(messagesFor);
    expect(Object.keys(fr.status).sort()).toEqual(Object.keys(en.status).sort());
    expect(Object.keys(fr.roles).sort()).toEqual(Object.keys(en.roles).sort());
    expect(Object.keys(fr.reminderKinds).sort()).toEqual(Object.keys(en.reminderKinds).sort());
  });
});
