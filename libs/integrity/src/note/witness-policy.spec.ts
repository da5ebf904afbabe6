import { generateKeyPairSync } from 'node:crypto';
import { checkpointBody, checkpointDocument, CheckpointSigner, formatCheckpointNote, parseCheckpoint, type SignedCheckpoint } from '../checkpoint/checkpoint';
import { publicKeyRaw } from '../checkpoint/signing-key';
import { CosignatureError, Cosigner, parseWitnessKey } from './cosignature';
import { parseSignedNote, formatVerifierKey } from './signed-note';
import {
  checkNoteQuorum,
  checkWitnessQuorum,
  countCosignatures,
  formatCosignedCheckpointNote,
  parseCosignedCheckpoint,
  parseWitnessList,
  witnessPolicy,
} from './witness-policy';

function ledger(): CheckpointSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return new CheckpointSigner(privateKey, publicKey, 'stewardship-ledger/test');
}

function cosigners(...names: string[]): Cosigner[] {
  return names.map((name) => new Cosigner(name, generateKeyPairSync('ed25519').privateKey));
}

const keys = (list: Cosigner[]) => list.map((c) => parseWitnessKey(c.vkey));

describe('witness quorum', () => {
  let checkpoint: SignedCheckpoint;
  let body: string;
  beforeEach(() => {
    checkpoint = ledger().sign({ treeSize: 40, rootHash: '5a'.repeat(32) }, new Date('2026-11-22T11:46:14.123Z'));
    body = checkpointBody(checkpoint);
  });

  it('counts the listed witnesses whose cosignature verifies, and ignores lines of unlisted keys', () => {
    const [a, b, c] = cosigners('a.example/w', 'b.example/w', 'c.example/w');
    const [stranger] = cosigners('stranger.example/w');
    const note = formatCosignedCheckpointNote(checkpoint, [a.cosign(body).line, c.cosign(body).line, stranger.cosign(body).line]);
    const tally = countCosignatures(body, parseSignedNote(note).signatures.map((s) => s.line), keys([a, b, c]));
    expect(tally.cosigned.map((x) => x.witness.name)).toEqual(['a.example/w', 'c.example/w']);
    expect(tally.missing.map((w) => w.name)).toEqual(['b.example/w']);
    expect(tally.invalid).toEqual([]);
    expect(tally.ignored).toBe(2); // the ledger's own line and the stranger's

    expect(checkNoteQuorum(note, witnessPolicy(keys([a, b, c]), 2))).toMatchObject({
      ok: true,
      message: '2 of the 3 listed witnesses cosigned this checkpoint (quorum 2); cosigned by a.example/w, c.example/w; no valid cosignature from b.example/w',
    });
    const three = checkNoteQuorum(note, witnessPolicy(keys([a, b, c]), 3));
    expect(three.ok).toBe(false);
    expect(three.message).toMatch(/^2 of the 3 listed witnesses cosigned this checkpoint \(quorum 3\)/);
  });

  it('counts a witness once however many lines it left', () => {
    const [a, b] = cosigners('a', 'b');
    const lines = [a.cosign(body, 100).line, a.cosign(body, 200).line, a.cosign(body, 150).line];
    const verdict = checkWitnessQuorum(body, lines, witnessPolicy(keys([a, b]), 2));
    expect(verdict.ok).toBe(false);
    expect(verdict.cosigned).toHaveLength(1);
    expect(verdict.cosigned[0].timestamp).toBe(100);
  });

  it('does not count cosignatures of another checkpoint (a fork with the same size)', () => {
    const [a, b] = cosigners('a', 'b');
    const fork = checkpointBody({ ...checkpoint, rootHash: '6b'.repeat(32) });
    const lines = [a.cosign(fork).line, b.cosign(fork).line];
    const verdict = checkWitnessQuorum(body, lines, witnessPolicy(keys([a, b]), 1));
    expect(verdict.ok).toBe(false);
    expect(verdict.cosigned).toEqual([]);
    expect(verdict.invalid.map((i) => i.witness.name)).toEqual(['a', 'b']);
    expect(verdict.message).toContain('INVALID line of a: the cosignature of "a" does not verify for this checkpoint');
  });

  it('fails the whole check when a listed witness has a bad line, even with the quorum met', () => {
    const [a, b, c] = cosigners('a', 'b', 'c');
    const other = checkpointBody({ ...checkpoint, treeSize: 41 });
    const verdict = checkWitnessQuorum(body, [a.cosign(body).line, b.cosign(body).line, c.cosign(other).line], witnessPolicy(keys([a, b, c]), 2));
    expect(verdict.cosigned).toHaveLength(2);
    expect(verdict.ok).toBe(false);
  });

  it('reads a witness list: one vkey a line, # comments, blank lines; refuses a key or name listed twice', () => {
    const [a, b] = cosigners('a.example/w', 'b.example/w');
    const list = `# the collaborative's witnesses\n\n${a.vkey}   # Riverside\n  ${b.vkey}\n`;
    expect(parseWitnessList(list).map((w) => w.name)).toEqual(['a.example/w', 'b.example/w']);
    expect(() => parseWitnessList(`${a.vkey}\n${a.vkey}\n`)).toThrow(/line 2: witness "a.example\/w" repeats/);
    // The same key under another name would let one cosignature count twice (the message has no name).
    const alias = formatVerifierKey('alias', 0x04, publicKeyRaw(a.publicKey));
    expect(() => parseWitnessList(`${a.vkey}\n${alias}\n`)).toThrow(/repeats the name or the key/);
    expect(() => parseWitnessList('not a key\n', 'w.txt')).toThrow(/^w.txt, line 1: /);
  });

  it('refuses an impossible quorum', () => {
    const list = keys(cosigners('a', 'b'));
    expect(() => witnessPolicy(list, 0)).toThrow(CosignatureError);
    expect(() => witnessPolicy(list, 3)).toThrow(/from 1 to 2/);
    expect(() => witnessPolicy([], 1)).toThrow(/at least one/);
  });

  it('writes a cosigned note the ledger parser still reads, and reads cosignatures back from a note or JSON', () => {
    const [a, b] = cosigners('a', 'b');
    const lineA = a.cosign(body).line;
    const lineB = b.cosign(body).line;
    const note = formatCosignedCheckpointNote(checkpoint, [lineA, lineB]);
    expect(note.startsWith(formatCheckpointNote(checkpoint))).toBe(true);
    expect(parseCheckpoint(note)).toEqual(checkpoint);

    expect(parseCosignedCheckpoint(note)).toEqual({ checkpoint, body, cosignatures: [lineA, lineB] });
    // A file saved with CRLF and a trailing blank line reads the same.
    expect(parseCosignedCheckpoint(note.replace(/\n/g, '\r\n') + '\r\n').cosignatures).toEqual([lineA, lineB]);
    // The JSON document: cosignatures in its note and in a "cosignatures" array, merged once each.
    const json = JSON.stringify({ ...checkpointDocument(checkpoint), note: formatCosignedCheckpointNote(checkpoint, [lineA]), cosignatures: [lineA, lineB] });
    expect(parseCosignedCheckpoint(json).cosignatures).toEqual([lineA, lineB]);
    expect(() => parseCosignedCheckpoint(JSON.stringify({ ...checkpointDocument(checkpoint), cosignatures: 'x' }))).toThrow(/array of signature lines/);
    expect(() => parseCosignedCheckpoint(JSON.stringify({ ...checkpointDocument(checkpoint), cosignatures: ['- a AAAA'] }))).toThrow(/^"cosignatures": a signature line starts with/);
  });
});
