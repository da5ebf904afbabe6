/**
 * Helpers for the suites that run against a real Kafka broker (infra/kafka/start.sh starts one;
 * CI always does). They fail loudly, never skip, when the broker does not answer.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { RecordedEvent } from '@ledger/event-store';
import { LedgerConsumer, headersToStrings, type DedupStore, type Delivery } from '@ledger/member-consumer';
import { newEvent } from '../../support/events';

export const REPO = resolve(__dirname, '../../..');
export const KAFKA_BROKERS = process.env.KAFKA_TEST_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
export const BROKERS = KAFKA_BROKERS.split(',');

const run = promisify(execFile);

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A client for the admin calls: it gives up fast (2 retries) so a missing broker fails a test at once.
 * `outlasting: true` keeps kafkajs's default retries instead, for consumers that must ride out a broker
 * restart as a member's would (with 2 retries a consumer can give up for good while the broker starts).
 */
function kafka(clientId: string, options: { outlasting?: boolean } = {}): Kafka {
  const retry = options.outlasting ? {} : { connectionTimeout: 2000, retry: { retries: 2 } };
  return new Kafka({ clientId, brokers: BROKERS, logLevel: logLevel.NOTHING, ...retry });
}

/** Throws, with how to start one, when no broker answers at KAFKA_BROKERS. */
export async function assertBrokerReachable(): Promise<void> {
  const admin = kafka('ledger-test-probe').admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw new Error(
      `No Kafka broker answers at ${KAFKA_BROKERS} (${(error as Error).message}). ` +
        'These suites need a real broker: start one with infra/kafka/start.sh (CI always does).',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = kafka('ledger-test-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopic(topic: string): Promise<void> {
  const admin = kafka('ledger-test-admin').admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics: [topic], timeout: 5000 });
  } catch {
    // best effort: a unique topic left behind harms no later run
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Waits until the topic exists with all its partitions led (the ledger creates its topic in the background). */
export async function waitForTopic(topic: string, timeoutMs = 20_000): Promise<void> {
  const admin = kafka('ledger-test-admin').admin();
  await admin.connect();
  try {
    await waitFor(`topic ${topic}`, async () => {
      const topics = await admin.listTopics();
      if (!topics.includes(topic)) return false;
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: [topic] });
      return meta[0].partitions.length > 0 && meta[0].partitions.every((p) => p.leader >= 0);
    }, timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

/** Messages on topics written from offset 0 (their partitions' high watermarks added up). */
export async function topicMessageCount(topics: string | string[]): Promise<number> {
  const admin = kafka('ledger-test-admin').admin();
  await admin.connect();
  try {
    let sum = 0;
    for (const topic of [topics].flat()) for (const p of await admin.fetchTopicOffsets(topic)) sum += Number(p.high);
    return sum;
  } finally {
    await admin.disconnect();
  }
}

/** The topics a ledger with this KAFKA_TOPIC_PREFIX created (`<prefix>.…`), sorted. */
export async function topicsWithPrefix(prefix: string): Promise<string[]> {
  const admin = kafka('ledger-test-admin').admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((topic) => topic.startsWith(`${prefix}.`)).sort();
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every topic of a ledger's prefix (best effort). */
export async function deleteTopicsWithPrefix(prefix: string): Promise<void> {
  for (const topic of await topicsWithPrefix(prefix).catch(() => [])) await deleteTopic(topic);
}

/**
 * Waits until both collectors have read every message on the topic (duplicates included), so that
 * what they saw can be compared: each stored event at least once, each handed on exactly once.
 */
export async function waitForEverything(topic: string | string[], head: number, raw: RawCollector, member: MemberCollector, timeoutMs = 40_000): Promise<void> {
  let total = 0;
  await waitFor(
    'the consumers to read every message on the topic',
    async () => {
      if (raw.distinct().size < head || member.handed.length < head) return false;
      total = await topicMessageCount(topic);
      const { handed, duplicates, refused } = member.consumer.counters;
      return raw.records.length >= total && handed + duplicates + refused >= total;
    },
    timeoutMs,
    () =>
      `head ${head}, messages ${total}, raw ${raw.records.length} (${raw.distinct().size} distinct${raw.crash ? `; stopped for good: ${raw.crash.message}` : ''}), ` +
      `member ${JSON.stringify(member.consumer.counters)}${member.consumer.failure ? ` (stopped for good: ${member.consumer.failure.message})` : ''}`,
  );
}

export async function topicPartitions(topic: string): Promise<number> {
  const admin = kafka('ledger-test-admin').admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions.length;
  } finally {
    await admin.disconnect();
  }
}

/** Polls until the condition holds; on timeout throws with what it last saw. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail() ? `: ${detail()}` : ''}`);
    await sleep(100);
  }
}

/**
 * Group timings for tests that restart the broker: the coordinator forgets a member that crashed
 * with the broker after sessionTimeout (kafkajs default 30 s), and only then lets it back in.
 */
const FAST_GROUP = { sessionTimeout: 8000, heartbeatInterval: 1000, rebalanceTimeout: 10000 };

/** The promise's value, or an error naming what did not happen in time. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** One message as read raw from the topic, duplicates included. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  event: RecordedEvent;
}

/** A plain kafkajs consumer group that keeps every message (to see duplicates and raw order). */
export class RawCollector {
  readonly records: RawRecord[] = [];
  /** The error that stopped the consumer for good (kafkajs would not restart it), if any. */
  crash: Error | null = null;
  private readonly consumer: Consumer;

  constructor(readonly topic: string | string[], groupId = uniqueName('raw')) {
    this.consumer = kafka(`ledger-test-${groupId}`, { outlasting: true }).consumer({ groupId, ...FAST_GROUP });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.crash ??= payload.error;
    });
  }

  async start(): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic].flat(), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          headers: headersToStrings(message.headers),
          event: JSON.parse(message.value!.toString('utf8')) as RecordedEvent,
        });
      },
    });
    return this;
  }

  /** Distinct event ids seen. */
  distinct(): Set<string> {
    return new Set(this.records.map((r) => r.event.eventId));
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
  }
}

