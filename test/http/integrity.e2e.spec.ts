import {
  MerkleTree,
  parsePublicKey,
  verifyCheckpointSignature,
  verifyConsistencyProofDocument,
  verifyInclusionProofDocument,
  type CheckpointDocument,
  type ConsistencyProofDocument,
  type InclusionProofDocument,
} from '@ledger/integrity';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';

type Events = { items: Array<{ eventId: string; position: number; hash: string; type: string; data: unknown }> };

describe('checkpoints and proofs over HTTP', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_CHECKPOINT_INTERVAL_S: '1' });
    api = client(ledger.baseUrl);
    for (let i = 1; i <= 5; i++) await api.asOperator('/organizations', { id: `clinic-${i}`, name: `Clinic ${i}`, sector: 'community_org' });
  });
  afterAll(() => ledger.close());

  async function checkpoint(path = '/ledger/checkpoint') {
    const answer = await api.get<CheckpointDocument>(path);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it('signs the current tree head with the key it publishes, over the RFC 6962 root of the event hashes', async () => {
    const cp = await checkpoint();
    const key = await api.get<{ publicKey: string; pem: string; origin: string }>('/ledger/public-key');
    expect(cp.origin).toBe(key.body.origin);
    expect(verifyCheckpointSignature(cp, parsePublicKey(key.body.pem))).toBe(true);
    expect(verifyCheckpointSignature(cp, parsePublicKey(key.body.publicKey))).toBe(true);
    expect(verifyCheckpointSignature({ ...cp, treeSize: cp.treeSize + 1 }, parsePublicKey(key.body.pem))).toBe(false);
    const events = await api.get<Events>(`/ledger/events?limit=${cp.treeSize}`);
    const tree = new MerkleTree();
    for (const e of events.body.items) tree.appendHex(e.hash);
    expect(cp.rootHash).toBe(tree.root().toString('hex'));
  });

  it('proves an event is included in a checkpointed tree, and that a later log extends an earlier one', async () => {
    const early = await checkpoint('/ledger/checkpoint?treeSize=3');
    const late = await checkpoint();
    const [second] = (await api.get<Events>('/ledger/events?after=1&limit=1')).body.items;
    const inclusion = await api.get<InclusionProofDocument>(`/ledger/proofs/inclusion/${second.eventId}?treeSize=3`);
    expect(inclusion.status).toBe(200);
    expect(verifyInclusionProofDocument(inclusion.body, early.rootHash)).toBe(true);
    expect(verifyInclusionProofDocument(inclusion.body, late.rootHash)).toBe(false);
    const consistency = await api.get<ConsistencyProofDocument>(`/ledger/proofs/consistency?from=3&to=${late.treeSize}`);
    expect(consistency.body).toMatchObject({ size1: 3, size2: late.treeSize, root1: early.rootHash, root2: late.rootHash });
    expect(verifyConsistencyProofDocument(consistency.body)).toBe(true);
  });

  it.each([
    ['/ledger/proofs/inclusion/not-a-uuid', 400],
    ['/ledger/proofs/inclusion/0193a0b0-0000-7000-8000-000000000000', 404],
    ['/ledger/checkpoint?treeSize=999', 400],
    ['/ledger/proofs/consistency?from=4&to=2', 400],
    ['/ledger/proofs/consistency', 400],
  ])('answers %s with a %i problem document', async (path, status) => {
    const answer = await api.get(path);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('appends a signed checkpoint to the log when it has grown, and none about checkpoints alone', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const checkpoints = (await api.get<Events>('/ledger/events?type=CheckpointSigned')).body.items;
    expect(checkpoints).toHaveLength(1);
    const data = checkpoints[0].data as CheckpointDocument;
    expect(data.treeSize).toBe(checkpoints[0].position - 1);
    const key = await api.get<{ pem: string }>('/ledger/public-key');
    expect(verifyCheckpointSignature(data, parsePublicKey(key.body.pem))).toBe(true);
  });
});
