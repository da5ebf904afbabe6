import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { LedgerConfig } from '@ledger/config';
import { recordOfStream, type Organization } from '@ledger/domain';
import type { Clock, EventStore, RecordedEvent } from '@ledger/event-store';
import type { DeliveryRow, NewDelivery, NotificationStore } from '@ledger/support-store';
import { AccessIndex } from '../access/access-index.service';
import { ReadPolicy } from '../access/read-policy';
import type { Principal } from '../commands/principal';
import { EVENT_STORE, LEDGER_CLOCK, LEDGER_CONFIG } from '../infrastructure/tokens';
import { SecretSealer } from './secret-sealer';
import { NOTIFICATION_STORE } from './tokens';
import { webhookUrlRefusal } from './webhook-url';

/** The outbox's checkpoint: the log is judged for webhooks up to this position. */
export const WEBHOOK_OUTBOX = 'webhook-outbox';
/** How often the deliverer looks for deliveries due (it is also woken when the outbox grows). */
const POLL_MS = 250;
/** Deliveries attempted at once (each to a different webhook: one at a time per webhook, in order). */
const PARALLEL = 8;
/** Events judged per outbox transaction. */
const ENQUEUE_BATCH = 1000;
/** Events owing no delivery move the outbox's checkpoint at least this often (positions, or ms). */
const CHECKPOINT_EVERY = 5000;
const CHECKPOINT_EVERY_MS = 10_000;

interface Subscription {
  webhookId: string;
  organizationId: string;
  url: string;
  types: ReadonlySet<string> | null;
  collaborativeId: string | null;
  /** The API key that subscribed: the webhook ends when it is revoked, like an event stream opened with it. */
  keyId: string | null;
  removed: boolean;
}

