import type Database from 'better-sqlite3';
import { openPrivateDatabase, storeFault } from '@ledger/event-store';
import type { AttemptOutcome, DeliveryRow, NewDelivery, NotificationStore, ReminderRow } from './notification-store.port';

/** The notifications' tables in an SQLite file (the embedded ledger's own database file). */
export class SqliteNotificationStore implements NotificationStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly enqueue: (deliveries: readonly NewDelivery[], name: string, position: number, at: string) => void;

  constructor(filename: string) {
    this.db = openPrivateDatabase(filename);
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS subscriber_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS reminder_sends (
        day TEXT NOT NULL, organization_id TEXT NOT NULL, contact_id TEXT NOT NULL, status TEXT NOT NULL,
        attempts INTEGER NOT NULL, last_error TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (day, organization_id, contact_id));
      CREATE TABLE IF NOT EXISTS webhook_secrets (webhook_id TEXT PRIMARY KEY, sealed TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS webhook_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT, webhook_id TEXT NOT NULL, organization_id TEXT NOT NULL, position INTEGER NOT NULL,
        event_id TEXT NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL, last_attempt_at TEXT, last_status_code INTEGER, last_error TEXT, delivered_at TEXT,
        created_at TEXT NOT NULL, UNIQUE (webhook_id, position));
      CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries (status, webhook_id, id);
    `);
    this.statements = {
      claim: this.db.prepare(
        `INSERT INTO reminder_sends (day, organization_id, contact_id, status, attempts, updated_at) VALUES (?, ?, ?, 'sending', 1, ?)
         ON CONFLICT (day, organization_id, contact_id) DO UPDATE SET status = 'sending', attempts = attempts + 1, updated_at = excluded.updated_at
         WHERE reminder_sends.status = 'failed'`,
      ),
      mark: this.db.prepare('UPDATE reminder_sends SET status = ?, last_error = ?, updated_at = ? WHERE day = ? AND organization_id = ? AND contact_id = ?'),
      reminders: this.db.prepare('SELECT * FROM reminder_sends WHERE day = ? ORDER BY organization_id, contact_id'),
      saveSecret: this.db.prepare('INSERT INTO webhook_secrets (webhook_id, sealed, created_at) VALUES (?, ?, ?)'),
      secret: this.db.prepare('SELECT sealed FROM webhook_secrets WHERE webhook_id = ?'),
      insert: this.db.prepare(
        `INSERT INTO webhook_deliveries (webhook_id, organization_id, position, event_id, event_type, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?) ON CONFLICT (webhook_id, position) DO NOTHING`,
      ),
      getCheckpoint: this.db.prepare('SELECT position FROM subscriber_checkpoints WHERE name = ?'),
      checkpoint: this.db.prepare(
        'INSERT INTO subscriber_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
      due: this.db.prepare(
        `SELECT d.* FROM webhook_deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at <= ?
           AND d.id = (SELECT MIN(id) FROM webhook_deliveries WHERE webhook_id = d.webhook_id AND status = 'pending')
         ORDER BY d.id LIMIT ?`,
      ),
      attempt: this.db.prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ?, last_status_code = ?, last_error = ?,
           status = CASE WHEN ? = 1 THEN 'delivered' ELSE status END, delivered_at = CASE WHEN ? = 1 THEN ? ELSE delivered_at END,
           next_attempt_at = ? WHERE id = ? AND status = 'pending'`,
      ),
      cancelOne: this.db.prepare(`UPDATE webhook_deliveries SET status = 'cancelled', last_error = ?, last_attempt_at = COALESCE(last_attempt_at, ?) WHERE webhook_id = ? AND id = ? AND status = 'pending'`),
      cancelAll: this.db.prepare(`UPDATE webhook_deliveries SET status = 'cancelled', last_error = ?, last_attempt_at = COALESCE(last_attempt_at, ?) WHERE webhook_id = ? AND status = 'pending'`),
      deliveries: this.db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?'),
      pending: this.db.prepare(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'`),
    };
    this.enqueue = this.db.transaction((deliveries: readonly NewDelivery[], name: string, position: number, at: string) => {
      for (const d of deliveries) this.statements.insert.run(d.webhookId, d.organizationId, d.position, d.eventId, d.eventType, at);
      this.statements.checkpoint.run(name, position);
    });
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeFault(error) ?? error;
    }
  }

  async claimReminder(day: string, organizationId: string, contactId: string, at: string): Promise<boolean> {
    return this.run(() => this.statements.claim.run(day, organizationId, contactId, at).changes === 1);
  }

  async markReminder(day: string, organizationId: string, contactId: string, status: 'sent' | 'failed', error: string | null, at: string): Promise<void> {
    this.run(() => this.statements.mark.run(status, error, at, day, organizationId, contactId));
  }

  async reminders(day: string): Promise<ReminderRow[]> {
    return (this.statements.reminders.all(day) as Array<Record<string, unknown>>).map(reminderRow);
  }

  async saveWebhookSecret(webhookId: string, sealed: string, at: string): Promise<void> {
    this.run(() => this.statements.saveSecret.run(webhookId, sealed, at));
  }

  async webhookSecret(webhookId: string): Promise<string | null> {
    return (this.statements.secret.get(webhookId) as { sealed: string } | undefined)?.sealed ?? null;
  }

  async checkpoint(name: string): Promise<number> {
    return Number((this.statements.getCheckpoint.get(name) as { position: number } | undefined)?.position ?? 0);
  }

  async enqueueDeliveries(deliveries: readonly NewDelivery[], name: string, position: number, at: string): Promise<void> {
    this.run(() => this.enqueue(deliveries, name, position, at));
  }

  async dueDeliveries(now: number, limit: number): Promise<DeliveryRow[]> {
    return (this.statements.due.all(now, limit) as Array<Record<string, unknown>>).map(deliveryRow);
  }

  async recordAttempt(id: number, outcome: AttemptOutcome): Promise<void> {
    const delivered = outcome.delivered ? 1 : 0;
    this.run(() => this.statements.attempt.run(outcome.at, outcome.statusCode, outcome.error, delivered, delivered, outcome.at, outcome.nextAttemptAt, id));
  }

  async cancelDeliveries(webhookId: string, id: number | null, reason: string, at: string): Promise<number> {
    return this.run(() => (id === null ? this.statements.cancelAll.run(reason, at, webhookId) : this.statements.cancelOne.run(reason, at, webhookId, id)).changes);
  }

  async deliveries(webhookId: string, limit: number, before = Number.MAX_SAFE_INTEGER): Promise<DeliveryRow[]> {
    return (this.statements.deliveries.all(webhookId, before, limit) as Array<Record<string, unknown>>).map(deliveryRow);
  }

  async pendingDeliveries(): Promise<number> {
    return Number((this.statements.pending.get() as { n: number }).n);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value));

export function reminderRow(row: Record<string, unknown>): ReminderRow {
  return {
    day: String(row.day),
    organizationId: String(row.organization_id),
    contactId: String(row.contact_id),
    status: row.status as ReminderRow['status'],
    attempts: Number(row.attempts),
    lastError: text(row.last_error),
    updatedAt: String(text(row.updated_at)),
  };
}

export function deliveryRow(row: Record<string, unknown>): DeliveryRow {
  return {
    id: Number(row.id),
    webhookId: String(row.webhook_id),
    organizationId: String(row.organization_id),
    position: Number(row.position),
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    status: row.status as DeliveryRow['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastAttemptAt: text(row.last_attempt_at),
    lastStatusCode: row.last_status_code === null || row.last_status_code === undefined ? null : Number(row.last_status_code),
    lastError: text(row.last_error),
    deliveredAt: text(row.delivered_at),
    createdAt: String(text(row.created_at)),
  };
}
