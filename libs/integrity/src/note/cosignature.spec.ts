import { generateKeyPairSync } from 'node:crypto';
import { checkpointBody, CheckpointSigner } from '../checkpoint/checkpoint';
import { publicKeyRaw } from '../checkpoint/signing-key';
import {
  checkCosignature,
  cosignatureKeyId,
  cosignatureMessage,
  CosignatureError,
  Cosigner,
  parseCheckpointBody,
  parseCosignatureLine,
  parseWitnessKey,
  verifyCosignature,
  witnessVkey,
} from './cosignature';
import { formatVerifierKey, noteKeyId, parseSignatureLine } from './signed-note';

function ledgerBody(treeSize = 12, root = 'ab'.repeat(32), at = new Date('2026-11-22T11:46:14.123Z')): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return checkpointBody(new CheckpointSigner(privateKey, publicKey, 'stewardship-ledger/test').sign({ treeSize, rootHash: root }, at));
}

function witness(name = 'riverside-chc.example/witness') {
  const { privateKey } = generateKeyPairSync('ed25519');
  return new Cosigner(name, privateKey);
}

describe('cosignature/v1 (c2sp.org/tlog-cosignature, Ed25519)', () => {
  it('signs "cosignature/v1\\ntime <seconds>\\n" followed by the whole body, timestamp line included', () => {
    const body = ledgerBody();
    expect(cosignatureMessage(body, 1679315147).toString('utf8')).toBe(`cosignature/v1\ntime 1679315147\n${body}`);
    expect(body.split('\n')).toHaveLength(5); // origin, size, root, the ledger's timestamp, ''
    expect(cosignatureMessage(body, 0).toString('utf8').startsWith('cosignature/v1\ntime 0\n')).toBe(true);
  });

  it('writes "— <name> base64(key ID ‖ uint64 BE timestamp ‖ 64-byte signature)" and verifies it', () => {
    const body = ledgerBody();
    const cosigner = witness();
    const cosignature = cosigner.cosign(body, new Date('2026-11-22T11:47:00.900Z'));
    expect(cosignature.timestamp).toBe(Date.parse('2026-11-22T11:47:00Z') / 1000);
    const parsed = parseSignatureLine(cosignature.line);
    expect(parsed.name).toBe(cosigner.name);
    expect(parsed.keyId).toBe(noteKeyId(cosigner.name, 0x04, publicKeyRaw(cosigner.publicKey)));
    expect(parsed.signature).toHaveLength(72);
    expect(parsed.signature.readBigUInt64BE(0)).toBe(BigInt(cosignature.timestamp));
    expect(parsed.signature.subarray(8).equals(cosignature.signature)).toBe(true);

    const verdict = verifyCosignature(body, cosignature.line, cosigner.vkey);
    expect(verdict).toEqual({ ok: true, cosignature });
    expect(checkCosignature(body, cosignature.line, parseWitnessKey(cosigner.vkey))).toEqual(cosignature);
  });

  it('refuses the line for any other body: another root, size, origin or ledger timestamp', () => {
    const cosigner = witness();
    const body = ledgerBody(12, 'ab'.repeat(32));
    const { line } = cosigner.cosign(body, 1_800_000_000);
    const lines = body.split('\n');
    const others = [
      ledgerBody(12, 'cd'.repeat(32)),
      [lines[0], '13', ...lines.slice(2)].join('\n'),
      ['other-origin', ...lines.slice(1)].join('\n'),
      [...lines.slice(0, 3), '2026-11-22T11:46:14.124Z', ''].join('\n'),
    ];
    for (const other of others) {
      expect(verifyCosignature(other, line, cosigner.vkey)).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  it('refuses a changed timestamp (it is signed) and a line of another witness as "other-key"', () => {
    const body = ledgerBody();
    const cosigner = witness();
    const { line } = cosigner.cosign(body, 1_800_000_000);
    const blob = Buffer.from(line.split(' ')[2], 'base64');
    blob.writeBigUInt64BE(1_800_000_001n, 4);
    const moved = `${line.split(' ').slice(0, 2).join(' ')} ${blob.toString('base64')}`;
    expect(verifyCosignature(body, moved, cosigner.vkey)).toMatchObject({ ok: false, reason: 'bad-signature' });

    const other = witness('other.example/witness');
    expect(verifyCosignature(body, line, other.vkey)).toMatchObject({ ok: false, reason: 'other-key' });
    // Same name, another key: the key ID differs, so the line is not this witness's either.
    const namesake = witness(cosigner.name);
    expect(verifyCosignature(body, line, namesake.vkey)).toMatchObject({ ok: false, reason: 'other-key' });
    expect(() => checkCosignature(body, line, namesake.vkey)).toThrow(CosignatureError);
  });

  it('refuses a plain Ed25519 note signature (68 bytes) carrying a witness\'s name and key ID', () => {
    const body = ledgerBody();
    const cosigner = witness();
    const forged = `\u2014 ${cosigner.name} ${Buffer.concat([Buffer.from(cosigner.keyId, 'hex'), Buffer.alloc(64)]).toString('base64')}`;
    expect(verifyCosignature(body, forged, cosigner.vkey)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses a cosignature from after notAfter, when the verifier asks', () => {
    const body = ledgerBody();
    const cosigner = witness();
    const { line } = cosigner.cosign(body, 2_000_000_000);
    expect(verifyCosignature(body, line, cosigner.vkey, { notAfter: 1_999_999_999 })).toMatchObject({ ok: false, reason: 'future' });
    expect(verifyCosignature(body, line, cosigner.vkey, { notAfter: 2_000_000_000 }).ok).toBe(true);
  });

  it('reads a timestamp up to 2^63 - 1 and refuses one above, as the spec says', () => {
    const body = ledgerBody();
    const cosigner = witness();
    const { line } = cosigner.cosign(body, 1);
    const blob = Buffer.from(line.split(' ')[2], 'base64');
    blob.writeBigUInt64BE(1n << 63n, 4);
    expect(() => parseCosignatureLine(`\u2014 ${cosigner.name} ${blob.toString('base64')}`)).toThrow(/2\^63/);
    expect(() => cosignatureMessage(body, -1)).toThrow(/between 0 and 2\^63 - 1/);
    expect(() => cosignatureMessage(body, 1.5)).toThrow(/whole POSIX seconds/);
  });

  it('gives a witness key its vkey of type 0x04, and takes a type 0x01 vkey as the same key (as transparency-dev does)', () => {
    const cosigner = witness('w.example');
    expect(cosigner.vkey).toBe(witnessVkey('w.example', cosigner.publicKey));
    expect(cosigner.vkey).toMatch(/^w\.example\+[0-9a-f]{8}\+/);
    expect(Buffer.from(cosigner.vkey.split('+').slice(2).join('+'), 'base64')[0]).toBe(0x04);
    expect(cosigner.keyId).toBe(cosignatureKeyId('w.example', cosigner.publicKey));

    const plain = formatVerifierKey('w.example', 0x01, publicKeyRaw(cosigner.publicKey));
    const key = parseWitnessKey(plain);
    expect(key.keyId).toBe(cosigner.keyId);
    expect(key.vkey).toBe(cosigner.vkey);
    const body = ledgerBody();
    expect(verifyCosignature(body, cosigner.cosign(body).line, plain).ok).toBe(true);
  });

  it('refuses vkeys of other signature types', () => {
    expect(() => parseWitnessKey(`w+${noteKeyId('w', 0x02, Buffer.alloc(3))}+${Buffer.from([2, 1, 2, 3]).toString('base64')}`)).toThrow(/type 0x02/);
  });

  it('reads any C2SP checkpoint body (3 lines and non-empty extension lines) and nothing else', () => {
    const root = Buffer.alloc(32, 1).toString('base64');
    expect(parseCheckpointBody(`example.com/log\n7\n${root}\n`)).toEqual({ origin: 'example.com/log', treeSize: 7, rootHash: '01'.repeat(32), extensions: [] });
    expect(parseCheckpointBody(`o\n0\n${root}\next 1\next 2\n`).extensions).toEqual(['ext 1', 'ext 2']);
    for (const bad of [`o\n7\n${root}`, `o\n7\n`, `o\n07\n${root}\n`, `o\n7\nAQID\n`, `o\n7\n${root}\n\nx\n`, `\n7\n${root}\n`]) {
      expect(() => parseCheckpointBody(bad)).toThrow(CosignatureError);
    }
    expect(() => witness().cosign('not a checkpoint\n')).toThrow(/at least 3 lines/);
  });

  it('refuses a witness name with a space or "+", and a key that is not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => new Cosigner('a b', privateKey)).toThrow(/witness name/);
    expect(() => new Cosigner('a+b', privateKey)).toThrow(/witness name/);
    const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => new Cosigner('w', ec)).toThrow(/Ed25519/);
  });
});
