import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { verifyCommandSignature, type SignedCommand } from '@ledger/integrity';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';

/**
 * Member organizations sign their own commands with Ed25519 keys registered on the ledger. The
 * signing here is written from docs/signing.md alone (canonicalize + node:crypto), not with the
 * ledger's own helpers, to show that anyone can sign without this codebase.
 */
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function newKey(): { privateKey: KeyObject; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { privateKey, publicKeyBase64: Buffer.from(x, 'base64url').toString('base64') };
}

function signatureHeaders(
  privateKey: KeyObject,
  organizationId: string,
  keyId: string,
  path: string,
  body: unknown,
  signedAt = new Date().toISOString(),
  nonce = randomBytes(16).toString('base64url'),
) {
  const bytes = Buffer.from(
    canonicalize({ purpose: 'stewardship-ledger/command/v1', organizationId, keyId, signedAt, nonce, method: 'POST', path, body })!,
    'utf8',
  );
  return {
    'x-ledger-key-id': keyId,
    'x-ledger-signed-at': signedAt,
    'x-ledger-nonce': nonce,
    'x-ledger-signature': sign(null, bytes, privateKey).toString('base64'),
  };
}

describe('member signatures on commands', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const org = 'riverside-chc';
  const key = newKey();
  const commitment = () => ({ collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: 'Open a Saturday clinic', dueDate: daysFromNow(30) });

  beforeAll(async () => {
    ledger = await startLedger();
    http = client(ledger.baseUrl);
    await http.asOperator('/organizations', { id: 'upper-valley-health', name: 'UVH', sector: 'hospital' });
    await http.asOperator('/organizations', { id: org, name: 'Riverside', sector: 'community_org' });
    await http.asOperator('/collaboratives', { id: 'uv', name: 'Upper Valley', region: 'Upper Valley', pathwayPhase: 5 });
    await http.asOperator('/collaboratives/uv/members', { organizationId: 'upper-valley-health', role: 'steward' });
    await http.asOperator('/collaboratives/uv/members', { organizationId: org, role: 'member' });
    // The organization registers its own public key.
    const registered = await http.as(org)(`/organizations/${org}/keys`, { keyId: 'riverside-2026', publicKey: key.publicKeyBase64 });
    expect(registered.status).toBe(200);
  });
  afterAll(() => ledger.close());

  it('accepts a signed command and stores the signature with what was signed, checkable from the log alone', async () => {
    const body = commitment();
    const made = await http.as(org)('/commitments', body, signatureHeaders(key.privateKey, org, 'riverside-2026', '/commitments', body));
    expect(made.status).toBe(201);
    const events = await http.get<{
      items: Array<{ type: string; signature?: { keyId: string; signature: string; signedAt: string; nonce: string; command: { method: string; path: string; body: unknown } } }>;
    }>(`/ledger/events?stream=commitment-${(made.body as { id: string }).id}`);
    const stored = events.body.items[0].signature!;
    expect(stored).toMatchObject({ organizationId: org, keyId: 'riverside-2026', nonce: expect.any(String), command: { method: 'POST', path: '/commitments', body } });
    const signed: SignedCommand = { organizationId: org, keyId: stored.keyId, signedAt: stored.signedAt, nonce: stored.nonce, ...stored.command };
    expect(verifyCommandSignature(signed, stored.signature, key.publicKeyBase64)).toBe(true);
    expect(verifyCommandSignature({ ...signed, body: { ...body, title: 'forged' } }, stored.signature, key.publicKeyBase64)).toBe(false);
  });

  it.each([
    ['a signature over another body', (h: Record<string, string>) => h, { ...commitment(), title: 'Something else' }, 'bad_signature'],
    ['an unknown key', (h: Record<string, string>) => ({ ...h, 'x-ledger-key-id': 'no-such-key' }), commitment(), 'unknown_signing_key'],
    ['a signature from an hour ago', () => signatureHeaders(key.privateKey, org, 'riverside-2026', '/commitments', commitment(), new Date(Date.now() - 3_600_000).toISOString()), commitment(), 'stale_signature'],
  ])('refuses %s with 422 and appends nothing', async (_, headers, sentBody, code) => {
    const before = await http.headPosition();
    const signedHeaders = signatureHeaders(key.privateKey, org, 'riverside-2026', '/commitments', commitment());
    const answer = await http.as(org)('/commitments', sentBody, headers(signedHeaders));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code });
    expect(await http.headPosition()).toBe(before);
  });

  it('refuses a signed command sent a second time (its nonce seen before) with 422, appending nothing', async () => {
    const body = commitment();
    const headers = signatureHeaders(key.privateKey, org, 'riverside-2026', '/commitments', body);
    expect((await http.as(org)('/commitments', body, headers)).status).toBe(201);
    const before = await http.headPosition();
    const replayed = await http.as(org)('/commitments', body, headers);
    expect(replayed.status).toBe(422);
    expect(replayed.body).toMatchObject({ code: 'nonce_reused' });
    expect(await http.headPosition()).toBe(before);
  });

  it('answers a retry of a signed command with an Idempotency-Key with its first answer, not as a replay', async () => {
    const body = commitment();
    const headers = { ...signatureHeaders(key.privateKey, org, 'riverside-2026', '/commitments', body), 'idempotency-key': 'signed-retry-1' };
    const first = await http.as(org)('/commitments', body, headers);
    const before = await http.headPosition();
    const retry = await http.as(org)('/commitments', body, headers);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await http.headPosition()).toBe(before);
  });

  it('refuses malformed signature headers with 400 naming the header, and a signing operator with 422', async () => {
    const bad = await http.as(org)('/commitments', commitment(), { 'x-ledger-key-id': 'riverside-2026', 'x-ledger-signed-at': 'yesterday', 'x-ledger-signature': 'AAAA' });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: Array<{ path: string }> }).errors[0].path).toBe('headers.x-ledger-signed-at');
    const { 'x-ledger-nonce': _none, ...withoutNonce } = signatureHeaders(key.privateKey, org, 'riverside-2026', '/commitments', commitment());
    const unsigned = await http.as(org)('/commitments', commitment(), withoutNonce);
    expect(unsigned.status).toBe(400);
    expect((unsigned.body as { errors: Array<{ path: string }> }).errors[0].path).toBe('headers.x-ledger-nonce');
    const operator = await http.asOperator('/organizations', { id: 'x-org', name: 'X', sector: 'other' }, signatureHeaders(key.privateKey, org, 'riverside-2026', '/organizations', {}));
    expect(operator.status).toBe(422);
  });

  it('lets only the organization register its signing keys: the operator cannot hold a key that signs for it', async () => {
    const before = await http.headPosition();
    const byOperator = await http.asOperator(`/organizations/${org}/keys`, { keyId: 'planted', publicKey: newKey().publicKeyBase64 });
    expect(byOperator.status).toBe(403);
    expect(byOperator.body).toMatchObject({ code: 'not_the_organization' });
    expect(await http.headPosition()).toBe(before);
  });

  it('needs a new signing key to be signed by a key the organization already holds', async () => {
    const next = newKey();
    const body = { keyId: 'riverside-2027', publicKey: next.publicKeyBase64 };
    const unsigned = await http.as(org)(`/organizations/${org}/keys`, body);
    expect(unsigned.status).toBe(422);
    expect(unsigned.body).toMatchObject({ code: 'signature_required' });
    const signed = await http.as(org)(`/organizations/${org}/keys`, body, signatureHeaders(key.privateKey, org, 'riverside-2026', `/organizations/${org}/keys`, body));
    expect(signed.status).toBe(200);
  });

  it('refuses signatures made with a key after it is revoked', async () => {
    const other = newKey();
    const keyBody = { keyId: 'riverside-old', publicKey: other.publicKeyBase64 };
    const registration = await http.as(org)(`/organizations/${org}/keys`, keyBody, signatureHeaders(key.privateKey, org, 'riverside-2026', `/organizations/${org}/keys`, keyBody));
    expect(registration.status).toBe(200);
    const body = commitment();
    expect((await http.as(org)('/commitments', body, signatureHeaders(other.privateKey, org, 'riverside-old', '/commitments', body))).status).toBe(201);
    expect((await http.as(org)(`/organizations/${org}/keys/riverside-old/revocation`, {})).status).toBe(200);
    const again = await http.as(org)('/commitments', body, signatureHeaders(other.privateKey, org, 'riverside-old', '/commitments', body));
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'unknown_signing_key' });
  });
});
