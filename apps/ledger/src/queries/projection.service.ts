import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { Projector, type ProjectionStatus, type ReadModelStorage } from '@ledger/projections';
import type { LeaderOnly } from '../cluster/leadership.service';
import { EVENT_STORE } from '../infrastructure/tokens';
import { StoredCheckpointWatch } from './stored-checkpoint-watch';
import { READ_MODELS } from './tokens';

/**
 * Keeps the read models current: on the leader (cluster/leadership.service.ts) the projector follows
 * the log from the read models' checkpoint, and retries by itself after a failure (with growing
 * waits). Every server answers queries from the same read models; `catchUp` waits for them to hold a
 * caller's own writes, whichever server projects.
 */
@Injectable()
export class ProjectionService implements LeaderOnly, OnModuleDestroy {
  readonly leaderOnlyName = 'projector';
  private readonly logger = new Logger('Projections');
  readonly projector: Projector;
  private readonly stored: StoredCheckpointWatch;
  private leading = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly storage: ReadModelStorage,
  ) {
    this.projector = new Projector(store, storage, {
      onError: (error) => this.logger.error(`projection failed, retrying: ${(error as Error)?.stack ?? error}`),
    });
    this.stored = new StoredCheckpointWatch(storage);
  }

  async startLeading(): Promise<void> {
    this.leading = true;
    await this.projector.start();
  }

  async stopLeading(): Promise<void> {
    this.leading = false;
    await this.projector.stop();
  }

  /** Before the store closes (onApplicationShutdown): finish the batch in flight, then stop. */
  async onModuleDestroy(): Promise<void> {
    await this.stopLeading();
    this.stored.close();
    // Closes only a connection of the read models' own (KurrentDB deployments); a shared one stays.
    await this.storage.close();
  }

  /**
   * Waits, at most `timeoutMs`, until the read models hold every event appended before the call.
   * `known`: the checkpoint the caller already read. Answers whether it may have moved since (read
   * it again). The projector of this server is asked directly; on a server that does not project,
   * the checkpoint the leader's projector commits with each batch is watched in the database.
   */
  async catchUp(timeoutMs: number, known: number): Promise<boolean> {
    const head = (await this.store.head()).position;
    if (known >= head) return false;
    if (this.leading) await this.projector.catchUp(timeoutMs);
    else await this.stored.reach(head, timeoutMs);
    return true;
  }

  status(): Promise<ProjectionStatus & { readModels: string; projectsHere: boolean }> {
    return this.projector.status().then((status) => ({
      ...status,
      // A follower's projector is stopped by design: the leader's runs (its lag is the one shown).
      projectsHere: this.leading,
      readModels: this.storage.location,
    }));
  }
}
