import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import type { SupportStore } from '@ledger/support-store';
import type { LeaderOnly } from '../cluster/leadership.service';
import { EVENT_STORE, LEDGER_CONFIG, SUPPORT_STORE } from '../infrastructure/tokens';
import { chunkForSending } from './kafka-message';

export const PUBLISHER_CHECKPOINT = 'kafka-publisher';

/** Longest wait between two attempts to reach Kafka again: a broker back is used within seconds. */
export const MAX_RETRY_DELAY_MS = 5_000;

/** Delay before the attempt after `failures` failed ones in a row: 250 ms doubling, capped. */
export function retryDelay(failures: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** Math.max(0, Math.min(failures - 1, 10)));
}

/**
 * Publishes every durable event to Kafka, in position order, at least once.
 *
 * It reads the log from its own checkpoint with a catch-up subscription, sends each batch through
 * an idempotent producer (acks from all in-sync replicas, one request in flight, so per-key order
 * holds) in requests small enough for the broker to accept, and moves the checkpoint only after
 * Kafka acknowledged a request. A crash between the acknowledgement and the checkpoint republishes
 * those events: consumers deduplicate by stream revision (libs/member-consumer).
 *
 * When Kafka cannot be reached (or refuses a send), the subscription stops, the producer is
 * dropped, and after a backoff (250 ms doubling, at most MAX_RETRY_DELAY_MS) a new producer starts
 * again from the checkpoint; the topic is created first if it does not exist yet. So nothing is
 * skipped, whatever happens to the broker or to this process.
 *
 * It runs on the leader only (cluster/leadership.service.ts): a server that takes over starts from
 * the checkpoint the previous leader left in the database, so what that one sent and had not yet
 * checkpointed is sent again (at least once, as above).
 */
@Injectable()
export class KafkaPublisher implements LeaderOnly, OnApplicationShutdown {
  readonly leaderOnlyName = 'Kafka publisher';
  private readonly logger = new Logger(KafkaPublisher.name);
  private kafka: Kafka | null = null;
  private producer: Producer | null = null;
  private subscription: Subscription | null = null;
  private topicReady = false;
  private stopped = true;
  /** Bumped at each start and stop: an attempt of an earlier run that finishes late does nothing. */
  private run = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Failed attempts in a row (reset by an acknowledged send). */
  private failures = 0;
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

  /** Starts publishing (in the background) from the checkpoint; the leader calls it. */
  async startLeading(): Promise<void> {
    if (!this.enabled || !this.stopped) return;
    this.stopped = false;
    this.failures = 0;
    const run = ++this.run;
    this.kafka ??= new Kafka({
      clientId: 'stewardship-ledger',
      brokers: this.config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 200 },
    });
    // In the background: the ledger serves commands whether or not Kafka answers; the events wait
    // in the log, behind the checkpoint, until it does.
    void this.start(run);
  }

  /** Publisher lag: how many durable events are not yet acknowledged by Kafka (whichever server publishes). */
  async status(): Promise<{ enabled: boolean; publishesHere?: boolean; checkpoint?: number; lag?: number; published?: number; lastError?: string | null }> {
    if (!this.enabled) return { enabled: false };
    const checkpoint = await this.support.getCheckpoint(PUBLISHER_CHECKPOINT);
    const head = (await this.store.head()).position;
    return { enabled: true, publishesHere: !this.stopped, checkpoint, lag: head - checkpoint, published: this.published, lastError: this.lastError };
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
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** One attempt: topic, a fresh producer, and a subscription from the checkpoint. */
  private async start(run: number): Promise<void> {
    this.retryTimer = null;
    if (run !== this.run || !this.kafka) return;
    let producer: Producer | null = null;
    try {
      if (!this.topicReady) {
        await this.ensureTopic(this.kafka);
        this.topicReady = true;
      }
      // A new idempotent producer each attempt: after a failed send kafkajs's sequence numbers may
      // be out of step with the broker's, and a new producer id starts them afresh.
      producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      const after = await this.support.getCheckpoint(PUBLISHER_CHECKPOINT);
      if (run !== this.run) {
        await producer.disconnect().catch(() => undefined);
        return;
      }
      this.producer = producer;
      const active = producer;
      let failed = false;
      this.subscription = this.store.subscribe((events) => this.publish(active, events), {
        after,
        batchSize: 500,
        onError: (error) => {
          if (failed) return;
          failed = true;
          void this.pauseAndRetry(error, active, run);
        },
      });
      this.lastError = null;
    } catch (error) {
      await this.pauseAndRetry(error, producer, run);
    }
  }

  private async pauseAndRetry(error: unknown, producer: Producer | null, run: number): Promise<void> {
    if (run !== this.run) {
      await producer?.disconnect().catch(() => undefined);
      return;
    }
    this.failures++;
    this.lastError = (error as Error)?.message ?? String(error);
    if (this.producer === producer) {
      this.producer = null;
      this.subscription = null;
    }
    await producer?.disconnect().catch(() => undefined);
    if (run !== this.run) return;
    const delay = retryDelay(this.failures);
    this.logger.warn(`publishing paused: ${this.lastError}; retrying from the checkpoint in ${delay} ms`);
    this.retryTimer = setTimeout(() => void this.start(run), delay);
  }

  private async publish(producer: Producer, events: RecordedEvent[]): Promise<void> {
    for (const chunk of chunkForSending(events)) {
      await producer.send({ topic: this.config.kafka.topic, acks: -1, messages: chunk.messages });
      await this.support.setCheckpoint(PUBLISHER_CHECKPOINT, chunk.lastPosition);
      this.published += chunk.messages.length;
      this.failures = 0;
      this.lastError = null;
    }
  }

  /** Stops publishing: the batch in flight finishes (or fails), and the producer disconnects. */
  async stopLeading(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.run++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    const producer = this.producer;
    this.subscription = null;
    this.producer = null;
    await subscription?.stop();
    await producer?.disconnect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopLeading();
  }
}
