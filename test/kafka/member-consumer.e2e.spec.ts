/**
 * The member library and the example member application against a real broker: integrity failures
 * stop a consumer, and apps/member-example keeps its dedup state in a file across restarts and
 * consumer groups. Fails, never skips, when no broker answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { EventContent, EventStore, RecordedEvent } from '@ledger/event-store';
import { GENESIS_HASH, sealEvent } from '@ledger/integrity';
import { LedgerConsumer, LedgerIntegrityError } from '@ledger/member-consumer';
import { toKafkaMessage } from '../../apps/ledger/src/publisher/kafka-message';
import { EVENT_STORE } from '../../apps/ledger/src/infrastructure/tokens';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { BROKERS, KAFKA_BROKERS, REPO, assertBrokerReachable, createTopic, deleteTopic, deleteTopicsWithPrefix, uniqueName, waitFor, waitForTopic, withTimeout } from './support/kafka-kit';

function chain(count: number, streamId: string): RecordedEvent[] {
  let prevHash = GENESIS_HASH;
  return Array.from({ length: count }, (_, i) => {
    const content: EventContent = {
      eventId: randomUUID(),
      type: 'CommitmentProgressReported',
      schemaVersion: 1,
      data: { value: String(i) },
      actor: { type: 'organization', organizationId: 'riverside-chc', role: 'member' },
      correlationId: randomUUID(),
      causationId: null,
      position: i + 1,
      streamId,
      streamRevision: i,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    };
    const sealed = sealEvent(prevHash, content);
    prevHash = sealed.hash;
    return sealed;
  });
}

describe('member organizations on a real broker', () => {
  beforeAll(async () => {
    await assertBrokerReachable();
  });

  it('a consumer stops at an event that fails its integrity check, hands nothing past it, and says why', async () => {
    const topic = uniqueName('ledger-tampered');
    await createTopic(topic, 1);
    const events = chain(3, 'commitment-t');
    const tampered = { ...events[1], data: { value: '9999' } };
    const producer = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, messages: [events[0], tampered, events[2]].map(toKafkaMessage) });
    await producer.disconnect();

    const handed: RecordedEvent[] = [];
    let crash!: (error: Error) => void;
    const crashed = new Promise<Error>((r) => (crash = r));
    const consumer = new LedgerConsumer({ brokers: BROKERS, groupId: uniqueName('strict'), topics: [topic], onEvent: (e) => void handed.push(e), onCrash: crash });
    try {
      await consumer.start();
      const error = await withTimeout(crashed, 20_000, 'the consumer to stop on the tampered event');
      expect(error).toBeInstanceOf(LedgerIntegrityError);
      expect(error.message).toContain('its hash does not match its content');
      expect((error as LedgerIntegrityError).event.eventId).toBe(events[1].eventId);
      expect(handed.map((e) => e.eventId)).toEqual([events[0].eventId]);
      expect(consumer.failure).toBe(error);

      // With onIntegrityFailure the member decides: here it notes the event and goes on.
      const refused: string[] = [];
      const lenient: RecordedEvent[] = [];
      const goesOn = new LedgerConsumer({
        brokers: BROKERS,
        groupId: uniqueName('lenient'),
        topics: [topic],
        onEvent: (e) => void lenient.push(e),
        onIntegrityFailure: (e, reason) => void refused.push(`${e.position}: ${reason}`),
      });
      await goesOn.start();
      try {
        // Position 3 is refused too: revision 1 of its record was never handed on (a gap).
        await waitFor('the lenient consumer to see all three', () => lenient.length + refused.length >= 3, 20_000);
        expect(lenient.map((e) => e.position)).toEqual([1]);
        expect(refused).toEqual(['2: its hash does not match its content', '3: stream commitment-t jumped from revision 0 to 2: revisions 1..1 were never delivered']);
      } finally {
        await goesOn.stop();
      }
    } finally {
      await consumer.stop().catch(() => undefined);
      await deleteTopic(topic);
    }
  });

  describe('apps/member-example', () => {
    const prefix = uniqueName('ledger-member-example');
    let ledger: RunningLedger;
    let http: ReturnType<typeof client>;
    let store: EventStore;
    let stateDir: string;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      ledger = await startLedger({ KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '2' });
      await waitForTopic(`${prefix}.registry`);
      http = client(ledger.baseUrl);
      store = ledger.app.get<EventStore>(EVENT_STORE);
      stateDir = mkdtempSync(join(tmpdir(), 'ledger-member-example-'));
    });
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await ledger?.close();
      if (stateDir) rmSync(stateDir, { recursive: true, force: true });
      await deleteTopicsWithPrefix(prefix);
    });

    function runExample(groupId: string) {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', resolve(REPO, 'apps/member-example/src/main.ts')], {
        cwd: REPO,
        env: { ...process.env, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, MEMBER_COLLABORATIVES: 'north', MEMBER_GROUP_ID: groupId, MEMBER_STATE_FILE: join(stateDir, 'dedup.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      return {
        lines: () => stdout.split('\n').filter((l) => l.startsWith('position ')),
        stderr: () => stderr,
        async stop() {
          child.kill('SIGTERM');
          return withTimeout(exited, 20_000, `member-example to stop:\n${stderr}`);
        },
      };
    }

    const register = async (ids: string[]) => {
      for (const id of ids) expect((await http.asOperator('/organizations', { id, name: id, sector: 'community_org' })).status).toBe(201);
    };
    const positions = (lines: string[]) => lines.map((l) => Number(/^position (\d+)/.exec(l)![1]));

    it('prints every event once, keeps its dedup state in a file, and resumes after a restart', async () => {
      await register(['north-clinic', 'south-clinic', 'east-clinic']);
      expect((await http.asOperator('/collaboratives', { id: 'north', name: 'North', region: 'North', pathwayPhase: 2 })).status).toBe(201);
      const head = (await store.head()).position;

      const first = runExample('example-a');
      await waitFor('member-example to print the history', () => first.lines().length >= head, 30_000, first.stderr);
      expect(positions(first.lines()).sort((a, b) => a - b)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      expect(first.lines()[0]).toMatch(/^position \d+\t\w+\t[\w.:~@$-]+@\d+\tby [\w-]+\t\(partition \d, offset \d+\)$/);
      expect(await first.stop()).toBe(0);
      expect(first.stderr()).toContain(`stopped after ${head} events`);

      const state = JSON.parse(readFileSync(join(stateDir, 'dedup.json'), 'utf8')) as { revisions: Record<string, number> };
      const last = new Map<string, number>();
      for (const e of await store.readAll({ after: 0, limit: 1000 })) last.set(e.streamId, e.streamRevision);
      expect(state.revisions).toEqual(Object.fromEntries(last));

      // Same group after a restart: only what is new.
      await register(['west-clinic']);
      const again = runExample('example-a');
      await waitFor('the new event', () => again.lines().length >= 1, 30_000, again.stderr);
      await new Promise((r) => setTimeout(r, 1000));
      expect(positions(again.lines())).toEqual([head + 1]);
      expect(await again.stop()).toBe(0);

      // Another group reads the topic from its start, but the file says what was handed on already:
      // only the event appended since is printed.
      await register(['central-clinic']);
      const other = runExample('example-b');
      await waitFor('the newest event', () => other.lines().length >= 1, 30_000, other.stderr);
      await new Promise((r) => setTimeout(r, 1000));
      expect(positions(other.lines())).toEqual([head + 2]);
      expect(await other.stop()).toBe(0);
      expect(other.stderr()).toMatch(new RegExp(`stopped after 1 events \\(${head + 1} duplicates dropped`));
    });
  });
});
