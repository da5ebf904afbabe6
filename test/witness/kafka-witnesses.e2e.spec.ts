/**
 * Three member witnesses following a log over a real Kafka broker: the log's events and its
 * CheckpointSigned events go to a topic as the ledger publishes them, and each member's
 * LedgerConsumer offers every checkpoint to its witness, which asks for consistency proofs and posts
 * its cosignatures over HTTP. The HTTP side stands in for the two ledger endpoints (proofs, and the
 * cosignature collector), to hold the library alone to its contract: it answers real proofs from the
 * log's Merkle tree, says 404 to each member's first post (a ledger that does not take them yet), then
 * verifies every posted cosignature with the pure library function before keeping it. The same with
 * the real ledger server and member applications: ledger-witnesses.e2e.spec.ts. Fails, never skips,
 * without a broker.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { RecordedEvent } from '@ledger/event-store';
import {
  checkNoteQuorum,
  checkpointBody,
  checkpointDocument,
  CheckpointSigner,
  consistencyProofDocument,
  formatCosignedCheckpointNote,
  GENESIS_HASH,
  MerkleTree,
  parseWitnessKey,
  sealEvent,
  toHex,
  verifyCosignature,
  witnessPolicy,
  type CheckpointDocument,
} from '@ledger/integrity';
import { CHECKPOINT_EVENT, CHECKPOINT_STREAM, CosignaturePoster, LedgerConsumer, Witness, WitnessRunner } from '@ledger/member-consumer';
import { BROKERS, assertBrokerReachable, createTopic, deleteTopic, uniqueName, waitFor } from '../kafka/support/kafka-kit';

/** The ledger's log as it grows: sealed events, their Merkle tree, and checkpoints appended to it. */
class GrowingLog {
  readonly events: RecordedEvent[] = [];
  readonly tree = new MerkleTree();
  readonly checkpoints = new Map<number, CheckpointDocument>();
  private readonly revisions = new Map<string, number>();

  constructor(private readonly signer: CheckpointSigner) {}

  append(streamId: string, type: string, data: unknown, actor: RecordedEvent['actor']): RecordedEvent {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    const event = sealEvent(this.events.at(-1)?.hash ?? GENESIS_HASH, {
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      data,
      actor,
      correlationId: randomUUID(),
      causationId: null,
      position: this.events.length + 1,
      streamId,
      streamRevision: revision,
      recordedAt: new Date(Date.UTC(2026, 10, 22, 12, 0, this.events.length)).toISOString(),
    });
    this.events.push(event);
    this.tree.appendHex(event.hash);
    return event;
  }

  /** As the ledger's Checkpoints service does: sign the head, append it as a CheckpointSigned event. */
  checkpoint(): RecordedEvent {
    const size = this.tree.size;
    const document = checkpointDocument(this.signer.sign({ treeSize: size, rootHash: toHex(this.tree.root(size)) }, new Date(Date.UTC(2026, 10, 22, 12, 1, size))));
    this.checkpoints.set(size, document);
    return this.append(CHECKPOINT_STREAM, CHECKPOINT_EVENT, document, { type: 'ledger' } as RecordedEvent['actor']);
  }
}

