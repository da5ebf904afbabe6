import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import type { LedgerConfig } from '@ledger/config';
import { newEventId, type EventStore } from '@ledger/event-store';
import {
  checkpointDocument,
  CheckpointSigner,
  loadOrCreateSigningKey,
  publicKeyPem,
  publicKeyRaw,
  toHex,
  type CheckpointDocument,
} from '@ledger/integrity';
import type { LeaderOnly } from '../cluster/leadership.service';
import { EVENT_STORE, LEDGER_CLOCK, LEDGER_CONFIG } from '../infrastructure/tokens';
import type { Clock } from '@ledger/event-store';
import { MerkleLog } from './merkle-log.service';

import { CHECKPOINT_EVENT, CHECKPOINT_STREAM } from './checkpoint-stream';

export { CHECKPOINT_EVENT, CHECKPOINT_STREAM } from './checkpoint-stream';

/**
 * Signed tree heads: on request (GET /ledger/checkpoint), and every LEDGER_CHECKPOINT_INTERVAL_S
 * appended to the log itself as a CheckpointSigned event, so member organizations receive them on
 * Kafka and the event stream and can keep them to hold the ledger to its history later. Every server
 * signs on request with the same key (LEDGER_SIGNING_KEY_FILE); only the leader appends them.
 */
@Injectable()
export class Checkpoints implements LeaderOnly, OnApplicationShutdown {
  readonly leaderOnlyName = 'checkpoint signer';
  private readonly logger = new Logger('Checkpoints');
  private readonly signer: CheckpointSigner;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
    private readonly log: MerkleLog,
  ) {
    const key = loadOrCreateSigningKey({ dataDir: config.dataDir, file: config.signingKeyFile });
    if (key.warning) this.logger.warn(key.warning);
    if (key.created) this.logger.log(`created the ledger's checkpoint-signing key in ${key.file}`);
    this.signer = new CheckpointSigner(key.privateKey, key.publicKey);
  }

  startLeading(): void {
    const seconds = this.config.checkpointIntervalSeconds;
    if (seconds > 0 && this.timer === null) {
      this.timer = setInterval(() => void this.publish().catch((error) => this.logger.warn(`checkpoint not appended: ${(error as Error).message}`)), seconds * 1000);
      this.timer.unref();
    }
  }

  /** The ledger's checkpoint key, to check a checkpoint someone says the ledger signed. */
  get verificationKey(): KeyObject {
    return this.signer.publicKey;
  }

  /** The ledger's public key, for auditors and members to check checkpoints with. */
  publicKey(): { origin: string; keyId: string; publicKey: string; pem: string } {
    return {
      origin: this.signer.origin,
      keyId: this.signer.keyId,
      publicKey: publicKeyRaw(this.signer.publicKey).toString('base64'),
      pem: publicKeyPem(this.signer.publicKey),
    };
  }

  /** A signed checkpoint of the log as it is now (or of an earlier size). */
  async sign(treeSize?: number): Promise<CheckpointDocument> {
    const tree = await this.log.current();
    const size = treeSize ?? tree.size;
    return checkpointDocument(this.signer.sign({ treeSize: size, rootHash: toHex(tree.root(size)) }, this.clock()));
  }

  /**
   * Appends a checkpoint of the current log, unless nothing but the ledger's own stream (checkpoints
   * and witnesses' cosignatures of them) was appended since the last: cosignatures are covered by
   * the next checkpoint the log's records call for, so witnessing never feeds itself.
   */
  async publish(): Promise<CheckpointDocument | null> {
    const tree = await this.log.current();
    if (tree.size === 0 || !this.log.recordsSinceCheckpoint) return null;
    const checkpoint = await this.sign(tree.size);
    await this.store.append(CHECKPOINT_STREAM, [
      {
        eventId: newEventId(),
        type: CHECKPOINT_EVENT,
        schemaVersion: 1,
        data: checkpoint,
        actor: { type: 'ledger' },
        correlationId: newEventId(),
        causationId: null,
      },
    ]);
    return checkpoint;
  }

  stopLeading(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  onApplicationShutdown(): void {
    this.stopLeading();
  }
}
