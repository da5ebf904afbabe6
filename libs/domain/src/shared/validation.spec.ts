import { DomainError } from './domain-error';
import {
  compact,
  optionalEvidence,
  requireDate,
  requireDecimal,
  requireOrganizationOrCollaborative,
  requirePastOrToday,
  requireRecordId,
  requireSha256,
  requireText,
} from './validation';

function refusal(run: () => unknown): Pick<DomainError, 'kind' | 'code' | 'path'> {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, code: error.code, path: error.path };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('command value checks', () => {
  it('accepts record ids that are lowercase slugs or UUIDs', () => {
    expect(requireRecordId('upper-valley-health', 'id')).toBe('upper-valley-health');
    expect(requireRecordId('0b7c2f1e-9f0a-4c55-8a57-3c1f3f0d6a11', 'id')).toBe('0b7c2f1e-9f0a-4c55-8a57-3c1f3f0d6a11');
    for (const bad of ['a', '-abc', 'Upper', 'has space', 'x'.repeat(64), 42]) {
      expect(refusal(() => requireRecordId(bad, 'id'))).toEqual({ kind: 'invalid', code: 'invalid_id', path: 'id' });
    }
  });

  it('refuses blank and overlong text', () => {
    expect(refusal(() => requireText('   ', 'title'))).toMatchObject({ code: 'required', path: 'title' });
    expect(refusal(() => requireText(undefined, 'title'))).toMatchObject({ code: 'required' });
    expect(refusal(() => requireText('x'.repeat(201), 'title'))).toMatchObject({ code: 'text_too_long' });
  });

  it('refuses text that is blank once invisible characters are taken out', () => {
    for (const blank of ['', '\u200b', '\u200b\u200c\u200d\u2060\ufeff', ' \u00a0\u3000\t\n', '\u00ad', '\u202e\u2066', '\u3164', '\u2800', '\ufe0f', '\u0000\u0007']) {
      expect({ blank, refusal: refusal(() => requireText(blank, 'title')) }).toEqual({ blank, refusal: { kind: 'invalid', code: 'required', path: 'title' } });
    }
    // A visible character among invisible ones is text.
    expect(requireText('\u200bA\u200b', 'title')).toBe('\u200bA\u200b');
    expect(requireText('\u05d0', 'title')).toBe('\u05d0');
    expect(requireText('👩🏽‍⚕️', 'title')).toBe('👩🏽‍⚕️');
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate)', () => {
    for (const broken of ['\ud800', 'a\udc00b', 'title \ud83d', '\ude00 tail', '\udc00\ud800']) {
      expect(refusal(() => requireText(broken, 'title'))).toEqual({ kind: 'invalid', code: 'invalid_unicode', path: 'title' });
    }
    // A whole surrogate pair is one character.
    expect(requireText('smile \ud83d\ude00', 'title')).toBe('smile 😀');
  });

  it('takes dates of the years 1900 to 2999 only', () => {
    expect(requireDate('1900-01-01', 'dueDate')).toBe('1900-01-01');
    expect(requireDate('2999-12-31', 'dueDate')).toBe('2999-12-31');
    for (const absurd of ['0000-01-01', '0001-01-01', '1899-12-31', '3000-01-01', '9999-12-31']) {
      expect({ absurd, refusal: refusal(() => requireDate(absurd, 'dueDate')) }).toEqual({ absurd, refusal: { kind: 'invalid', code: 'date_out_of_range', path: 'dueDate' } });
    }
    for (const malformed of ['2025-02-30', '2025-13-01', '20255-01-01', '2025-1-1', 20250101, undefined]) {
      expect(refusal(() => requireDate(malformed, 'dueDate'))).toMatchObject({ code: 'invalid_date' });
    }
  });

  it('takes decimals only as strings', () => {
    expect(requireDecimal('-12.50', 'value')).toBe('-12.50');
    for (const bad of [12.5, '1e3', '01', '.5', '5.', ' 5', '+5', 'NaN']) {
      expect(refusal(() => requireDecimal(bad, 'value'))).toMatchObject({ code: 'invalid_decimal' });
    }
  });

  it('stores digests in lowercase', () => {
    expect(requireSha256('AB'.repeat(32), 'termsSha256')).toBe('ab'.repeat(32));
    expect(refusal(() => requireSha256('ab'.repeat(31), 'termsSha256'))).toMatchObject({ code: 'invalid_sha256' });
  });

  it('refuses dates after today', () => {
    expect(requirePastOrToday('2025-03-01', '2025-03-01', 'paidOn')).toBe('2025-03-01');
    expect(refusal(() => requirePastOrToday('2025-03-02', '2025-03-01', 'paidOn'))).toMatchObject({ code: 'date_in_future', path: 'paidOn' });
  });

  it('reads evidence as an absolute URI and a digest', () => {
    expect(optionalEvidence({ uri: 'https://docs.example/report.pdf', sha256: 'a'.repeat(64) }, 'evidence')).toEqual({
      uri: 'https://docs.example/report.pdf',
      sha256: 'a'.repeat(64),
    });
    expect(optionalEvidence(undefined, 'evidence')).toBeUndefined();
    expect(refusal(() => optionalEvidence({ uri: 'report.pdf', sha256: 'a'.repeat(64) }, 'evidence'))).toMatchObject({ code: 'invalid_uri', path: 'evidence.uri' });
  });

  it('takes exactly one of organizationId and collaborativeId', () => {
    expect(requireOrganizationOrCollaborative({ organizationId: 'food-bank' }, 'promisee')).toEqual({ organizationId: 'food-bank' });
    expect(requireOrganizationOrCollaborative({ collaborativeId: 'upper-valley' }, 'promisee')).toEqual({ collaborativeId: 'upper-valley' });
    expect(refusal(() => requireOrganizationOrCollaborative({ organizationId: 'a1', collaborativeId: 'b1' }, 'promisee'))).toMatchObject({ code: 'invalid_counterparty' });
    expect(refusal(() => requireOrganizationOrCollaborative({}, 'promisee'))).toMatchObject({ code: 'invalid_counterparty' });
  });

  it('drops undefined fields', () => {
    expect(compact({ a: 1, b: undefined, c: null })).toStrictEqual({ a: 1, c: null });
  });
});
