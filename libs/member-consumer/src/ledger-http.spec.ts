import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointSigner, consistencyProofDocument, formatCheckpointNote, MerkleTree, toHex } from '@ledger/integrity';
import { CosignaturePoster, httpConsistencyProofs, WitnessUnavailableError } from './ledger-http';
import { Witness } from './witness';
import { CHECKPOINT_EVENT, CHECKPOINT_STREAM, checkpointOf, WitnessRunner } from './witness-runner';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

/** A real HTTP server whose answers the test scripts, one handler per request in turn (the last repeats). */
async function ledgerStub(...answers: Array<(req: Seen, res: ServerResponse) => void>): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body };
      seen.push(request);
      answers[Math.min(seen.length - 1, answers.length - 1)](request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, server };
}

const json = (status: number, body: unknown) => (_req: Seen, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

describe('the ledger over HTTP, for a witness', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });
  async function stub(...answers: Parameters<typeof ledgerStub>) {
    const s = await ledgerStub(...answers);
    servers.push(s.server);
    return s;
  }

  const tree = new MerkleTree();
  for (let i = 0; i < 20; i++) tree.append(createHash('sha256').update(`e${i}`).digest());

  it('asks GET /ledger/proofs/consistency?from=&to= with the API key, and returns the proof hashes only', async () => {
    const ledger = await stub(json(200, consistencyProofDocument(tree, 7, 20)));
    const proof = await httpConsistencyProofs(ledger.url, 'member-key')(7, 20);
    expect(proof).toEqual(tree.consistencyProof(7, 20).map(toHex));
    expect(ledger.seen).toEqual([{ method: 'GET', url: '/ledger/proofs/consistency?from=7&to=20', authorization: 'Bearer member-key', body: '' }]);
  });

  it('answers WitnessUnavailableError for an error status, another proof than asked, or no JSON', async () => {
    const ledger = await stub(
      json(503, { title: 'unavailable' }),
      json(200, consistencyProofDocument(tree, 6, 20)),
      (_req, res) => res.writeHead(200).end('<html>proxy</html>'),
      json(200, { ...consistencyProofDocument(tree, 7, 20), proof: ['zz'] }),
    );
    const fetchProof = httpConsistencyProofs(ledger.url, 'k');
    await expect(fetchProof(7, 20)).rejects.toThrow(/answered 503/);
    await expect(fetchProof(7, 20)).rejects.toThrow(/did not answer a consistency proof from 7 to 20/);
    await expect(fetchProof(7, 20)).rejects.toThrow(/did not answer JSON/);
    await expect(fetchProof(7, 20)).rejects.toThrow(WitnessUnavailableError);
    await expect(httpConsistencyProofs('http://127.0.0.1:9', 'k')(1, 2)).rejects.toThrow(WitnessUnavailableError);
  });

  it('posts { cosignature } to /ledger/checkpoints/:treeSize/cosignatures, retrying 404 and 5xx until taken', async () => {
    const ledger = await stub(json(404, { title: 'not found' }), json(502, {}), json(201, { ok: true }));
    const log: string[] = [];
    const poster = new CosignaturePoster({ ledgerUrl: ledger.url, apiKey: 'member-key', retryDelayMs: 5, log: (m) => log.push(m) });
    poster.submit(20, '\u2014 w.example AAAA');
    await poster.idle();
    expect(ledger.seen).toHaveLength(3);
    expect(ledger.seen[2]).toEqual({ method: 'POST', url: '/ledger/checkpoints/20/cosignatures', authorization: 'Bearer member-key', body: JSON.stringify({ cosignature: '\u2014 w.example AAAA' }) });
    expect(log).toEqual(['cosignature for tree size 20: the ledger answered 404; will retry', 'cosignature for tree size 20: the ledger answered 502; will retry']);
    expect(poster.pending).toBe(0);
  });

  it('takes 409 as already held, drops a refusal (422) after one try, alarms on another history, and keeps at most maxPending', async () => {
    const ledger = await stub((req, res) => json(req.url.includes('/21/') ? 422 : 409, { detail: 'cosignature does not verify' })(req, res));
    const log: string[] = [];
    const poster = new CosignaturePoster({ ledgerUrl: ledger.url, apiKey: 'k', retryDelayMs: 5, log: (m) => log.push(m) });
    expect(await poster.post(20, 'line')).toBe('posted');
    expect(await poster.post(21, 'line')).toBe('refused');
    expect(log).toEqual(['cosignature for tree size 21 refused by the ledger (422): {"detail":"cosignature does not verify"}']);

    // The problem's code decides a 409 and a 422: held already, another history, a key not registered yet.
    const coded = await stub(
      json(409, { code: 'cosignature_already_recorded' }),
      json(409, { code: 'checkpoint_root_mismatch', detail: 'root a, ledger root b' }),
      json(422, { code: 'unknown_witness_key' }),
    );
    const said: string[] = [];
    const judge = new CosignaturePoster({ ledgerUrl: coded.url, apiKey: 'k', log: (m) => said.push(m) });
    expect(await judge.post(30, 'line', 'note')).toBe('posted');
    expect(await judge.post(30, 'line', 'note')).toBe('refused');
    expect(await judge.post(30, 'line')).toBe('retry');
    expect(coded.seen[0].body).toBe(JSON.stringify({ cosignature: 'line', checkpoint: 'note' }));
    expect(said[0]).toMatch(/^ALARM cosignature for tree size 30 refused: the ledger at .* holds another history/);
    expect(said[1]).toBe('cosignature for tree size 30: the ledger answered 422 unknown_witness_key; will retry');

    const down = await stub(json(503, {}));
    const small = new CosignaturePoster({ ledgerUrl: down.url, apiKey: 'k', retryDelayMs: 60_000, maxPending: 2, log: () => undefined });
    for (const size of [1, 2, 3]) small.submit(size, `line ${size}`);
    expect(small.pending).toBe(2);
    small.close();
    await small.idle();
  });
});

