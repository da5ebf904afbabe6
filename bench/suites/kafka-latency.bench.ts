import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@ledger/config';
import { newEventId, SqliteEventStore } from '@ledger/event-store';
import { SqliteSupportStore } from '@ledger/support-store';
import { KafkaPublisher } from '../../apps/ledger/src/publisher/kafka-publisher.service';
import { BenchRow, log, percentile, row } from '../harness';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable within one process. */
const nowMs = () => performance.timeOrigin + performance.now();

/** One probe event on its way: when it was appended and, once known, when it was durable. */
interface Probe {
  sentAt: number;
  durableAt?: number;
  warmUp: boolean;
}

/** What one phase (warm-up or measured) saw: each delivery in order, and its latency split at the commit. */
interface PhaseLatencies {
  /** Consumer receipt times, in order, and each one's append → consumer latency. */
  received: Array<{ at: number; latency: number }>;
  toDurable: number[];
  durableToConsumer: number[];
}

const newPhase = (): PhaseLatencies => ({ received: [], toDurable: [], durableToConsumer: [] });
const sortedLatencies = (phase: PhaseLatencies) => phase.received.map((r) => r.latency).sort((a, b) => a - b);

/**
 * End-to-end latency from append to a member's consumer: the ledger's publisher (its catch-up
 * subscription, idempotent producer, acks from all replicas) and a kafkajs consumer group on a
 * real broker, at a steady 1 000 appends per second. Latency = consumer receipt − append call,
 * split at the moment the append was durable (its promise resolved): the tail of the first part is
 * the disk's (fsync), the second is the publisher's, the broker's and the consumer's.
 *
 * The same traffic runs for `warmUpSeconds` before the measured `seconds`: a broker that has not
 * served yet (its JVM not compiled yet) answers the first second's events 3–4× slower (p99 453 ms
 * against 60–130 ms afterwards, measured with a fresh broker), and a p99 over a short run would be
 * that second's. The warm-up's own p99 is reported beside the steady state's.
 */
