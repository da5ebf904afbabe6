import { DeciderSpecification } from '../testing/decider-specification';
import { asOperator, asOrganization, asResolution } from '../testing/context';
import { evolveAll } from '../shared/decider';
import type { OrganizationCommand } from './commands';
import { organizationDecider } from './decider';
import type { OrganizationEvent } from './events';
import { activeSigningKey, activeWitnessKey } from './state';

const spec = DeciderSpecification.for(organizationDecider);
const ORG = 'upper-valley-health';
// base64 of 32 bytes (0x01 × 32) and of 31 bytes.
const PUBLIC_KEY = Buffer.alloc(32, 1).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 2).toString('base64');
const SHORT_KEY = Buffer.alloc(31, 1).toString('base64');

const registered: OrganizationEvent = { type: 'OrganizationRegistered', data: { organizationId: ORG, name: 'Upper Valley Health', sector: 'hospital' } };
const keyRegistered: OrganizationEvent = { type: 'SigningKeyRegistered', data: { organizationId: ORG, keyId: 'k1', publicKey: PUBLIC_KEY } };
const keyRevoked: OrganizationEvent = { type: 'SigningKeyRevoked', data: { organizationId: ORG, keyId: 'k1' } };

const register = (data: Partial<{ id: unknown; name: unknown; sector: unknown }> = {}): OrganizationCommand =>
  ({ type: 'RegisterOrganization', data: { id: ORG, name: 'Upper Valley Health', sector: 'hospital', ...data } }) as OrganizationCommand;
const registerKey = (data: Record<string, unknown>): OrganizationCommand => ({ type: 'RegisterSigningKey', data }) as OrganizationCommand;
const revokeKey = (keyId: string): OrganizationCommand => ({ type: 'RevokeSigningKey', data: { keyId } });

describe('organization: register', () => {
  it('is registered by the operator', () => {
    spec.given([]).when(register(), asOperator()).then([registered]);
  });

  it('cannot be registered by an organization', () => {
    spec.given([]).when(register(), asOrganization('someone-else')).thenThrows('operator_only', 'forbidden');
  });

  it('cannot be registered twice', () => {
    spec.given([registered]).when(register(), asOperator()).thenThrows('organization_already_registered', 'conflict');
  });

  it.each(['Upper-Valley', 'u', '-upper', 'upper valley', 'upper_valley', 'a'.repeat(64)])('refuses the id %p', (id) => {
    spec.given([]).when(register({ id }), asOperator()).thenThrows('invalid_id', 'invalid');
  });

  it('accepts every sector of the spec and nothing else', () => {
    for (const sector of ['hospital', 'payer', 'public_health', 'community_org', 'government', 'employer', 'education', 'funder', 'resident_group', 'other']) {
      spec.given([]).when(register({ sector }), asOperator()).thenResult((events) => expect(events[0].data).toMatchObject({ sector }));
    }
    spec.given([]).when(register({ sector: 'pharma' }), asOperator()).thenThrows('invalid_choice', 'invalid');
  });

  it('needs a name', () => {
    spec.given([]).when(register({ name: ' ' }), asOperator()).thenThrows('required', 'invalid');
  });
});

