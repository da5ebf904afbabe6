import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { kafkaSecurityOptions, ledgerTopics } from '@ledger/member-consumer';
import type { SupportStore } from '@ledger/support-store';
import type { LeaderOnly } from '../cluster/leadership.service';
import { EVENT_STORE, LEDGER_CONFIG, SUPPORT_STORE } from '../infrastructure/tokens';
import { chunkForSending } from './kafka-message';
import { TopicRouter } from './topic-router';

export const PUBLISHER_CHECKPOINT = 'kafka-publisher';

/** Longest wait between two attempts to reach Kafka again: a broker back is used within seconds. */
export const MAX_RETRY_DELAY_MS = 5_000;

/** How long a graceful stop waits for the publisher to catch up with the log. */
export const FLUSH_TIMEOUT_MS = 5_000;

/** Delay before the attempt after `failures` failed ones in a row: 250 ms doubling, capped. */
export function retryDelay(failures: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** Math.max(0, Math.min(failures - 1, 10)));
}

/**
 * Publishes every durable event to Kafka, in position order, at least once: each on its
 * collaborative's topic, or the registry's, or the checkpoints' (topic-router.ts).
 *
 * It reads the log from its own checkpoint with a catch-up subscription, sends each batch through
 * an idempotent producer (acks from all in-sync replicas, one request in flight, so per-key order
 * holds) in requests small enough for the broker to accept, and moves the checkpoint only after
 * Kafka acknowledged a request. A crash between the acknowledgement and the checkpoint republishes
 * those events: consumers deduplicate by stream revision (libs/member-consumer).
 *
 * When Kafka cannot be reached (or refuses a send), the subscription stops, the producer is
 * dropped, and after a backoff (250 ms doubling, at most MAX_RETRY_DELAY_MS) a new producer starts
 * again from the checkpoint; a topic is created before the first event sent to it. So nothing is
 * skipped, whatever happens to the broker or to this process.
 *
 * It runs on the leader only (cluster/leadership.service.ts): a server that takes over starts from
 * the checkpoint the previous leader left in the database, so what that one sent and had not yet
 * checkpointed is sent again (at least once, as above).
 */
@Injectable()
export class KafkaPublisher implements LeaderOnly, BeforeApplicationShutdown, OnApplicationShutdown {
  readonly leaderOnlyName = 'Kafka publisher';
  private readonly logger = new Logger(KafkaPublisher.name);
  private kafka: Kafka | null = null;
  private producer: Producer | null = null;
  private subscription: Subscription | null = null;
  /** Topics known to exist on the broker. */
  private readonly topicsKnown = new Set<string>();
  private readonly router: TopicRouter;
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
  ) {
    this.router = new TopicRouter(ledgerTopics(config.kafka.topicPrefix), async (streamId) => (await store.readStream(streamId, { fromRevision: 0, maxCount: 1 }))[0]);
  }

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
      // TLS and SASL/SCRAM, when the broker asks for them (KAFKA_SSL*, KAFKA_SASL_*).
      ...kafkaSecurityOptions(this.config.kafka.security),
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

  /** Creates those of `topics` that do not exist yet (with the configured partitions, replicas, retention). */
  private async ensureTopics(kafka: Kafka, topics: string[]): Promise<void> {
    if (topics.every((topic) => this.topicsKnown.has(topic))) return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of await admin.listTopics()) this.topicsKnown.add(topic);
      const missing = [...new Set(topics)].filter((topic) => !this.topicsKnown.has(topic));
      if (missing.length === 0) return;
      const { partitions, replicationFactor, retentionMs } = this.config.kafka;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor,
          configEntries: [{ name: 'retention.ms', value: String(retentionMs) }],
        })),
      });
      for (const topic of missing) this.topicsKnown.add(topic);
      this.logger.log(`created topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${partitions} partitions, replication ${replicationFactor === -1 ? "the broker's default" : replicationFactor}, retention.ms=${retentionMs})`);
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
      await this.ensureTopics(this.kafka, [this.router.topics.registry, this.router.topics.checkpoints]);
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
    const topics = await this.router.topicsOf(events);
    await this.ensureTopics(this.kafka!, topics);
    for (const chunk of chunkForSending(events, topics)) {
      await producer.sendBatch({ acks: -1, topicMessages: chunk.topicMessages });
      await this.support.setCheckpoint(PUBLISHER_CHECKPOINT, chunk.lastPosition);
      this.published += chunk.topicMessages.reduce((n, t) => n + t.messages.length, 0);
      this.failures = 0;
      this.lastError = null;
    }
  }

  /**
   * On a stop, before the store closes: the events already in the log are published first while
   * Kafka answers (at most FLUSH_TIMEOUT_MS; whatever is left waits behind the checkpoint for the
   * next start, as after a crash).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const subscription = this.subscription;
    if (!subscription || this.lastError !== null) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([subscription.caughtUp(), new Promise<void>((done) => (timer = setTimeout(done, FLUSH_TIMEOUT_MS)))]);
    clearTimeout(timer);
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
