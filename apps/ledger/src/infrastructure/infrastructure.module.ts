import { type DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import { systemClock, type Clock, type EventStore } from '@ledger/event-store';
import { openSupportStore, type SupportStore } from '@ledger/support-store';
import { instrumentStore } from '../operations/instrumented-store';
import { LedgerMetrics } from '../operations/metrics';
import { openEventStoreKeepingHistory } from './store-history';
import { EVENT_STORE, LEDGER_CLOCK, LEDGER_CONFIG, SUPPORT_STORE } from './tokens';

export interface InfrastructureOptions {
  /** Only `ledger demo` passes one (a simulated clock); the server runs on the system clock. */
  clock?: Clock;
}

/**
 * The configuration and the event store, shared by every module of the app. The store is opened
 * once at start-up; a store that cannot be opened, or an empty one where the data folder shows a
 * history existed (store-history.ts), stops the start with its own message.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  static forRoot(options: InfrastructureOptions = {}): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: LEDGER_CONFIG, useFactory: (): LedgerConfig => loadConfig() },
        { provide: LEDGER_CLOCK, useValue: options.clock ?? systemClock },
        { provide: LedgerMetrics, useFactory: () => new LedgerMetrics() },
        {
          provide: EVENT_STORE,
          inject: [LEDGER_CONFIG, LedgerMetrics],
          // Every call timed (and traced when tracing is on): operations/instrumented-store.ts.
          useFactory: async (config: LedgerConfig, metrics: LedgerMetrics): Promise<EventStore> =>
            instrumentStore(await openEventStoreKeepingHistory(config, { clock: options.clock }), metrics),
        },
        {
          provide: SUPPORT_STORE,
          inject: [LEDGER_CONFIG, EVENT_STORE],
          // After the store, so its migrations have run before the support tables are created beside them.
          useFactory: (config: LedgerConfig): Promise<SupportStore> => openSupportStore(config),
        },
      ],
      exports: [LEDGER_CONFIG, LEDGER_CLOCK, EVENT_STORE, SUPPORT_STORE, LedgerMetrics],
    };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUPPORT_STORE) private readonly support: SupportStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.support.close();
    await this.store.close();
  }
}