describe('organization: signing keys', () => {
  it('are registered by the organization itself', () => {
    spec.given([registered]).when(registerKey({ keyId: 'k1', publicKey: PUBLIC_KEY }), asOrganization(ORG)).then([keyRegistered]);
  });

  it('are registered by the organization itself, with a generated keyId when none is given', () => {
    spec
      .given([registered])
      .when(registerKey({ publicKey: PUBLIC_KEY }), asOrganization(ORG))
      .then([{ type: 'SigningKeyRegistered', data: { organizationId: ORG, keyId: 'gen-1', publicKey: PUBLIC_KEY } }]);
  });

  it('cannot be registered by the operator: nobody else may hold a key that signs for the organization', () => {
    spec.given([registered]).when(registerKey({ publicKey: PUBLIC_KEY }), asOperator()).thenThrows('not_the_organization', 'forbidden');
  });

  it('cannot be registered by another organization', () => {
    spec.given([registered]).when(registerKey({ publicKey: PUBLIC_KEY }), asOrganization('someone-else')).thenThrows('not_the_organization', 'forbidden');
  });

  it('need a signature by a key in force once the organization holds one', () => {
    spec.given([registered, keyRegistered]).when(registerKey({ keyId: 'k2', publicKey: OTHER_KEY }), asOrganization(ORG)).thenThrows('signature_required', 'rule');
    // Signed with a revoked or unknown key: still refused.
    spec
      .given([registered, keyRegistered, { type: 'SigningKeyRegistered', data: { organizationId: ORG, keyId: 'k0', publicKey: Buffer.alloc(32, 3).toString('base64') } }, { type: 'SigningKeyRevoked', data: { organizationId: ORG, keyId: 'k0' } }])
      .when(registerKey({ keyId: 'k2', publicKey: OTHER_KEY }), asOrganization(ORG, { signedWith: { keyId: 'k0' } }))
      .thenThrows('signature_required', 'rule');
    spec
      .given([registered, keyRegistered])
      .when(registerKey({ keyId: 'k2', publicKey: OTHER_KEY }), asOrganization(ORG, { signedWith: { keyId: 'k1' } }))
      .then([{ type: 'SigningKeyRegistered', data: { organizationId: ORG, keyId: 'k2', publicKey: OTHER_KEY } }]);
  });

  it('need no signature when every key the organization held is revoked (a lost key is replaced)', () => {
    spec
      .given([registered, keyRegistered, keyRevoked])
      .when(registerKey({ keyId: 'k2', publicKey: OTHER_KEY }), asOrganization(ORG))
      .then([{ type: 'SigningKeyRegistered', data: { organizationId: ORG, keyId: 'k2', publicKey: OTHER_KEY } }]);
  });

  it('cannot be registered for an organization that does not exist', () => {
    spec.given([]).when(registerKey({ publicKey: PUBLIC_KEY }), asOrganization(ORG)).thenThrows('organization_not_found', 'not_found');
  });

  it.each([
    ['31 bytes', SHORT_KEY],
    ['33 bytes', Buffer.alloc(33, 1).toString('base64')],
    ['no padding', PUBLIC_KEY.replace('=', '')],
    ['base64url alphabet', Buffer.alloc(32, 0xfb).toString('base64url') + '='],
    ['non-canonical final character', PUBLIC_KEY.slice(0, 42) + 'B='],
    ['hex', 'ab'.repeat(32)],
  ])('refuses a public key that is not 32 bytes of base64 (%s)', (_label, publicKey) => {
    spec.given([registered]).when(registerKey({ publicKey }), asOrganization(ORG)).thenThrows('invalid_public_key', 'invalid');
  });

  it('refuses a malformed keyId', () => {
    spec.given([registered]).when(registerKey({ keyId: 'has space', publicKey: PUBLIC_KEY }), asOrganization(ORG)).thenThrows('invalid_key_id', 'invalid');
  });

  it('refuses a keyId already used, even for a revoked key', () => {
    spec.given([registered, keyRegistered, keyRevoked]).when(registerKey({ keyId: 'k1', publicKey: OTHER_KEY }), asOrganization(ORG)).thenThrows('signing_key_already_registered', 'conflict');
  });

  it('refuses a public key that is already active under another keyId', () => {
    spec.given([registered, keyRegistered]).when(registerKey({ keyId: 'k2', publicKey: PUBLIC_KEY }), asOrganization(ORG, { signedWith: { keyId: 'k1' } })).thenThrows('public_key_already_registered', 'conflict');
  });

  it('lets a revoked public key be registered again under a new keyId', () => {
    spec
      .given([registered, keyRegistered, keyRevoked])
      .when(registerKey({ keyId: 'k2', publicKey: PUBLIC_KEY }), asOrganization(ORG))
      .then([{ type: 'SigningKeyRegistered', data: { organizationId: ORG, keyId: 'k2', publicKey: PUBLIC_KEY } }]);
  });

  it('are revoked by the organization itself or the operator', () => {
    spec.given([registered, keyRegistered]).when(revokeKey('k1'), asOrganization(ORG)).then([keyRevoked]);
    spec.given([registered, keyRegistered]).when(revokeKey('k1'), asOperator()).then([keyRevoked]);
  });

  it('cannot be revoked by another organization, nor by a resolution (it is not the operator)', () => {
    spec.given([registered, keyRegistered]).when(revokeKey('k1'), asOrganization('someone-else')).thenThrows('not_the_organization', 'forbidden');
    spec.given([registered, keyRegistered]).when(revokeKey('k1'), asResolution('upper-valley', 'r-1')).thenThrows('not_the_organization', 'forbidden');
  });

  it('cannot revoke an unknown key or one already revoked', () => {
    spec.given([registered]).when(revokeKey('k9'), asOperator()).thenThrows('signing_key_not_found', 'not_found');
    spec.given([registered, keyRegistered, keyRevoked]).when(revokeKey('k1'), asOperator()).thenThrows('signing_key_already_revoked', 'rule');
  });

  it('cannot revoke a key of an organization that does not exist', () => {
    spec.given([]).when(revokeKey('k1'), asOperator()).thenThrows('organization_not_found', 'not_found');
  });

  it('state tells which keys may verify signatures', () => {
    const active = evolveAll(organizationDecider, [registered, keyRegistered])!;
    expect(activeSigningKey(active, 'k1')).toEqual({ keyId: 'k1', publicKey: PUBLIC_KEY, revoked: false });
    expect(activeSigningKey(active, 'k2')).toBeNull();
    const revoked = evolveAll(organizationDecider, [keyRevoked], active)!;
    expect(activeSigningKey(revoked, 'k1')).toBeNull();
    expect(revoked.keys.get('k1')?.revoked).toBe(true);
  });
});