describe('WitnessRunner', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'witness-runner-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('offers a checkpoint again once the ledger answers for proofs, and hands the cosignature on', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = new CheckpointSigner(privateKey, publicKey, 'stewardship-ledger/test');
    const tree = new MerkleTree();
    for (let i = 0; i < 20; i++) tree.append(createHash('sha256').update(`e${i}`).digest());
    const note = (size: number) => formatCheckpointNote(signer.sign({ treeSize: size, rootHash: toHex(tree.root(size)) }));
    let failures = 2;
    const witness = Witness.open({
      name: 'w.example',
      privateKey: generateKeyPairSync('ed25519').privateKey,
      ledgerPublicKey: publicKey,
      stateFile: join(dir, 'state.json'),
      fetchConsistencyProof: async (from, to) => {
        if (failures-- > 0) throw new WitnessUnavailableError('the ledger answered 503');
        return tree.consistencyProof(from, to).map(toHex);
      },
    });
    const cosigned: number[] = [];
    const log: string[] = [];
    const runner = new WitnessRunner(witness, { retryDelayMs: 5, log: (m) => log.push(m), onCosigned: (o) => void cosigned.push(o.checkpoint.treeSize) });
    try {
      await runner.offer(note(10));
      expect(await runner.offer(note(15))).toBeUndefined();
      await runner.idle();
      expect(cosigned).toEqual([10, 15]);
      expect(log.filter((m) => m.includes('will try again'))).toHaveLength(2);
      // Stale and refused offers are logged, not thrown.
      await runner.offer(note(12));
      await runner.offer('garbage');
      expect(log.slice(-2)).toEqual([
        'witness: tree size 12 not cosigned: already cosigned 15; a prefix of it',
        expect.stringMatching(/^witness: checkpoint refused: /),
      ]);
    } finally {
      await runner.close();
    }
  });

  it('finds the checkpoint in a CheckpointSigned event of the ledger-checkpoints stream only', () => {
    const data = { origin: 'o', treeSize: 1 };
    expect(checkpointOf({ streamId: CHECKPOINT_STREAM, type: CHECKPOINT_EVENT, data })).toBe(data);
    expect(checkpointOf({ streamId: 'commitment-1', type: CHECKPOINT_EVENT, data })).toBeUndefined();
    expect(checkpointOf({ streamId: CHECKPOINT_STREAM, type: 'Other', data })).toBeUndefined();
  });
});
