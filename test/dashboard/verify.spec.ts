import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  checkpointDocument,
  CheckpointSigner,
  Cosigner,
  checkpointBody as ledgerCheckpointBody,
  inclusionProofDocument,
  MerkleTree,
  publicKeyRaw,
  sealEvent,
  GENESIS_HASH,
  toHex,
} from '@ledger/integrity';
import {
  checkCheckpoint,
  checkInclusion,
  checkpointBody,
  eventChainHash,
  rootFromInclusionProof,
  hexToBytes,
  leafHash,
  readWitnessVkey,
  verifyConsistencyProof,
  verifyCosignatureLine,
  type LedgerEvent,
} from '../../apps/dashboard/src/lib/verify';

/**
 * The dashboard verifies checkpoints and inclusion proofs in the browser with WebCrypto
 * (apps/dashboard/src/lib/verify.ts). Node has the same WebCrypto, so this suite holds the
 * browser's code to the ledger's own implementation (libs/integrity): same signed bytes, same
 * roots, same event hashes — and a refusal for every kind of tampering.
 */
function makeLog(size: number) {
  const events: LedgerEvent[] = [];
  let prev = GENESIS_HASH;
  for (let position = 1; position <= size; position += 1) {
    const event = sealEvent(prev, {
      position,
      eventId: `01900000-0000-7000-8000-${String(position).padStart(12, '0')}`,
      type: position % 2 ? 'CommitmentMade' : 'CommitmentAccepted',
      schemaVersion: 1,
      streamId: `commitment-c${position % 3}`,
      streamRevision: Math.floor(position / 3),
      recordedAt: new Date(Date.UTC(2026, 0, 1, 9, position)).toISOString(),
      actor: { type: 'organization', organizationId: 'riverside-chc', role: 'member' },
      correlationId: `corr-${position}`,
      causationId: null,
      data: { title: `Promise ${position} — “quoted”, ünïcode`, value: '12.50', nested: { b: 2, a: [1, 'x'] } },
    } as never) as unknown as LedgerEvent;
    events.push(JSON.parse(JSON.stringify(event)) as LedgerEvent);
    prev = event.hash;
  }
  const tree = new MerkleTree();
  for (const e of events) tree.appendHex(e.hash);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = new CheckpointSigner(privateKey, publicKey);
  const checkpoint = checkpointDocument(signer.sign({ treeSize: size, rootHash: toHex(tree.root(size)) }));
  const key = { origin: signer.origin, keyId: signer.keyId, publicKey: publicKeyRaw(publicKey).toString('base64') };
  const proofOf = (e: LedgerEvent, treeSize = size) => inclusionProofDocument(tree, e as never, treeSize);
  return { events, tree, checkpoint, key, proofOf };
}

describe('dashboard: the browser’s own check of the ledger (WebCrypto)', () => {
  const log = makeLog(21);

  it('signs the same bytes as the ledger and verifies its Ed25519 checkpoint signature', async () => {
    expect(checkpointBody(log.checkpoint)).toBe(ledgerCheckpointBody(log.checkpoint));
    const checks = await checkCheckpoint(log.checkpoint, log.key);
    expect(checks.map((c) => [c.id, c.ok])).toEqual([
      ['key-id', true],
      ['signature', true],
    ]);
  });

  it('refuses a checkpoint whose size, root, time or signature was changed, or signed by another key', async () => {
    const other = makeLog(3);
    const variants = [
      { ...log.checkpoint, treeSize: log.checkpoint.treeSize - 1 },
      { ...log.checkpoint, rootHash: log.checkpoint.rootHash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) },
      { ...log.checkpoint, timestamp: '2020-01-01T00:00:00.000Z' },
      { ...log.checkpoint, signature: other.checkpoint.signature },
    ];
    for (const variant of variants) {
      const checks = await checkCheckpoint(variant, log.key);
      expect(checks.find((c) => c.id === 'signature')?.ok).toBe(false);
    }
    // Another ledger's key: its key ID differs and its signature does not verify.
    const foreign = await checkCheckpoint(log.checkpoint, { ...other.key, origin: log.key.origin });
    expect(foreign.every((c) => !c.ok)).toBe(true);
  });

  it('recomputes every event’s chain hash from its envelope (RFC 8785), as the ledger does', async () => {
    for (const event of log.events) expect(await eventChainHash(event)).toBe(event.hash);
    const changed = { ...log.events[4], data: { ...log.events[4].data, value: '12.51' } };
    expect(await eventChainHash(changed)).not.toBe(log.events[4].hash);
  });

  it('follows every inclusion path to the signed root, for every leaf and tree size', async () => {
    for (let treeSize = 1; treeSize <= log.events.length; treeSize += 1) {
      for (const event of log.events.slice(0, treeSize)) {
        const proof = log.proofOf(event, treeSize);
        const root = await rootFromInclusionProof(proof.leafIndex, treeSize, await leafHash(hexToBytes(proof.leaf)), proof.path.map(hexToBytes));
        expect(toHex(root)).toBe(toHex(log.tree.root(treeSize)));
      }
    }
    for (const event of [log.events[0], log.events[10], log.events[20]]) {
      const checks = await checkInclusion(event, log.proofOf(event), log.checkpoint);
      expect(checks.map((c) => [c.id, c.ok])).toEqual([
        ['event-hash', true],
        ['inclusion', true],
      ]);
    }
  });

  it('refuses a proof with a changed path, leaf, index or size, and an event whose content was changed', async () => {
    const event = log.events[7];
    const proof = log.proofOf(event);
    const flip = (h: string) => h.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const bad = [
      { ...proof, path: [flip(proof.path[0]), ...proof.path.slice(1)] },
      { ...proof, path: proof.path.slice(1) },
      { ...proof, path: [...proof.path, proof.path[0]] },
      { ...proof, leafIndex: proof.leafIndex + 1 },
      { ...proof, treeSize: proof.treeSize - 1 },
      { ...proof, leaf: log.events[8].hash },
    ];
    for (const variant of bad) {
      const checks = await checkInclusion(event, variant, log.checkpoint);
      expect(checks.find((c) => c.id === 'inclusion')?.ok).toBe(false);
    }
    const tampered = { ...event, actor: { type: 'organization', organizationId: 'someone-else', role: 'member' } };
    const checks = await checkInclusion(tampered, proof, log.checkpoint);
    expect(checks.find((c) => c.id === 'event-hash')?.ok).toBe(false);
  });

  it('agrees with the ledger on random logs (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.nat(), async (size, pick) => {
        const tree = new MerkleTree();
        const leaves = Array.from({ length: size }, (_, i) => toHex(Buffer.from(`${i}`.padStart(32, 'x'))));
        for (const leaf of leaves) tree.appendHex(leaf);
        const index = pick % size;
        const path = tree.inclusionProof(index, size);
        const root = await rootFromInclusionProof(index, size, await leafHash(hexToBytes(leaves[index])), path.map((p) => new Uint8Array(p)));
        return toHex(root) === toHex(tree.root(size));
      }),
      { numRuns: 60 },
    );
  });
});

