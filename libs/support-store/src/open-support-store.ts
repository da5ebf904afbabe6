import { join } from 'node:path';
import type { LedgerConfig } from '@ledger/config';
import type { NotificationStore } from './notification-store.port';
import { PostgresNotificationStore } from './postgres-notification-store';
import { PostgresSupportStore } from './postgres-support-store';
import { SqliteNotificationStore } from './sqlite-notification-store';
import { SqliteSupportStore } from './sqlite-support-store';
import type { SupportStore } from './support-store.port';

/** The support tables live with the events: in PostgreSQL for postgres, else in the data folder. */
export async function openSupportStore(config: LedgerConfig): Promise<SupportStore> {
  switch (config.store) {
    case 'postgres':
      return PostgresSupportStore.open(config.postgresUrl, config.postgresSchema);
    case 'sqlite':
      return new SqliteSupportStore(config.sqliteFile);
    default:
      // KurrentDB keeps only events; the small tables stay in a local file.
      return new SqliteSupportStore(join(config.dataDir, 'support.sqlite'));
  }
}

/** The notifications' tables (reminders sent, webhook secrets and outbox), where the support tables are. */
export async function openNotificationStore(config: LedgerConfig): Promise<NotificationStore> {
  switch (config.store) {
    case 'postgres':
      return PostgresNotificationStore.open(config.postgresUrl, config.postgresSchema);
    case 'sqlite':
      return new SqliteNotificationStore(config.sqliteFile);
    default:
      return new SqliteNotificationStore(join(config.dataDir, 'support.sqlite'));
  }
}
