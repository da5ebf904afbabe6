import { checkpointBody, formatCheckpointNote, parseCheckpoint, type SignedCheckpoint } from '../checkpoint/checkpoint';
import { CosignatureError, parseWitnessKey, verifyCosignature, type VerifyCosignatureOptions, type WitnessKey } from './cosignature';
import { formatSignedNote, NoteError, parseSignatureLine, parseSignedNote, type SignedNote } from './signed-note';

/**
 * Which witnesses a verifier trusts, and how many of them must have cosigned a checkpoint before it
 * believes it (so the operator cannot show it a history the others have not seen).
 */
export interface WitnessPolicy {
  witnesses: WitnessKey[];
  /** At least 1, at most witnesses.length. */
  quorum: number;
}

/**
 * A witness list: one vkey per line; blank lines and "#" comments (whole-line or trailing) are
 * skipped. A name, key ID or public key listed twice is refused: one key must count once.
 */
export function parseWitnessList(text: string, source = 'the witness list'): WitnessKey[] {
  const witnesses: WitnessKey[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    let witness: WitnessKey;
    try {
      witness = parseWitnessKey(line);
    } catch (error) {
      throw new CosignatureError(`${source}, line ${index + 1}: ${(error as Error).message}`);
    }
    const twin = witnesses.find((w) => w.name === witness.name || w.publicKeyRaw.equals(witness.publicKeyRaw));
    if (twin) throw new CosignatureError(`${source}, line ${index + 1}: witness "${witness.name}" repeats the name or the key of "${twin.name}"`);
    witnesses.push(witness);
  });
  return witnesses;
}

export function witnessPolicy(witnesses: WitnessKey[], quorum: number): WitnessPolicy {
  if (witnesses.length === 0) throw new CosignatureError('a witness policy lists at least one witness');
  if (!Number.isSafeInteger(quorum) || quorum < 1 || quorum > witnesses.length) {
    throw new CosignatureError(`the quorum must be a whole number from 1 to ${witnesses.length} (the witnesses listed), not ${quorum}`);
  }
  return { witnesses, quorum };
}

export interface CosignatureTally {
  /** Listed witnesses with a valid cosignature (each key once), with the earliest valid one. */
  cosigned: Array<{ witness: WitnessKey; timestamp: number; line: string }>;
  /** Lines that name a listed witness and its key ID but do not verify (or are malformed, or from the future). */
  invalid: Array<{ witness: WitnessKey; line: string; message: string }>;
  /** Listed witnesses with no valid cosignature. */
  missing: WitnessKey[];
  /** Lines of keys not listed (the log's own signature among them): ignored, as signed-note says. */
  ignored: number;
}

/** Counts the listed witnesses whose cosignature of `body` is among `lines`. */
export function countCosignatures(
  body: string,
  lines: Iterable<string>,
  witnesses: readonly WitnessKey[],
  options: VerifyCosignatureOptions = {},
): CosignatureTally {
  const tally: CosignatureTally = { cosigned: [], invalid: [], missing: [], ignored: 0 };
  const seen = new Set<string>();
  for (const line of lines) {
    let name: string;
    let keyId: string;
    try {
      ({ name, keyId } = parseSignatureLine(line));
    } catch (error) {
      if (error instanceof NoteError) throw new CosignatureError(error.message);
      throw error;
    }
    const witness = witnesses.find((w) => w.name === name && w.keyId === keyId);
    if (!witness) {
      tally.ignored++;
      continue;
    }
    const verdict = verifyCosignature(body, line, witness, options);
    if (!verdict.ok) {
      tally.invalid.push({ witness, line: line.replace(/\n$/, ''), message: verdict.message });
      continue;
    }
    const key = witness.publicKeyRaw.toString('hex');
    const earlier = tally.cosigned.find((c) => c.witness.publicKeyRaw.toString('hex') === key);
    if (earlier) {
      earlier.timestamp = Math.min(earlier.timestamp, verdict.cosignature.timestamp);
      continue;
    }
    seen.add(key);
    tally.cosigned.push({ witness, timestamp: verdict.cosignature.timestamp, line: verdict.cosignature.line });
  }
  tally.missing = witnesses.filter((w) => !seen.has(w.publicKeyRaw.toString('hex')));
  return tally;
}

export interface QuorumVerdict extends CosignatureTally {
  /** At least `quorum` listed witnesses cosigned, and no line of a listed witness failed. */
  ok: boolean;
  quorum: number;
  /** One sentence for people: how many valid cosignatures, of which witnesses. */
  message: string;
}

