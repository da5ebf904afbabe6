import { randomUUID } from 'node:crypto';
import type { Actor, RecordedEvent } from '@ledger/event-store';
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
 * - the Merkle root of their hashes (compact range), against the aim of well under 5 s;
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
