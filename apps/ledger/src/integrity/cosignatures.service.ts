import { Inject, Injectable } from '@nestjs/common';
import { Organization, type CollaborativeState, type OrganizationState } from '@ledger/domain';
import { newEventId, WrongExpectedRevisionError, type Clock, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  CheckpointError,
  checkCheckpointSignature,
  checkpointBody,
  checkpointDocument,
  CosignatureError,
  formatCosignedCheckpointNote,
  parseCheckpoint,
  parseCosignatureLine,
  parseWitnessKey,
  SIGNATURE_TYPE,
  formatVerifierKey,
  toHex,
  verifyCosignature,
  type CheckpointDocument,
  type SignedCheckpoint,
} from '@ledger/integrity';
import { RecordStates } from '../commands/record-states';
import { problem } from '../http/problem-details.filter';
import { EVENT_STORE, LEDGER_CLOCK } from '../infrastructure/tokens';
import { CHECKPOINT_EVENT, CHECKPOINT_STREAM, COSIGNATURE_EVENT } from './checkpoint-stream';
import { Checkpoints } from './checkpoints.service';
import { MerkleLog } from './merkle-log.service';

/** How far in the future a cosignature's timestamp may be (the witness's clock may run ahead of the ledger's). */
const CLOCK_SKEW_SECONDS = 300;
const MAX_ATTEMPTS = 5;

/** A CheckpointCosigned event's data. */
export interface CosignatureRecord {
  organizationId: string;
  treeSize: number;
  rootHash: string;
  /** The ledger's timestamp line of the checkpoint cosigned (with treeSize, which of its checkpoints). */
  checkpointTimestamp: string;
  /** The witness's key name and C2SP key ID (the organization's WitnessKeyRegistered). */
  witness: { name: string; keyId: string };
  /** When the witness says it cosigned, ISO 8601 (the line's timestamp). */
  cosignedAt: string;
  /** The C2SP tlog-cosignature signature line. */
  cosignature: string;
}

/** A checkpoint the ledger appended to its log, with the cosignatures it holds for it. */
export interface PublishedCheckpoint {
  checkpoint: SignedCheckpoint;
  /** Position of its CheckpointSigned event. */
  position: number;
  cosignatures: CosignatureRecord[];
}

/** What a cosigned checkpoint is answered as: the checkpoint document, its note carrying every cosignature line. */
export type CosignedCheckpointDocument = CheckpointDocument & {
  cosignatures: string[];
  /** Who cosigned, as the ledger recorded it; verifiers check the lines themselves. */
  cosignedBy: Array<{ organizationId: string; name: string; keyId: string; cosignedAt: string }>;
};

/** A collaborative's witnesses: its charter's policy, with each organization's witness keys as the log holds them. */
export interface WitnessList {
  collaborativeId: string;
  quorum: number;
  witnesses: Array<{ organizationId: string; keys: Array<{ name: string; keyId: string; vkey: string; revoked: boolean }> }>;
}

/** The charter's witnesses and how many of them cosigned the checkpoint answered (by the ledger's record). */
export interface WitnessTally {
  collaborativeId: string;
  organizations: string[];
  quorum: number;
  cosigned: string[];
  quorumMet: boolean;
}

/**
 * Witnesses' cosignatures of the ledger's checkpoints (issue 25): verified against the organization's
 * registered witness key and the checkpoint the ledger appended to its log, then recorded on the log
 * itself (CheckpointCosigned on the checkpoints' stream), so later checkpoints, and the witnesses that
 * cosign them, cover the cosignatures too.
 *
 * The checkpoints' stream is read on demand from the last revision seen, so every server answers from
 * the store (its own writes and the other servers'); a cosignature is appended with that revision
 * expected, so one key's cosignature of a checkpoint is recorded once, whichever server took it.
 */
