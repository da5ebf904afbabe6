import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { openNotificationStore, type NotificationStore } from '@ledger/support-store';
import { EVENT_STORE, LEDGER_CONFIG, SUPPORT_STORE } from '../infrastructure/tokens';
import { QueriesModule } from '../queries/queries.module';
import { ContactsController } from './contacts.controller';
import { Reminders } from './reminders.service';
import { SecretSealer } from './secret-sealer';
import { NOTIFICATION_STORE } from './tokens';
import { WebhookDispatcher } from './webhooks.service';
import { WebhooksController } from './webhooks.controller';

/**
 * Notifications: contacts and daily e-mail reminders, webhooks and their outbox. The reminders and
 * the webhook deliveries run in every ledger process (one process per store, or — with several
 * servers on one PostgreSQL — under the singletons' lock when there is one: see the README).
 */
@Module({
  imports: [QueriesModule],
  controllers: [ContactsController, WebhooksController],
  providers: [
    {
      provide: NOTIFICATION_STORE,
      inject: [LEDGER_CONFIG, EVENT_STORE, SUPPORT_STORE],
      // After the event store and the support tables, so their migrations have run before these tables are made beside them.
      useFactory: (config: LedgerConfig): Promise<NotificationStore> => openNotificationStore(config),
    },
    { provide: SecretSealer, inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => SecretSealer.loadOrCreate(config.secretsKeyFile) },
    Reminders,
    WebhookDispatcher,
  ],
  exports: [Reminders, WebhookDispatcher],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(NOTIFICATION_STORE) private readonly store: NotificationStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
