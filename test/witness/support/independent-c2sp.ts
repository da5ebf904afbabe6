/**
 * An INDEPENDENT implementation of the C2SP formats, written from the text of c2sp.org/signed-note and
 * c2sp.org/tlog-cosignature with nothing but node:crypto: no import from libs/integrity. It is held to
 * real notes made by transparency-dev's witnesses in ../independent-c2sp.spec.ts, so it reads the
 * specs as the rest of the world does; the witness tests check the ledger's cosignatures with it.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// The independent implementation (spec text → code; shares nothing with libs/integrity).
// ---------------------------------------------------------------------------------------------
export const c2sp = {
  /** signed-note: "base64 encoding used throughout is the standard Base 64 encoding ... RFC 4648, Section 4". */
  b64(text: string): Buffer {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.toString('base64') !== text) throw new Error(`not standard base64: ${text}`);
    return bytes;
  },
  /** signed-note: key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]. */
  keyId(name: string, type: number, key: Buffer): Buffer {
    return createHash('sha256').update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, type]), key])).digest().subarray(0, 4);
  },
  /** signed-note: <key name>+hex(32-bit key ID)+base64(signature type || public key). */
  vkey(name: string, type: number, key: Buffer): string {
    return `${name}+${this.keyId(name, type, key).toString('hex')}+${Buffer.concat([Buffer.from([type]), key]).toString('base64')}`;
  },
  readVkey(vkey: string): { name: string; keyId: string; type: number; key: Buffer } {
    const [name, keyId] = vkey.split('+', 2);
    const material = this.b64(vkey.slice(name.length + keyId.length + 2));
    return { name, keyId, type: material[0], key: material.subarray(1) };
  },
  ed25519(raw: Buffer): KeyObject {
    // SubjectPublicKeyInfo for Ed25519 (RFC 8410): a fixed 12-byte prefix, then the 32-byte key.
    return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
  },
  /** signed-note: the text is separated from the signatures by the last empty line. */
  open(note: string): { text: string; sigs: Array<{ name: string; blob: Buffer }> } {
    const at = note.lastIndexOf('\n\n');
    const text = note.slice(0, at + 1);
    const sigs = note
      .slice(at + 2)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [dash, name, b64] = l.split(' ');
        if (dash !== '\u2014') throw new Error(`not a signature line: ${l}`);
        return { name, blob: this.b64(b64) };
      });
    return { text, sigs };
  },
  /** tlog-cosignature: "cosignature/v1\n" "time <t>\n" then the whole note body. */
  message(t: bigint, body: string): Buffer {
    return Buffer.from(`cosignature/v1\ntime ${t.toString(10)}\n${body}`, 'utf8');
  },
  /** — <name> base64(key ID(0x04) || u64 big-endian timestamp || Ed25519 signature). */
  cosign(name: string, seed: Buffer, t: bigint, body: string): string {
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
    const time = Buffer.alloc(8);
    time.writeBigUInt64BE(t);
    const signature = sign(null, this.message(t, body), privateKey);
    return `\u2014 ${name} ${Buffer.concat([this.keyId(name, 0x04, raw), time, signature]).toString('base64')}`;
  },
  publicOf(seed: Buffer): Buffer {
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    return createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }).subarray(12);
  },
  /** Verifies the named witness's cosignature/v1 line in a note; a 0x01 vkey is the same key (type 0x04 ID). */
  verifyCosigned(note: string, vkey: string): { ok: boolean; t?: bigint } {
    const { name, type, key } = this.readVkey(vkey);
    if (type !== 0x01 && type !== 0x04) return { ok: false };
    const id = this.keyId(name, 0x04, key);
    const { text, sigs } = this.open(note);
    const sig = sigs.find((s) => s.name === name && s.blob.subarray(0, 4).equals(id));
    if (!sig || sig.blob.length !== 4 + 8 + 64) return { ok: false };
    const t = sig.blob.readBigUInt64BE(4);
    return { ok: verify(null, this.message(t, text), this.ed25519(key), sig.blob.subarray(12)), t };
  },
  /** signed-note Ed25519 (type 0x01): the signature is over the note text. */
  verifyPlain(note: string, vkey: string): boolean {
    const { name, keyId, type, key } = this.readVkey(vkey);
    if (type !== 0x01 || this.keyId(name, 0x01, key).toString('hex') !== keyId) return false;
    const { text, sigs } = this.open(note);
    const sig = sigs.find((s) => s.name === name && s.blob.subarray(0, 4).toString('hex') === keyId);
    return !!sig && verify(null, Buffer.from(text, 'utf8'), this.ed25519(key), sig.blob.subarray(4));
  },
};
