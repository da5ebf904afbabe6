import { randomBytes } from 'node:crypto';
import { estimateKeyBits, MIN_OPERATOR_KEY_BITS } from './key-strength';

describe('estimateKeyBits', () => {
  it('gives a generated key its due: every `openssl rand -base64 32` and `-hex 32` key of a thousand passes', () => {
    for (let i = 0; i < 1000; i++) {
      expect(estimateKeyBits(randomBytes(32).toString('base64'))).toBeGreaterThanOrEqual(MIN_OPERATOR_KEY_BITS);
      expect(estimateKeyBits(randomBytes(32).toString('hex'))).toBeGreaterThanOrEqual(MIN_OPERATOR_KEY_BITS);
    }
  });

  it('counts log2 of the distinct characters used for each character not predictable from the ones before', () => {
    // Eight different characters, none predictable: 8 × 3 bits.
    expect(estimateKeyBits('q7#Kx2!m')).toBeCloseTo(24, 6);
    // The same eight, each doubled: the repeats add nothing.
    expect(estimateKeyBits('qq77##KKxx22!!mm')).toBeCloseTo(24, 6);
  });

  it('counts nothing for a single repeated character', () => {
    expect(estimateKeyBits('a'.repeat(200))).toBe(0);
    expect(estimateKeyBits('')).toBe(0);
  });

  it('counts only the start of a run up or down', () => {
    expect(estimateKeyBits('0123456789')).toBeCloseTo(2 * Math.log2(10), 6);
    expect(estimateKeyBits('zyxwvutsrq')).toBeCloseTo(2 * Math.log2(10), 6);
  });

  it('counts a copy of an earlier stretch of three or more as nothing', () => {
    expect(estimateKeyBits('passwordpasswordpasswordpassword')).toBeCloseTo(estimateKeyBits('password') * 1, 6);
    expect(estimateKeyBits('Tr0ub4dor&3Tr0ub4dor&3')).toBeCloseTo(11 * Math.log2(10), 6);
  });

  it('refuses the kind of keys people make up, however long', () => {
    for (const weak of [
      'test-operator-key-0123456789abcdef',
      'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ',
      'passwordpasswordpasswordpassword',
      'correct-horse-battery-staple',
      'letmein!letmein!letmein!letmein!letmein!',
      '1111111111111111111111111111111111111111',
      'qwertyqwertyqwertyqwertyqwerty',
    ]) {
      expect({ weak, enough: estimateKeyBits(weak) >= MIN_OPERATOR_KEY_BITS }).toEqual({ weak, enough: false });
    }
  });
});