describe('organization: API keys on the log', () => {
  const issued: OrganizationEvent = { type: 'ApiKeyIssued', data: { organizationId: ORG, keyId: '0123456789abcdef', label: 'intake desk' } };
  const revoked: OrganizationEvent = { type: 'ApiKeyRevoked', data: { organizationId: ORG, keyId: '0123456789abcdef' } };
  const issue = (data: Record<string, unknown>): OrganizationCommand => ({ type: 'IssueApiKey', data }) as OrganizationCommand;
  const revoke = (keyId: string): OrganizationCommand => ({ type: 'RevokeApiKey', data: { keyId } });

  it('are issued by the operator: the key id and label, never the secret', () => {
    spec.given([registered]).when(issue({ keyId: '0123456789abcdef', label: 'intake desk' }), asOperator()).then([issued]);
  });

  it('are not issued by an organization, not twice, and only with a well-formed id', () => {
    spec.given([registered]).when(issue({ keyId: '0123456789abcdef' }), asOrganization(ORG)).thenThrows('operator_only', 'forbidden');
    spec.given([registered, issued]).when(issue({ keyId: '0123456789abcdef' }), asOperator()).thenThrows('api_key_already_issued', 'conflict');
    spec.given([registered]).when(issue({ keyId: 'not-hex' }), asOperator()).thenThrows('invalid_key_id', 'invalid');
  });

  it('are revoked by the operator or the organization itself, never by another', () => {
    spec.given([registered, issued]).when(revoke('0123456789abcdef'), asOperator()).then([revoked]);
    spec.given([registered, issued]).when(revoke('0123456789abcdef'), asOrganization(ORG)).then([revoked]);
    spec.given([registered, issued]).when(revoke('0123456789abcdef'), asOrganization('someone-else')).thenThrows('not_the_organization', 'forbidden');
    spec.given([registered, issued, revoked]).when(revoke('0123456789abcdef'), asOperator()).thenThrows('api_key_already_revoked', 'conflict');
    spec.given([registered]).when(revoke('0123456789abcdef'), asOperator()).thenThrows('api_key_not_found', 'not_found');
  });

  it('are listed in the state, revoked ones included', () => {
    const state = evolveAll(organizationDecider, [registered, issued, revoked])!;
    expect([...state.apiKeys.values()]).toEqual([{ keyId: '0123456789abcdef', label: 'intake desk', revoked: true }]);
  });
});