export async function benchKafkaLatency(brokers: string[], seconds = 10, rate = 1000, warmUpSeconds = 3): Promise<BenchRow[]> {
  const suite = 'kafka';
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-kafka-'));
  const prefix = `bench.latency.${process.pid}.${Date.now()}`;
  // The bench's records name no collaborative: the publisher sends them to the registry topic.
  const topic = `${prefix}.registry`;
  const config = { ...loadConfig({ LEDGER_DATA_DIR: dir, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix }) };
  const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite') });
  const support = new SqliteSupportStore(join(dir, 'ledger.sqlite'));
  const publisher = new KafkaPublisher(config, store, support);
  const kafka = new Kafka({ clientId: 'ledger-bench', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-${topic}`, maxWaitTimeInMs: 50 });
  const probes = new Map<string, Probe>();
  const warmUp = newPhase();
  const measured = newPhase();
  const total = seconds * rate;
  let start = 0; // when the measured phase began
  // This process's event loop blocked (a commit's fsync is synchronous in better-sqlite3; GC pauses).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  try {
    await publisher.startLeading();
    let allReceived!: () => void;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    await consumer.connect();
    await waitForTopic(kafka, topic);
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = message.headers?.['ledger-event-id']?.toString();
        const probe = id ? probes.get(id) : undefined;
        if (!probe) return;
        probes.delete(id!);
        const at = nowMs();
        const phase = probe.warmUp ? warmUp : measured;
        phase.received.push({ at, latency: at - probe.sentAt });
        if (probe.durableAt !== undefined) {
          phase.toDurable.push(probe.durableAt - probe.sentAt);
          phase.durableToConsumer.push(at - probe.durableAt);
        }
        if (phase === measured && measured.received.length === total) allReceived();
      },
    });
    // Let the group settle before sending.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    log(`${suite}: ${warmUpSeconds} s of warm-up, then ${total} appends at ${rate}/s, latency append → consumer`);
    const tick = 10; // ms: rate/100 appends every 10 ms
    const perTick = (rate * tick) / 1000;
    const warmUpTicks = (warmUpSeconds * 1000) / tick;
    const began = nowMs();
    for (let t = 0; t < warmUpTicks + total / perTick; t++) {
      const due = began + t * tick;
      const wait = due - nowMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (t === warmUpTicks) {
        start = nowMs();
        loopDelay.enable();
      }
      for (let i = 0; i < perTick; i++) {
        const eventId = newEventId();
        const probe: Probe = { sentAt: nowMs(), warmUp: t < warmUpTicks };
        probes.set(eventId, probe);
        void store
          .append(`commitment-bench-${(t * perTick + i) % 500}`, [
            {
              eventId,
              type: 'CommitmentProgressReported',
              schemaVersion: 1,
              data: { note: 'latency probe', value: String(t) },
              actor: { type: 'organization', organizationId: 'upper-valley-health' },
              correlationId: eventId,
              causationId: null,
            },
          ])
          .then(() => (probe.durableAt = nowMs()));
      }
    }
    await Promise.race([
      done,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${measured.received.length} of ${total} events reached the consumer`)), 60_000)),
    ]);
  } finally {
    loopDelay.disable();
    await consumer.disconnect().catch(() => undefined);
    await publisher.onApplicationShutdown();
    await support.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    const admin = kafka.admin();
    await admin.connect().then(() => admin.deleteTopics({ topics: [topic, `${prefix}.checkpoints`] })).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  for (const phase of [warmUp, measured]) for (const list of [phase.toDurable, phase.durableToConsumer]) list.sort((a, b) => a - b);
  const latencies = sortedLatencies(measured);
  // Stalls: the longest silences at the consumer while events kept coming (when, from the start).
  const gaps = measured.received.slice(1).map((r, i) => ({ ms: r.at - measured.received[i].at, after: (measured.received[i].at - start) / 1000 }));
  gaps.sort((a, b) => b.ms - a.ms);
  log(`${suite}: longest silences at the consumer: ${gaps.slice(0, 5).map((g) => `${g.ms.toFixed(0)} ms at ${g.after.toFixed(1)} s`).join(', ')}`);
  // p99 by second of sending, warm-up included, to tell a warm-up from a steady state.
  const bySecond: number[][] = [];
  for (const r of [...warmUp.received, ...measured.received]) (bySecond[Math.floor((r.at - r.latency - (start - warmUpSeconds * 1000)) / 1000)] ??= []).push(r.latency);
  log(`${suite}: p99 by second sent (first ${warmUpSeconds} warm-up): ${bySecond.map((l) => percentile(l.sort((x, y) => x - y), 99).toFixed(0)).join(' ')} ms`);
  const twoFigures = (list: number[]) => `ms / ${percentile(list, 99).toFixed(2)} ms`;
  const rows = [
    row(suite, `append → consumer latency at ${rate}/s, median`, percentile(latencies, 50), 'ms'),
    row(suite, `append → consumer latency at ${rate}/s, p99`, percentile(latencies, 99), 'ms', { atMost: 250 }),
    row(suite, `of which append → durable (commit and fsync), median / p99`, percentile(measured.toDurable, 50), twoFigures(measured.toDurable)),
    row(suite, `of which durable → consumer (publisher, broker, consumer), median / p99`, percentile(measured.durableToConsumer, 50), twoFigures(measured.durableToConsumer)),
    row(suite, `longest silence at the consumer`, gaps[0]?.ms ?? 0, 'ms'),
    row(suite, `longest block of the event loop (ledger and consumer share it: fsync, GC)`, loopDelay.max / 1e6, 'ms'),
  ];
  if (warmUp.received.length > 0) {
    const warmUpLatencies = sortedLatencies(warmUp);
    rows.push(row(suite, `the ${warmUpSeconds} s of warm-up before it, median / p99`, percentile(warmUpLatencies, 50), twoFigures(warmUpLatencies)));
  }
  return rows;
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
