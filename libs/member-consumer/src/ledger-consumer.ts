import { Kafka, logLevel, type Consumer, type ConsumerConfig, type IHeaders, type KafkaConfig, type KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@ledger/event-store';
import type { DedupStore } from './dedup-store';
import { LedgerEventGate, type Delivery, type GateCounters } from './event-gate';
import { ledgerTopics } from './topics';
import { checkpointOf, type CheckpointWitness } from './witness-runner';

export interface LedgerConsumerOptions {
  brokers: string[];
  groupId: string;
  /** The ledger's topic prefix (its KAFKA_TOPIC_PREFIX); default `ledger`. */
  topicPrefix?: string;
  /**
   * The collaboratives the organization belongs to: the consumer follows each one's topic,
   * `<prefix>.collaborative.<id>` (a broker with ACLs lets its user read those and no other).
   */
  collaboratives?: string[];
  /** Also follow `<prefix>.registry` (organizations, their keys); default true. */
  registry?: boolean;
  /** Also follow `<prefix>.checkpoints` (the ledger's signed checkpoints, for a witness); default true. */
  checkpoints?: boolean;
  /** Exactly these topics instead of the above. */
  topics?: string[];
  /** Read the topic from its start when the group has no committed offsets (default true). */
  fromBeginning?: boolean;
  /** Last revision handed on per stream; default in memory (see FileDedupStore for a file). */
  dedup?: DedupStore;
  /** Member code: called once per event, in per-record order, with where the message came from. */
  onEvent(event: RecordedEvent, delivery: Delivery): Promise<void> | void;
  /**
   * Called when an event fails an integrity check (hash, prevHash link, key or headers, a gap in
   * the record's revisions); the event is not handed on, and consuming goes on. Without it, the
   * consumer stops for good at that event, without committing its offset, and calls onCrash with a
   * LedgerIntegrityError: an audit trail that does not verify should not be acted on.
   */
  onIntegrityFailure?(event: RecordedEvent, reason: string): Promise<void> | void;
  /**
   * Called once when the consumer stops for good: an integrity failure without onIntegrityFailure,
   * or an error kafkajs does not restart after (it restarts after lost connections by itself).
   */
  onCrash?(error: Error): void;
  /**
   * A witness (WitnessRunner) to offer each checkpoint the ledger appends (CheckpointSigned events of
   * the ledger-checkpoints stream), after onEvent has handled the event.
   */
  witness?: CheckpointWitness;
  /** More kafkajs client settings (clientId, retry, ssl, sasl, ...). */
  kafka?: Omit<KafkaConfig, 'brokers'>;
  /** More kafkajs consumer settings (sessionTimeout, ...). */
  consumer?: Omit<ConsumerConfig, 'groupId'>;
}

export type IntegrityCounters = GateCounters;

/** An event failed its integrity check and no onIntegrityFailure handler took it: the consumer stopped. */
export class LedgerIntegrityError extends Error {
  constructor(
    readonly event: RecordedEvent,
    readonly reason: string,
  ) {
    super(`event ${event.eventId} at position ${event.position} (${event.streamId}@${event.streamRevision}) failed its integrity check: ${reason}`);
    this.name = 'LedgerIntegrityError';
  }
}

/** The topics a member follows: its collaboratives', and the registry and checkpoints unless turned off. */
export function followedTopics(options: Pick<LedgerConsumerOptions, 'topicPrefix' | 'collaboratives' | 'registry' | 'checkpoints'>): string[] {
  const topics = ledgerTopics(options.topicPrefix);
  return [
    ...(options.registry === false ? [] : [topics.registry]),
    ...(options.checkpoints === false ? [] : [topics.checkpoints]),
    ...[...new Set(options.collaboratives ?? [])].map((id) => topics.collaborative(id)),
  ];
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/**
 * The member organizations' consumer of the ledger's Kafka topics: its collaboratives' topics, the
 * registry's and the checkpoints' (topics.ts).
 *
 * - Per-record order: events are keyed by stream id, so one record's events share a partition and
 *   arrive in order; messages are handled one at a time.
 * - Exactly once to member code: the publisher delivers at least once, so an event whose stream
 *   revision is not past the last one handed on for its stream is a duplicate and is dropped
 *   (LedgerEventGate, over the DedupStore).
 * - Integrity: each event's hash is recomputed from its canonical form; when the previous position
 *   was seen just before on the same topic, the prevHash link is checked too. (A topic holds one
 *   collaborative's events, the log's other positions are on other topics: the links checked are
 *   those between consecutive positions of one topic.)
 * Offsets are committed only after member code returned, so a crash re-delivers, never skips.
 */
export class LedgerConsumer {
  private readonly consumer: Consumer;
  private readonly gate: LedgerEventGate;
  /** The topics followed. */
  readonly topics: string[];
  private crashed: Error | null = null;

  constructor(private readonly options: LedgerConsumerOptions) {
    const kafka = new Kafka({
      clientId: `ledger-member-${options.groupId}`,
      logLevel: logLevel.NOTHING,
      ...options.kafka,
      brokers: options.brokers,
    });
    this.consumer = kafka.consumer({ ...options.consumer, groupId: options.groupId });
    this.gate = new LedgerEventGate(options.dedup);
    this.topics = options.topics ?? followedTopics(options);
    if (this.topics.length === 0) throw new Error('the consumer follows no topic: name collaboratives, or leave registry or checkpoints on');
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.crashed) return;
      this.crashed = payload.error;
      this.options.onCrash?.(payload.error);
    });
  }

  get counters(): IntegrityCounters {
    return this.gate.counters;
  }

  /** The error that stopped the consumer for good, if any. */
  get failure(): Error | null {
    return this.crashed;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      // One message at a time across partitions: the link check compares consecutive positions.
      partitionsConsumedConcurrently: 1,
      eachMessage: async ({ topic, partition, message }) => this.handle(topic, partition, message),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async handle(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    if (!message.value) return;
    const delivery: Delivery = {
      topic,
      partition,
      offset: message.offset,
      key: message.key ? message.key.toString('utf8') : null,
      headers: headersToStrings(message.headers),
    };
    let event: RecordedEvent;
    try {
      event = JSON.parse(message.value.toString('utf8')) as RecordedEvent;
    } catch (error) {
      throw new Error(`message at ${topic}/${partition}@${message.offset} is not a ledger event: ${(error as Error).message}`);
    }
    if (this.crashed) throw this.crashed;
    const verdict = await this.gate.check(event, delivery);
    if (verdict.kind === 'duplicate') return;
    if (verdict.kind === 'refused') {
      if (this.options.onIntegrityFailure) return void (await this.options.onIntegrityFailure(event, verdict.reason));
      // Thrown from eachMessage, kafkajs would retry the message and restart the consumer for ever;
      // an audit trail that does not verify is not retried: stop, and say so.
      const error = new LedgerIntegrityError(event, verdict.reason);
      this.stopForGood(error);
      throw error;
    }
    await this.options.onEvent(event, delivery);
    const checkpoint = this.options.witness ? checkpointOf(event) : undefined;
    if (checkpoint) await this.options.witness!.offer(checkpoint);
    await this.gate.handed(event);
  }

  private stopForGood(error: Error): void {
    if (this.crashed) return;
    this.crashed = error;
    // After this message's handler has returned (disconnect waits for it).
    setImmediate(() => {
      void this.consumer
        .disconnect()
        .catch(() => undefined)
        .then(() => this.options.onCrash?.(error));
    });
  }
}
