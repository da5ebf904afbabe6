import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { newEventId, PostgresEventStore } from '@ledger/event-store';
import { BenchRow, log, row, timed } from '../harness';

/** The same payload for both stores: a commitment's progress report. */
function payload(i: number) {
  return { commitmentId: `c-${i % 1000}`, note: 'Enrolled 40 more residents in the navigation programme', value: String(i) };
}

type AppendOne = (streamId: string, i: number) => Promise<unknown>;

/** Durable single-event appends from 1 caller, then from `callers` concurrent callers. */
async function appendWorkload(append: AppendOne, sizes: { single: number; callers: number; perCaller: number }) {
  let n = 0;
  const one = await timed(async () => {
    for (let i = 0; i < sizes.single; i++) await append(`bench-one-${i % 100}`, n++);
  });
  const many = await timed(() =>
    Promise.all(
      Array.from({ length: sizes.callers }, async (_, c) => {
        for (let i = 0; i < sizes.perCaller; i++) await append(`bench-many-${c}`, n++);
      }),
    ),
  );
  return { oneCaller: sizes.single / one, manyCallers: (sizes.callers * sizes.perCaller) / many };
}

/**
 * This ledger's PostgreSQL event store side by side with @event-driven-io/emmett-postgresql on the
 * same database in the same run: the same durable single-event appends from 1 and 50 callers.
 * The ledger does more per event (hash chain, gapless global position, envelope), so being ahead is
 * earned by group commit, not by doing less.
 */
export async function benchPostgresVersusEmmett(databaseUrl: string, ledgerSchema: string): Promise<BenchRow[]> {
  const sizes = { single: 500, callers: 50, perCaller: 60 };
  const suite = 'postgres vs emmett';

  const ledger = await PostgresEventStore.open({ connectionString: databaseUrl, schema: ledgerSchema });
  let ours: { oneCaller: number; manyCallers: number };
  try {
    log(`${suite}: ledger store, ${sizes.single} appends from 1 caller, ${sizes.callers * sizes.perCaller} from ${sizes.callers}`);
    ours = await appendWorkload(
      (streamId, i) =>
        ledger.append(streamId, [
          {
            eventId: newEventId(),
            type: 'CommitmentProgressReported',
            schemaVersion: 1,
            data: payload(i),
            actor: { type: 'organization', organizationId: 'upper-valley-health', role: 'member' },
            correlationId: randomUUID(),
            causationId: null,
          },
        ]),
      sizes,
    );
  } finally {
    await ledger.close();
  }

  const emmett = getPostgreSQLEventStore(databaseUrl);
  let theirs: { oneCaller: number; manyCallers: number };
  try {
    // Emmett creates its tables on first use; do that outside the timing.
    await emmett.appendToStream('bench-warm-up', [{ type: 'WarmUp', data: {} }]);
    log(`${suite}: emmett-postgresql, the same workload`);
    theirs = await appendWorkload(
      (streamId, i) =>
        emmett.appendToStream(streamId, [
          {
            type: 'CommitmentProgressReported',
            data: payload(i),
            metadata: { organizationId: 'upper-valley-health', role: 'member', correlationId: randomUUID() },
          },
        ]),
      sizes,
    );
  } finally {
    await emmett.close();
  }

  return [
    row(suite, 'ledger: durable appends/s, 1 caller', ours.oneCaller, 'appends/s'),
    row(suite, 'emmett-postgresql: durable appends/s, 1 caller', theirs.oneCaller, 'appends/s'),
    row(suite, 'ledger ÷ emmett, 1 caller', ours.oneCaller / theirs.oneCaller, '×', { atLeast: 1 }),
    row(suite, 'ledger: durable appends/s, 50 callers', ours.manyCallers, 'appends/s'),
    row(suite, 'emmett-postgresql: durable appends/s, 50 callers', theirs.manyCallers, 'appends/s'),
    row(suite, 'ledger ÷ emmett, 50 callers', ours.manyCallers / theirs.manyCallers, '×', { atLeast: 1 }),
  ];
}
