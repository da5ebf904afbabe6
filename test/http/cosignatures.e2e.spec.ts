/**
 * Witnesses' cosignatures over HTTP (issue 25): an organization registers its witness key, cosigns a
 * checkpoint the ledger appended to its log and posts it; the ledger verifies it, keeps it on the
 * log (CheckpointCosigned), and answers it with the checkpoint, each line checked here by the
 * independent C2SP implementation. Every bad input is a 4xx problem with a stable code and appends
 * nothing: malformed lines, unknown tree sizes, unregistered keys, bad signatures, a cosignature of a
 * root that is not the ledger's, twice the same, from the operator. The charter names the witnesses.
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  CheckpointSigner,
  checkpointBody,
  Cosigner,
  cosignatureKeyId,
  formatCheckpointNote,
  formatSignatureLine,
  parseCosignatureLine,
  witnessVkey,
  loadOrCreateSigningKey,
  parseCheckpoint,
  toHex,
  type CheckpointDocument,
} from '@ledger/integrity';
import { Checkpoints } from '../../apps/ledger/src/integrity/checkpoints.service';
import { seedCollaborative } from '../support/collaborative';
import { client, type HttpAnswer } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { c2sp } from '../witness/support/independent-c2sp';

type Events = { items: Array<{ position: number; type: string; streamId: string; data: Record<string, unknown>; actor: Record<string, unknown> }> };
type Cosigned = CheckpointDocument & { cosignatures: string[]; cosignedBy: Array<{ organizationId: string; name: string; keyId: string }>; witnesses?: Record<string, unknown> };

const COLLABORATIVE = 'witnessed-valley';
const ORGS = ['riverside-chc', 'upper-valley-health', 'valley-funders'] as const;

describe('witnesses cosign the ledger’s checkpoints over HTTP', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  let checkpoints: Checkpoints;
  const witnesses = new Map(ORGS.map((org) => [org, new Cosigner(`${org}.example/ledger-witness`, generateKeyPairSync('ed25519').privateKey)]));
  const cosigner = (org: (typeof ORGS)[number]) => witnesses.get(org)!;

  beforeAll(async () => {
    ledger = await startLedger();
    http = client(ledger.baseUrl);
    checkpoints = ledger.app.get(Checkpoints);
    await seedCollaborative(http, COLLABORATIVE, [
      { id: ORGS[0], sector: 'community_org', role: 'steward' },
      { id: ORGS[1], sector: 'hospital', role: 'member' },
      { id: ORGS[2], sector: 'funder', role: 'auditor' },
      { id: 'valley-residents', sector: 'resident_group', role: 'observer' },
    ]);
  });
  afterAll(() => ledger.close());

  /** Appends a checkpoint of the log as it is (as the ledger's timer does) and returns it. */
  async function publish(): Promise<CheckpointDocument> {
    await http.asOperator('/organizations', { id: `clinic-${Date.now().toString(36)}`, name: 'A clinic', sector: 'community_org' });
    const checkpoint = await checkpoints.publish();
    if (!checkpoint) throw new Error('no checkpoint appended');
    return checkpoint;
  }

  const cosign = (org: (typeof ORGS)[number], checkpoint: CheckpointDocument, at = new Date()) => cosigner(org).cosign(checkpointBody(checkpoint), at).line;
  const post = (org: string, treeSize: number | string, body: unknown) => http.as(org)(`/ledger/checkpoints/${treeSize}/cosignatures`, body);
  const headPosition = () => http.headPosition();

  async function expectRefused(answer: HttpAnswer<unknown>, status: number, code: string) {
    expect({ status: answer.status, code: (answer.body as { code?: string }).code }).toEqual({ status, code });
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
  }

  it('registers each organization’s witness key from its vkey, by the organization alone', async () => {
    for (const org of ORGS) {
      const answer = await http.as(org)(`/organizations/${org}/witness-keys`, { vkey: cosigner(org).vkey });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ keyId: cosigner(org).keyId, events: [{ type: 'WitnessKeyRegistered' }] });
    }

    const other = new Cosigner('someone.example/witness', generateKeyPairSync('ed25519').privateKey);
    await expectRefused(await http.as(ORGS[1])(`/organizations/${ORGS[0]}/witness-keys`, { vkey: other.vkey }), 403, 'not_the_organization');
    await expectRefused(await http.asOperator(`/organizations/${ORGS[0]}/witness-keys`, { vkey: other.vkey }), 403, 'not_the_organization');
    await expectRefused(await http.as(ORGS[0])(`/organizations/${ORGS[0]}/witness-keys`, { vkey: cosigner(ORGS[0]).vkey }), 409, 'witness_key_already_registered');
    // A key ID that is not the one its name and key give, and junk.
    const [name, , ...rest] = other.vkey.split('+');
    const key = rest.join('+'); // the key's base64 may hold '+' itself
    await expectRefused(await http.as(ORGS[0])(`/organizations/${ORGS[0]}/witness-keys`, { vkey: `${name}+00000000+${key}` }), 400, 'invalid_witness_key');
    await expectRefused(await http.as(ORGS[0])(`/organizations/${ORGS[0]}/witness-keys`, { vkey: 42 }), 400, 'invalid_witness_key');
  });

  it('takes a valid cosignature, keeps it on the log, and answers it with the checkpoint as a C2SP note', async () => {
    const checkpoint = await publish();
    const line = cosign(ORGS[0], checkpoint);
    const answer = await post(ORGS[0], checkpoint.treeSize, { cosignature: line, checkpoint: checkpoint.note });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ organizationId: ORGS[0], treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, cosignature: line, cosignatures: 1 });
    // The note alone is enough too (without the checkpoint the ledger tries the ones it appended).
    expect((await post(ORGS[1], checkpoint.treeSize, { cosignature: cosign(ORGS[1], checkpoint) })).status).toBe(201);

    // On the log, by the organization, on the ledger's own stream.
    const events = (await http.get<Events>('/ledger/events?type=CheckpointCosigned')).body.items;
    expect(events.map((e) => [e.streamId, e.actor.organizationId, e.data.treeSize])).toEqual([
      ['ledger-checkpoints', ORGS[0], checkpoint.treeSize],
      ['ledger-checkpoints', ORGS[1], checkpoint.treeSize],
    ]);

    // GET answers the very checkpoint with both lines, for anyone who reads checkpoints.
    for (const path of [`/ledger/checkpoint?treeSize=${checkpoint.treeSize}`, '/ledger/checkpoint?cosigned=true']) {
      const got = await http.get<Cosigned>(path, { authorization: `Bearer ${await http.keyOf('valley-residents')}` });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, timestamp: checkpoint.timestamp, signature: checkpoint.signature });
      expect(got.body.cosignatures).toHaveLength(2);
      expect(got.body.cosignedBy.map((c) => c.organizationId)).toEqual([ORGS[0], ORGS[1]]);
      // Checked with nothing but the spec: the independent implementation reads the note.
      for (const org of [ORGS[0], ORGS[1]]) expect(c2sp.verifyCosigned(got.body.note, cosigner(org).vkey)).toMatchObject({ ok: true });
      expect(c2sp.verifyCosigned(got.body.note, cosigner(ORGS[2]).vkey)).toMatchObject({ ok: false });
      expect(parseCheckpoint(got.body.note)).toMatchObject({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash });
    }
    const text = await fetch(`${ledger.baseUrl}/ledger/checkpoint?cosigned=true`, { headers: { authorization: `Bearer ${ledger.operatorKey}`, accept: 'text/plain' } });
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = await text.text();
    expect(note.startsWith(checkpointBody(checkpoint) + '\n')).toBe(true);
    expect(note.trimEnd().split('\n').slice(-3)).toEqual([formatCheckpointNote(checkpoint).trimEnd().split('\n').pop(), line, expect.stringContaining(cosigner(ORGS[1]).name)]);
    // The current head, signed now, has none yet: witnesses cosign the checkpoints on the log.
    expect((await http.get<Cosigned>('/ledger/checkpoint')).body.cosignatures).toEqual([]);
  });

  it('refuses every bad cosignature with a 4xx problem and a stable code, appending nothing', async () => {
    const checkpoint = await publish();
    const before = await headPosition();
    const good = cosign(ORGS[2], checkpoint);
    const forger = new Cosigner(cosigner(ORGS[2]).name, generateKeyPairSync('ed25519').privateKey);
    const ledgerKey = loadOrCreateSigningKey({ dataDir: ledger.dataDir });
    const signer = new CheckpointSigner(ledgerKey.privateKey, ledgerKey.publicKey);
    // The ledger's key signing another root for the same size: a split view's checkpoint.
    const fork = signer.sign({ treeSize: checkpoint.treeSize, rootHash: toHex(Buffer.alloc(32, 7)) }, new Date(checkpoint.timestamp));
    const stranger = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey, ledgerKey.publicKey, signer.origin);

    const cases: Array<[string, () => Promise<HttpAnswer<unknown>>, number, string]> = [
      ['not a signature line', () => post(ORGS[2], checkpoint.treeSize, { cosignature: 'hello' }), 400, 'invalid_cosignature'],
      ['a line of 68 bytes (a note signature, not a cosignature)', () => post(ORGS[2], checkpoint.treeSize, { cosignature: formatCheckpointNote(checkpoint).trimEnd().split('\n').pop() }), 400, 'invalid_cosignature'],
      ['no line at all', () => post(ORGS[2], checkpoint.treeSize, {}), 400, 'required'],
      ['a tree size that is no number', () => post(ORGS[2], 'ten', { cosignature: good }), 400, 'validation'],
      ['a tree size beyond the log', () => post(ORGS[2], 10_000, { cosignature: cosigner(ORGS[2]).cosign(checkpointBody({ ...checkpoint, treeSize: 10_000 }), new Date()).line }), 404, 'unknown_checkpoint'],
      ['a tree size the ledger appended no checkpoint for', () => post(ORGS[2], 3, { cosignature: good }), 404, 'unknown_checkpoint'],
      ['a key the organization never registered', () => post(ORGS[2], checkpoint.treeSize, { cosignature: new Cosigner('other.example/w', generateKeyPairSync('ed25519').privateKey).cosign(checkpointBody(checkpoint), new Date()).line }), 422, 'unknown_witness_key'],
      ['another organization’s witness line', () => post(ORGS[1], checkpoint.treeSize, { cosignature: good }), 422, 'unknown_witness_key'],
      ['a line that does not verify (same name and key ID, another key)', () => post(ORGS[2], checkpoint.treeSize, { cosignature: `${good.split(' ').slice(0, 2).join(' ')} ${Buffer.concat([Buffer.from(cosigner(ORGS[2]).keyId, 'hex'), Buffer.from(forger.cosign(checkpointBody(checkpoint), new Date()).line.split(' ')[2], 'base64').subarray(4)]).toString('base64')}` }), 422, 'bad_cosignature'],
      ['a cosignature of another checkpoint', () => post(ORGS[2], checkpoint.treeSize, { cosignature: cosign(ORGS[2], { ...checkpoint, timestamp: '2020-01-01T00:00:00.000Z' }) }), 422, 'bad_cosignature'],
      ['a cosignature from far in the future', () => post(ORGS[2], checkpoint.treeSize, { cosignature: cosign(ORGS[2], checkpoint, new Date(Date.now() + 3_600_000)) }), 422, 'cosignature_from_the_future'],
      ['a cosignature of a root that is not the ledger’s', () => post(ORGS[2], checkpoint.treeSize, { cosignature: cosigner(ORGS[2]).cosign(checkpointBody(fork), new Date()).line, checkpoint: formatCheckpointNote(fork) }), 409, 'checkpoint_root_mismatch'],
      ['a checkpoint another key signed', () => post(ORGS[2], checkpoint.treeSize, { cosignature: good, checkpoint: formatCheckpointNote(stranger.sign({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash })) }), 422, 'not_the_ledgers_checkpoint'],
      ['a checkpoint of another size than the path', () => post(ORGS[2], checkpoint.treeSize - 1, { cosignature: good, checkpoint: checkpoint.note }), 400, 'tree_size_mismatch'],
      ['a checkpoint that is no checkpoint', () => post(ORGS[2], checkpoint.treeSize, { cosignature: good, checkpoint: 'not a note' }), 400, 'invalid_checkpoint'],
      ['the operator', () => http.asOperator(`/ledger/checkpoints/${checkpoint.treeSize}/cosignatures`, { cosignature: good }), 403, 'organization_only'],
    ];
    for (const [label, send, status, code] of cases) {
      const answer = (await send()) as HttpAnswer<Record<string, unknown>>;
      expect({ label, status: answer.status }).toEqual({ label, status });
      if (code === 'validation') expect(answer.body.errors).toEqual([expect.objectContaining({ path: expect.stringContaining('treeSize') })]);
      else expect({ label, code: answer.body.code ?? (answer.body.errors as Array<{ code?: string }> | undefined)?.[0]?.code }).toEqual({ label, code });
    }
    expect(await headPosition()).toBe(before);
    expect(fork.rootHash).not.toBe(checkpoint.rootHash);

    // The good one is taken, once.
    expect((await post(ORGS[2], checkpoint.treeSize, { cosignature: good })).status).toBe(201);
    await expectRefused(await post(ORGS[2], checkpoint.treeSize, { cosignature: good }), 409, 'cosignature_already_recorded');
    await expectRefused(await post(ORGS[2], checkpoint.treeSize, { cosignature: cosign(ORGS[2], checkpoint, new Date(Date.now() - 5000)) }), 409, 'cosignature_already_recorded');
    // A revoked key cosigns no more.
    expect((await http.as(ORGS[2])(`/organizations/${ORGS[2]}/witness-keys/${cosigner(ORGS[2]).keyId}/revocation`, {})).status).toBe(200);
    const later = await publish();
    await expectRefused(await post(ORGS[2], later.treeSize, { cosignature: cosign(ORGS[2], later) }), 422, 'unknown_witness_key');
  });

  it('counts a witness once: another organization that registers its public key under its own name cannot re-post its lines', async () => {
    const checkpoint = await publish();
    const honest = cosign(ORGS[0], checkpoint);
    expect((await post(ORGS[0], checkpoint.treeSize, { cosignature: honest })).status).toBe(201);

    // The copycat holds ORGS[0]'s public key under a name of its own: a new key ID, the very same signatures.
    const copycat = 'copycat-witness';
    expect((await http.asOperator('/organizations', { id: copycat, name: 'Copycat', sector: 'other' })).status).toBe(201);
    const name = 'copycat.example/witness';
    const stolen = witnessVkey(name, cosigner(ORGS[0]).publicKey);
    expect((await http.as(copycat)(`/organizations/${copycat}/witness-keys`, { vkey: stolen })).status).toBe(200);
    const original = parseCosignatureLine(honest);
    const timeAndSignature = Buffer.concat([Buffer.from(original.time.toString(16).padStart(16, '0'), 'hex'), original.signature]);
    const copied = formatSignatureLine(name, cosignatureKeyId(name, cosigner(ORGS[0]).publicKey), timeAndSignature);
    expect(copied).not.toBe(honest);
    const before = await headPosition();
    await expectRefused(await post(copycat, checkpoint.treeSize, { cosignature: copied }), 409, 'cosignature_of_another_witness');
    expect(await headPosition()).toBe(before);
  });

  it('appends no checkpoint about cosignatures alone, so witnessing never feeds itself', async () => {
    const checkpoint = await publish();
    expect((await post(ORGS[0], checkpoint.treeSize, { cosignature: cosign(ORGS[0], checkpoint) })).status).toBe(201);
    expect(await checkpoints.publish()).toBeNull();
    // The next record's event calls for one, which covers the cosignature.
    const next = await publish();
    expect(next.treeSize).toBe(checkpoint.treeSize + 3);
  });

  it('names the witnesses in the charter, and answers the latest checkpoint a quorum of them cosigned', async () => {
    const refused = await http.asOperator(`/collaboratives/${COLLABORATIVE}/charter`, { rules: [], witnesses: [{ organizationId: ORGS[0] }, { organizationId: 'valley-residents' }] });
    await expectRefused(refused, 422, 'witness_not_a_member');
    const bad = await http.asOperator(`/collaboratives/${COLLABORATIVE}/charter`, { rules: [], witnesses: [{ organizationId: ORGS[0] }], witnessQuorum: 2 });
    expect(bad.status).toBe(400);
    const set = await http.asOperator(`/collaboratives/${COLLABORATIVE}/charter`, { rules: [], witnesses: ORGS.map((organizationId) => ({ organizationId })), witnessQuorum: 2 });
    expect(set.status).toBe(200);
    const charter = await http.get<{ witnesses: unknown }>(`/collaboratives/${COLLABORATIVE}/charter`);
    expect(charter.body.witnesses).toEqual({ organizations: [...ORGS], quorum: 2 });

    // Their keys, as the log holds them: the third one revoked its key above.
    const list = await http.get<{ quorum: number; witnesses: Array<{ organizationId: string; keys: Array<{ vkey: string; revoked: boolean }> }> }>(`/ledger/witnesses?collaborative=${COLLABORATIVE}`);
    expect(list.body).toEqual({
      collaborativeId: COLLABORATIVE,
      quorum: 2,
      witnesses: ORGS.map((org, i) => ({ organizationId: org, keys: [{ name: cosigner(org).name, keyId: cosigner(org).keyId, vkey: cosigner(org).vkey, revoked: i === 2 }] })),
    });
    const file = await fetch(`${ledger.baseUrl}/ledger/witnesses?collaborative=${COLLABORATIVE}`, { headers: { authorization: `Bearer ${ledger.operatorKey}`, accept: 'text/plain' } });
    const vkeys = (await file.text()).split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.split(' ')[0]);
    expect(vkeys).toEqual([cosigner(ORGS[0]).vkey, cosigner(ORGS[1]).vkey]);
    expect((await http.get(`/ledger/witnesses?collaborative=${COLLABORATIVE}`, { authorization: `Bearer ${await http.keyOf('valley-residents')}` })).status).toBe(200);

    // The latest checkpoint has one witness's cosignature; an earlier one had two (the quorum).
    const quorate = await http.get<Cosigned>(`/ledger/checkpoint?cosigned=true&collaborative=${COLLABORATIVE}`);
    expect(quorate.status).toBe(200);
    expect(quorate.body.witnesses).toMatchObject({ organizations: [...ORGS], quorum: 2, quorumMet: true });
    expect((quorate.body.witnesses as { cosigned: string[] }).cosigned.length).toBeGreaterThanOrEqual(2);
    const latest = await http.get<Cosigned>('/ledger/checkpoint?cosigned=true');
    expect(latest.body.treeSize).toBeGreaterThan(quorate.body.treeSize);

    expect((await http.get(`/ledger/checkpoint?cosigned=true&collaborative=nowhere-valley`)).status).toBe(404);
    expect((await http.get(`/ledger/checkpoint?collaborative=${COLLABORATIVE}`)).status).toBe(400);
    expect((await http.get(`/ledger/checkpoint?cosigned=maybe`)).status).toBe(400);
  });
});
