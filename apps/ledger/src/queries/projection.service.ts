import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { Projector, type ProjectionStatus, type ReadModelStorage } from '@ledger/projections';
import { EVENT_STORE } from '../infrastructure/tokens';
import { READ_MODELS } from './tokens';

/**
 * Keeps the read models current: the projector follows the log from the read models' checkpoint
 * from start-up to shutdown, and retries by itself after a failure (with growing waits).
 */
@Injectable()
export class ProjectionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  readonly projector: Projector;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly storage: ReadModelStorage,
  ) {
    this.projector = new Projector(store, storage, {
      onError: (error) => this.logger.error(`projection failed, retrying: ${(error as Error)?.stack ?? error}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.projector.start();
  }

  /** Before the store closes (onApplicationShutdown): finish the batch in flight, then stop. */
  async onModuleDestroy(): Promise<void> {
    await this.projector.stop();
    // Closes only a connection of the read models' own (KurrentDB deployments); a shared one stays.
    await this.storage.close();
  }

  status(): Promise<ProjectionStatus & { readModels: string }> {
    return this.projector.status().then((status) => ({ ...status, readModels: this.storage.location }));
  }
}