/** A new webhook's secret, Standard Webhooks' form: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Delay before the attempt after `attempts` failed ones: base × 2^(attempts − 1), capped. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
}

/**
 * Webhook deliveries (LEDGER.md "Webhooks"), at least once, in log order per webhook, signed by the
 * Standard Webhooks scheme, of only what the subscriber may read.
 *
 * Judging: the dispatcher follows the access index (index.follow), so it sees every event right
 * after the index applied it — rights as they stood at that event, like an event stream. An event
 * goes to each webhook whose organization may read it then (read-policy.ts, the same judgement as
 * GET /ledger/stream), whose types and collaborative it matches, while the webhook stands and the
 * API key that subscribed it is not revoked. The deliveries it owes are written to the outbox in
 * the same transaction as the outbox's checkpoint (WEBHOOK_OUTBOX), so a crash (SIGKILL) at any
 * moment loses none: after a restart the index replays the log, and events after the checkpoint
 * are judged again (the outbox holds each (webhook, event) once).
 *
 * Delivering: the oldest pending delivery of each webhook, when due, is POSTed to its URL; a 2xx
 * answer marks it delivered, anything else (or none within LEDGER_WEBHOOK_TIMEOUT_MS) schedules
 * the next attempt after an exponential backoff, and the webhook's later deliveries wait behind it.
 * Before each attempt the webhook must still stand with its key unrevoked, and its organization
 * still be allowed to read the event, or the delivery is cancelled (not sent): a departure or a key
 * revocation stops what was queued. A crash during an attempt leaves the delivery pending: it is
 * sent again (the same webhook-id, for the receiver to deduplicate).
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly judged: Array<{ position: number; deliveries: NewDelivery[] }> = [];
  private checkpoint = 0;
  /** The outbox checkpoint last written, and when. */
  private written = 0;
  private writtenAt = 0;
  private unfollow: (() => void) | null = null;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private delivering: Promise<void> | null = null;
  private stopped = false;
  private lastError: string | null = null;
  private delivered = 0;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATION_STORE) private readonly outbox: NotificationStore,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
    private readonly index: AccessIndex,
    private readonly policy: ReadPolicy,
    readonly sealer: SecretSealer,
  ) {}

  /** Before the index starts reading the log (onApplicationBootstrap): the dispatcher sees it from position 1. */
  async onModuleInit(): Promise<void> {
    this.checkpoint = await this.outbox.checkpoint(WEBHOOK_OUTBOX);
    this.written = this.checkpoint;
    this.writtenAt = Date.now();
    this.unfollow = this.index.follow((event) => this.observe(event));
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
  }

  /** The webhook as the log says now, for its organization's queries. */
  subscription(webhookId: string): Omit<Subscription, 'types'> & { types: string[] | null } | null {
    const sub = this.subscriptions.get(webhookId);
    return sub ? { ...sub, types: sub.types ? [...sub.types] : null } : null;
  }

  /** Webhooks standing now, of one organization or all. */
  list(organizationId?: string) {
    return [...this.subscriptions.values()]
      .filter((sub) => !sub.removed && (organizationId === undefined || sub.organizationId === organizationId))
      .map((sub) => ({
        id: sub.webhookId,
        organizationId: sub.organizationId,
        url: sub.url,
        types: sub.types ? [...sub.types] : null,
        collaborativeId: sub.collaborativeId,
        active: !(sub.keyId !== null && this.policy.isKeyRevoked(this.principalOf(sub))),
      }));
  }

  async status(): Promise<{ pending: number; delivered: number; lastError: string | null }> {
    return { pending: await this.outbox.pendingDeliveries(), delivered: this.delivered, lastError: this.lastError };
  }

  private principalOf(sub: Subscription): Principal {
    return { kind: 'organization', organizationId: sub.organizationId, ...(sub.keyId !== null && { keyId: sub.keyId }) };
  }

  /** Whether the webhook may receive the event now: standing, key in force, types, collaborative, read policy. */
  private accepts(sub: Subscription, event: Pick<RecordedEvent, 'streamId' | 'type'>): boolean {
    if (sub.removed || (sub.keyId !== null && this.policy.isKeyRevoked(this.principalOf(sub)))) return false;
    if (sub.types && !sub.types.has(event.type)) return false;
    if (sub.collaborativeId !== null && this.index.collaborativeOfStream(event.streamId) !== sub.collaborativeId) return false;
    return this.policy.canReadEvent(this.policy.scopeNow(this.principalOf(sub)), event.streamId, event.type);
  }

  /** Each event, right after the access index applied it (synchronously: rights as of this event). */
  private observe(event: RecordedEvent): void {
    if (recordOfStream(event.streamId) === 'organization') this.learn(event);
    if (event.position <= this.checkpoint) return;
    const deliveries: NewDelivery[] = [];
    for (const sub of this.subscriptions.values()) {
      if (this.accepts(sub, event)) {
        deliveries.push({ webhookId: sub.webhookId, organizationId: sub.organizationId, position: event.position, eventId: event.eventId, eventType: event.type });
      }
    }
    this.judged.push({ position: event.position, deliveries });
    this.checkpoint = event.position;
    if (this.judged.length >= ENQUEUE_BATCH || deliveries.length > 0) void this.flush();
    else setImmediate(() => void this.flush());
  }

  private learn(event: RecordedEvent): void {
    const data = event.data as Partial<Organization.WebhookSubscribed['data']>;
    if (event.type === 'WebhookSubscribed' && data.webhookId && data.organizationId && data.url) {
      const actor = event.actor as { keyId?: string };
      this.subscriptions.set(data.webhookId, {
        webhookId: data.webhookId,
        organizationId: data.organizationId,
        url: data.url,
        types: data.types ? new Set(data.types) : null,
        collaborativeId: data.collaborativeId ?? null,
        keyId: actor.keyId ?? null,
        removed: false,
      });
    } else if (event.type === 'WebhookRemoved' && data.webhookId) {
      const sub = this.subscriptions.get(data.webhookId);
      if (sub) sub.removed = true;
    }
  }

  /** Writes the judged events' deliveries and the checkpoint, one transaction per batch, in order. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    // .finally runs after this assignment even when drain() finds nothing to await.
    const flushing = this.drain().finally(() => {
      this.flushing = null;
      this.wake();
    });
    this.flushing = flushing;
    return flushing;
  }

  private async drain(): Promise<void> {
    while (this.judged.length > 0) {
      const batch = this.judged.splice(0, ENQUEUE_BATCH);
      const deliveries = batch.flatMap((b) => b.deliveries);
      const position = batch[batch.length - 1].position;
      // Events that owe nothing move the checkpoint only now and then (a restart judges them again,
      // owing nothing again): no write, and no fsync, for every command of a ledger without webhooks.
      if (deliveries.length === 0 && !this.stopped && position - this.written < CHECKPOINT_EVERY && Date.now() - this.writtenAt < CHECKPOINT_EVERY_MS) continue;
      try {
        await this.outbox.enqueueDeliveries(deliveries, WEBHOOK_OUTBOX, position, this.clock().toISOString());
        this.written = position;
        this.writtenAt = Date.now();
      } catch (error) {
        // The store refused: keep the batch, try again shortly (nothing is skipped).
        this.judged.unshift(...batch);
        this.lastError = `outbox: ${(error as Error)?.message ?? error}`;
        this.logger.warn(`webhook outbox not written, retrying: ${this.lastError}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        if (this.stopped) return;
      }
    }
  }

  private wake(): void {
    if (this.stopped || this.delivering) return;
    this.delivering = this.deliverDue()
      .catch((error) => {
        const message = (error as Error)?.message ?? String(error);
        // Said once per cause, not at every poll while the store is down.
        if (message !== this.lastError) this.logger.warn(`webhook deliveries paused: ${message}`);
        this.lastError = message;
      })
      .finally(() => {
        this.delivering = null;
      });
  }

  private async deliverDue(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const due = await this.outbox.dueDeliveries(this.clock().getTime(), PARALLEL);
      if (due.length === 0) return;
      await Promise.all(due.map((row) => this.attempt(row)));
    }
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const at = () => this.clock().toISOString();
    const sub = this.subscriptions.get(row.webhookId);
    const [event] = await this.store.readAll({ after: row.position - 1, limit: 1 });
    if (!sub || !event || !this.accepts(sub, event)) {
      const reason = !sub || sub.removed ? 'webhook removed' : sub.keyId !== null && this.policy.isKeyRevoked(this.principalOf(sub)) ? 'API key revoked' : 'no longer readable by the organization';
      await this.outbox.cancelDeliveries(row.webhookId, sub?.removed || reason === 'API key revoked' ? null : row.id, reason, at());
      return;
    }
    const sealed = await this.outbox.webhookSecret(row.webhookId);
    if (!sealed) {
      await this.outbox.cancelDeliveries(row.webhookId, null, 'no secret kept for this webhook', at());
      return;
    }
    let statusCode: number | null = null;
    let error: string | null = null;
    const refusal = await webhookUrlRefusal(sub.url, { allowPrivate: this.config.webhooks.allowPrivate, ledgerHosts: [] });
    if (refusal) error = refusal.detail;
    else {
      const now = this.clock();
      const payload = JSON.stringify({ type: event.type, timestamp: event.recordedAt, data: event });
      const signature = new Webhook(this.sealer.open(sealed, row.webhookId)).sign(event.eventId, now, payload);
      try {
        const response = await fetch(sub.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'stewardship-ledger-webhooks',
            'webhook-id': event.eventId,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body: payload,
        });
        statusCode = response.status;
        await response.body?.cancel().catch(() => undefined);
        if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
      } catch (failure) {
        error = (failure as Error)?.name === 'TimeoutError' ? `no answer within ${this.config.webhooks.timeoutMs} ms` : `${(failure as Error)?.message ?? failure}`;
      }
    }
    const delivered = error === null;
    const attempts = row.attempts + 1;
    await this.outbox.recordAttempt(row.id, {
      at: at(),
      statusCode,
      error,
      delivered,
      nextAttemptAt: delivered ? 0 : this.clock().getTime() + retryDelay(attempts, this.config.webhooks.retryBaseMs, this.config.webhooks.retryMaxMs),
    });
    if (delivered) this.delivered++;
    else this.lastError = `${row.webhookId}: ${error}`;
  }

  async onApplicationShutdown(): Promise<void> {
    this.unfollow?.();
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
    this.stopped = true;
    // What was judged since the last write, checkpoint included.
    if (this.checkpoint > this.written) {
      this.judged.push({ position: this.checkpoint, deliveries: [] });
      await this.flush().catch(() => undefined);
    }
    await this.delivering;
  }
}
