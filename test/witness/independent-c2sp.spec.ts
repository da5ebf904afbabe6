/**
 * The ledger's cosignature bytes against an INDEPENDENT implementation of the C2SP formats, written
 * from the text of c2sp.org/signed-note and c2sp.org/tlog-cosignature with nothing but node:crypto
 * (support/independent-c2sp.ts: no import from libs/integrity), and first checked against
 * real notes made by transparency-dev's witnesses (fixtures/c2sp-vectors.json), so it is known to
 * read the specs as the rest of the world does.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import {
  checkpointBody,
  CheckpointSigner,
  checkNoteQuorum,
  Cosigner,
  formatCosignedCheckpointNote,
  parseWitnessKey,
  verifyCosignature,
  witnessPolicy,
} from '@ledger/integrity';
import vectors from './fixtures/c2sp-vectors.json';
import { c2sp } from './support/independent-c2sp';

const seed = (n: number) => createHash('sha256').update(`witness seed ${n}`).digest();
const libraryKey = (s: Buffer) => createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), s]), format: 'der', type: 'pkcs8' });

describe('the independent implementation reads real notes as their makers meant them', () => {
  it('verifies the signed-note spec example (Ed25519, type 0x01)', () => {
    expect(c2sp.verifyPlain(vectors.signedNoteExample.note, vectors.signedNoteExample.vkey)).toBe(true);
  });

  it.each(vectors.witnessedCheckpoints.map((c, i) => [i, c] as const))('verifies the cosignatures of transparency-dev witnessed checkpoint #%i', (_i, checkpoint) => {
    for (const cosigner of checkpoint.cosigners) {
      expect(c2sp.verifyCosigned(checkpoint.note, cosigner.vkey)).toEqual({ ok: true, t: BigInt(cosigner.timestamp) });
      expect(new Date(cosigner.timestamp * 1000).getTime()).toBe(Date.parse(cosigner.readmeTime));
    }
    if ('logVkey' in checkpoint) expect(c2sp.verifyPlain(checkpoint.note, checkpoint.logVkey as string)).toBe(true);
    // One changed character of the root: nothing verifies.
    const tampered = checkpoint.note.replace(/\n([A-Za-z0-9])/, (_m, c: string) => `\n${c === 'A' ? 'B' : 'A'}`);
    for (const cosigner of checkpoint.cosigners) expect(c2sp.verifyCosigned(tampered, cosigner.vkey).ok).toBe(false);
  });

  it("builds the spec's example signed message", () => {
    const { text } = c2sp.open(vectors.tlogCosignatureExample.note);
    expect(c2sp.message(BigInt(vectors.tlogCosignatureExample.timestamp), text).toString('utf8')).toBe(vectors.tlogCosignatureExample.signedMessage);
  });
});

describe("the ledger's cosignatures are byte for byte what the independent implementation makes", () => {
  const ledger = () => {
    const ledgerKey = libraryKey(seed(0));
    return new CheckpointSigner(ledgerKey, createPublicKey(ledgerKey), 'stewardship-ledger/0123456789abcdef');
  };
  const checkpoint = ledger().sign({ treeSize: 1234, rootHash: '9c'.repeat(32) }, new Date('2026-11-22T11:46:14.123Z'));
  const body = checkpointBody(checkpoint);
  const t = 1_795_000_000;

  it('the same key ID, vkey and signature line for the same key, time and checkpoint (Ed25519 is deterministic)', () => {
    for (const [n, name] of [[1, 'riverside-chc.example/ledger-witness'], [2, 'oid/1.3.6.1.4.1.99999.1'], [3, 'w']] as const) {
      const cosigner = new Cosigner(name, libraryKey(seed(n)));
      expect(cosigner.keyId).toBe(c2sp.keyId(name, 0x04, c2sp.publicOf(seed(n))).toString('hex'));
      expect(cosigner.vkey).toBe(c2sp.vkey(name, 0x04, c2sp.publicOf(seed(n))));
      expect(cosigner.cosign(body, t).line).toBe(c2sp.cosign(name, seed(n), BigInt(t), body));
      expect(cosigner.cosign(body, new Date(t * 1000 + 999)).line).toBe(c2sp.cosign(name, seed(n), BigInt(t), body));
    }
  });

  it("signs the ledger's whole body, its timestamp extension line included", () => {
    expect(body.split('\n')[3]).toBe('2026-11-22T11:46:14.123Z');
    const line = new Cosigner('w', libraryKey(seed(4))).cosign(body, t).line;
    const threeLines = body.split('\n').slice(0, 3).join('\n') + '\n';
    expect(line).not.toBe(c2sp.cosign('w', seed(4), BigInt(t), threeLines));
    expect(line).toBe(c2sp.cosign('w', seed(4), BigInt(t), body));
  });

  it('each side verifies what the other made, in a note the library assembled', () => {
    const mine = new Cosigner('mine.example/w', libraryKey(seed(5)));
    const theirsLine = c2sp.cosign('theirs.example/w', seed(6), BigInt(t), body);
    const theirsVkey = c2sp.vkey('theirs.example/w', 0x04, c2sp.publicOf(seed(6)));
    const note = formatCosignedCheckpointNote(checkpoint, [mine.cosign(body, t + 1).line, theirsLine]);

    expect(c2sp.verifyCosigned(note, mine.vkey)).toEqual({ ok: true, t: BigInt(t + 1) });
    expect(c2sp.verifyCosigned(note, theirsVkey)).toEqual({ ok: true, t: BigInt(t) });
    expect(verifyCosignature(body, theirsLine, theirsVkey)).toMatchObject({ ok: true, cosignature: { name: 'theirs.example/w', timestamp: t } });
    // And the ledger's own line, type 0x01 under its origin, verifies independently too.
    const ledgerVkey = c2sp.vkey(checkpoint.origin, 0x01, c2sp.publicOf(seed(0)));
    expect(c2sp.verifyPlain(note, ledgerVkey)).toBe(true);
    expect(checkNoteQuorum(note, witnessPolicy([parseWitnessKey(mine.vkey), parseWitnessKey(theirsVkey)], 2)).ok).toBe(true);
  });

  it("the library refuses what the independent side says is another checkpoint's cosignature", () => {
    const fork = checkpointBody({ ...checkpoint, rootHash: '9d'.repeat(32) });
    const line = c2sp.cosign('theirs.example/w', seed(6), BigInt(t), fork);
    expect(verifyCosignature(body, line, c2sp.vkey('theirs.example/w', 0x04, c2sp.publicOf(seed(6))))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});
