/**
 * Governance events on the broker like any other (issue 19, point 6): a resolution proposed, voted and
 * adopted over HTTP, with its act carried out in the same commit, reaches a member's LedgerConsumer
 * from the real broker, each event checked against its hash and its record's chain; the act event
 * names the adoption as its cause and the collaborative as its actor; and each governance event is
 * proven included in the ledger's signed tree. Fails, never skips, when no broker answers.
 */
import type { RecordedEvent } from '@ledger/event-store';
import { LedgerConsumer } from '@ledger/member-consumer';
import { parsePublicKey, verifyCheckpointSignature, verifyInclusionProofDocument, type CheckpointDocument, type InclusionProofDocument } from '@ledger/integrity';
import { seedCollaborative } from '../support/collaborative';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { BROKERS, KAFKA_BROKERS, assertBrokerReachable, deleteTopicsWithPrefix, uniqueName, waitFor, waitForTopic } from './support/kafka-kit';

type Answer = { id: string; position: number; events: Array<{ eventId: string; type: string }> };

describe('governance events on a real broker', () => {
  const prefix = uniqueName('ledger-governance');
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;

  beforeAll(async () => {
    await assertBrokerReachable();
    ledger = await startLedger({ KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '2', LEDGER_CHECKPOINT_INTERVAL_S: '1', LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    await waitForTopic(`${prefix}.registry`);
    http = client(ledger.baseUrl);
    await seedCollaborative(http, 'gov-k', [
      { id: 'k-s1', sector: 'hospital', role: 'steward' },
      { id: 'k-s2', sector: 'public_health', role: 'steward' },
      { id: 'k-m1', sector: 'community_org', role: 'member' },
    ]);
  }, 60_000);
  afterAll(async () => {
    await ledger?.close();
    await deleteTopicsWithPrefix(prefix);
  });

  const ok = async (org: string, path: string, body: unknown = {}) => {
    const answer = await http.as(org)(path, body);
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Answer;
  };

  it('hands a resolution, its votes, its adoption and the act it carried out to a member, verified, and proves each included in the signed tree', async () => {
    const resolution = await ok('k-s1', '/resolutions', {
      collaborativeId: 'gov-k',
      title: 'Change the pathway phase',
      matter: 'change_phase',
      acts: [{ type: 'change_phase', pathwayPhase: 4 }],
    });
    await ok('k-s1', `/resolutions/${resolution.id}/votes`, { choice: 'for' });
    await ok('k-s2', `/resolutions/${resolution.id}/votes`, { choice: 'for', reason: 'Ready' });
    const closed = await ok('k-s2', `/resolutions/${resolution.id}/closure`);
    const adoption = closed.events.find((e) => e.type === 'ResolutionClosed')!;
    expect(adoption).toBeDefined();
    const head = await http.headPosition();

    const handed: RecordedEvent[] = [];
    const refused: string[] = [];
    const consumer = new LedgerConsumer({
      brokers: BROKERS,
      groupId: uniqueName('member-governance'),
      // The collaborative's topic, the registry's and the checkpoints': every event of this ledger.
      topicPrefix: prefix,
      collaboratives: ['gov-k'],
      onEvent: (e) => void handed.push(e),
      onIntegrityFailure: (e, reason) => void refused.push(`${e.position}: ${reason}`),
    });
    await consumer.start();
    try {
      await waitFor('every event on the member side', () => handed.length + refused.length >= head, 30_000);
    } finally {
      await consumer.stop();
    }
    expect(refused).toEqual([]);
    const onTopic = handed.filter((e) => e.streamId === `resolution-${resolution.id}`).map((e) => e.type);
    expect(onTopic).toEqual(['ResolutionProposed', 'VoteCast', 'VoteCast', 'ResolutionClosed']);
    const act = handed.find((e) => e.causationId === adoption.eventId);
    expect(act).toMatchObject({ type: 'PathwayPhaseChanged', streamId: 'collaborative-gov-k', actor: { type: 'collaborative', collaborativeId: 'gov-k', resolutionId: resolution.id } });

    // Each governance event, and the act, in the signed tree.
    await waitFor('a checkpoint covering the adoption', async () => (await http.get<CheckpointDocument>('/ledger/checkpoint')).body.treeSize >= head, 15_000);
    const checkpoint = (await http.get<CheckpointDocument>('/ledger/checkpoint')).body;
    const key = (await http.get<{ pem: string }>('/ledger/public-key')).body;
    expect(verifyCheckpointSignature(checkpoint, parsePublicKey(key.pem))).toBe(true);
    for (const event of handed.filter((e) => e.streamId === `resolution-${resolution.id}` || e === act)) {
      const proof = await http.get<InclusionProofDocument>(`/ledger/proofs/inclusion/${event.eventId}?treeSize=${checkpoint.treeSize}`);
      expect(proof.status).toBe(200);
      expect(verifyInclusionProofDocument(proof.body, checkpoint.rootHash)).toBe(true);
    }
  });
});
