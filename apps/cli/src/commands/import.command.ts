import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '@ledger/config';
import { openEventStore, type EventStore, type RecordedEvent, type StreamAppend } from '@ledger/event-store';
import {
  countJsonLines,
  describeFailure,
  jsonLinesEvents,
  LogVerifier,
  memberSignatureCheck,
  storeEvents,
  verifyLog,
  type VerifyFailure,
} from '@ledger/integrity';
import { progressBar } from '../progress';
import { VERIFY_FAILED_EXIT_CODE } from './verify.command';

/** Events appended in one commit at most. */
const BATCH = 500;

/** The import stopped: the file does not verify, or the store did not record an event as exported. */
export class ImportRefused extends Error {}

/**
 * `ledger import FILE`: loads a `ledger export` (JSON Lines) into the empty store the environment
 * names (LEDGER_STORE: SQLite, PostgreSQL or KurrentDB), so a ledger moves between stores with the
 * same log — the same positions, hashes and root hash.
 *
 * 1. The whole file is verified first (positions, hash chain, Merkle root, member signatures), and
 *    nothing is written unless it all verifies.
 * 2. Then its events are appended through the store's own port, in position order, each commit with
 *    the events' own recordedAt as the store's clock and each stream's expected revision, so the
 *    store seals every event into the chain exactly as it was; each event is checked again as it
 *    goes (LogVerifier), and each one stored is compared with the file's — position, revision and
 *    hash. The first difference stops the import, naming the position.
 * 3. Finally the store's log is verified as a whole, and its root hash compared with the file's.
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('load a JSON Lines export into the empty store LEDGER_STORE names, verifying every event')
    .argument('<file>', 'a `ledger export` file')
    .action(async (file: string) => {
      if (!existsSync(file)) throw new Error(`${file} does not exist`);
      const config = loadConfig();
      const total = await countJsonLines(file);

      const checking = progressBar('verify the export', total);
      const verified = await verifyLog(jsonLinesEvents(file), { eventChecks: [memberSignatureCheck()], onProgress: ({ verified: n }) => checking.update(n), progressEvery: 5000 });
      checking.stop();
      if (!verified.ok) {
        console.error(`ledger import: ${file} does not verify, nothing imported: ${describeFailure(verified)}`);
        process.exitCode = VERIFY_FAILED_EXIT_CODE;
        return;
      }

      let now = new Date(0);
      const store = await openEventStore(config, { clock: () => now });
      try {
        const head = await store.head();
        if (head.position !== 0) throw new Error(`the ${store.kind} store already holds ${head.position} events: import only into an empty store`);
        const importing = progressBar(`import into ${store.kind}`, total);
        try {
          await importEvents(store, jsonLinesEvents(file), (recordedAt) => (now = new Date(recordedAt)), (n) => importing.update(n));
        } catch (error) {
          if (error instanceof ImportRefused) {
            console.error(`ledger import: ${error.message}`);
            process.exitCode = VERIFY_FAILED_EXIT_CODE;
            return;
          }
          throw error;
        } finally {
          importing.stop();
        }
        const result = await verifyLog(storeEvents(store));
        if (!result.ok || result.rootHash !== verified.rootHash) {
          console.error(`ledger import: the imported log does not match the export: ${result.ok ? `root ${result.rootHash}, expected ${verified.rootHash}` : describeFailure(result)}`);
          process.exitCode = VERIFY_FAILED_EXIT_CODE;
          return;
        }
        console.log(`imported ${result.treeSize} events into ${store.kind}: tree size ${result.treeSize}, root ${result.rootHash} (the export's)`);
      } finally {
        await store.close();
      }
    });
}

/**
 * Appends the verified events to the empty store as they were recorded (see registerImport): a
 * commit holds consecutive events of one recordedAt, each stream once, at most BATCH events.
 * `setClock` sets the store's clock before each commit.
 */
export async function importEvents(
  store: EventStore,
  events: AsyncIterable<RecordedEvent>,
  setClock: (recordedAt: string) => void,
  onProgress: (imported: number) => void = () => undefined,
): Promise<number> {
  const verifier = new LogVerifier();
  verifier.begin();
  let batch: RecordedEvent[] = [];
  let imported = 0;

  const commit = async () => {
    if (batch.length === 0) return;
    const appends: StreamAppend[] = [];
    for (const event of batch) {
      const last = appends[appends.length - 1];
      if (last?.streamId === event.streamId) last.events.push(newEventOf(event));
      else appends.push({ streamId: event.streamId, expectedRevision: event.streamRevision === 0 ? 'no_stream' : event.streamRevision - 1, events: [newEventOf(event)] });
    }
    setClock(batch[0].recordedAt);
    const stored = (await store.appendMany(appends)).flatMap((result) => result.events);
    batch.forEach((expected, i) => {
      const got = stored[i];
      for (const field of ['eventId', 'position', 'streamRevision', 'recordedAt', 'prevHash', 'hash'] as const) {
        if (got?.[field] !== expected[field]) {
          throw new ImportRefused(
            `position ${expected.position} (event ${expected.eventId}): the ${store.kind} store recorded ${field} ${JSON.stringify(got?.[field])}, the export has ${JSON.stringify(expected[field])}; ` +
              `positions 1..${expected.position - 1} are imported, the rest is not`,
          );
        }
      }
    });
    imported += batch.length;
    onProgress(imported);
    batch = [];
  };

  for await (const event of events) {
    const problem: VerifyFailure | undefined = verifier.check(event) ?? verifier.accept(event);
    if (problem) throw new ImportRefused(`${describeFailure(problem)} (the file changed since it was verified?); positions 1..${imported} are imported`);
    const first = batch[0];
    // A new commit when the recording instant changes, a stream comes back after another, or the batch is full.
    const streamSeen = batch.some((e) => e.streamId === event.streamId) && batch[batch.length - 1].streamId !== event.streamId;
    if (first && (event.recordedAt !== first.recordedAt || streamSeen || batch.length >= BATCH)) await commit();
    batch.push(event);
  }
  await commit();
  return imported;
}

function newEventOf(event: RecordedEvent) {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    ...(event.signature ? { signature: event.signature } : {}),
  };
}
