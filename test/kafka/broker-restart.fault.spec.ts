/**
 * Fault: the Kafka broker goes away while the ledger is publishing, and comes back on its data
 * (infra/kafka/stop.sh, then start.sh with KAFKA_KEEP_DATA=1). The publisher must retry and
 * reconnect, never skip. Needs the broker started by infra/kafka/start.sh (CI does); never skips.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../../apps/ledger/src/infrastructure/tokens';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import {
  KAFKA_BROKERS,
  MemberCollector,
  REPO,
  RawCollector,
  appendSteadily,
  assertBrokerReachable,
  brokerScript,
  checkDelivery,
  deleteTopicsWithPrefix,
  sleep,
  uniqueName,
  waitFor,
  waitForEverything,
  waitForTopic,
} from './support/kafka-kit';

type PublisherStatus = { checkpoint: number; lag: number; lastError: string | null };

describe('fault: the broker stops and restarts while the ledger publishes (real broker)', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  let brokerStopped = false;
  async function stopBroker(args: string[] = []): Promise<void> {
    brokerStopped = true;
    await brokerScript('stop.sh', args);
  }

  beforeAll(async () => {
    await assertBrokerReachable();
    if (!existsSync(join(REPO, 'infra/kafka/.run/kafka.pid'))) {
      throw new Error(`the broker at ${KAFKA_BROKERS} was not started by infra/kafka/start.sh (no infra/kafka/.run/kafka.pid): this suite stops and restarts it with the project's scripts`);
    }
  });
  afterEach(async () => {
    // Whatever happened once this suite stopped the broker, leave one running for what comes next
    // (start.sh only checks it answers when it is running already).
    if (brokerStopped) await brokerScript('start.sh', [], { KAFKA_KEEP_DATA: '1' });
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  async function publishThroughOutage(stop: () => Promise<unknown>): Promise<void> {
    const prefix = uniqueName('ledger-outage');
    // The test's streams name no collaborative: the ledger publishes them to its registry topic.
    const topic = `${prefix}.registry`;
    const ledger: RunningLedger = await startLedger({ KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3' });
    await waitForTopic(topic);
    cleanups.push(() => ledger.close(), () => deleteTopicsWithPrefix(prefix));
    const http = client(ledger.baseUrl);
    const publisher = async () => (await http.get<{ kafkaPublisher: PublisherStatus }>('/health')).body.kafkaPublisher;
    const store = ledger.app.get<EventStore>(EVENT_STORE);

    const raw = await new RawCollector(topic).start();
    const member = await new MemberCollector(topic).start();
    cleanups.push(() => raw.stop(), () => member.stop());

    const writing = appendSteadily(store, { prefix: 'outage-record', streams: 20, appends: 700, pauseMs: 8 });
    await waitFor('some events published before the outage', async () => (await publisher()).checkpoint >= 200, 30_000);

    await stop();
    const during = await publisher();
    await sleep(2000); // appends go on while the broker is away
    await brokerScript('start.sh', [], { KAFKA_KEEP_DATA: '1' });

    const appended = await writing;
    const head = (await store.head()).position;
    expect(head).toBe(appended);
    expect(during.checkpoint).toBeLessThan(head); // the outage really was mid-stream

    let status: PublisherStatus | null = null;
    await waitFor('the publisher to catch up after the outage', async () => (status = await publisher()).lag === 0, 40_000, () => JSON.stringify(status));
    await waitForEverything(topic, head, raw, member);

    const stored: RecordedEvent[] = await store.readAll({ after: 0, limit: head + 10 });
    checkDelivery(stored, raw.records, member.handed);
    expect(member.integrityFailures).toEqual([]);
    expect(member.consumer.failure).toBeNull();
    expect(member.consumer.counters).toMatchObject({ handed: head, refused: 0 });
  }

  it('graceful stop (stop.sh) and restart on the same data: nothing skipped, nothing handed on twice', async () => {
    await publishThroughOutage(() => stopBroker());
  });

  it('broker crash (stop.sh --kill) and restart on the same data: nothing skipped, nothing handed on twice', async () => {
    await publishThroughOutage(() => stopBroker(['--kill']));
  });

  it('a ledger started while the broker is down creates its topics and publishes everything once the broker is back', async () => {
    const prefix = uniqueName('ledger-late-broker');
    const topic = `${prefix}.registry`;
    await stopBroker();
    const ledger: RunningLedger = await startLedger({ KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '2' });
    cleanups.push(() => ledger.close(), () => deleteTopicsWithPrefix(prefix));
    const http = client(ledger.baseUrl);
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    // The ledger serves commands while Kafka is away.
    expect((await http.asOperator('/organizations', { id: 'late-health', name: 'Late Health', sector: 'hospital' })).status).toBe(201);
    await appendSteadily(store, { prefix: 'late-record', streams: 5, appends: 60, pauseMs: 0 });
    const waiting = await http.get<{ kafkaPublisher: PublisherStatus }>('/health');
    expect(waiting.body.kafkaPublisher.checkpoint).toBe(0);

    await brokerScript('start.sh', [], { KAFKA_KEEP_DATA: '1' });
    await waitForTopic(topic, 30_000);
    const member = await new MemberCollector(topic).start();
    const raw = await new RawCollector(topic).start();
    cleanups.push(() => raw.stop(), () => member.stop());
    const head = (await store.head()).position;
    await waitForEverything(topic, head, raw, member);
    checkDelivery(await store.readAll({ after: 0, limit: head + 10 }), raw.records, member.handed);
    const health = await http.get<{ kafkaPublisher: PublisherStatus }>('/health');
    expect(health.body.kafkaPublisher).toMatchObject({ lag: 0, lastError: null });
  });
});
