/**
 * Fault: the publisher process is killed (SIGKILL) while events are being appended and published,
 * and a new one takes over from the checkpoint. Delivery must stay at least once with per-record
 * order, and the member library must hand every event on exactly once. Real broker; never skips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { SqliteSupportStore } from '@ledger/support-store';
import { PUBLISHER_CHECKPOINT } from '../../apps/ledger/src/publisher/kafka-publisher.service';
import {
  KAFKA_BROKERS,
  MemberCollector,
  RawCollector,
  appendSteadily,
  assertBrokerReachable,
  checkDelivery,
  createTopic,
  deleteTopicsWithPrefix,
  sleep,
  startPublisherProcess,
  uniqueName,
  waitFor,
  waitForEverything,
  withTimeout,
  type PublisherProcess,
} from './support/kafka-kit';

describe('fault: the publisher process crashes mid-stream (real broker)', () => {
  const prefix = uniqueName('ledger-crash');
  // The test's streams name no collaborative: the ledger publishes them to its registry topic.
  const topic = `${prefix}.registry`;
  let dataDir: string;
  let store: SqliteEventStore;
  let support: SqliteSupportStore;
  const running: Array<{ stop(): Promise<void> }> = [];
  const publishers: PublisherProcess[] = [];

  beforeAll(async () => {
    await assertBrokerReachable();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-kafka-crash-'));
    const file = join(dataDir, 'ledger.sqlite');
    store = new SqliteEventStore({ filename: file });
    support = new SqliteSupportStore(file);
    await createTopic(topic, 3);
  });
  afterAll(async () => {
    for (const p of publishers) await p.kill('SIGKILL');
    for (const r of running) await r.stop();
    await support?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await deleteTopicsWithPrefix(prefix);
  });

  it('publishers killed with SIGKILL (at any moment, and between a send and its checkpoint) and started again publish everything, at least once, in per-record order', async () => {
    const env = { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix };
    const raw = await new RawCollector(topic).start();
    const member = await new MemberCollector(topic).start();
    running.push(raw, member);

    const first = await startPublisherProcess(env);
    publishers.push(first);
    const writing = appendSteadily(store, { prefix: 'crash-record', streams: 24, appends: 900, pauseMs: 6 });

    // Kill it while it is publishing a stream that keeps growing.
    await waitFor('the first publisher to publish a few hundred events', async () => (await support.getCheckpoint(PUBLISHER_CHECKPOINT)) >= 300, 30_000, first.output);
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const checkpointAtCrash = await support.getCheckpoint(PUBLISHER_CHECKPOINT);
    const headAtCrash = (await store.head()).position;

    // Appends go on with no publisher for a while; then a new one takes over from the checkpoint,
    // and crashes in the worst place: its 3rd send acknowledged by Kafka, not yet checkpointed.
    await sleep(500);
    const second = await startPublisherProcess({ ...env, PUBLISHER_CRASH_BEFORE_CHECKPOINT: '3' });
    publishers.push(second);
    expect((await withTimeout(second.exited, 20_000, `the second publisher to crash:\n${second.output()}`)).signal).toBe('SIGKILL');
    expect(second.output()).toMatch(/crashing before checkpoint \d+/);

    // A third one finishes the work.
    const third = await startPublisherProcess(env);
    publishers.push(third);
    const appended = await writing;
    const head = (await store.head()).position;
    expect(head).toBe(appended);
    expect(headAtCrash).toBeLessThan(head); // the first crash really was mid-stream
    expect(checkpointAtCrash).toBeLessThan(head);

    await waitFor('the third publisher to catch up', async () => (await support.getCheckpoint(PUBLISHER_CHECKPOINT)) === head, 30_000, third.output);
    await waitForEverything(topic, head, raw, member);

    const stored: RecordedEvent[] = await store.readAll({ after: 0, limit: head + 10 });
    const { duplicates } = checkDelivery(stored, raw.records, member.handed);
    expect(member.integrityFailures).toEqual([]);
    expect(member.consumer.counters).toMatchObject({ handed: head, refused: 0 });
    // The send acknowledged before the second crash was published again: those duplicates reached
    // the topic, and the member library dropped them instead of handing them on twice.
    expect(duplicates).toBeGreaterThan(0);
    expect(member.consumer.counters.duplicates).toBe(duplicates);

    // A graceful stop of the last publisher ends it cleanly.
    expect(await third.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