/** The member library itself (LedgerConsumer) in its own group, recording what it hands on. */
export class MemberCollector {
  readonly handed: Array<{ event: RecordedEvent; delivery: Delivery }> = [];
  readonly integrityFailures: string[] = [];
  readonly consumer: LedgerConsumer;

  /** `follow`: exact topics, or the ledger's prefix and the collaboratives (with the registry and checkpoints). */
  constructor(follow: string | string[] | { topicPrefix: string; collaboratives: string[] }, options: { groupId?: string; dedup?: DedupStore } = {}) {
    this.consumer = new LedgerConsumer({
      brokers: BROKERS,
      groupId: options.groupId ?? uniqueName('member'),
      ...(typeof follow === 'string' || Array.isArray(follow) ? { topics: [follow].flat() } : follow),
      dedup: options.dedup,
      consumer: FAST_GROUP,
      onEvent: (event, delivery) => void this.handed.push({ event, delivery }),
      onIntegrityFailure: (event, reason) => void this.integrityFailures.push(`${event.eventId} @${event.position}: ${reason}`),
    });
  }

  async start(): Promise<this> {
    await this.consumer.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer.stop().catch(() => undefined);
  }
}

/** A KafkaPublisher in a child process (test/kafka/fixtures/publisher-process.ts). */
export interface PublisherProcess {
  child: ChildProcess;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** Resolves when it exits, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startPublisherProcess(env: Record<string, string>): Promise<PublisherProcess> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', resolve(__dirname, '../fixtures/publisher-process.ts')], {
    cwd: REPO,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  let timer: NodeJS.Timeout | undefined;
  const ready = await Promise.race([
    new Promise<boolean>((resolveReady) => {
      const check = () => {
        if (out.includes('publisher-process ready')) {
          child.stdout!.off('data', check);
          resolveReady(true);
        }
      };
      child.stdout!.on('data', check);
    }),
    exited.then(() => false),
    new Promise<boolean>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(false), 30_000))),
  ]);
  clearTimeout(timer);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`the publisher process did not start:\n${out}`);
  }
  return {
    child,
    output: () => out,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** infra/kafka/start.sh and stop.sh, as CI and developers run them. */
export async function brokerScript(script: 'start.sh' | 'stop.sh', args: string[] = [], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout, stderr } = await run(resolve(REPO, 'infra/kafka', script), args, {
      cwd: REPO,
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return stdout + stderr;
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`infra/kafka/${script} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/**
 * Checks what every suite here expects of a run: each stored event reached the topic at least once,
 * the deduplicating member consumer handed each on exactly once, keys and headers match, and each
 * record's events came in revision order (raw, once duplicates are removed, and as handed on).
 */
export function checkDelivery(stored: RecordedEvent[], raw: RawRecord[], handed: Array<{ event: RecordedEvent }>): { duplicates: number } {
  const storedIds = stored.map((e) => e.eventId);
  const rawIds = new Set(raw.map((r) => r.event.eventId));
  const missing = storedIds.filter((id) => !rawIds.has(id));
  expect({ missingOnTopic: missing.length, firstMissing: missing.slice(0, 5) }).toEqual({ missingOnTopic: 0, firstMissing: [] });
  expect(rawIds.size).toBe(stored.length);

  for (const r of raw) {
    expect({ key: r.key, headers: r.headers }).toEqual({
      key: r.event.streamId,
      headers: { 'ledger-event-id': r.event.eventId, 'ledger-event-type': r.event.type, 'ledger-position': String(r.event.position) },
    });
  }

  // Raw order per record: drop repeats of an event already seen; what is left climbs by one.
  const byStream = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const r of [...raw].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)))) {
    if (seen.has(r.event.eventId)) continue;
    seen.add(r.event.eventId);
    byStream.set(r.event.streamId, [...(byStream.get(r.event.streamId) ?? []), r.event.streamRevision]);
  }
  const disorder = [...byStream].filter(([, revisions]) => revisions.some((rev, i) => rev !== i));
  expect(disorder.map(([s, revs]) => `${s}: ${revs.join(',')}`)).toEqual([]);

  // The member library handed each event on exactly once, in revision order per record.
  const handedIds = handed.map((h) => h.event.eventId);
  expect(handedIds.length).toBe(new Set(handedIds).size);
  expect([...handedIds].sort()).toEqual([...storedIds].sort());
  const handedByStream = new Map<string, number[]>();
  for (const { event } of handed) handedByStream.set(event.streamId, [...(handedByStream.get(event.streamId) ?? []), event.streamRevision]);
  const handedDisorder = [...handedByStream].filter(([, revisions]) => revisions.some((rev, i) => rev !== i));
  expect(handedDisorder.map(([s, revs]) => `${s}: ${revs.join(',')}`)).toEqual([]);

  return { duplicates: raw.length - rawIds.size };
}

/**
 * Appends `appends` small appends (1 to 3 events each) round the given number of record streams,
 * pausing `pauseMs` between appends so that publishing happens while events keep coming.
 */
export async function appendSteadily(
  store: { append(streamId: string, events: ReturnType<typeof newEvent>[]): Promise<unknown> },
  options: { prefix: string; streams: number; appends: number; pauseMs: number },
): Promise<number> {
  let events = 0;
  for (let i = 0; i < options.appends; i++) {
    const size = 1 + (i % 3);
    const streamId = `${options.prefix}-${i % options.streams}`;
    await store.append(
      streamId,
      Array.from({ length: size }, (_, j) => newEvent('LoadTestAppended', { i, j, at: Date.now() })),
    );
    events += size;
    if (options.pauseMs > 0) await sleep(options.pauseMs);
  }
  return events;
}
