import { jsonShapeRefusal, MAX_JSON_DEPTH, MAX_JSON_ENTRIES } from './json-body';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('jsonShapeRefusal', () => {
  it(`accepts bodies nested up to ${MAX_JSON_DEPTH} levels, and refuses one level more`, () => {
    expect(jsonShapeRefusal(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonShapeRefusal(nestedObject(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonShapeRefusal(nested(MAX_JSON_DEPTH + 1))?.code).toBe('json_too_deep');
    expect(jsonShapeRefusal(nestedObject(MAX_JSON_DEPTH + 1))?.code).toBe('json_too_deep');
  });

  it('refuses a body nested 100 000 deep without recursing (JSON.parse alone would build it, and what recurses after overflows)', () => {
    expect(jsonShapeRefusal(nested(100_000))).toEqual({ code: 'json_too_deep', detail: `The body nests deeper than ${MAX_JSON_DEPTH} levels.` });
  });

  it('counts depth only outside strings, and follows escaped quotes', () => {
    const brackets = JSON.stringify({ note: '['.repeat(1000) + '{'.repeat(1000), quoted: 'a \\" [[[ \\\\', after: [[1]] });
    expect(jsonShapeRefusal(brackets)).toBeNull();
    // An escaped quote does not end the string: the brackets after it are still text.
    expect(jsonShapeRefusal(`{"a":"\\"${'['.repeat(50)}"}`)).toBeNull();
    // An escaped backslash does end it: the brackets after the string count.
    expect(jsonShapeRefusal(`{"a":"\\\\",${'['.repeat(50)}`)?.code).toBe('json_too_deep');
  });

  it(`accepts up to ${MAX_JSON_ENTRIES} entries in all, and refuses more, however flat`, () => {
    expect(jsonShapeRefusal(`[${new Array(MAX_JSON_ENTRIES).fill(0).join(',')}]`)).toBeNull();
    expect(jsonShapeRefusal(`[${new Array(MAX_JSON_ENTRIES + 1).fill(0).join(',')}]`)?.code).toBe('json_too_many_entries');
    const members = Array.from({ length: MAX_JSON_ENTRIES + 1 }, (_, i) => `"k${i}":{}`).join(',');
    expect(jsonShapeRefusal(`{${members}}`)?.code).toBe('json_too_many_entries');
  });

  it('leaves the grammar to JSON.parse: malformed text of a harmless shape passes the check', () => {
    expect(jsonShapeRefusal('{"a":')).toBeNull();
    expect(jsonShapeRefusal(']]]]')).toBeNull();
    expect(jsonShapeRefusal('')).toBeNull();
  });
});
