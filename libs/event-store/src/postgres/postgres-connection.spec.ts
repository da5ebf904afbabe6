import {
  appendChannel,
  assertSchemaName,
  describeConnectionError,
  isDataError,
  redactConnectionString,
} from './postgres-connection';

describe('postgres connection helpers', () => {
  it('drops the password from a connection string, wherever it is', () => {
    expect(redactConnectionString('postgres://ledger:s3cret@db.example:5432/ledger')).toBe(
      'postgres://ledger@db.example:5432/ledger',
    );
    expect(redactConnectionString('postgresql://ledger@db:5432/ledger?sslmode=require&password=s3cret')).toBe(
      'postgresql://ledger@db:5432/ledger?sslmode=require',
    );
    expect(redactConnectionString('postgres://ledger:s3cret@%2Fvar%2Frun/ledger')).not.toContain('s3cret');
  });

  it('describes connection errors, including the AggregateError Node reports for refused connections', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeConnectionError(refused)).toBe('connect ECONNREFUSED 127.0.0.1:1');
    const both = new AggregateError(
      [refused, Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' })],
      '',
    );
    expect(describeConnectionError(both)).toBe('connect ECONNREFUSED 127.0.0.1:1; connect ECONNREFUSED ::1:1');
    expect(describeConnectionError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
  });

  it('accepts only plain lowercase schema names', () => {
    expect(() => assertSchemaName('ledger')).not.toThrow();
    expect(() => assertSchemaName('ledger_test_01')).not.toThrow();
    for (const bad of ['Ledger', '1ledger', 'led-ger', 'a"b', '', 'x'.repeat(64)]) {
      expect(() => assertSchemaName(bad)).toThrow(/not valid/);
    }
  });

  it('names a notification channel per schema, within the 63-byte identifier limit', () => {
    expect(appendChannel('ledger')).toBe('ledger_appended:ledger');
    const long = appendChannel('s'.repeat(63));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).not.toBe(appendChannel(`${'s'.repeat(62)}t`));
  });

  it('tells data errors from connection failures', () => {
    expect(isDataError({ code: '22021' })).toBe(true);
    expect(isDataError({ code: '23505' })).toBe(true);
    expect(isDataError({ code: '08006' })).toBe(false);
    expect(isDataError({ code: 'ECONNRESET' })).toBe(false);
    expect(isDataError(new Error('x'))).toBe(false);
  });
});
