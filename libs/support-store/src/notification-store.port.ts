/**
 * What the ledger's notifications keep beside the log, in the same database as the events where
 * there is one, so that nothing is sent twice and nothing is lost across a restart or a crash:
 *
 * - reminders: one row per (UTC day, organization, contact) — claimed before the message is sent,
 *   then marked sent or failed (a failed one is claimed again by a later run of the same day);
 * - webhooks: each subscription's secret, sealed (AES-256-GCM, by the ledger, before it is given
 *   here), and the outbox of deliveries — one row per (webhook, event), written in the same
 *   transaction as the checkpoint of the log the outbox was filled up to, then marked delivered,
 *   retried or cancelled.
 */
export type ReminderStatus = 'sending' | 'sent' | 'failed';

export interface ReminderRow {
  day: string;
  organizationId: string;
  contactId: string;
  status: ReminderStatus;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'cancelled';

export interface NewDelivery {
  webhookId: string;
  organizationId: string;
  position: number;
  eventId: string;
  eventType: string;
}

export interface DeliveryRow extends NewDelivery {
  /** The outbox's own order: deliveries of one webhook go out in this order (the log's). */
  id: number;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch ms of the next attempt (pending ones). */
  nextAttemptAt: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AttemptOutcome {
  at: string;
  /** The receiver's HTTP status, or null when none came (refused, timed out). */
  statusCode: number | null;
  error: string | null;
  /** 2xx: delivered; otherwise retried at `nextAttemptAt`. */
  delivered: boolean;
  nextAttemptAt: number;
}

export interface NotificationStore {
  /**
   * Claims the day's reminder to a contact: true when this run is to send it (never claimed, or its
   * last attempt failed); false when it was sent, or a send is under way or was cut short by a crash
   * (never sent twice: at most once per day).
   */
  claimReminder(day: string, organizationId: string, contactId: string, at: string): Promise<boolean>;
  markReminder(day: string, organizationId: string, contactId: string, status: 'sent' | 'failed', error: string | null, at: string): Promise<void>;
  reminders(day: string): Promise<ReminderRow[]>;

  saveWebhookSecret(webhookId: string, sealed: string, at: string): Promise<void>;
  webhookSecret(webhookId: string): Promise<string | null>;

  /** Where the outbox `name` was filled up to (0 at first). */
  checkpoint(name: string): Promise<number>;
  /** Adds deliveries and moves the outbox's checkpoint `name` to `position`, in one transaction. */
  enqueueDeliveries(deliveries: readonly NewDelivery[], name: string, position: number, at: string): Promise<void>;
  /** The first pending delivery of each webhook whose next attempt is due at `now` (epoch ms), oldest first. */
  dueDeliveries(now: number, limit: number): Promise<DeliveryRow[]>;
  recordAttempt(id: number, outcome: AttemptOutcome): Promise<void>;
  /** Cancels one pending delivery (or every pending one of the webhook when `id` is null). */
  cancelDeliveries(webhookId: string, id: number | null, reason: string, at: string): Promise<number>;
  /** A webhook's deliveries, newest first, before the outbox id `before` when given. */
  deliveries(webhookId: string, limit: number, before?: number): Promise<DeliveryRow[]>;
  /** Pending deliveries, all webhooks. */
  pendingDeliveries(): Promise<number>;
  close(): Promise<void>;
}
