import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@ledger/config';
import { newEventId, SqliteEventStore } from '@ledger/event-store';
import { SqliteSupportStore } from '@ledger/support-store';
import { KafkaPublisher } from '../../apps/ledger/src/publisher/kafka-publisher.service';
import { BenchRow, log, row } from '../harness';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable within one process. */
const nowMs = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * End-to-end latency from append to a member's consumer: the ledger's publisher (its catch-up
 * subscription, idempotent producer, acks from all replicas) and a kafkajs consumer group on a
 * real broker, at a steady 1 000 appends per second. Latency = consumer receipt − append call.
 */
export async function benchKafkaLatency(brokers: string[], seconds = 10, rate = 1000): Promise<BenchRow[]> {
  const suite = 'kafka';
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-kafka-'));
  const topic = `bench.latency.${process.pid}.${Date.now()}`;
  const config = { ...loadConfig({ LEDGER_DATA_DIR: dir, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC: topic }) };
  const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite') });
  const support = new SqliteSupportStore(join(dir, 'ledger.sqlite'));
  const publisher = new KafkaPublisher(config, store, support);
  const kafka = new Kafka({ clientId: 'ledger-bench', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-${topic}`, maxWaitTimeInMs: 50 });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = seconds * rate;
  try {
    await publisher.onApplicationBootstrap();
    let received = 0;
    let allReceived!: () => void;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    await consumer.connect();
    await waitForTopic(kafka, topic);
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = message.headers?.['ledger-event-id']?.toString();
        const sent = id ? sentAt.get(id) : undefined;
        if (sent === undefined) return;
        sentAt.delete(id!);
        latencies.push(nowMs() - sent);
        if (++received === total) allReceived();
      },
    });
    // Let the group settle before measuring.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    log(`${suite}: ${total} appends at ${rate}/s, latency append → consumer`);
    const tick = 10; // ms: rate/100 appends every 10 ms
    const perTick = (rate * tick) / 1000;
    const start = nowMs();
    for (let t = 0; t < total / perTick; t++) {
      const due = start + t * tick;
      const wait = due - nowMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      for (let i = 0; i < perTick; i++) {
        const eventId = newEventId();
        sentAt.set(eventId, nowMs());
        void store.append(`commitment-bench-${(t * perTick + i) % 500}`, [
          {
            eventId,
            type: 'CommitmentProgressReported',
            schemaVersion: 1,
            data: { note: 'latency probe', value: String(t) },
            actor: { type: 'organization', organizationId: 'upper-valley-health' },
            correlationId: eventId,
            causationId: null,
          },
        ]);
      }
    }
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${received} of ${total} events reached the consumer`)), 60_000))]);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await publisher.onApplicationShutdown();
    await support.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    const admin = kafka.admin();
    await admin.connect().then(() => admin.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  latencies.sort((a, b) => a - b);
  return [
    row(suite, `append → consumer latency at ${rate}/s, median`, percentile(latencies, 50), 'ms'),
    row(suite, `append → consumer latency at ${rate}/s, p99`, percentile(latencies, 99), 'ms', { atMost: 250 }),
  ];
}

async function waitForTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let i = 0; i < 100; i++) {
      if ((await admin.listTopics()).includes(topic)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`topic ${topic} was not created`);
  } finally {
    await admin.disconnect();
  }
}
