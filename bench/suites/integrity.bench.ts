import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEventId, SqliteEventStore, type Actor, type RecordedEvent } from '@ledger/event-store';
import { CompactRange, GENESIS_HASH, MerkleTree, sealEvent, verifyLog } from '@ledger/integrity';
import { BenchRow, log, row, timed } from '../harness';

const actor: Actor = { type: 'organization', organizationId: 'upper-valley-health', role: 'member' };

/** n sealed events shaped like the ledger's (untimed). */
function generate(n: number): RecordedEvent[] {
  const events: RecordedEvent[] = new Array(n);
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    events[i] = sealEvent(prevHash, {
      position: i + 1,
      eventId: randomUUID(),
      type: 'CommitmentProgressReported',
      schemaVersion: 1,
      streamId: `commitment-${i % 1000}`,
      streamRevision: Math.floor(i / 1000),
      recordedAt: new Date(start + i).toISOString(),
      actor,
      correlationId: randomUUID(),
      causationId: null,
      data: { commitmentId: `c-${i % 1000}`, note: 'Enrolled 40 more residents in the navigation programme', value: String(i) },
    });
    prevHash = events[i].hash;
  }
  return events;
}

/**
 * Integrity throughput over n generated events (default one million), single-threaded:
 * - the Merkle root of their hashes (compact range), against the issue's aim of well under 5 s;
 * - building the stored tree that answers proofs for any size;
 * - full verification: positions, JCS canonicalization + chain SHA-256 of every event, and the root.
 */
export async function benchVerify(n = 1_000_000): Promise<BenchRow[]> {
  const suite = 'integrity';
  const rows: BenchRow[] = [];
  log(`${suite}: generating ${n} sealed events`);
  const events = generate(n);

  log(`${suite}: Merkle root of ${n} event hashes`);
  let root = '';
  let seconds = await timed(async () => {
    const range = new CompactRange();
    for (const event of events) range.appendHex(event.hash);
    root = range.root().toString('hex');
  });
  rows.push(row(suite, `Merkle root of ${n.toLocaleString('en-US')} leaves`, seconds, 's', { atMost: 5 }));

  log(`${suite}: stored Merkle tree of ${n} leaves (proofs for any size)`);
  seconds = await timed(async () => {
    const tree = new MerkleTree(n);
    for (const event of events) tree.appendHex(event.hash);
    if (tree.root().toString('hex') !== root) throw new Error('the stored tree disagrees with the compact range');
  });
  rows.push(row(suite, `stored Merkle tree of ${n.toLocaleString('en-US')} leaves`, seconds, 's'));

  log(`${suite}: verifying ${n} events (chain hashes + Merkle root)`);
  seconds = await timed(async () => {
    const result = await verifyLog(events);
    if (!result.ok || result.rootHash !== root) throw new Error('the generated log does not verify');
  });
  rows.push(row(suite, `verify ${n.toLocaleString('en-US')} events (JCS + chain hash + Merkle root)`, seconds, 's'));
  rows.push(row(suite, 'verification throughput', n / seconds, 'events/s'));
  return rows;
}

// `tsx bench/suites/integrity.bench.ts [n]` runs this suite alone.
if (require.main === module) {
  benchVerify(Number(process.argv[2] ?? 1_000_000))
    .then((rows) => console.table(rows))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}

/**
 * What hashing costs appends: the same batch appends to the SQLite store with the hash chain, and
 * with sealing replaced by a copy of prevHash (the only place the seal is ever replaced).
 */
export async function benchHashingCost(batches = 1000, batchSize = 100): Promise<BenchRow[]> {
  const suite = 'integrity';
  const noHash = <T>(prevHash: string, event: Omit<RecordedEvent<T>, 'prevHash' | 'hash'>): RecordedEvent<T> =>
    Object.assign(event, { prevHash, hash: prevHash }) as RecordedEvent<T>;
  const event = (n: number) => ({
    eventId: newEventId(),
    type: 'CommitmentProgressReported',
    schemaVersion: 1,
    data: { commitmentId: `c-${n % 1000}`, note: 'Enrolled 40 more residents in the navigation programme', value: String(n) },
    actor,
    correlationId: randomUUID(),
    causationId: null,
  });
  /** Events per second of one workload on a fresh store, sealing with `seal` (default: hashing). */
  const measure = async (workload: 'batches' | 'callers', seal?: typeof sealEvent) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-hash-'));
    const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite'), ...(seal ? { seal } : {}) });
    try {
      let n = 0;
      if (workload === 'batches') {
        const seconds = await timed(async () => {
          for (let b = 0; b < batches; b++) await store.append(`commitment-${b % 100}`, Array.from({ length: batchSize }, () => event(n++)));
        });
        return (batches * batchSize) / seconds;
      }
      const callers = 50;
      const perCaller = 200;
      const seconds = await timed(() =>
        Promise.all(Array.from({ length: callers }, async (_, c) => {
          for (let i = 0; i < perCaller; i++) await store.append(`commitment-${c}`, [event(n++)]);
        })),
      );
      return (callers * perCaller) / seconds;
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const rows: BenchRow[] = [];
  for (const workload of ['callers', 'batches'] as const) {
    log(`${suite}: ${workload === 'batches' ? `${batches} appends of ${batchSize} events` : 'durable single-event appends from 50 callers'}, with and without hashing`);
    // Alternate runs so that neither side gets a warmer machine; the median of three each.
    const withRuns: number[] = [];
    const withoutRuns: number[] = [];
    for (let run = 0; run < 3; run++) {
      withoutRuns.push(await measure(workload, noHash as typeof sealEvent));
      withRuns.push(await measure(workload));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
    const withHashing = median(withRuns);
    const withoutHashing = median(withoutRuns);
    const label = workload === 'batches' ? `sqlite appends in batches of ${batchSize}` : 'sqlite durable appends, 50 callers';
    rows.push(
      row(suite, `${label}, with hashing`, withHashing, 'events/s'),
      row(suite, `${label}, without hashing`, withoutHashing, 'events/s'),
      row(suite, `${label}: slower with hashing`, (1 - withHashing / withoutHashing) * 100, '%', { atMost: 15 }),
    );
  }
  return rows;
}