describe('organization: registry auditor', () => {
  const designate: OrganizationCommand = { type: 'DesignateRegistryAuditor', data: {} };
  const end: OrganizationCommand = { type: 'EndRegistryAuditorDesignation', data: {} };
  const designated: OrganizationEvent = { type: 'RegistryAuditorDesignated', data: { organizationId: ORG } };

  it('is designated and ended by the operator only, as events', () => {
    spec.given([registered]).when(designate, asOperator()).then([designated]);
    spec.given([registered]).when(designate, asOrganization(ORG)).thenThrows('operator_only', 'forbidden');
    spec.given([registered, designated]).when(designate, asOperator()).thenThrows('already_registry_auditor', 'conflict');
    spec.given([registered, designated]).when(end, asOperator()).then([{ type: 'RegistryAuditorDesignationEnded', data: { organizationId: ORG } }]);
    spec.given([registered]).when(end, asOperator()).thenThrows('not_registry_auditor', 'rule');
    expect(evolveAll(organizationDecider, [registered, designated])!.registryAuditor).toBe(true);
  });
});

describe('organization: witness keys', () => {
  const witness = { name: 'upper-valley-health.example/ledger-witness', keyId: '3508eeb5', publicKey: PUBLIC_KEY };
  const witnessRegistered: OrganizationEvent = { type: 'WitnessKeyRegistered', data: { organizationId: ORG, ...witness } };
  const witnessRevoked: OrganizationEvent = { type: 'WitnessKeyRevoked', data: { organizationId: ORG, keyId: '3508eeb5' } };
  const registerWitness = (data: Record<string, unknown>): OrganizationCommand => ({ type: 'RegisterWitnessKey', data }) as OrganizationCommand;
  const revokeWitness = (keyId: string): OrganizationCommand => ({ type: 'RevokeWitnessKey', data: { keyId } });

  it('are registered by the organization itself, never by the operator or another organization', () => {
    spec.given([registered]).when(registerWitness(witness), asOrganization(ORG)).then([witnessRegistered]);
    spec.given([registered]).when(registerWitness(witness), asOperator()).thenThrows('not_the_organization', 'forbidden');
    spec.given([registered]).when(registerWitness(witness), asOrganization('someone-else')).thenThrows('not_the_organization', 'forbidden');
    spec.given([]).when(registerWitness(witness), asOrganization(ORG)).thenThrows('organization_not_found', 'not_found');
  });

  it('need a signature by a signing key in force once the organization holds one', () => {
    spec.given([registered, keyRegistered]).when(registerWitness(witness), asOrganization(ORG)).thenThrows('signature_required', 'rule');
    spec.given([registered, keyRegistered]).when(registerWitness(witness), asOrganization(ORG, { signedWith: { keyId: 'k1' } })).then([witnessRegistered]);
  });

  it.each([
    ['a name with a space', { name: 'riverside witness' }, 'invalid_witness_name'],
    ['a name with "+"', { name: 'riverside+witness' }, 'invalid_witness_name'],
    ['an empty name', { name: '' }, 'invalid_witness_name'],
    ['a name too long', { name: 'w'.repeat(201) }, 'invalid_witness_name'],
    ['a key ID of 7 hex digits', { keyId: '3508eeb' }, 'invalid_key_id'],
    ['an upper-case key ID', { keyId: '3508EEB5' }, 'invalid_key_id'],
    ['a public key of 31 bytes', { publicKey: SHORT_KEY }, 'invalid_public_key'],
  ])('refuse %s', (_label, change, code) => {
    spec.given([registered]).when(registerWitness({ ...witness, ...change }), asOrganization(ORG)).thenThrows(code, 'invalid');
  });

  it('are registered once per key ID, and one public key serves one witness', () => {
    spec.given([registered, witnessRegistered]).when(registerWitness(witness), asOrganization(ORG)).thenThrows('witness_key_already_registered', 'conflict');
    spec.given([registered, witnessRegistered, witnessRevoked]).when(registerWitness(witness), asOrganization(ORG)).thenThrows('witness_key_already_registered', 'conflict');
    spec
      .given([registered, witnessRegistered])
      .when(registerWitness({ ...witness, name: 'other.example/witness', keyId: '0badcafe' }), asOrganization(ORG))
      .thenThrows('public_key_already_registered', 'conflict');
    // After revocation the same key may serve a witness of another name (another key ID).
    spec
      .given([registered, witnessRegistered, witnessRevoked])
      .when(registerWitness({ ...witness, name: 'other.example/witness', keyId: '0badcafe' }), asOrganization(ORG))
      .then([{ type: 'WitnessKeyRegistered', data: { organizationId: ORG, ...witness, name: 'other.example/witness', keyId: '0badcafe' } }]);
  });

  it('are revoked by the organization itself or the operator, once', () => {
    spec.given([registered, witnessRegistered]).when(revokeWitness('3508eeb5'), asOrganization(ORG)).then([witnessRevoked]);
    spec.given([registered, witnessRegistered]).when(revokeWitness('3508eeb5'), asOperator()).then([witnessRevoked]);
    spec.given([registered, witnessRegistered]).when(revokeWitness('3508eeb5'), asOrganization('someone-else')).thenThrows('not_the_organization', 'forbidden');
    spec.given([registered, witnessRegistered, witnessRevoked]).when(revokeWitness('3508eeb5'), asOperator()).thenThrows('witness_key_already_revoked', 'rule');
    spec.given([registered]).when(revokeWitness('3508eeb5'), asOperator()).thenThrows('witness_key_not_found', 'not_found');
    spec.given([registered]).when(revokeWitness('nope'), asOperator()).thenThrows('invalid_key_id', 'invalid');
  });

  it('state tells which witness keys count now', () => {
    const state = evolveAll(organizationDecider, [registered, witnessRegistered])!;
    expect(activeWitnessKey(state, '3508eeb5')).toEqual({ ...witness, revoked: false });
    expect(activeWitnessKey(evolveAll(organizationDecider, [witnessRevoked], state)!, '3508eeb5')).toBeNull();
    expect(activeWitnessKey(state, '0badcafe')).toBeNull();
  });
});

