import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore, StoreHealth } from '@ledger/event-store';
import { saveHead } from '../infrastructure/store-history';
import { EVENT_STORE, LEDGER_CONFIG } from '../infrastructure/tokens';

/** How often the store is looked at when nobody asks /health, and the head saved at most. */
const CHECK_INTERVAL_MS = 5_000;

/**
 * Looks at the store every few seconds and on every /health: a change of its state is logged (a
 * store that became unavailable, and why; one that is back), and while it is up the head of the log
 * is saved in the data folder, the evidence that keeps a restart from beginning a new history on
 * an emptied store (store-history.ts).
 */
@Injectable()
export class StoreWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Store');
  private timer: NodeJS.Timeout | null = null;
  private lastProblem: string | null = null;
  private savedPosition = -1;
  private savedAt = 0;
  private saveFailed = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** Before the store closes (onApplicationShutdown): the head as it is left. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.savedAt = 0;
    await this.check();
  }

  async check(): Promise<StoreHealth> {
    const health = await this.store.health();
    const problem = health.status === 'up' ? null : (health.detail ?? 'down');
    if (problem !== this.lastProblem) {
      if (problem) this.logger.error(`the store is unavailable: ${problem}. Commands are answered 503 until it is back.`);
      else this.logger.log('the store is available again');
      this.lastProblem = problem;
    }
    const moved = health.headPosition !== undefined && health.headPosition > 0 && health.headPosition !== this.savedPosition;
    if (problem === null && moved && Date.now() - this.savedAt >= CHECK_INTERVAL_MS) await this.saveHead();
    return health;
  }

  private async saveHead(): Promise<void> {
    try {
      const head = await this.store.head();
      this.savedAt = Date.now();
      saveHead(this.config.dataDir, head);
      this.savedPosition = head.position;
      this.saveFailed = false;
    } catch (error) {
      // Said once, not every few seconds; the store itself is fine.
      if (!this.saveFailed) this.logger.warn(`could not save the head of the log in the data folder: ${(error as Error).message}`);
      this.saveFailed = true;
    }
  }
}
