import { DomainError } from './domain-error';
import {
  compact,
  optionalEvidence,
  optionalKeyId,
  optionalRecordId,
  requireApiKeyId,
  requireDate,
  requireDecimal,
  requireInstant,
  requireKeyId,
  requireOrganizationOrCollaborative,
  requirePastOrToday,
  requirePublicKey,
  requireRecordId,
  requireSha256,
  requireSubRecordId,
  requireText,
  requireUri,
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

  it('takes an absent optional record id, and checks a given one', () => {
    expect(optionalRecordId(undefined, 'goalId')).toBeUndefined();
    expect(optionalRecordId(null, 'goalId')).toBeUndefined();
    expect(optionalRecordId('reduce-ed-visits', 'goalId')).toBe('reduce-ed-visits');
    expect(refusal(() => optionalRecordId('Reduce', 'goalId'))).toEqual({ kind: 'invalid', code: 'invalid_id', path: 'goalId' });
  });

  it('takes ids of parts of a record (signing keys, revisions, disbursements) of letters, digits and . _ -, up to 64', () => {
    for (const id of ['k', 'uvh-2026', 'UVH.2026_a', '0190c6a4-6f8e-7cc1-9d2a-1f4b7d0e9a11', 'x'.repeat(64)]) expect(requireSubRecordId(id, 'subId')).toBe(id);
    for (const bad of ['', '.k', '-k', 'a b', 'x'.repeat(65), 7]) {
      expect(refusal(() => requireSubRecordId(bad, 'subId'))).toEqual({ kind: 'invalid', code: 'invalid_id', path: 'subId' });
    }
  });

  it('takes a signing key id as text of that form, and none when absent', () => {
    expect(requireKeyId('uvh.2026', 'keyId')).toBe('uvh.2026');
    expect(requireKeyId('x'.repeat(64), 'keyId')).toBe('x'.repeat(64));
    expect(optionalKeyId(undefined, 'keyId')).toBeUndefined();
    expect(refusal(() => requireKeyId('x'.repeat(65), 'keyId'))).toEqual({ kind: 'invalid', code: 'text_too_long', path: 'keyId' });
    expect(refusal(() => requireKeyId(' ', 'keyId'))).toEqual({ kind: 'invalid', code: 'required', path: 'keyId' });
    expect(refusal(() => requireKeyId('.hidden', 'keyId'))).toEqual({ kind: 'invalid', code: 'invalid_key_id', path: 'keyId' });
  });

  it('takes API key ids of 16 lowercase hex digits and canonical Ed25519 public keys', () => {
    expect(requireApiKeyId('0123456789abcdef', 'keyId')).toBe('0123456789abcdef');
    for (const bad of ['0123456789ABCDEF', '0123456789abcde', 'g123456789abcdef', 16]) {
      expect(refusal(() => requireApiKeyId(bad, 'keyId'))).toMatchObject({ code: 'invalid_key_id', path: 'keyId' });
    }
    expect(requirePublicKey(`${'A'.repeat(43)}=`, 'publicKey')).toBe(`${'A'.repeat(43)}=`);
    // The 43rd character carries two bits that must be zero; 44 characters without '=' are not base64 of 32 bytes.
    for (const bad of [`${'A'.repeat(42)}B=`, 'A'.repeat(44), `${'A'.repeat(42)}=`, '']) {
      expect(refusal(() => requirePublicKey(bad, 'publicKey'))).toMatchObject({ code: 'invalid_public_key', path: 'publicKey' });
    }
  });

  it('takes absolute URIs of any scheme, up to 2000 characters', () => {
    for (const uri of ['https://example.org/q3.pdf', 'urn:isbn:0451450523', `https://example.org/${'x'.repeat(1980)}`]) expect(requireUri(uri, 'uri')).toBe(uri);
    expect(refusal(() => requireUri('q3.pdf', 'uri'))).toEqual({ kind: 'invalid', code: 'invalid_uri', path: 'uri' });
    expect(refusal(() => requireUri(`https://example.org/${'x'.repeat(1981)}`, 'uri'))).toMatchObject({ code: 'text_too_long' });
  });

  it('takes instants with a time zone', () => {
    expect(requireInstant('2025-06-30T23:59:59Z', 'asOf')).toBe('2025-06-30T23:59:59Z');
    expect(requireInstant('2025-06-30T23:59+02:00', 'asOf')).toBe('2025-06-30T23:59+02:00');
    for (const bad of ['2025-06-30', '2025-02-30T00:00:00Z', '2025-06-30T24:00:00Z', '2025-06-30T12:00:00', 'yesterday']) {
      expect(refusal(() => requireInstant(bad, 'asOf'))).toEqual({ kind: 'invalid', code: 'invalid_instant', path: 'asOf' });
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

  it('keeps the name of the file the digest was taken of, as short text', () => {
    expect(optionalEvidence({ uri: 'https://docs.example/report.pdf', sha256: 'A'.repeat(64), name: 'report.pdf' }, 'evidence')).toEqual({
      uri: 'https://docs.example/report.pdf',
      sha256: 'a'.repeat(64),
      name: 'report.pdf',
    });
    expect(refusal(() => optionalEvidence({ uri: 'https://docs.example/r.pdf', sha256: 'a'.repeat(64), name: 'x'.repeat(201) }, 'evidence'))).toMatchObject({ code: 'text_too_long', path: 'evidence.name' });
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
