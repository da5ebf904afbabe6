import { decodeCursor, encodeCursor, InvalidCursorError } from './cursor';
import { toSqliteParams, toSqliteSql } from './read-db';

describe('cursors', () => {
  it('round-trip the moment and the sort key, and refuse anything else', () => {
    const text = encodeCursor({ at: 1_750_000_000_000, key: ['2025-06-30', 'abc'] });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, 2)).toEqual({ at: 1_750_000_000_000, key: ['2025-06-30', 'abc'] });
    expect(() => decodeCursor(text, 1)).toThrow(InvalidCursorError);
    for (const bad of ['', 'not a cursor', Buffer.from('{"t":"x","k":[]}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      expect(() => decodeCursor(bad, 2)).toThrow(InvalidCursorError);
    }
  });
});

describe('one SQL text for both databases', () => {
  it('turns $n placeholders into named SQLite parameters', () => {
    expect(toSqliteSql('SELECT * FROM t WHERE a = $1 AND (b > $2 OR b = $1) LIMIT $10')).toBe(
      'SELECT * FROM t WHERE a = @p1 AND (b > @p2 OR b = @p1) LIMIT @p10',
    );
    expect(toSqliteParams(['x', 2])).toEqual({ p1: 'x', p2: 2 });
  });
});
