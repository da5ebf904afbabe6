/**
 * `ledger verify` checks every member signature against the key its organization held at that
 * point of the log, learned from the log itself. The store does not check signatures, so an
 * operator writing to it directly could claim a member signed something: verification catches it.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { newEventId, type NewEvent, type MemberSignature } from '@ledger/event-store';
import { memberSignatureCheck, signedCommandBytes, storeEvents, verifyLog, type SignedCommand } from '@ledger/integrity';
import { ledgerFiles, openStore, type LedgerFiles } from './support/ledger-files';

function keyPair(): { privateKey: KeyObject; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyBase64: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64') };
}

const org = 'riverside-chc';
const good = keyPair();
const other = keyPair();

function event(type: string, data: unknown, signature?: MemberSignature): NewEvent {
  return {
    eventId: newEventId(),
    type,
    schemaVersion: 1,
    data,
    actor: { type: 'organization', organizationId: org, role: 'member' },
    correlationId: newEventId(),
    causationId: null,
    ...(signature ? { signature } : {}),
  };
}

function signed(privateKey: KeyObject, keyId: string, body: unknown, tamperBody?: unknown): MemberSignature {
  const command: SignedCommand = { organizationId: org, keyId, signedAt: '2026-11-23T10:00:00.000Z', method: 'POST', path: '/commitments', body };
  return {
    organizationId: org,
    keyId,
    signedAt: command.signedAt,
    command: { method: command.method, path: command.path, body: tamperBody ?? body },
    signature: sign(null, signedCommandBytes(command), privateKey).toString('base64'),
  };
}

async function logWith(files: LedgerFiles, tail: NewEvent[]): Promise<void> {
  const store = openStore(files);
  try {
    await store.append(`organization-${org}`, [event('OrganizationRegistered', { id: org, name: 'Riverside', sector: 'community_org' })]);
    await store.append(`organization-${org}`, [event('SigningKeyRegistered', { organizationId: org, keyId: 'k1', publicKey: good.publicKeyBase64 })]);
    for (const e of tail) await store.append(`commitment-${e.eventId}`, [e]);
  } finally {
    await store.close();
  }
}

async function verify(files: LedgerFiles) {
  const store = openStore(files);
  try {
    return await verifyLog(storeEvents(store), { eventChecks: [memberSignatureCheck()] });
  } finally {
    await store.close();
  }
}

describe('verification of member signatures', () => {
  const body = { title: 'Open a Saturday clinic' };
  let files: LedgerFiles;
  beforeEach(() => (files = ledgerFiles()));
  afterEach(() => files.remove());

  it('accepts signatures made with a key in force', async () => {
    await logWith(files, [event('CommitmentMade', body, signed(good.privateKey, 'k1', body))]);
    expect(await verify(files)).toMatchObject({ ok: true, treeSize: 3 });
  });

  it('names the position of a signature by another key than the one registered', async () => {
    await logWith(files, [event('CommitmentMade', body), event('CommitmentMade', body, signed(other.privateKey, 'k1', body))]);
    expect(await verify(files)).toMatchObject({ ok: false, position: 4, check: 'member-signature', found: 'a signature that does not verify' });
  });

  it('names the position of a signature whose stored command differs from what was signed', async () => {
    await logWith(files, [event('CommitmentMade', body, signed(good.privateKey, 'k1', body, { title: 'Something else' }))]);
    expect(await verify(files)).toMatchObject({ ok: false, position: 3, check: 'member-signature' });
  });

  it('refuses a signature made with a key after its revocation in the log', async () => {
    await logWith(files, [
      event('SigningKeyRevoked', { organizationId: org, keyId: 'k1' }),
      event('CommitmentMade', body, signed(good.privateKey, 'k1', body)),
    ]);
    expect(await verify(files)).toMatchObject({ ok: false, position: 4, check: 'member-signature', found: 'no such key (never registered, or revoked)' });
  });
});