describe('organization: contacts', () => {
  const contact = (data: Record<string, unknown>): OrganizationCommand => ({ type: 'RegisterContact', data }) as OrganizationCommand;

  it('are registered by the organization itself or the operator, in English unless French is asked for', () => {
    for (const context of [asOrganization(ORG), asOperator()]) {
      spec
        .given([registered])
        .when(contact({ email: 'Lead@Upper-Valley.ORG', name: 'Partnership lead', language: 'fr' }), context)
        .thenResult((events) =>
          expect(events).toEqual([
            { type: 'ContactRegistered', data: { organizationId: ORG, contactId: expect.any(String), email: 'Lead@upper-valley.org', name: 'Partnership lead', language: 'fr' } },
          ]),
        );
    }
    spec.given([registered]).when(contact({ email: 'a@b.org' }), asOrganization(ORG)).thenResult((events) => expect(events[0].data).toMatchObject({ language: 'en' }));
  });

  it('refuses another organization, an address that is not one, an unknown language, and the same address twice', () => {
    spec.given([registered]).when(contact({ email: 'a@b.org' }), asOrganization('someone-else')).thenThrows('not_the_organization', 'forbidden');
    for (const email of ['', 'no-at-sign', 'a@b', 'a b@c.org', '<a@b.org>', 'a@b.org\n', `${'x'.repeat(250)}@b.org`, 42]) {
      spec.given([registered]).when(contact({ email }), asOrganization(ORG)).thenThrows('invalid_email', 'invalid');
    }
    spec.given([registered]).when(contact({ email: 'a@b.org', language: 'de' }), asOrganization(ORG)).thenThrows('invalid_choice', 'invalid');
    const added: OrganizationEvent = { type: 'ContactRegistered', data: { organizationId: ORG, contactId: 'c1', email: 'A@b.org', language: 'en' } };
    spec.given([registered, added]).when(contact({ email: 'a@B.ORG' }), asOrganization(ORG)).thenThrows('contact_already_registered', 'conflict');
  });

  it('are removed once, by the organization or the operator', () => {
    const added: OrganizationEvent = { type: 'ContactRegistered', data: { organizationId: ORG, contactId: 'c1', email: 'a@b.org', language: 'en' } };
    const removed: OrganizationEvent = { type: 'ContactRemoved', data: { organizationId: ORG, contactId: 'c1' } };
    const remove: OrganizationCommand = { type: 'RemoveContact', data: { contactId: 'c1' } };
    spec.given([registered, added]).when(remove, asOperator()).then([removed]);
    spec.given([registered, added, removed]).when(remove, asOrganization(ORG)).thenThrows('contact_already_removed', 'conflict');
    spec.given([registered]).when(remove, asOrganization(ORG)).thenThrows('contact_not_found', 'not_found');
    const state = evolveAll(organizationDecider, [registered, added, removed]);
    expect(state?.contacts?.get('c1')).toMatchObject({ email: 'a@b.org', removed: true });
  });
});

