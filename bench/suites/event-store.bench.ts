import { randomUUID } from 'node:crypto';
import { newEventId, type EventStore, type NewEvent } from '@ledger/event-store';
import { BenchRow, log, row, timed } from '../harness';

function event(i: number): NewEvent {
  return {
    eventId: newEventId(),
    type: 'CommitmentProgressReported',
    schemaVersion: 1,
    data: { commitmentId: `c-${i % 1000}`, note: 'Enrolled 40 more residents in the navigation programme', value: String(i) },
    actor: { type: 'organization', organizationId: 'upper-valley-health', role: 'member' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

/**
 * Append and read throughput of one event-store adapter: durable single-event appends from 1 and
 * from 50 concurrent callers, batch appends, and reading the whole log.
 */
export async function benchEventStore(
  suite: string,
  store: EventStore,
  sizes = { single: 2000, concurrentPerCaller: 400, batches: 2000, batchSize: 100 },
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let n = 0;

  log(`${suite}: ${sizes.single} single-event appends from 1 caller`);
  let seconds = await timed(async () => {
    for (let i = 0; i < sizes.single; i++) await store.append(`bench-one-${i % 100}`, [event(n++)]);
  });
  rows.push(row(suite, 'durable single-event appends/s, 1 caller', sizes.single / seconds, 'appends/s'));

  const callers = 50;
  log(`${suite}: ${callers * sizes.concurrentPerCaller} single-event appends from ${callers} callers`);
  seconds = await timed(() =>
    Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let i = 0; i < sizes.concurrentPerCaller; i++) await store.append(`bench-many-${c}`, [event(n++)]);
      }),
    ),
  );
  rows.push(
    row(suite, 'durable single-event appends/s, 50 callers', (callers * sizes.concurrentPerCaller) / seconds, 'appends/s', {
      atLeast: suite === 'sqlite' ? 10000 : undefined,
    }),
  );

  log(`${suite}: ${sizes.batches} appends of ${sizes.batchSize} events`);
  seconds = await timed(async () => {
    for (let b = 0; b < sizes.batches; b++) {
      const events = Array.from({ length: sizes.batchSize }, () => event(n++));
      await store.append(`bench-batch-${b % 100}`, events);
    }
  });
  rows.push(
    row(suite, `events/s in batches of ${sizes.batchSize}`, (sizes.batches * sizes.batchSize) / seconds, 'events/s', {
      atLeast: suite === 'sqlite' ? 200000 : undefined,
    }),
  );

  const total = (await store.head()).position;
  log(`${suite}: reading the whole log (${total} events)`);
  let read = 0;
  seconds = await timed(async () => {
    let after = 0;
    for (;;) {
      const page = await store.readAll({ after, limit: 5000 });
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1].position;
    }
  });
  rows.push(
    row(suite, 'full-log read events/s', read / seconds, 'events/s', { atLeast: suite === 'sqlite' ? 500000 : undefined }),
  );
  return rows;
}
