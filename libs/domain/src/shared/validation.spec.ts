import { DomainError } from './domain-error';
import {
  compact,
  optionalEvidence,
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
