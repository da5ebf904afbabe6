import { createHash } from 'node:crypto';

/**
 * C2SP signed notes (c2sp.org/signed-note): a text ending in a newline, a blank line, then one or
 * more signature lines "— <key name> base64(key ID ‖ signature)\n". The text is separated from the
 * signatures by the LAST blank line of the note, so the text itself may hold blank lines.
 *
 * This module knows the envelope only (what is text, what is a signature line, key names, key IDs,
 * verifier keys); what a signature means is up to its type (checkpoint/ for the ledger's own
 * signature, cosignature.ts for witnesses').
 */
export class NoteError extends Error {}

export const EM_DASH = '\u2014';

/** Signature type bytes of signed-note that the ledger uses. */
export const SIGNATURE_TYPE = {
  /** Plain Ed25519 over the note text (the ledger's own checkpoint signature). */
  ed25519: 0x01,
  /** Timestamped Ed25519 checkpoint cosignatures, c2sp.org/tlog-cosignature (witnesses). */
  cosignatureV1: 0x04,
} as const;

/** signed-note: verifiers MUST accept at least 16 signatures; transparency-dev stops at 100. */
export const MAX_NOTE_SIGNATURES = 100;

export interface NoteSignature {
  /** The key name. */
  name: string;
  /** 8 lowercase hex digits: the uint32 key ID, big-endian (the first 4 bytes of the blob). */
  keyId: string;
  /** The signature bytes after the key ID (for a cosignature: timestamp ‖ Ed25519 signature). */
  signature: Buffer;
  /** The line as written, without its newline. */
  line: string;
}

export interface SignedNote {
  /** The signed text, including its final newline (the bytes a signature covers). */
  text: string;
  signatures: NoteSignature[];
}

// Unicode spaces as Go's unicode.IsSpace has them (the reference implementations are in Go).
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\p{Z}]/u;
/** signed-note: a note holds no ASCII control characters (below U+0020) other than newline. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

/** A key name: non-empty, no Unicode spaces, no "+" (signed-note). */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && !UNICODE_SPACE.test(name) && !name.includes('+') && !hasControlCharacter(name);
}

export function assertKeyName(name: unknown, what = 'key name'): asserts name is string {
  if (!isValidKeyName(name)) throw new NoteError(`${what} must be non-empty, without spaces, "+" or control characters: ${JSON.stringify(name)}`);
}

/** Standard base64 (RFC 4648 §4, padded), strictly: Buffer.from alone accepts much else. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4], as 8 hex digits. */
export function noteKeyId(name: string, signatureType: number, publicKey: Uint8Array): string {
  assertKeyName(name);
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, signatureType]))
    .update(publicKey)
    .digest()
    .subarray(0, 4)
    .toString('hex');
}

/** One signature line, without its newline: "— <name> base64(keyId ‖ signature)". */
export function formatSignatureLine(name: string, keyId: string, signature: Uint8Array): string {
  assertKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw new NoteError(`a key ID is 8 lowercase hex digits, not ${JSON.stringify(keyId)}`);
  return `${EM_DASH} ${name} ${Buffer.concat([Buffer.from(keyId, 'hex'), signature]).toString('base64')}`;
}