@Injectable()
export class Cosignatures {
  private revision = -1;
  /** By tree size, in the order appended. */
  private readonly published = new Map<number, PublishedCheckpoint[]>();
  /** Tree sizes with at least one cosignature, ascending. */
  private cosignedSizes: number[] = [];
  private refreshing: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
    private readonly log: MerkleLog,
    private readonly checkpoints: Checkpoints,
    private readonly states: RecordStates,
  ) {}

  /** Verifies one witness's cosignature and records it on the log; refusals are 4xx problems with a code. */
  async record(organizationId: string, treeSize: number, line: string, checkpointText?: string): Promise<{ record: CosignatureRecord; event: RecordedEvent; cosignatures: number }> {
    let parsed: ReturnType<typeof parseCosignatureLine>;
    try {
      parsed = parseCosignatureLine(line);
    } catch (error) {
      if (error instanceof CosignatureError) throw invalid('invalid_cosignature', `cosignature: ${error.message}`, 'body.cosignature');
      throw error;
    }
    const { state } = await this.states.load<OrganizationState | null>('organization', organizationId);
    const key = state ? Organization.activeWitnessKey(state, parsed.keyId) : null;
    if (!key || key.name !== parsed.name) {
      throw problem(422, 'unprocessable', 'rule violated', `${organizationId} has no witness key ${parsed.keyId} named "${parsed.name}" in force: register it first (POST /organizations/${organizationId}/witness-keys)`, {
        code: 'unknown_witness_key',
      });
    }
    const witness = parseWitnessKey(formatVerifierKey(key.name, SIGNATURE_TYPE.cosignatureV1, Buffer.from(key.publicKey, 'base64')));

    const tree = await this.log.current();
    let candidates = (await this.at(treeSize)) ?? [];
    if (checkpointText !== undefined) {
      const offered = this.readOffered(checkpointText, treeSize);
      const ledgerRoot = treeSize <= tree.size ? toHex(tree.root(treeSize)) : null;
      if (offered.rootHash !== ledgerRoot) {
        throw problem(
          409,
          'conflict',
          'conflict',
          ledgerRoot === null
            ? `the checkpoint cosigned is of tree size ${treeSize} with root ${offered.rootHash}, but this ledger's log holds only ${tree.size} events: it is not this log's history`
            : `the checkpoint cosigned has root ${offered.rootHash} for tree size ${treeSize}, but this ledger's root for that size is ${ledgerRoot}: it is not this log's history`,
          { code: 'checkpoint_root_mismatch', treeSize, cosignedRoot: offered.rootHash, ledgerRoot },
        );
      }
      candidates = candidates.filter((c) => checkpointBody(c.checkpoint) === checkpointBody(offered));
    }
    if (candidates.length === 0) {
      throw problem(404, 'not-found', 'not found', `the ledger appended no checkpoint of tree size ${treeSize}${checkpointText !== undefined ? ' with that timestamp' : ''} to its log: witnesses cosign the CheckpointSigned events`, {
        code: 'unknown_checkpoint',
      });
    }
    const notAfter = Math.floor(this.clock().getTime() / 1000) + CLOCK_SKEW_SECONDS;
    let target: PublishedCheckpoint | undefined;
    let refusal: { reason: string; message: string } | undefined;
    for (const candidate of candidates) {
      const verdict = verifyCosignature(checkpointBody(candidate.checkpoint), line, witness, { notAfter });
      if (verdict.ok) {
        target = candidate;
        break;
      }
      refusal ??= verdict;
    }
    if (!target) {
      const future = refusal?.reason === 'future';
      throw problem(422, 'unprocessable', 'rule violated', future ? `${refusal!.message} (the ledger's time, with ${CLOCK_SKEW_SECONDS} s of leeway)` : `${refusal?.message ?? 'the cosignature does not verify'} of tree size ${treeSize} (root ${candidates[0].checkpoint.rootHash})`, {
        code: future ? 'cosignature_from_the_future' : 'bad_cosignature',
      });
    }

    const record: CosignatureRecord = {
      organizationId,
      treeSize,
      rootHash: target.checkpoint.rootHash,
      checkpointTimestamp: target.checkpoint.timestamp,
      witness: { name: key.name, keyId: key.keyId },
      cosignedAt: new Date(parsed.timestamp * 1000).toISOString(),
      cosignature: parsed.line,
    };
    for (let attempt = 1; ; attempt++) {
      const held = (await this.at(treeSize))?.find((c) => c.checkpoint.timestamp === target.checkpoint.timestamp);
      // The stream as it was when the duplicate check ran: an append by anyone since is a conflict, and a retry.
      const expected = this.revision;
      if (held?.cosignatures.some((c) => c.organizationId === organizationId && c.witness.keyId === key.keyId)) {
        throw problem(409, 'conflict', 'conflict', `the ledger already holds ${organizationId}'s cosignature of tree size ${treeSize} by witness key ${key.keyId}`, {
          code: 'cosignature_already_recorded',
        });
      }
      // Ed25519 is deterministic: the same bytes over the same checkpoint and time come from the same
      // private key. Another organization holding them registered that witness's public key as its own.
      const copied = held?.cosignatures.find((c) => c.organizationId !== organizationId && signatureOf(c.cosignature) === signatureOf(parsed.line));
      if (copied) {
        throw problem(409, 'conflict', 'conflict', `this cosignature is ${copied.organizationId}'s, already recorded for tree size ${treeSize}: one witness's key counts once, under the organization that first posted it`, {
          code: 'cosignature_of_another_witness',
        });
      }
      try {
        const result = await this.store.append(
          CHECKPOINT_STREAM,
          [
            {
              eventId: newEventId(),
              type: COSIGNATURE_EVENT,
              schemaVersion: 1,
              data: record,
              actor: { type: 'organization', organizationId },
              correlationId: newEventId(),
              causationId: null,
            },
          ],
          { expectedRevision: expected < 0 ? 'no_stream' : expected },
        );
        const event = result.events[0];
        this.apply([event]);
        return { record, event, cosignatures: target.cosignatures.length };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** The checkpoint of this size the ledger appended last, with its cosignatures; undefined when none. */
  async latestAt(treeSize: number): Promise<PublishedCheckpoint | undefined> {
    return (await this.at(treeSize))?.at(-1);
  }

  /**
   * The latest checkpoint cosigned: with a witness policy (a collaborative's charter), the latest
   * one a quorum of its witnesses cosigned, else the latest any of them cosigned; undefined: none.
   */
  async latestCosigned(policy?: { witnesses: readonly string[]; quorum: number }): Promise<{ published: PublishedCheckpoint; cosignedBy: string[] } | undefined> {
    await this.refresh();
    let fallback: { published: PublishedCheckpoint; cosignedBy: string[] } | undefined;
    for (let i = this.cosignedSizes.length - 1; i >= 0; i--) {
      for (const published of [...(this.published.get(this.cosignedSizes[i]) ?? [])].reverse()) {
        const cosignedBy = distinctWitnesses(published.cosignatures.filter((c) => !policy || policy.witnesses.includes(c.organizationId)));
        if (cosignedBy.length === 0) continue;
        if (!policy || cosignedBy.length >= policy.quorum) return { published, cosignedBy };
        fallback ??= { published, cosignedBy };
      }
    }
    return fallback;
  }

  /** A collaborative's witness policy (its charter's), or null when the charter names none. */
  async policyOf(collaborativeId: string): Promise<{ witnesses: readonly string[]; quorum: number } | null> {
    const { state } = await this.states.load<CollaborativeState | null>('collaborative', collaborativeId);
    if (!state) throw problem(404, 'not-found', 'not found', `there is no collaborative ${collaborativeId}`, { code: 'collaborative_not_found' });
    return state.witnessPolicy ?? null;
  }

  /** The charter's witnesses with their keys (vkeys: what a verifier lists); null when the charter names none. */
  async witnessesOf(collaborativeId: string): Promise<WitnessList | null> {
    const policy = await this.policyOf(collaborativeId);
    if (!policy) return null;
    const witnesses = [];
    for (const organizationId of policy.witnesses) {
      const { state } = await this.states.load<OrganizationState | null>('organization', organizationId);
      const keys = [...(state?.witnessKeys.values() ?? [])].map((k) => ({
        name: k.name,
        keyId: k.keyId,
        vkey: formatVerifierKey(k.name, SIGNATURE_TYPE.cosignatureV1, Buffer.from(k.publicKey, 'base64')),
        revoked: k.revoked,
      }));
      witnesses.push({ organizationId, keys });
    }
    return { collaborativeId, quorum: policy.quorum, witnesses };
  }

  /** The checkpoint document with its cosignatures: the note carries one signature line each (C2SP signed note). */
  document(published: PublishedCheckpoint): CosignedCheckpointDocument {
    const lines = published.cosignatures.map((c) => c.cosignature);
    return {
      ...checkpointDocument(published.checkpoint),
      note: formatCosignedCheckpointNote(published.checkpoint, lines),
      cosignatures: lines,
      cosignedBy: published.cosignatures.map((c) => ({ organizationId: c.organizationId, name: c.witness.name, keyId: c.witness.keyId, cosignedAt: c.cosignedAt })),
    };
  }

  /** The ledger-signed checkpoint the witness says it cosigned (the body's `checkpoint`): well-formed, of this size, signed by this ledger. */
  private readOffered(text: string, treeSize: number): SignedCheckpoint {
    let offered: SignedCheckpoint;
    try {
      offered = parseCheckpoint(text);
    } catch (error) {
      if (error instanceof CheckpointError) throw invalid('invalid_checkpoint', `checkpoint: ${error.message}`, 'body.checkpoint');
      throw error;
    }
    if (offered.treeSize !== treeSize) throw invalid('tree_size_mismatch', `checkpoint: its tree size is ${offered.treeSize}, the path's ${treeSize}`, 'body.checkpoint');
    const key = this.checkpoints.publicKey();
    try {
      checkCheckpointSignature(offered, this.checkpoints.verificationKey, { origin: key.origin });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      throw problem(422, 'unprocessable', 'rule violated', `the checkpoint cosigned is not signed by this ledger (origin ${key.origin}, key ${key.keyId}): ${error.message}`, {
        code: 'not_the_ledgers_checkpoint',
      });
    }
    return offered;
  }

  private async at(treeSize: number): Promise<PublishedCheckpoint[] | undefined> {
    await this.refresh();
    return this.published.get(treeSize);
  }

  /** Reads the checkpoints' stream from the last revision seen (one read at a time). */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        for (;;) {
          const events = await this.store.readStream(CHECKPOINT_STREAM, { fromRevision: this.revision + 1, maxCount: 1000 });
          this.apply(events);
          if (events.length < 1000) return;
        }
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private apply(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.streamRevision <= this.revision) continue;
      this.revision = event.streamRevision;
      if (event.type === CHECKPOINT_EVENT) {
        let checkpoint: SignedCheckpoint;
        try {
          checkpoint = parseCheckpoint(JSON.stringify(event.data));
        } catch (error) {
          // Not a checkpoint anyone could cosign (the log's own verification names such an event).
          if (error instanceof CheckpointError) continue;
          throw error;
        }
        const list = this.published.get(checkpoint.treeSize) ?? [];
        list.push({ checkpoint, position: event.position, cosignatures: [] });
        this.published.set(checkpoint.treeSize, list);
      } else if (event.type === COSIGNATURE_EVENT) {
        const record = event.data as CosignatureRecord;
        const target = this.published.get(record.treeSize)?.find((c) => c.checkpoint.timestamp === record.checkpointTimestamp);
        if (!target) continue;
        target.cosignatures.push(record);
        if (target.cosignatures.length === 1 && !this.cosignedSizes.includes(record.treeSize)) {
          this.cosignedSizes.push(record.treeSize);
          this.cosignedSizes.sort((a, b) => a - b);
        }
      }
    }
  }
}

function invalid(code: string, message: string, path: string) {
  return problem(400, 'validation', 'invalid input', message, { code, errors: [{ path, message }] });
}

/**
 * The organizations that cosigned, each signature counted once: an organization that registered
 * another's witness public key under its own name and re-posted its lines (the signature does not
 * cover the key name) adds nothing to a quorum — as ledger verify and the dashboard count them.
 */
export function distinctWitnesses(cosignatures: readonly CosignatureRecord[]): string[] {
  const bySignature = new Map<string, string>();
  for (const c of cosignatures) {
    const signature = signatureOf(c.cosignature);
    if (!bySignature.has(signature)) bySignature.set(signature, c.organizationId);
  }
  return [...new Set(bySignature.values())];
}

/** A cosignature line's Ed25519 signature bytes (hex), whatever key name and key ID it is written under. */
function signatureOf(line: string): string {
  return parseCosignatureLine(line).signature.toString('hex');
}
