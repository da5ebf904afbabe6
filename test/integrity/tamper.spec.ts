/**
 * Verification of a real SQLite ledger after tampering with its database file: each kind of
 * tampering is caught at the right position, live (through the store's readAll) and offline (from
 * the `ledger export` JSON Lines file) with exactly the same verdict. A clean log verifies.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import {
  CheckpointSigner,
  GENESIS_HASH,
  jsonLinesEvents,
  MerkleTree,
  sealEvent,
  storeEvents,
  verifyLog,
  type SignedCheckpoint,
  type VerifyOptions,
  type VerifyResult,
} from '@ledger/integrity';
import {
  appendEvents,
  exportLog,
  forgedEvent,
  insertRow,
  ledgerFiles,
  openStore,
  readAllEvents,
  rewriteHistoryFrom,
  tamper,
  type LedgerFiles,
} from './support/ledger-files';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = new CheckpointSigner(privateKey, publicKey, 'test.example/ledger');

function rootOf(events: RecordedEvent[], size = events.length): string {
  const tree = new MerkleTree();
  for (const event of events.slice(0, size)) tree.appendHex(event.hash);
  return tree.root().toString('hex');
}

function checkpointAt(events: RecordedEvent[], treeSize: number): SignedCheckpoint {
  return signer.sign({ treeSize, rootHash: rootOf(events, treeSize) });
}

/** Verifies live and from an export, expects the same verdict, and returns it. */
async function verifyBoth(files: LedgerFiles, options: Omit<VerifyOptions, 'publicKey'> & { publicKey?: KeyObject } = {}): Promise<VerifyResult> {
  const opts = { ...options, publicKey: options.publicKey ?? (options.checkpoint ? publicKey : undefined) };
  const store = openStore(files);
  let live: VerifyResult;
  try {
    live = await verifyLog(storeEvents(store, { pageSize: 7 }), opts);
  } finally {
    await store.close();
  }
  const offline = await verifyLog(jsonLinesEvents(await exportLog(files)), opts);
  expect(offline).toEqual(live);
  return live;
}