describe('three member witnesses following the log over Kafka', () => {
  let dir: string;
  let topic: string;
  let server: Server;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    await assertBrokerReachable();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-witnesses-'));
    topic = uniqueName('ledger-witnessed');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    await deleteTopic(topic);
    rmSync(dir, { recursive: true, force: true });
  });

  it('each cosigns every checkpoint as the log grows, and the cosigned checkpoints meet a quorum of 3', async () => {
    const ledgerKey = generateKeyPairSync('ed25519');
    const log = new GrowingLog(new CheckpointSigner(ledgerKey.privateKey, ledgerKey.publicKey, 'stewardship-ledger/kafka-test'));
    const orgs = ['riverside-chc', 'upper-valley-health', 'valley-funders'];
    const witnessKeys = orgs.map(() => generateKeyPairSync('ed25519').privateKey);
    const vkeyOf = new Map<string, string>(); // API key → the organization's witness vkey, as the ledger would register it
    const collected = new Map<number, Map<string, string>>(); // tree size → org → cosignature line
    const posts = new Map<string, number>();
    const refusedPosts: string[] = [];

    server = createServer((req, res) => {
      const apiKey = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const org = orgs.find((o) => `key-${o}` === apiKey);
      const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (!org) return reply(401, { title: 'unknown key' });
      const url = new URL(req.url ?? '/', 'http://ledger');
      if (req.method === 'GET' && url.pathname === '/ledger/proofs/consistency') {
        const from = Number(url.searchParams.get('from'));
        const to = Number(url.searchParams.get('to'));
        if (!(from <= to && to <= log.tree.size)) return reply(400, { title: 'invalid input' });
        return reply(200, consistencyProofDocument(log.tree, from, to));
      }
      const posted = /^\/ledger\/checkpoints\/(\d+)\/cosignatures$/.exec(url.pathname);
      if (req.method === 'POST' && posted) {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          posts.set(org, (posts.get(org) ?? 0) + 1);
          if (posts.get(org) === 1) return reply(404, { title: 'not found' }); // the endpoint not there yet
          const size = Number(posted[1]);
          const checkpoint = log.checkpoints.get(size);
          const { cosignature } = JSON.parse(body) as { cosignature: string };
          if (!checkpoint) return reply(404, { title: 'no checkpoint of that size' });
          const verdict = verifyCosignature(checkpointBody(checkpoint), cosignature, vkeyOf.get(apiKey)!);
          if (!verdict.ok) {
            refusedPosts.push(`${org} ${size}: ${verdict.message}`);
            return reply(422, { title: 'cosignature refused', detail: verdict.message });
          }
          if (!collected.has(size)) collected.set(size, new Map());
          collected.get(size)!.set(org, cosignature);
          reply(201, { treeSize: size });
        });
        return;
      }
      reply(404, { title: 'not found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    const ledgerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    await createTopic(topic, 3);
    const producer = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    stops.push(() => producer.disconnect());
    const publish = (events: RecordedEvent[]) =>
      producer.send({
        topic,
        messages: events.map((e) => ({
          key: e.streamId,
          value: JSON.stringify(e),
          headers: { 'ledger-event-id': e.eventId, 'ledger-event-type': e.type, 'ledger-position': String(e.position) },
        })),
      });

    const members = orgs.map((org, i) => {
      const witness = Witness.open({
        name: `${org}.example/ledger-witness`,
        privateKey: witnessKeys[i],
        ledgerPublicKey: ledgerKey.publicKey,
        stateFile: join(dir, `${org}.witness.json`),
        ledgerUrl,
        apiKey: `key-${org}`,
      });
      vkeyOf.set(`key-${org}`, witness.vkey);
      const poster = new CosignaturePoster({ ledgerUrl, apiKey: `key-${org}`, retryDelayMs: 50, log: () => undefined });
      const runner = new WitnessRunner(witness, { onCosigned: ({ checkpoint, line }) => poster.submit(checkpoint.treeSize, line), log: () => undefined });
      const consumer = new LedgerConsumer({
        brokers: BROKERS,
        topics: [topic],
        groupId: uniqueName(org),
        consumer: { sessionTimeout: 8000, heartbeatInterval: 1000 },
        witness: runner,
        onEvent: () => undefined,
      });
      stops.push(async () => {
        await consumer.stop();
        poster.close();
        await runner.close();
      });
      return { org, witness, poster, consumer };
    });
    await Promise.all(members.map((m) => m.consumer.start()));

    const actor = (org: string) => ({ type: 'organization', organizationId: org, role: 'member' }) as RecordedEvent['actor'];
    for (const [round, size] of [[0, 10], [1, 20], [2, 30]] as const) {
      const batch: RecordedEvent[] = [];
      while (log.tree.size < size) {
        const n = log.tree.size;
        batch.push(log.append(`commitment-${n % 4}`, 'CommitmentProgressReported', { round, n }, actor(orgs[n % 3])));
      }
      batch.push(log.checkpoint());
      await publish(batch);
      await waitFor(
        `three cosignatures of tree size ${size}`,
        () => (collected.get(size)?.size ?? 0) === 3,
        60_000,
        () => `collected ${JSON.stringify([...collected].map(([s, m]) => [s, [...m.keys()]]))}; refused ${refusedPosts.join('; ')}; ${members.map((m) => `${m.org} ${JSON.stringify(m.consumer.counters)}`).join(', ')}`,
      );
    }

    expect(refusedPosts).toEqual([]);
    const policy = witnessPolicy(members.map((m) => parseWitnessKey(m.witness.vkey)), 3);
    for (const [size, lines] of collected) {
      const note = formatCosignedCheckpointNote(log.checkpoints.get(size)!, [...lines.values()]);
      expect(checkNoteQuorum(note, policy)).toMatchObject({ ok: true, cosigned: expect.any(Array) });
    }
    expect([...collected.keys()].sort((a, b) => a - b)).toEqual([10, 20, 30]);
    for (const m of members) {
      // The last cosigned head is on disk, with the earlier ones in its history.
      const state = JSON.parse(readFileSync(join(dir, `${m.org}.witness.json`), 'utf8'));
      expect(state.head).toMatchObject({ treeSize: 30, rootHash: toHex(log.tree.root(30)) });
      expect(state.history.map((h: { treeSize: number }) => h.treeSize)).toEqual([10, 20]);
      expect(m.consumer.counters.refused).toBe(0);
      // Three cosignatures, and the first one posted again after the ledger's 404.
      expect(posts.get(m.org)).toBeGreaterThanOrEqual(4);
    }
  });
});
