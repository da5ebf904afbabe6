import { createHash, createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCheckpointSignature,
  checkpointBody,
  checkpointDocument,
  checkpointKeyId,
  CheckpointSigner,
  formatCheckpointNote,
  loadOrCreateSigningKey,
  parseCheckpoint,
  parsePublicKey,
  publicKeyFromRaw,
  publicKeyPem,
  publicKeyRaw,
  readLedgerPublicKey,
  SIGNING_KEY_FILE,
  verifyCheckpointSignature,
  type SignedCheckpoint,
} from '..';

const root = createHash('sha256').update('some root').digest();

describe('ledger signing key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is generated on first use as a 0600 PKCS#8 PEM in the data folder, then reused', () => {
    expect(readLedgerPublicKey(dataDir)).toBeUndefined();
    const first = loadOrCreateSigningKey({ dataDir });
    expect(first.created).toBe(true);
    const file = join(dataDir, SIGNING_KEY_FILE);
    expect(first.file).toBe(file);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSigningKey({ dataDir });
    expect(again.created).toBe(false);
    expect(publicKeyRaw(again.publicKey)).toEqual(publicKeyRaw(first.publicKey));
    expect(publicKeyRaw(readLedgerPublicKey(dataDir)!)).toEqual(publicKeyRaw(first.publicKey));
  });

  it('can come from configuration as PEM text instead, and warns about a readable key file', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromConfig = loadOrCreateSigningKey({ dataDir, pem });
    expect(publicKeyRaw(fromConfig.publicKey)).toEqual(publicKeyRaw(publicKey));
    const file = join(dataDir, SIGNING_KEY_FILE);
    writeFileSync(file, pem, { mode: 0o644 });
    if (process.platform !== 'win32') expect(loadOrCreateSigningKey({ dataDir }).warning).toMatch(/chmod 600/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadOrCreateSigningKey({ dataDir, pem: rsa })).toThrow(/Ed25519/);
  });

  it('reads public keys as SPKI PEM or base64 of the raw 32 bytes', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKeyRaw(publicKey);
    expect(raw).toHaveLength(32);
    expect(publicKeyRaw(parsePublicKey(publicKeyPem(publicKey)))).toEqual(raw);
    expect(publicKeyRaw(parsePublicKey(`${raw.toString('base64')}\n`))).toEqual(raw);
    expect(() => parsePublicKey('not a key')).toThrow();
  });
});

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = new CheckpointSigner(privateKey, publicKey, 'example.org/ledger');
  const checkpoint = signer.sign({ treeSize: 42, rootHash: root.toString('hex') }, new Date('2026-11-22T11:46:14.123Z'));

  it('signs exactly origin, size, base64 root and timestamp, one per line (C2SP tlog-checkpoint body)', () => {
    const body = `example.org/ledger\n42\n${root.toString('base64')}\n2026-11-22T11:46:14.123Z\n`;
    expect(checkpointBody(checkpoint)).toBe(body);
    // Verifiable with nothing but node:crypto and that text.
    expect(verify(null, Buffer.from(body, 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
    // signed-note key ID: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ raw key)[:4]
    const keyId = createHash('sha256').update('example.org/ledger\n\x01').update(publicKeyRaw(publicKey)).digest().subarray(0, 4);
    expect(checkpoint.keyId).toBe(keyId.toString('hex'));
    expect(checkpointKeyId('example.org/ledger', publicKey)).toBe(keyId.toString('hex'));
  });

  it('renders and parses the signed note and the JSON document', () => {
    const note = formatCheckpointNote(checkpoint);
    const blob = Buffer.concat([Buffer.from(checkpoint.keyId, 'hex'), Buffer.from(checkpoint.signature, 'base64')]);
    expect(note).toBe(`${checkpointBody(checkpoint)}\n\u2014 example.org/ledger ${blob.toString('base64')}\n`);
    expect(parseCheckpoint(note)).toEqual(checkpoint);
    expect(parseCheckpoint(JSON.stringify(checkpointDocument(checkpoint)))).toEqual(checkpoint);
    expect(parseCheckpoint(JSON.stringify({ note }))).toEqual(checkpoint);
    // A document whose fields disagree with its note is refused.
    expect(() => parseCheckpoint(JSON.stringify({ ...checkpointDocument(checkpoint), treeSize: 43 }))).toThrow(/treeSize differs/);
  });

  it('verifies with the public key alone and rejects any change', () => {
    expect(verifyCheckpointSignature(checkpoint, publicKey)).toBe(true);
    expect(verifyCheckpointSignature(checkpoint, publicKey, { origin: 'example.org/ledger' })).toBe(true);
    expect(() => checkCheckpointSignature(checkpoint, publicKey, { origin: 'other.org/log' })).toThrow(/origin/);
    const altered: Array<Partial<SignedCheckpoint>> = [
      { treeSize: 43 },
      { rootHash: createHash('sha256').update('other').digest('hex') },
      { timestamp: '2026-11-22T11:46:15.123Z' },
      { origin: 'example.org/other' },
      { signature: sign(null, Buffer.from('something else'), privateKey).toString('base64') },
      { signature: 'AAAA' },
    ];
    for (const change of altered) expect([change, verifyCheckpointSignature({ ...checkpoint, ...change }, publicKey)]).toEqual([change, false]);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(() => checkCheckpointSignature(checkpoint, other)).toThrow(/not by this public key/);
    // Same key ID forced, other key: the signature itself fails.
    expect(() => checkCheckpointSignature({ ...checkpoint, keyId: checkpointKeyId(checkpoint.origin, other) }, other)).toThrow(/does not verify/);
  });

  it('refuses malformed fields', () => {
    const bad: Array<Partial<SignedCheckpoint>> = [
      { origin: 'has space' },
      { origin: 'has+plus' },
      { origin: '' },
      { treeSize: -1 },
      { treeSize: 1.5 },
      { rootHash: 'ABC' },
      { timestamp: 'yesterday' },
    ];
    for (const change of bad) expect(() => checkpointBody({ ...checkpoint, ...change })).toThrow();
  });

  it('defaults the origin to one derived from the ledger key', () => {
    const byDefault = new CheckpointSigner(privateKey, publicKey);
    expect(byDefault.origin).toMatch(/^stewardship-ledger\/[0-9a-f]{16}$/);
    expect(verifyCheckpointSignature(byDefault.sign({ treeSize: 0, rootHash: createHash('sha256').digest('hex') }), publicKey)).toBe(true);
  });
});

/**
 * The signed-note layout (key ID, signature line) against the published Go vector: golang.org/x/mod
 * sumdb/note/note_test.go (TestSign, TestNewVerifier), golang/mod at commit
 * 02c991387e35f9e4c0a9b7ce137717055f8d716d. Ed25519 is deterministic, so the same key must give the
 * same signature line byte for byte.
 */
describe('signed-note interoperability (golang.org/x/mod sumdb/note vector)', () => {
  const vkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
  const skey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
  const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  const signatureLine = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';

  it('derives the same key ID and signature line', () => {
    const publicRaw = Buffer.from(vkey.split('+').slice(2).join('+'), 'base64');
    expect(publicRaw[0]).toBe(0x01); // Ed25519 type byte
    const publicKey = publicKeyFromRaw(publicRaw.subarray(1));
    expect(checkpointKeyId('PeterNeumann', publicKey)).toBe('c74f20a3');

    const seed = Buffer.from(skey.split('+').slice(4).join('+'), 'base64').subarray(1); // the base64 itself holds a '+'
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const blob = Buffer.concat([Buffer.from('c74f20a3', 'hex'), sign(null, Buffer.from(text), privateKey)]);
    expect(`\u2014 PeterNeumann ${blob.toString('base64')}`).toBe(signatureLine);
  });
});
