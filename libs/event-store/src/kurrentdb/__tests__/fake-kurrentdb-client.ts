/**
 * An in-memory stand-in for the few KurrentDBClient calls the adapter makes, for unit tests on a
 * machine with no KurrentDB server. It is a SIMULATION of the server's documented behaviour
 * (optimistic concurrency on a stream, idempotent re-appends of the same event ids at the same
 * expected revision, exclusive subscription start, StreamNotFoundError on reading a missing
 * stream), raising the client's own error classes. It proves the adapter's logic, not its
 * compatibility with a real server: that is what test/event-store/kurrentdb.contract.spec.ts does
 * when KURRENTDB_CONNECTION_STRING is set.
 */
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type {
  AppendResult,
  AppendToStreamOptions,
  EventData,
  ReadStreamOptions,
  ResolvedEvent,
  StreamSubscription,
  SubscribeToStreamOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentDbClientLike } from '../kurrentdb-event-store';

interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  contentType: string;
  /** Serialized as the client sends them, parsed again on every read, like a real round trip. */
  data: string;
  metadata: string | undefined;
  created: Date;
  commit: bigint;
}

type Fault = { op: 'append'; when: 'before' | 'after'; error: () => Error } | { op: 'read'; error: () => Error };

export class FakeKurrentDb {
  readonly streams = new Map<string, StoredRecord[]>();
  private commit = 0n;
  /** When true every call fails as a real client does when the server is unreachable. */
  down = false;
  private readonly faults: Fault[] = [];
  readonly subscriptions = new Set<FakeSubscription>();
  readonly calls = { append: 0, read: 0, subscribe: 0 };

  /** The next matching call fails; 'after' faults fail an append that was committed (a lost answer). */
  failNext(fault: Fault): void {
    this.faults.push(fault);
  }

  /** A client of this server (several clients stand for several ledger processes). */
  client(): KurrentDbClientLike & { disposed: boolean } {
    const client = {
      disposed: false,
      appendToStream: (streamName: string, events: EventData | EventData[], options?: AppendToStreamOptions) =>
        this.append(streamName, Array.isArray(events) ? events : [events], options),
      readStream: (streamName: string, options?: ReadStreamOptions) => this.read(streamName, options),
      subscribeToStream: (streamName: string, options?: SubscribeToStreamOptions) => this.subscribe(streamName, options),
      dispose: async () => {
        client.disposed = true;
      },
    };
    return client as unknown as KurrentDbClientLike & { disposed: boolean };
  }

  /** Writes a raw event to a stream, bypassing every check (to plant corrupt data). */
  plant(streamName: string, record: Omit<StoredRecord, 'streamId' | 'revision' | 'created' | 'commit'>): void {
    const stream = this.streams.get(streamName) ?? [];
    stream.push({ ...record, streamId: streamName, revision: BigInt(stream.length), created: new Date(), commit: ++this.commit });
    this.streams.set(streamName, stream);
  }

  /** Drops every live subscription with this error, as a lost connection does. */
  dropSubscriptions(error: Error = new UnavailableError(undefined, 'connection lost')): void {
    for (const subscription of this.subscriptions) subscription.sever(error);
  }

  private unavailable(): Error {
    return new UnavailableError(undefined, 'UNAVAILABLE: No connection established (fake KurrentDB is down)');
  }

  private takeFault(op: 'append' | 'read', when?: 'before' | 'after'): Fault | undefined {
    const i = this.faults.findIndex((f) => f.op === op && (f.op === 'read' || f.when === when));
    return i >= 0 ? this.faults.splice(i, 1)[0] : undefined;
  }

