import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore, Subscription } from '@ledger/event-store';
import type { SupportStore } from '@ledger/support-store';
import { EVENT_STORE, LEDGER_CONFIG, SUPPORT_STORE } from '../infrastructure/tokens';
import { toKafkaMessage } from './kafka-message';

export const PUBLISHER_CHECKPOINT = 'kafka-publisher';

/**
 * Publishes every durable event to Kafka, in position order, at least once.
 *
 * It reads the log from its own checkpoint with a catch-up subscription, sends each batch through
 * an idempotent producer (acks from all in-sync replicas, one request in flight, so per-key order
 * holds), and moves the checkpoint only after Kafka acknowledged the batch. A crash between the
 * acknowledgement and the checkpoint republishes that batch: consumers deduplicate by event id.
 * When Kafka is down the subscription stops and restarts from the checkpoint with backoff.
 */
@Injectable()
export class KafkaPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaPublisher.name);
  private producer: Producer | null = null;
  private subscription: Subscription | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private published = 0;
  private lastError: string | null = null;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUPPORT_STORE) private readonly support: SupportStore,
  ) {}

  get enabled(): boolean {
    return this.config.kafkaBrokers.length > 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const kafka = new Kafka({
      clientId: 'stewardship-ledger',
      brokers: this.config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 200 },
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.ensureTopic(kafka).catch((error) => this.logger.warn(`topic not ensured yet: ${(error as Error).message}`));
    void this.start(0);
  }

  /** Publisher lag: how many durable events are not yet acknowledged by Kafka. */
  async status(): Promise<{ enabled: boolean; checkpoint?: number; lag?: number; lastError?: string | null }> {
    if (!this.enabled) return { enabled: false };
    const checkpoint = await this.support.getCheckpoint(PUBLISHER_CHECKPOINT);
    const head = (await this.store.head()).position;
    return { enabled: true, checkpoint, lag: head - checkpoint, lastError: this.lastError };
  }

  private async ensureTopic(kafka: Kafka): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topic, partitions, retentionMs } = this.config.kafka;
      const existing = await admin.listTopics();
      if (!existing.includes(topic)) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: partitions, configEntries: [{ name: 'retention.ms', value: String(retentionMs) }] }],
        });
        this.logger.log(`created topic ${topic} (${partitions} partitions, retention.ms=${retentionMs})`);
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async start(failures: number): Promise<void> {
    if (this.stopped || !this.producer) return;
    try {
      await this.producer.connect();
      const after = await this.support.getCheckpoint(PUBLISHER_CHECKPOINT);
      let restarted = false;
      this.subscription = this.store.subscribe((events) => this.publish(events), {
        after,
        batchSize: 500,
        onError: (error) => {
          if (restarted) return;
          restarted = true;
          this.lastError = (error as Error).message;
          this.logger.warn(`publishing paused: ${this.lastError}; retrying`);
          this.retry(failures + 1);
        },
      });
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.logger.warn(`Kafka not reachable: ${this.lastError}; retrying`);
      this.retry(failures + 1);
    }
  }

  private retry(failures: number): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
    this.retryTimer = setTimeout(() => void this.start(failures), delay);
  }

  private async publish(events: Parameters<typeof toKafkaMessage>[0][]): Promise<void> {
    if (!this.producer) throw new Error('producer not ready');
    await this.producer.send({ topic: this.config.kafka.topic, acks: -1, messages: events.map(toKafkaMessage) });
    await this.support.setCheckpoint(PUBLISHER_CHECKPOINT, events[events.length - 1].position);
    this.published += events.length;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }
}