describe('the browser checks witnesses’ cosignatures and consistency proofs as libs/integrity makes them', () => {
  const ledgerKey = generateKeyPairSync('ed25519');
  const signer = new CheckpointSigner(ledgerKey.privateKey, ledgerKey.publicKey, 'stewardship-ledger/browser-test');
  const tree = new MerkleTree();
  for (let i = 0; i < 40; i += 1) tree.appendHex(toHex(Buffer.alloc(32, i + 1)));
  const checkpointAt = (size: number) => checkpointDocument(signer.sign({ treeSize: size, rootHash: toHex(tree.root(size)) }, new Date('2026-11-22T12:00:00.000Z')));

  it('reads vkeys and verifies a witness’s line, and nothing else', async () => {
    const cosigner = new Cosigner('riverside-chc.example/ledger-witness', generateKeyPairSync('ed25519').privateKey);
    const witness = await readWitnessVkey(cosigner.vkey);
    expect(witness.keyId).toBe(cosigner.keyId);
    const checkpoint = checkpointAt(30);
    const line = cosigner.cosign(ledgerCheckpointBody(checkpoint), new Date('2026-11-22T12:00:05.000Z')).line;
    expect(await verifyCosignatureLine(checkpoint, line, witness)).toEqual({ ok: true, detail: expect.any(String), cosignedAt: '2026-11-22T12:00:05.000Z' });
    expect((await verifyCosignatureLine(checkpointAt(31), line, witness)).ok).toBe(false);
    expect((await verifyCosignatureLine({ ...checkpoint, timestamp: '2026-11-22T12:00:01.000Z' }, line, witness)).ok).toBe(false);
    const other = new Cosigner('riverside-chc.example/ledger-witness', generateKeyPairSync('ed25519').privateKey);
    expect((await verifyCosignatureLine(checkpoint, line, await readWitnessVkey(other.vkey))).ok).toBe(false);
    const [name, , ...rest] = cosigner.vkey.split('+');
    const key = rest.join('+'); // the key's base64 may hold '+' itself
    await expect(readWitnessVkey(`${name}+00000000+${key}`)).rejects.toThrow(/key ID/);
  });

  it('verifies every consistency proof of the ledger’s tree, and refuses other roots and sizes', async () => {
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), async (a, b) => {
        const [m, n] = a <= b ? [a, b] : [b, a];
        const proof = tree.consistencyProof(m, n).map(toHex);
        expect(await verifyConsistencyProof(m, n, toHex(tree.root(m)), toHex(tree.root(n)), proof)).toBe(true);
        if (m < n) {
          expect(await verifyConsistencyProof(m, n, toHex(tree.root(n)), toHex(tree.root(n)), proof)).toBe(false);
          expect(await verifyConsistencyProof(m, n, toHex(tree.root(m)), toHex(tree.root(m)), proof)).toBe(false);
          if (n < 40) expect(await verifyConsistencyProof(m, n + 1, toHex(tree.root(m)), toHex(tree.root(n + 1)), proof)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});