describe('organization: webhooks', () => {
  const subscribe = (data: Record<string, unknown>): OrganizationCommand => ({ type: 'SubscribeWebhook', data: { webhookId: 'w1', ...data } }) as OrganizationCommand;

  it('are subscribed by the organization itself only, to http(s) URLs and known event types', () => {
    spec
      .given([registered])
      .when(subscribe({ url: 'https://hooks.example.org/ledger', types: ['CommitmentMade', 'CommitmentMade'], collaborativeId: 'uv' }), asOrganization(ORG))
      .then([{ type: 'WebhookSubscribed', data: { organizationId: ORG, webhookId: 'w1', url: 'https://hooks.example.org/ledger', types: ['CommitmentMade'], collaborativeId: 'uv' } }]);
    spec.given([registered]).when(subscribe({ url: 'https://hooks.example.org' }), asOperator()).thenThrows('not_the_organization', 'forbidden');
    spec.given([registered]).when(subscribe({ url: 'ftp://hooks.example.org' }), asOrganization(ORG)).thenThrows('invalid_url', 'invalid');
    spec.given([registered]).when(subscribe({ url: 'not a url' }), asOrganization(ORG)).thenThrows('invalid_uri', 'invalid');
    spec.given([registered]).when(subscribe({ url: 'https://h.example.org', types: ['NoSuchEvent'] }), asOrganization(ORG)).thenThrows('invalid_choice', 'invalid');
    spec.given([registered]).when(subscribe({ url: 'https://h.example.org', types: [] }), asOrganization(ORG)).thenThrows('invalid_list', 'invalid');
  });

  it('are removed once, by the organization or the operator', () => {
    const subscribed: OrganizationEvent = { type: 'WebhookSubscribed', data: { organizationId: ORG, webhookId: 'w1', url: 'https://h.example.org' } };
    const remove: OrganizationCommand = { type: 'RemoveWebhook', data: { webhookId: 'w1' } };
    spec.given([registered, subscribed]).when(remove, asOperator()).then([{ type: 'WebhookRemoved', data: { organizationId: ORG, webhookId: 'w1' } }]);
    spec.given([registered]).when(remove, asOrganization(ORG)).thenThrows('webhook_not_found', 'not_found');
  });
});
