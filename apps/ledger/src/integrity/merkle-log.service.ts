import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, Subscription } from '@ledger/event-store';
import { MerkleTree } from '@ledger/integrity';
import { EVENT_STORE } from '../infrastructure/tokens';
import { CHECKPOINT_EVENT, CHECKPOINT_STREAM } from './checkpoint-stream';

/**
 * The RFC 6962 Merkle tree over every event's hash, in position order, kept in memory and current
 * by a catch-up subscription (rebuilt from the log at start: about 1.5 s per million events).
 * Also maps event ids to positions, for inclusion proofs by event id.
 */
@Injectable()
export class MerkleLog implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly tree = new MerkleTree();
  private readonly positions = new Map<string, number>();
  private subscription: Subscription | null = null;
  /**
   * Whether an event other than the ledger's own (checkpoints, cosignatures) was appended since the
   * last checkpoint: only then is a new checkpoint appended.
   */
  recordsSinceCheckpoint = false;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    this.subscription = this.store.subscribe(
      (events) => {
        for (const event of events) {
          this.tree.appendHex(event.hash);
          this.positions.set(event.eventId, event.position);
          if (event.streamId !== CHECKPOINT_STREAM) this.recordsSinceCheckpoint = true;
          else if (event.type === CHECKPOINT_EVENT) this.recordsSinceCheckpoint = false;
        }
      },
      { after: 0, batchSize: 5000 },
    );
  }

  /** Resolves once the tree holds every event durable when called. */
  async current(): Promise<MerkleTree> {
    await this.subscription?.caughtUp();
    return this.tree;
  }

  positionOf(eventId: string): number | undefined {
    return this.positions.get(eventId.toLowerCase()) ?? this.positions.get(eventId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