/**
 * The quorum check: at least `quorum` of the listed witnesses (distinct keys) cosigned this body.
 * A line naming a listed witness that fails to verify fails the whole check (signed-note: a known
 * key's bad signature SHOULD reject the note), and says so.
 */
export function checkWitnessQuorum(
  body: string,
  lines: Iterable<string>,
  policy: WitnessPolicy,
  options: VerifyCosignatureOptions = {},
): QuorumVerdict {
  const tally = countCosignatures(body, lines, policy.witnesses, options);
  const ok = tally.cosigned.length >= policy.quorum && tally.invalid.length === 0;
  const names = (list: WitnessKey[]) => list.map((w) => w.name).join(', ');
  const parts = [
    `${tally.cosigned.length} of the ${policy.witnesses.length} listed witnesses cosigned this checkpoint (quorum ${policy.quorum})`,
    tally.cosigned.length > 0 ? `cosigned by ${names(tally.cosigned.map((c) => c.witness))}` : '',
    tally.missing.length > 0 ? `no valid cosignature from ${names(tally.missing)}` : '',
    ...tally.invalid.map((i) => `INVALID line of ${i.witness.name}: ${i.message}`),
  ];
  return { ...tally, ok, quorum: policy.quorum, message: parts.filter((p) => p !== '').join('; ') };
}

/** The same, over a whole signed note (its text is the body; every signature line is a candidate). */
export function checkNoteQuorum(note: string | SignedNote, policy: WitnessPolicy, options: VerifyCosignatureOptions = {}): QuorumVerdict {
  const parsed = typeof note === 'string' ? parseSignedNote(note) : note;
  return checkWitnessQuorum(parsed.text, parsed.signatures.map((s) => s.line), policy, options);
}

/**
 * The ledger's checkpoint as a note carrying witnesses' cosignatures: its body, a blank line, the
 * ledger's own signature line, then each cosignature line (what GET /ledger/checkpoint can serve).
 */
export function formatCosignedCheckpointNote(checkpoint: SignedCheckpoint, cosignatures: readonly string[]): string {
  const ledgerLine = formatCheckpointNote(checkpoint).trimEnd().split('\n').pop() as string;
  return formatSignedNote(checkpointBody(checkpoint), [ledgerLine, ...cosignatures]);
}

export interface CosignedCheckpoint {
  checkpoint: SignedCheckpoint;
  /** The signed body (the ledger's and the witnesses' signatures cover exactly these bytes). */
  body: string;
  /** Every signature line found but the ledger's own. */
  cosignatures: string[];
}

/**
 * Reads a checkpoint with the cosignatures saved beside it: a signed note (the ledger's line and
 * witnesses' lines), or the JSON document, whose `note` may carry cosignature lines and whose
 * optional `cosignatures` array holds more lines. Checks the form only.
 */
export function parseCosignedCheckpoint(text: string): CosignedCheckpoint {
  const checkpoint = parseCheckpoint(text);
  const body = checkpointBody(checkpoint);
  const lines: string[] = [];
  let noteText: string | undefined;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as { note?: unknown; cosignatures?: unknown };
    if (typeof json.note === 'string') noteText = json.note;
    if (json.cosignatures !== undefined) {
      if (!Array.isArray(json.cosignatures) || json.cosignatures.some((line) => typeof line !== 'string')) {
        throw new CosignatureError('"cosignatures" must be an array of signature lines');
      }
      for (const line of json.cosignatures as string[]) {
        try {
          lines.push(parseSignatureLine(line).line);
        } catch (error) {
          throw new CosignatureError(`"cosignatures": ${(error as Error).message}`);
        }
      }
    }
  } else {
    noteText = text;
  }
  if (noteText !== undefined) {
    // Files pick up CRLF and trailing blank lines; the signed bytes do not have them.
    const note = parseSignedNote(noteText.replace(/\r\n/g, '\n').replace(/\s+$/, '') + '\n');
    if (note.text !== body) throw new CosignatureError("the note's text is not the checkpoint's body");
    lines.unshift(...note.signatures.map((s) => s.line));
  }
  const ledgerLine = formatCheckpointNote(checkpoint).trimEnd().split('\n').pop();
  const cosignatures = [...new Set(lines.map((line) => line.replace(/\n$/, '')))].filter((line) => line !== ledgerLine);
  return { checkpoint, body, cosignatures };
}