describe('verifying a tampered SQLite ledger', () => {
  let files: LedgerFiles;
  let events: RecordedEvent[];

  beforeEach(async () => {
    files = ledgerFiles();
    events = await appendEvents(files, 50);
  });
  afterEach(() => files.remove());

  it('accepts the clean log, alone and against checkpoints of any earlier size', async () => {
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const progress: number[] = [];
    const clean = await verifyBoth(files, { onProgress: ({ verified }) => progress.push(verified), progressEvery: 10 });
    expect(clean).toEqual({ ok: true, treeSize: 50, rootHash: rootOf(events), headHash: events[49].hash });
    expect(progress).toEqual([10, 20, 30, 40, 50, 10, 20, 30, 40, 50]); // live, then offline
    for (const size of [0, 1, 30, 32, 50]) {
      const checkpoint = checkpointAt(events, size);
      expect(await verifyBoth(files, { checkpoint })).toMatchObject({ ok: true, treeSize: 50, checkpoint: { treeSize: size } });
    }
  });

  it('catches a changed field of one event’s data at that position', async () => {
    tamper(files, (db) => db.prepare(`UPDATE events SET data = json_set(data, '$.n', 999) WHERE position = 17`).run());
    const result = await verifyBoth(files);
    expect(result).toMatchObject({ ok: false, position: 17, eventId: events[16].eventId, check: 'hash', found: events[16].hash, verified: 16 });
    expect(result.ok || result.expected).not.toBe(events[16].hash);
  });

  it('catches a changed envelope field (the actor) too', async () => {
    tamper(files, (db) => db.prepare(`UPDATE events SET actor = '{"type":"operator"}' WHERE position = 5`).run());
    expect(await verifyBoth(files)).toMatchObject({ ok: false, position: 5, check: 'hash' });
  });

  it('catches a change whose hash was recomputed at the next position, whose prevHash no longer matches', async () => {
    const { prevHash: _p, hash: _h, ...content } = events[16];
    const resealed = sealEvent(events[16].prevHash, { ...content, data: { n: 999 } });
    tamper(files, (db) => db.prepare(`UPDATE events SET data = ?, hash = ? WHERE position = 17`).run(JSON.stringify(resealed.data), resealed.hash));
    expect(await verifyBoth(files)).toMatchObject({
      ok: false,
      position: 18,
      check: 'prevHash',
      expected: resealed.hash,
      found: events[16].hash,
    });
  });

  it('catches a deleted event at its position', async () => {
    tamper(files, (db) => db.prepare('DELETE FROM events WHERE position = 23').run());
    expect(await verifyBoth(files)).toMatchObject({
      ok: false,
      position: 23,
      eventId: events[23].eventId,
      check: 'position',
      expected: '23',
      found: '24',
      verified: 22,
    });
  });

  it('catches two swapped events at the first of them', async () => {
    tamper(files, (db) => {
      db.prepare('UPDATE events SET position = -1 WHERE position = 10').run();
      db.prepare('UPDATE events SET position = 10 WHERE position = 11').run();
      db.prepare('UPDATE events SET position = 11 WHERE position = -1').run();
    });
    expect(await verifyBoth(files)).toMatchObject({
      ok: false,
      position: 10,
      eventId: events[10].eventId,
      check: 'prevHash',
      expected: events[8].hash,
      found: events[9].hash,
    });
  });

  it('catches a forged event appended at the end', async () => {
    insertRow(files, forgedEvent(events[49]));
    expect(await verifyBoth(files)).toMatchObject({ ok: false, position: 51, check: 'hash', found: 'f'.repeat(64), verified: 50 });
  });

  it('catches a forged append that does not chain, or skips a position', async () => {
    insertRow(files, forgedEvent(events[49], { prevHash: GENESIS_HASH }));
    expect(await verifyBoth(files)).toMatchObject({ ok: false, position: 51, check: 'prevHash', expected: events[49].hash });
    tamper(files, (db) => db.prepare('UPDATE events SET position = 52 WHERE position = 51').run());
    expect(await verifyBoth(files)).toMatchObject({ ok: false, position: 51, check: 'position', expected: '51', found: '52' });
  });

  it('catches a correctly chained forged tail against a checkpoint that covers the genuine one', async () => {
    const more = await appendEvents(files, 1, 50);
    const genuine = [...events, ...more];
    const checkpoint = checkpointAt(genuine, 51);
    // The attacker replaces event 51 with one that chains perfectly (anyone can compute SHA-256).
    tamper(files, (db) => db.prepare('DELETE FROM events WHERE position = 51').run());
    const { prevHash: _p, hash: _h, ...content } = forgedEvent(events[49]);
    insertRow(files, sealEvent(events[49].hash, content));
    expect(await verifyBoth(files)).toMatchObject({ ok: true, treeSize: 51 }); // the chain alone cannot tell
    expect(await verifyBoth(files, { checkpoint })).toMatchObject({ ok: false, position: 51, check: 'checkpoint-root', expected: checkpoint.rootHash });
  });

  it('catches a truncated tail against a checkpoint saved before, at the first missing position', async () => {
    const checkpoint = checkpointAt(events, 50);
    tamper(files, (db) => db.prepare('DELETE FROM events WHERE position > 40').run());
    expect(await verifyBoth(files)).toMatchObject({ ok: true, treeSize: 40 }); // consistent on its own
    expect(await verifyBoth(files, { checkpoint })).toMatchObject({
      ok: false,
      position: 41,
      check: 'checkpoint-size',
      found: '40 events',
      verified: 40,
    });
  });

  it('catches a history that forks from a saved checkpoint, at the checkpoint’s tree size', async () => {
    const checkpoint = checkpointAt(events, 40);
    const before = checkpointAt(events, 25);
    rewriteHistoryFrom(files, events, 30);
    expect(await verifyBoth(files)).toMatchObject({ ok: true, treeSize: 50 }); // a perfectly chained rewrite
    const forked = await readAllEvents(files);
    expect(await verifyBoth(files, { checkpoint })).toEqual({
      ok: false,
      position: 40,
      eventId: events[39].eventId,
      check: 'checkpoint-root',
      expected: checkpoint.rootHash,
      found: rootOf(forked, 40),
      verified: 40,
      message: expect.stringMatching(/rewritten/),
    });
    // A checkpoint from before the fork still matches: the prefix it signed is intact.
    expect(await verifyBoth(files, { checkpoint: before })).toMatchObject({ ok: true });
  });

  it('refuses a checkpoint that is not signed by the ledger key, before reading anything', async () => {
    const checkpoint = checkpointAt(events, 50);
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    expect(await verifyBoth(files, { checkpoint, publicKey: otherKey })).toMatchObject({
      ok: false,
      position: 50,
      check: 'checkpoint-signature',
      verified: 0,
    });
    const altered = { ...checkpoint, rootHash: rootOf(events, 49) };
    expect(await verifyBoth(files, { checkpoint: altered })).toMatchObject({ ok: false, check: 'checkpoint-signature', found: expect.stringMatching(/does not verify/) });
    await expect(verifyLog([], { checkpoint })).rejects.toThrow(/public key/);
  });

  it('runs plugged-in per-event checks (the member-signature hook) after the chain checks', async () => {
    const result = await verifyBoth(files, {
      eventChecks: [
        (event) => (event.position === 33 ? { expected: 'a valid member signature', found: 'none', message: 'unsigned' } : null),
      ],
    });
    expect(result).toMatchObject({ ok: false, position: 33, check: 'member-signature', found: 'none' });
  });
});

describe('verifying an export file offline', () => {
  let files: LedgerFiles;
  beforeEach(() => {
    files = ledgerFiles();
  });
  afterEach(() => files.remove());

  it('verifies an empty log', async () => {
    expect(await verifyBoth(files)).toEqual({
      ok: true,
      treeSize: 0,
      rootHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      headHash: GENESIS_HASH,
    });
  });

  it('names an unreadable line', async () => {
    await appendEvents(files, 5);
    const file = await exportLog(files);
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file, '{"position": 6, "oops"\n');
    expect(await verifyLog(jsonLinesEvents(file))).toMatchObject({ ok: false, position: 6, check: 'read', found: expect.stringMatching(/^line 6: not JSON/) });
  });
});