  private async append(streamName: string, events: EventData[], options: AppendToStreamOptions = {}): Promise<AppendResult> {
    this.calls.append++;
    await Promise.resolve();
    if (this.down) throw this.unavailable();
    const before = this.takeFault('append', 'before');
    if (before) throw before.error();
    const stream = this.streams.get(streamName);
    const current = stream && stream.length > 0 ? BigInt(stream.length - 1) : NO_STREAM;
    const expected = options.streamState ?? ANY;

    // Idempotency: the same ids already stored right after the expected revision.
    if (stream && expected !== ANY && expected !== STREAM_EXISTS) {
      const start = expected === NO_STREAM ? 0 : Number(expected) + 1;
      const already = stream.slice(start, start + events.length);
      if (already.length === events.length && already.every((r, i) => r.id === events[i].id.toLowerCase())) {
        return { success: true, nextExpectedRevision: already[already.length - 1].revision, position: undefined };
      }
    }
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });

    const records = stream ?? [];
    for (const event of events) {
      records.push({
        streamId: streamName,
        id: event.id.toLowerCase(),
        revision: BigInt(records.length),
        type: event.type,
        contentType: event.contentType,
        data: event.contentType === 'application/json' ? JSON.stringify(event.data) : Buffer.from(event.data as Uint8Array).toString('base64'),
        metadata: event.metadata === undefined ? undefined : JSON.stringify(event.metadata),
        created: new Date(),
        commit: ++this.commit,
      });
    }
    this.streams.set(streamName, records);
    for (const subscription of this.subscriptions) subscription.pump();
    const after = this.takeFault('append', 'after');
    if (after) throw after.error();
    const last = records[records.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: { commit: last.commit, prepare: last.commit } };
  }

  private read(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<ResolvedEvent> {
    return this.reading(streamName, options);
  }

  private async *reading(streamName: string, options: ReadStreamOptions): AsyncGenerator<ResolvedEvent> {
    this.calls.read++;
    await Promise.resolve();
    if (this.down) throw this.unavailable();
    const fault = this.takeFault('read');
    if (fault) throw fault.error();
    const stream = this.streams.get(streamName);
    if (!stream) throw new StreamNotFoundError(undefined, streamName);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? (options.direction === BACKWARDS ? END : START);
    const records =
      options.direction === BACKWARDS
        ? stream.slice(0, from === END ? stream.length : from === START ? 1 : Number(from) + 1).reverse()
        : stream.slice(from === START ? 0 : from === END ? stream.length : Number(from));
    for (const record of records.slice(0, max)) yield toResolved(record);
  }

  private subscribe(streamName: string, options: SubscribeToStreamOptions = {}): StreamSubscription {
    this.calls.subscribe++;
    const from = options.fromRevision ?? START;
    const next = from === START ? 0 : from === END ? (this.streams.get(streamName)?.length ?? 0) : Number(from) + 1;
    const subscription = new FakeSubscription(this, streamName, next);
    this.subscriptions.add(subscription);
    setImmediate(() => (this.down ? subscription.sever(this.unavailable()) : subscription.pump()));
    return subscription as unknown as StreamSubscription;
  }

  recordsOf(streamName: string): StoredRecord[] {
    return this.streams.get(streamName) ?? [];
  }
}

/** A subscription: a Readable of ResolvedEvent, like the client's (a Transform in object mode). */
export class FakeSubscription extends Readable {
  private ended = false;

  constructor(
    private readonly server: FakeKurrentDb,
    private readonly streamName: string,
    private next: number,
  ) {
    super({ objectMode: true });
  }

  override _read(): void {
    // Events are pushed as they are appended.
  }

  pump(): void {
    if (this.ended) return;
    const records = this.server.recordsOf(this.streamName);
    while (this.next < records.length) this.push(toResolved(records[this.next++]));
  }

  /** Ends the subscription with an error, as a lost connection does. */
  sever(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.server.subscriptions.delete(this);
    this.destroy(error);
  }

  async unsubscribe(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.server.subscriptions.delete(this);
    this.push(null);
  }
}

function toResolved(record: StoredRecord): ResolvedEvent {
  const isJson = record.contentType === 'application/json';
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      revision: record.revision,
      type: record.type,
      created: record.created,
      isJson,
      data: isJson ? JSON.parse(record.data) : Buffer.from(record.data, 'base64'),
      metadata: record.metadata === undefined ? undefined : JSON.parse(record.metadata),
      position: { commit: record.commit, prepare: record.commit },
    },
    commitPosition: record.commit,
  } as ResolvedEvent;
}
