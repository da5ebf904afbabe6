import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@ledger/event-store';
import { chainHash } from '@ledger/integrity';

/** Where the consumer remembers, per record stream, the last revision handed to member code. */
export interface DedupStore {
  lastRevision(streamId: string): Promise<number | undefined> | number | undefined;
  remember(streamId: string, revision: number): Promise<void> | void;
}

/** The default: in memory (enough for a process that replays from the topic's start on boot). */
export class MemoryDedupStore implements DedupStore {
  private readonly revisions = new Map<string, number>();
  lastRevision(streamId: string): number | undefined {
    return this.revisions.get(streamId);
  }
  remember(streamId: string, revision: number): void {
    this.revisions.set(streamId, revision);
  }
}

export interface LedgerConsumerOptions {
  brokers: string[];
  groupId: string;
  topic?: string;
  /** Read the topic from its start when the group has no committed offsets (default true). */
  fromBeginning?: boolean;
  dedup?: DedupStore;
  /** Member code: called once per event, in per-record order. */
  onEvent(event: RecordedEvent): Promise<void> | void;
  /** Called when an event fails its integrity check; the event is not handed on. Default: throw. */
  onIntegrityFailure?(event: RecordedEvent, reason: string): Promise<void> | void;
}

export interface IntegrityCounters {
  handed: number;
  duplicates: number;
  /** Events whose link to the previous position could be checked (both seen, in order). */
  linksChecked: number;
}

/**
 * The member organizations' consumer of the ledger's Kafka topic.
 *
 * - Per-record order: events are keyed by stream id, so one record's events share a partition and
 *   arrive in order; the handler runs one message at a time per partition.
 * - Exactly once to member code: the publisher delivers at least once, so an event whose stream
 *   revision is not past the last one handed on for its stream is a duplicate and is dropped.
 * - Integrity: each event's hash is recomputed from its canonical form; when the previous position
 *   was seen just before, the prevHash link is checked too.
 * Offsets are committed only after member code returned, so a crash re-delivers, never skips.
 */
export class LedgerConsumer {
  private readonly consumer: Consumer;
  private readonly dedup: DedupStore;
  private last: { position: number; hash: string } | null = null;
  readonly counters: IntegrityCounters = { handed: 0, duplicates: 0, linksChecked: 0 };

  constructor(private readonly options: LedgerConsumerOptions) {
    const kafka = new Kafka({ clientId: `ledger-member-${options.groupId}`, brokers: options.brokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: options.groupId });
    this.dedup = options.dedup ?? new MemoryDedupStore();
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic ?? 'ledger.events', fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({ eachMessage: async ({ message }) => this.handle(message) });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async handle(message: KafkaMessage): Promise<void> {
    if (!message.value) return;
    const event = JSON.parse(message.value.toString('utf8')) as RecordedEvent;
    const seen = await this.dedup.lastRevision(event.streamId);
    if (seen !== undefined && event.streamRevision <= seen) {
      this.counters.duplicates++;
      return;
    }
    const problem = this.integrityProblem(event);
    if (problem) {
      if (this.options.onIntegrityFailure) return void (await this.options.onIntegrityFailure(event, problem));
      throw new Error(`event ${event.eventId} at position ${event.position} failed its integrity check: ${problem}`);
    }
    await this.options.onEvent(event);
    await this.dedup.remember(event.streamId, event.streamRevision);
    this.counters.handed++;
  }

  private integrityProblem(event: RecordedEvent): string | null {
    const { prevHash, hash, ...content } = event;
    if (chainHash(prevHash, content) !== hash) return 'its hash does not match its content';
    if (this.last && this.last.position === event.position - 1) {
      this.counters.linksChecked++;
      if (this.last.hash !== prevHash) return `prevHash does not match the hash of position ${this.last.position}`;
    }
    this.last = { position: event.position, hash };
    return null;
  }
}
