import { isIsoDate, isIsoInstant, utcDateOf } from './dates';

describe('calendar dates', () => {
  it.each(['2025-03-01', '2024-02-29', '2000-02-29', '1999-12-31'])('accepts %s', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  it.each(['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-3-1', ' 2025-03-01', '2025-03-01T00:00:00Z', 20250301])(
    'refuses %p',
    (date) => {
      expect(isIsoDate(date)).toBe(false);
    },
  );
});

describe('instants', () => {
  it.each(['2025-03-01T12:00:00Z', '2025-03-01T12:00:00.123Z', '2025-03-01T12:00Z', '2025-03-01T07:00:00-05:00'])('accepts %s', (instant) => {
    expect(isIsoInstant(instant)).toBe(true);
  });

  it.each(['2025-03-01', '2025-03-01T12:00:00', '2025-02-30T12:00:00Z', '2025-03-01T24:00:00Z', 'yesterday'])('refuses %s', (instant) => {
    expect(isIsoInstant(instant)).toBe(false);
  });

  it('takes the UTC date of an instant, whatever its offset', () => {
    expect(utcDateOf('2025-06-30T23:59:59.999Z')).toBe('2025-06-30');
    expect(utcDateOf('2025-06-30T20:00:00-05:00')).toBe('2025-07-01');
    expect(utcDateOf('2025-07-01T01:00:00+02:00')).toBe('2025-06-30');
  });

  it('refuses to guess the date of something that is not an instant', () => {
    expect(() => utcDateOf('2025-06-30')).toThrow(RangeError);
  });
});
