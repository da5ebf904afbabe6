import { Pool, type QueryResult } from 'pg';
import { storeFault } from '@ledger/event-store';
import type { AttemptOutcome, DeliveryRow, NewDelivery, NotificationStore, ReminderRow } from './notification-store.port';
import { deliveryRow, reminderRow } from './sqlite-notification-store';

/** The notifications' tables in PostgreSQL, beside the events (schema `ledger` by default). */
export class PostgresNotificationStore implements NotificationStore {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(connectionString: string, schema = 'ledger'): Promise<PostgresNotificationStore> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const pool = new Pool({ connectionString, max: 3 });
    pool.on('error', () => undefined);
    const store = new PostgresNotificationStore(pool, schema);
    // CREATE ... IF NOT EXISTS races with itself (two servers starting at once): one at a time.
    await store.query(`
      BEGIN;
      SELECT pg_advisory_xact_lock(hashtext('${schema}.notification-tables'));
      CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.subscriber_checkpoints (name text PRIMARY KEY, position bigint NOT NULL);
      CREATE TABLE IF NOT EXISTS ${schema}.reminder_sends (
        day text NOT NULL, organization_id text NOT NULL, contact_id text NOT NULL, status text NOT NULL,
        attempts int NOT NULL, last_error text, updated_at text NOT NULL, PRIMARY KEY (day, organization_id, contact_id));
      CREATE TABLE IF NOT EXISTS ${schema}.webhook_secrets (webhook_id text PRIMARY KEY, sealed text NOT NULL, created_at text NOT NULL);
      CREATE TABLE IF NOT EXISTS ${schema}.webhook_deliveries (
        id bigserial PRIMARY KEY, webhook_id text NOT NULL, organization_id text NOT NULL, position bigint NOT NULL,
        event_id text NOT NULL, event_type text NOT NULL, status text NOT NULL, attempts int NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL, last_attempt_at text, last_status_code int, last_error text, delivered_at text,
        created_at text NOT NULL, UNIQUE (webhook_id, position));
      CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON ${schema}.webhook_deliveries (status, webhook_id, id);
      COMMIT;`).catch(async (error) => {
      await pool.end().catch(() => undefined);
      throw error;
    });
    return store;
  }

  private async query(sql: string, params?: unknown[]): Promise<QueryResult> {
    try {
      return await this.pool.query(sql, params);
    } catch (error) {
      throw storeFault(error) ?? error;
    }
  }

  async claimReminder(day: string, organizationId: string, contactId: string, at: string): Promise<boolean> {
    const result = await this.query(
      `INSERT INTO ${this.schema}.reminder_sends (day, organization_id, contact_id, status, attempts, updated_at) VALUES ($1, $2, $3, 'sending', 1, $4)
       ON CONFLICT (day, organization_id, contact_id) DO UPDATE SET status = 'sending', attempts = reminder_sends.attempts + 1, updated_at = excluded.updated_at
       WHERE reminder_sends.status = 'failed'`,
      [day, organizationId, contactId, at],
    );
    return result.rowCount === 1;
  }

  async markReminder(day: string, organizationId: string, contactId: string, status: 'sent' | 'failed', error: string | null, at: string): Promise<void> {
    await this.query(`UPDATE ${this.schema}.reminder_sends SET status = $1, last_error = $2, updated_at = $3 WHERE day = $4 AND organization_id = $5 AND contact_id = $6`, [
      status,
      error,
      at,
      day,
      organizationId,
      contactId,
    ]);
  }

  async reminders(day: string): Promise<ReminderRow[]> {
    const { rows } = await this.query(`SELECT * FROM ${this.schema}.reminder_sends WHERE day = $1 ORDER BY organization_id, contact_id`, [day]);
    return rows.map(reminderRow);
  }

  async saveWebhookSecret(webhookId: string, sealed: string, at: string): Promise<void> {
    await this.query(`INSERT INTO ${this.schema}.webhook_secrets (webhook_id, sealed, created_at) VALUES ($1, $2, $3)`, [webhookId, sealed, at]);
  }

  async webhookSecret(webhookId: string): Promise<string | null> {
    const { rows } = await this.query(`SELECT sealed FROM ${this.schema}.webhook_secrets WHERE webhook_id = $1`, [webhookId]);
    return rows.length ? String(rows[0].sealed) : null;
  }

  async checkpoint(name: string): Promise<number> {
    const { rows } = await this.query(`SELECT position FROM ${this.schema}.subscriber_checkpoints WHERE name = $1`, [name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  async enqueueDeliveries(deliveries: readonly NewDelivery[], name: string, position: number, at: string): Promise<void> {
    let client;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeFault(error) ?? error;
    }
    try {
      await client.query('BEGIN');
      if (deliveries.length > 0) {
        await client.query(
          `INSERT INTO ${this.schema}.webhook_deliveries (webhook_id, organization_id, position, event_id, event_type, status, next_attempt_at, created_at)
           SELECT w, o, p, e, t, 'pending', 0, $6 FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS x(w, o, p, e, t)
           ON CONFLICT (webhook_id, position) DO NOTHING`,
          [deliveries.map((d) => d.webhookId), deliveries.map((d) => d.organizationId), deliveries.map((d) => d.position), deliveries.map((d) => d.eventId), deliveries.map((d) => d.eventType), at],
        );
      }
      await client.query(
        `INSERT INTO ${this.schema}.subscriber_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
        [name, position],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw storeFault(error) ?? error;
    } finally {
      client.release();
    }
  }

  async dueDeliveries(now: number, limit: number): Promise<DeliveryRow[]> {
    const { rows } = await this.query(
      `SELECT d.* FROM ${this.schema}.webhook_deliveries d
       WHERE d.status = 'pending' AND d.next_attempt_at <= $1
         AND d.id = (SELECT MIN(id) FROM ${this.schema}.webhook_deliveries WHERE webhook_id = d.webhook_id AND status = 'pending')
       ORDER BY d.id LIMIT $2`,
      [now, limit],
    );
    return rows.map(deliveryRow);
  }

  async recordAttempt(id: number, outcome: AttemptOutcome): Promise<void> {
    await this.query(
      `UPDATE ${this.schema}.webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $1, last_status_code = $2, last_error = $3,
         status = CASE WHEN $4 THEN 'delivered' ELSE status END, delivered_at = CASE WHEN $4 THEN $1 ELSE delivered_at END,
         next_attempt_at = $5 WHERE id = $6 AND status = 'pending'`,
      [outcome.at, outcome.statusCode, outcome.error, outcome.delivered, outcome.nextAttemptAt, id],
    );
  }

  async cancelDeliveries(webhookId: string, id: number | null, reason: string, at: string): Promise<number> {
    const result = await this.query(
      `UPDATE ${this.schema}.webhook_deliveries SET status = 'cancelled', last_error = $1, last_attempt_at = COALESCE(last_attempt_at, $2)
       WHERE webhook_id = $3 AND status = 'pending' AND ($4::bigint IS NULL OR id = $4)`,
      [reason, at, webhookId, id],
    );
    return result.rowCount ?? 0;
  }

  async deliveries(webhookId: string, limit: number, before = Number.MAX_SAFE_INTEGER): Promise<DeliveryRow[]> {
    const { rows } = await this.query(`SELECT * FROM ${this.schema}.webhook_deliveries WHERE webhook_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, [webhookId, before, limit]);
    return rows.map(deliveryRow);
  }

  async pendingDeliveries(): Promise<number> {
    const { rows } = await this.query(`SELECT COUNT(*) AS n FROM ${this.schema}.webhook_deliveries WHERE status = 'pending'`);
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
