/**
 * libs/integrity against notes and keys made by other implementations: the C2SP specs' examples and
 * checkpoints cosigned by transparency-dev's Armored Witness production devices
 * (fixtures/c2sp-vectors.json, sources and commits listed there).
 */
import {
  checkNoteQuorum,
  countCosignatures,
  noteKeyId,
  parseCosignatureLine,
  parseSignedNote,
  parseVerifierKey,
  parseWitnessKey,
  parseWitnessList,
  verifyCosignature,
  witnessPolicy,
} from '@ledger/integrity';
import { verify } from 'node:crypto';
import { publicKeyFromRaw } from '@ledger/integrity';
import vectors from './fixtures/c2sp-vectors.json';

describe('C2SP and transparency-dev vectors', () => {
  it('reads the signed-note spec example and verifies its Ed25519 signature over the note text', () => {
    const { note, vkey } = vectors.signedNoteExample;
    const key = parseVerifierKey(vkey);
    expect(key).toMatchObject({ name: 'example.com/foo', keyId: '530d903a', type: 0x01 });
    const parsed = parseSignedNote(note);
    expect(parsed.text).toBe('This is an example message.\n');
    expect(parsed.signatures).toHaveLength(1);
    expect(parsed.signatures[0].keyId).toBe(noteKeyId(key.name, 0x01, key.key));
    expect(verify(null, Buffer.from(parsed.text), publicKeyFromRaw(key.key), parsed.signatures[0].signature)).toBe(true);
  });

  it("reads the tlog-cosignature spec example's witness line: key ID, and the time of the spec's signed message", () => {
    const { note, witnessName, witnessKeyId, timestamp } = vectors.tlogCosignatureExample;
    const line = parseSignedNote(note).signatures.find((s) => s.name === witnessName)!;
    expect(parseCosignatureLine(line.line)).toMatchObject({ name: witnessName, keyId: witnessKeyId, timestamp });
  });

  it.each(vectors.witnessedCheckpoints.map((c, i) => [i, c] as const))('verifies every cosignature of witnessed checkpoint #%i with the witnesses\' published keys', (_i, checkpoint) => {
    const note = parseSignedNote(checkpoint.note);
    for (const cosigner of checkpoint.cosigners) {
      const witness = parseWitnessKey(cosigner.vkey);
      const line = note.signatures.find((s) => s.name === witness.name)!;
      expect(line.keyId).toBe(witness.keyId);
      const verdict = verifyCosignature(note.text, line.line, witness);
      expect(verdict).toMatchObject({ ok: true, cosignature: { name: witness.name, timestamp: cosigner.timestamp } });
    }
    // The quorum over the fleet: both cosigners counted, the log's own signature and unlisted witnesses ignored.
    const fleet = [...checkpoint.cosigners.map((c) => c.vkey), ...checkpoint.otherWitnessesOfTheFleet];
    const witnesses = parseWitnessList(fleet.join('\n'));
    const verdict = checkNoteQuorum(checkpoint.note, witnessPolicy(witnesses, 2));
    expect(verdict.ok).toBe(true);
    expect(verdict.cosigned).toHaveLength(2);
    expect(verdict.ignored).toBe(1);
    const three = checkNoteQuorum(checkpoint.note, witnessPolicy(witnesses, 3));
    expect(three.ok).toBe(false);
    expect(three.message).toMatch(/^2 of the 4 listed witnesses cosigned this checkpoint \(quorum 3\); cosigned by ArmoredWitness-/);
  });

  it('refuses the real cosignatures once a byte of the checkpoint changes', () => {
    const [checkpoint] = vectors.witnessedCheckpoints;
    const note = parseSignedNote(checkpoint.note);
    const witnesses = checkpoint.cosigners.map((c) => parseWitnessKey(c.vkey));
    const tampered = note.text.replace('\n59\n', '\n60\n');
    const tally = countCosignatures(tampered, note.signatures.map((s) => s.line), witnesses);
    expect(tally.cosigned).toEqual([]);
    expect(tally.invalid.map((i) => i.witness.name).sort()).toEqual(witnesses.map((w) => w.name).sort());
  });

  it('keeps the key ID of a native type 0x04 vkey and converts a type 0x01 one, as transparency-dev/formats does', () => {
    const [native, plain] = vectors.cosignatureVkeys;
    expect(parseWitnessKey(native.vkey)).toMatchObject({ name: 'remora.n621.de', keyId: 'da77ade7', vkey: native.vkey });
    const converted = parseWitnessKey(plain.vkey);
    const raw = parseVerifierKey(plain.vkey).key;
    expect(converted.keyId).toBe(noteKeyId('TEST', 0x04, raw));
    expect(converted.keyId).not.toBe('7997405c');
    expect(parseVerifierKey(converted.vkey)).toMatchObject({ type: 0x04, keyId: converted.keyId });
  });
});
