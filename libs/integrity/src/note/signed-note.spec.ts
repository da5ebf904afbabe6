import { generateKeyPairSync } from 'node:crypto';
import { publicKeyRaw } from '../checkpoint/signing-key';
import {
  EM_DASH,
  formatSignatureLine,
  formatSignedNote,
  formatVerifierKey,
  isValidKeyName,
  NoteError,
  noteKeyId,
  parseSignatureLine,
  parseSignedNote,
  parseVerifierKey,
  SIGNATURE_TYPE,
} from './signed-note';

const line = (name: string, bytes = 68) => formatSignatureLine(name, '01020304', Buffer.alloc(bytes - 4, 7));

describe('signed notes (c2sp.org/signed-note)', () => {
  it('splits the text from the signatures at the LAST blank line, so the text may hold blank lines', () => {
    const note = `first\n\nthird\n\n${line('a.example/x')}\n${line('b.example/y', 76)}\n`;
    const parsed = parseSignedNote(note);
    expect(parsed.text).toBe('first\n\nthird\n');
    expect(parsed.signatures.map((s) => [s.name, s.keyId, s.signature.length])).toEqual([
      ['a.example/x', '01020304', 64],
      ['b.example/y', '01020304', 72],
    ]);
    expect(parsed.signatures[0].line).toBe(line('a.example/x'));
  });

  it('reads the same note given as UTF-8 bytes, and refuses bytes that are not UTF-8', () => {
    const note = `text\n\n${line('k')}\n`;
    expect(parseSignedNote(Buffer.from(note, 'utf8')).text).toBe('text\n');
    const bad = Buffer.concat([Buffer.from('te'), Buffer.from([0xff]), Buffer.from(`xt\n\n${line('k')}\n`)]);
    expect(() => parseSignedNote(bad)).toThrow(/UTF-8/);
  });

  it.each([
    ['no final newline', `text\n\n${line('k')}`, /ends with a newline/],
    ['no blank line', `text\n${line('k')}\n`, /no blank line/],
    ['no signature', 'text\n\n', /at least one signature/],
    ['CRLF', `text\r\n\r\n${line('k')}\r\n`, /control characters/],
    ['a tab', `te\txt\n\n${line('k')}\n`, /control characters/],
    ['a hyphen instead of the em dash', `text\n\n- k AQIDBAU=\n`, /starts with/],
    ['a name with "+"', `text\n\n${EM_DASH} a+b AQIDBAU=\n`, /invalid key name/],
    ['loose base64', `text\n\n${EM_DASH} k AQIDBAU\n`, /not base64/],
    ['a key ID and no signature', `text\n\n${EM_DASH} k AQIDBA==\n`, /not base64 of a key ID and a signature/],
    ['a blank line after the signatures', `text\n\n${line('k')}\n\n`, /at least one signature|starts with/],
  ])('refuses a note with %s', (_what, note, message) => {
    expect(() => parseSignedNote(note)).toThrow(NoteError);
    expect(() => parseSignedNote(note)).toThrow(message);
  });

  it('accepts up to the signature limit (at least 16 as the spec requires) and refuses more', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => line(`w${i}`));
    expect(parseSignedNote(`t\n\n${lines(16).join('\n')}\n`).signatures).toHaveLength(16);
    expect(() => parseSignedNote(`t\n\n${lines(101).join('\n')}\n`)).toThrow(/at most 100/);
    expect(() => parseSignedNote(`t\n\n${lines(17).join('\n')}\n`, { maxSignatures: 16 })).toThrow(/at most 16/);
  });

  it('formats a note: text, blank line, one line per signature, repeated lines once', () => {
    const a = line('a');
    const b = line('b');
    expect(formatSignedNote('x\ny\n', [a, b, a])).toBe(`x\ny\n\n${a}\n${b}\n`);
    expect(parseSignedNote(formatSignedNote('x\n', [a])).signatures[0].line).toBe(a);
    expect(() => formatSignedNote('x', [a])).toThrow(/newline/);
    expect(() => formatSignedNote('x\n', [])).toThrow(/at least one/);
  });

  it('names keys as the spec allows: non-empty, no Unicode spaces, no "+"', () => {
    expect(isValidKeyName('riverside-chc.example/ledger-witness')).toBe(true);
    expect(isValidKeyName('oid/1.3.6.1.4.1.44363.47.1')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2003b', 'a\u0085b', 'a\nb']) expect(isValidKeyName(bad)).toBe(false);
  });

  it('derives key IDs as SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4] and writes vkeys the other way round', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKeyRaw(publicKey);
    const vkey = formatVerifierKey('w.example', SIGNATURE_TYPE.cosignatureV1, raw);
    const parsed = parseVerifierKey(vkey);
    expect(parsed).toMatchObject({ name: 'w.example', type: 0x04, keyId: noteKeyId('w.example', 0x04, raw), vkey });
    expect(parsed.key.equals(raw)).toBe(true);
    // The same key under type 0x01 has another ID: the type byte separates the uses.
    expect(noteKeyId('w.example', 0x01, raw)).not.toBe(parsed.keyId);
  });

  it('cuts a vkey at its first two "+" only (base64 may hold "+") and refuses a wrong key ID', () => {
    const vkey = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6';
    expect(parseVerifierKey(vkey)).toMatchObject({ name: 'TEST', keyId: '7997405c', type: 0x01 });
    expect(() => parseVerifierKey('TEST+00000000+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6')).toThrow(/not the one of its key/);
    expect(() => parseVerifierKey('TEST+7997405c')).toThrow(/<name>\+<key id>/);
    expect(() => parseVerifierKey('TEST+7997405c+AQcC')).toThrow(/32 bytes/);
    expect(() => parseVerifierKey('TEST+zz97405c+AQcC')).toThrow(/8 hex digits/);
  });

  it('parses a single signature line with or without its newline', () => {
    const l = line('k');
    expect(parseSignatureLine(`${l}\n`)).toEqual(parseSignatureLine(l));
    expect(() => parseSignatureLine(`${EM_DASH} k`)).toThrow(/<key name> <base64>/);
  });
});
