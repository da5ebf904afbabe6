/**
 * The ledger publishing to a real Kafka broker (infra/kafka/start.sh), read back by member
 * organizations through libs/member-consumer with real consumer groups. Fails, never skips, when
 * no broker answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../../apps/ledger/src/infrastructure/tokens';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { newEvent } from '../support/events';
import {
  KAFKA_BROKERS,
  MemberCollector,
  RawCollector,
  assertBrokerReachable,
  checkDelivery,
  deleteTopicsWithPrefix,
  topicPartitions,
  topicsWithPrefix,
  uniqueName,
  waitFor,
  waitForTopic,
} from './support/kafka-kit';

type Answer = { id: string; streamRevision: number; position: number; [k: string]: unknown };
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const usd = (amount: string) => ({ currency: 'USD', amount });

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: out.length ? out[out.length - 1].position : 0, limit: 1000 });
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

describe('Kafka publishing end to end (real broker)', () => {
  beforeAll(async () => {
    await assertBrokerReachable();
  });

  describe("commands over HTTP reach member organizations, each collaborative's on its own topic", () => {
    const prefix = uniqueName('ledger-e2e');
    let ledger: RunningLedger;
    let http: ReturnType<typeof client>;
    let store: EventStore;
    const collectors: Array<{ stop(): Promise<void> }> = [];

    beforeAll(async () => {
      ledger = await startLedger({ KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '4' });
      await waitForTopic(`${prefix}.registry`);
      http = client(ledger.baseUrl);
      store = ledger.app.get<EventStore>(EVENT_STORE);
    });
    afterAll(async () => {
      for (const c of collectors) await c.stop();
      await ledger?.close();
      await deleteTopicsWithPrefix(prefix);
    });

    /** The topic LEDGER.md gives an event: its collaborative's, or the registry for organizations. */
    function expectedTopic(event: RecordedEvent, stored: RecordedEvent[]): string {
      if (event.streamId.startsWith('organization-')) return `${prefix}.registry`;
      const first = stored.find((e) => e.streamId === event.streamId && e.streamRevision === 0)!;
      return `${prefix}.collaborative.${(first.data as { collaborativeId: string }).collaborativeId}`;
    }

    async function partnership(prefix: string): Promise<void> {
      const steward = `${prefix}-health`;
      const member = `${prefix}-chc`;
      const funder = `${prefix}-foundation`;
      for (const [id, sector] of [
        [steward, 'hospital'],
        [member, 'community_org'],
        [funder, 'funder'],
      ]) {
        expect((await http.asOperator('/organizations', { id, name: id, sector })).status).toBe(201);
      }
      const collaborative = `${prefix}-partnership`;
      expect((await http.asOperator('/collaboratives', { id: collaborative, name: collaborative, region: prefix, pathwayPhase: 5 })).status).toBe(201);
      for (const [organizationId, role] of [
        [steward, 'steward'],
        [member, 'member'],
        [funder, 'member'],
      ]) {
        expect((await http.asOperator(`/collaboratives/${collaborative}/members`, { organizationId, role })).status).toBe(200);
      }
      await commitments(prefix, 3);
      const pledged = await http.as(funder)('/pledges', {
        collaborativeId: collaborative,
        recipient: { organizationId: member },
        purpose: 'Community health worker salaries',
        amount: usd('250000.00'),
        binding: true,
        schedule: [{ dueDate: daysFromNow(30), amount: usd('250000.00') }],
      });
      expect(pledged.status).toBe(201);
      const pledge = (pledged.body as Answer).id;
      expect((await http.as(member)(`/pledges/${pledge}/acknowledgement`)).status).toBe(200);
      expect((await http.as(funder)(`/pledges/${pledge}/disbursements`, { amount: usd('100000.00'), disbursedOn: daysFromNow(0), reference: 'WIRE-1' })).status).toBe(200);
    }

    /** `count` commitments made, accepted, progressed, delivered and confirmed in the partnership. */
    async function commitments(prefix: string, count: number): Promise<void> {
      const steward = `${prefix}-health`;
      const member = `${prefix}-chc`;
      const collaborative = `${prefix}-partnership`;
      for (let i = 0; i < count; i++) {
        const made = await http.as(member)('/commitments', {
          collaborativeId: collaborative,
          promisee: { collaborativeId: collaborative },
          title: `Enrol residents in care navigation, wave ${i}`,
          measure: { indicator: 'residents enrolled', unit: 'people', target: '400' },
          dueDate: daysFromNow(60 + i),
        });
        expect(made.status).toBe(201);
        const id = (made.body as Answer).id;
        expect((await http.as(steward)(`/commitments/${id}/acceptance`, {})).status).toBe(200);
        expect((await http.as(member)(`/commitments/${id}/progress`, { note: 'under way', value: '120' })).status).toBe(200);
        expect((await http.as(member)(`/commitments/${id}/delivery`, { deliveredOn: daysFromNow(0), value: '412' })).status).toBe(200);
        expect((await http.as(steward)(`/commitments/${id}/delivery-confirmation`, {})).status).toBe(200);
      }
    }

    let topics: string[] = [];

    it('publishes every event on its topic, keyed by record, with id, type and position headers, in per-record order', async () => {
      await partnership('upper-valley');
      await partnership('lower-valley');

      // The ledger created its topics itself, each with KAFKA_PARTITIONS partitions: the registry,
      // the checkpoints' and one per collaborative.
      topics = await topicsWithPrefix(prefix);
      expect(topics).toEqual([
        `${prefix}.checkpoints`,
        `${prefix}.collaborative.lower-valley-partnership`,
        `${prefix}.collaborative.upper-valley-partnership`,
        `${prefix}.registry`,
      ]);
      for (const topic of topics) expect(await topicPartitions(topic)).toBe(4);

      const raw = await new RawCollector(topics).start();
      const member = await new MemberCollector(topics).start();
      collectors.push(raw, member);

      let stored = await allEvents(store);
      expect(stored.length).toBeGreaterThanOrEqual(50);
      await waitFor('every stored event on the topics and handed to the member', () => raw.distinct().size >= stored.length && member.handed.length >= stored.length, 30_000, () =>
        `stored ${stored.length}, on the topics ${raw.distinct().size}, handed ${member.handed.length}`,
      );

      // Live: events appended while the consumers run arrive too.
      await commitments('upper-valley', 1);
      await commitments('lower-valley', 1);
      stored = await allEvents(store);
      await waitFor('the live events', () => raw.distinct().size >= stored.length && member.handed.length >= stored.length, 30_000, () =>
        `stored ${stored.length}, on the topics ${raw.distinct().size}, handed ${member.handed.length}`,
      );

      const { duplicates } = checkDelivery(stored, raw.records, member.handed);
      expect(duplicates).toBe(0); // nothing crashed: nothing was published twice
      expect(member.integrityFailures).toEqual([]);
      expect(member.consumer.counters).toMatchObject({ handed: stored.length, duplicates: 0, refused: 0 });
      // Consecutive positions the member saw one after the other on one topic had their hash link checked.
      expect(member.consumer.counters.linksChecked).toBeGreaterThan(0);

      // Each event on its collaborative's topic (organizations on the registry), and nowhere else.
      const misplaced = raw.records.filter((r) => r.topic !== expectedTopic(r.event, stored)).map((r) => `${r.event.streamId}@${r.event.streamRevision} on ${r.topic}`);
      expect(misplaced).toEqual([]);
      // Every event the member got is the stored one, field for field (hash, prevHash included).
      const byId = new Map(stored.map((e) => [e.eventId, e]));
      for (const { event, delivery } of member.handed) {
        expect(event).toEqual(byId.get(event.eventId));
        expect(delivery).toMatchObject({ topic: expectedTopic(event, stored), key: event.streamId, headers: { 'ledger-event-id': event.eventId } });
      }
      // A record's events share one partition.
      const partitionOf = new Map<string, Set<string>>();
      for (const r of raw.records) partitionOf.set(r.key!, (partitionOf.get(r.key!) ?? new Set()).add(`${r.topic}/${r.partition}`));
      expect([...partitionOf.values()].every((set) => set.size === 1)).toBe(true);
      expect(new Set(raw.records.map((r) => r.partition)).size).toBeGreaterThan(1);

      // The publisher reports no lag.
      await waitFor('publisher lag 0', async () => {
        const health = await http.get<{ kafkaPublisher: { lag: number } }>('/health');
        return health.body.kafkaPublisher.lag === 0;
      }, 10_000);
    });

    it("a member following its collaborative's topic gets that collaborative's records and the registry, none of another's", async () => {
      const stored = await allEvents(store);
      const upper = await new MemberCollector({ topicPrefix: prefix, collaboratives: ['upper-valley-partnership'] }).start();
      collectors.push(upper);
      const expected = stored.filter((e) => [`${prefix}.registry`, `${prefix}.collaborative.upper-valley-partnership`].includes(expectedTopic(e, stored)));
      await waitFor('the upper valley and registry events', () => upper.handed.length >= expected.length, 30_000, () => `${upper.handed.length}/${expected.length}`);
      expect(upper.handed.map((h) => h.event.eventId).sort()).toEqual(expected.map((e) => e.eventId).sort());
      expect(upper.handed.some((h) => JSON.stringify(h.event.data).includes('lower-valley-partnership'))).toBe(false);
      expect(upper.integrityFailures).toEqual([]);
    });

    it('a second member group reads the same history from the start, and a restarted member resumes from its offsets', async () => {
      const stored = await allEvents(store);
      const groupId = uniqueName('member-resume');
      const first = await new MemberCollector(topics, { groupId }).start();
      await waitFor('the new group to read everything', () => first.handed.length >= stored.length, 30_000, () => `${first.handed.length}/${stored.length}`);
      await first.stop();

      const made = await http.as('upper-valley-chc')('/commitments', {
        collaborativeId: 'upper-valley-partnership',
        promisee: { collaborativeId: 'upper-valley-partnership' },
        title: 'One more',
        dueDate: daysFromNow(20),
      });
      expect(made.status).toBe(201);
      // Same group, fresh process memory: committed offsets mean it starts after what it finished.
      const again = await new MemberCollector(topics, { groupId }).start();
      collectors.push(again);
      await waitFor('the new event', () => again.handed.some((h) => h.event.streamId.includes((made.body as Answer).id)), 30_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(again.handed.map((h) => h.event.type)).toEqual(['CommitmentMade']);
    });
  });

  it('publishes a backlog of large events of one record (one partition) without exceeding the broker message size', async () => {
    // A ledger that starts with a backlog: e.g. Kafka newly configured, or the publisher was
    // behind. 300 events of ~8 KiB for one record are more than Kafka's 1 MiB batch limit together.
    const prefix = uniqueName('ledger-backlog');
    // The test's record names no collaborative: the ledger publishes it to its registry topic.
    const topic = `${prefix}.registry`;
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-kafka-backlog-'));
    const prefill = new SqliteEventStore({ filename: join(dataDir, 'ledger.sqlite') });
    const big = 'x'.repeat(8 * 1024);
    for (let i = 0; i < 300; i += 50) {
      await prefill.append('commitment-big', Array.from({ length: 50 }, (_, j) => newEvent('EvidenceAttached', { i: i + j, note: big }, { eventId: randomUUID() })));
    }
    await prefill.close();

    const ledger = await startLedger({ LEDGER_DATA_DIR: dataDir, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '1' });
    await waitForTopic(topic);
    const member = await new MemberCollector(topic).start();
    try {
      const store = ledger.app.get<EventStore>(EVENT_STORE);
      const stored = await allEvents(store);
      expect(stored).toHaveLength(300);
      let publisher: unknown = null;
      await waitFor(
        'the backlog on the topic',
        async () => {
          publisher = (await client(ledger.baseUrl).get('/health')).body.kafkaPublisher;
          return member.handed.length >= 300;
        },
        30_000,
        () => `handed ${member.handed.length}/300; publisher ${JSON.stringify(publisher)}`,
      );
      expect(member.handed.map((h) => h.event.streamRevision)).toEqual(stored.map((e) => e.streamRevision));
    } finally {
      await member.stop();
      await ledger.close();
      rmSync(dataDir, { recursive: true, force: true });
      await deleteTopicsWithPrefix(prefix);
    }
  });
});