/** Reads one signature line (with or without its newline). Checks the form only. */
export function parseSignatureLine(line: string): NoteSignature {
  const bare = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!bare.startsWith(`${EM_DASH} `)) throw new NoteError(`a signature line starts with "${EM_DASH} ": ${JSON.stringify(truncate(bare))}`);
  const rest = bare.slice(2);
  const space = rest.indexOf(' ');
  if (space < 0) throw new NoteError(`a signature line is "${EM_DASH} <key name> <base64>": ${JSON.stringify(truncate(bare))}`);
  const name = rest.slice(0, space);
  const blob64 = rest.slice(space + 1);
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name in signature line: ${JSON.stringify(truncate(name))}`);
  const blob = decodeBase64Strict(blob64);
  // A key ID and at least one byte of signature.
  if (!blob || blob.length < 5) throw new NoteError(`the signature of "${name}" is not base64 of a key ID and a signature`);
  return { name, keyId: blob.subarray(0, 4).toString('hex'), signature: blob.subarray(4), line: bare };
}

/**
 * Splits a signed note into its text and its signature lines, checking the envelope as signed-note
 * defines it: valid UTF-8 (when given bytes), no control characters but newline, the text ending in
 * a newline, a blank line, then 1..MAX_NOTE_SIGNATURES well-formed signature lines, each ending in a
 * newline. Verifies no signature.
 */
export function parseSignedNote(note: string | Uint8Array, options: { maxSignatures?: number } = {}): SignedNote {
  let text: string;
  if (typeof note === 'string') {
    text = note;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      throw new NoteError('a signed note must be valid UTF-8');
    }
  }
  if (hasControlCharacter(text)) throw new NoteError('a signed note may hold no control characters other than newline (is it CRLF?)');
  if (!text.endsWith('\n')) throw new NoteError('a signed note ends with a newline');
  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('not a signed note: no blank line before the signatures');
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split('\n');
  if (lines.length === 1 && lines[0] === '') throw new NoteError('a signed note has at least one signature line');
  const max = options.maxSignatures ?? MAX_NOTE_SIGNATURES;
  if (lines.length > max) throw new NoteError(`a signed note may carry at most ${max} signatures, this one has ${lines.length}`);
  return { text: body, signatures: lines.map(parseSignatureLine) };
}

/**
 * A signed note from its text and signature lines (each without its newline). Lines repeated
 * verbatim are written once; the order given is kept.
 */
export function formatSignedNote(text: string, lines: readonly string[]): string {
  if (!text.endsWith('\n')) throw new NoteError('the note text must end with a newline');
  if (hasControlCharacter(text)) throw new NoteError('the note text may hold no control characters other than newline');
  const unique = [...new Set(lines.map((line) => parseSignatureLine(line).line))];
  if (unique.length === 0) throw new NoteError('a signed note has at least one signature line');
  return `${text}\n${unique.map((line) => `${line}\n`).join('')}`;
}

export interface VerifierKey {
  name: string;
  /** The key ID written in the vkey, 8 hex digits. */
  keyId: string;
  /** The signature type byte. */
  type: number;
  /** The public key material (for Ed25519 types, the raw 32 bytes). */
  key: Buffer;
  /** The vkey text. */
  vkey: string;
}

/**
 * Reads a verifier key "<name>+<hex key ID>+<base64(type ‖ public key)>". It is cut at the first two
 * "+" only: names hold no "+", base64 may. For the Ed25519 types (0x01, 0x04) the key must be 32
 * bytes and the key ID must be the one the name, type and key give.
 */
export function parseVerifierKey(text: string): VerifierKey {
  const vkey = text.trim();
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) throw new NoteError(`a verifier key is "<name>+<key id>+<base64 key>": ${JSON.stringify(truncate(vkey))}`);
  const name = vkey.slice(0, first);
  const keyId = vkey.slice(first + 1, second).toLowerCase();
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name in verifier key: ${JSON.stringify(truncate(name))}`);
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw new NoteError(`the key ID of verifier key "${name}" is not 8 hex digits`);
  const material = decodeBase64Strict(vkey.slice(second + 1));
  if (!material || material.length < 2) throw new NoteError(`the key of verifier key "${name}" is not base64 of a type byte and a key`);
  const type = material[0];
  const key = material.subarray(1);
  if (type === SIGNATURE_TYPE.ed25519 || type === SIGNATURE_TYPE.cosignatureV1) {
    if (key.length !== 32) throw new NoteError(`verifier key "${name}": an Ed25519 key is 32 bytes, not ${key.length}`);
    const expected = noteKeyId(name, type, key);
    if (expected !== keyId) throw new NoteError(`verifier key "${name}": its key ID ${keyId} is not the one of its key (${expected})`);
  }
  return { name, keyId, type, key, vkey };
}

/** "<name>+<hex key ID>+<base64(type ‖ public key)>", the key ID computed from the rest. */
export function formatVerifierKey(name: string, type: number, key: Uint8Array): string {
  const material = Buffer.concat([Buffer.from([type]), key]);
  return `${name}+${noteKeyId(name, type, key)}+${material.toString('base64')}`;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
