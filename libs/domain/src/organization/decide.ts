import { actingOrganizationId, type DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from '../shared/domain-error';
import { EVENT_SCHEMA_VERSIONS } from '../event-schema';
import {
  LABEL_TEXT,
  LANGUAGES,
  optionalKeyId,
  optionalRecordId,
  optionalText,
  requireApiKeyId,
  requireEmail,
  requireHttpUrl,
  requireList,
  requireNoteKeyId,
  requireOneOf,
  requirePublicKey,
  requireRecordId,
  requireSubRecordId,
  requireText,
  requireWitnessName,
} from '../shared/validation';
import {
  SECTORS,
  type RegisterContact,
  type RemoveContact,
  type RemoveWebhook,
  type SubscribeWebhook,
  type IssueApiKey,
  type OrganizationCommand,
  type RegisterOrganization,
  type RegisterSigningKey,
  type RegisterWitnessKey,
  type RevokeApiKey,
  type RevokeSigningKey,
  type RevokeWitnessKey,
} from './commands';
import type { OrganizationEvent } from './events';
import { activeSigningKey, hasActiveSigningKey, MAX_CONTACTS, MAX_WEBHOOKS, type OrganizationState } from './state';

export type OrganizationContext = DecisionContext;

export function decide(command: OrganizationCommand, state: OrganizationState | null, context: OrganizationContext): OrganizationEvent[] {
  if (command.type === 'RegisterOrganization') return register(command, state, context);
  if (state === null) throw new NotFoundError('organization_not_found', 'no organization is registered under this id');
  switch (command.type) {
    case 'RegisterSigningKey':
      return registerKey(command, state, context);
    case 'RevokeSigningKey':
      return revokeKey(command, state, context);
    case 'RegisterWitnessKey':
      return registerWitnessKey(command, state, context);
    case 'RevokeWitnessKey':
      return revokeWitnessKey(command, state, context);
    case 'IssueApiKey':
      return issueApiKey(command, state, context);
    case 'RevokeApiKey':
      return revokeApiKey(command, state, context);
    case 'DesignateRegistryAuditor':
      requireOperator(context, 'designates registry auditors');
      if (state.registryAuditor) throw new ConflictError('already_registry_auditor', `${state.id} is already a registry auditor`);
      return [{ type: 'RegistryAuditorDesignated', data: { organizationId: state.id } }];
    case 'RegisterContact':
      return registerContact(command, state, context);
    case 'RemoveContact':
      return removeContact(command, state, context);
    case 'SubscribeWebhook':
      return subscribeWebhook(command, state, context);
    case 'RemoveWebhook':
      return removeWebhook(command, state, context);
    case 'EndRegistryAuditorDesignation':
      requireOperator(context, 'ends registry auditor designations');
      if (!state.registryAuditor) throw new RuleViolation('not_registry_auditor', `${state.id} is not a registry auditor`);
      return [{ type: 'RegistryAuditorDesignationEnded', data: { organizationId: state.id } }];
  }
}

function requireOperator(context: OrganizationContext, doing: string): void {
  if (context.actor.kind !== 'operator') throw new ForbiddenError('operator_only', `only the operator ${doing}`);
}

function register(command: RegisterOrganization, state: OrganizationState | null, context: OrganizationContext): OrganizationEvent[] {
  if (state !== null) throw new ConflictError('organization_already_registered', `organization ${state.id} is already registered`);
  const organizationId = requireRecordId(command.data.id, 'id');
  const name = requireText(command.data.name, 'name');
  const sector = requireOneOf(command.data.sector, SECTORS, 'sector');
  requireOperator(context, 'registers organizations');
  return [{ type: 'OrganizationRegistered', data: { organizationId, name, sector } }];
}

/** Acting for the organization itself (or, where `operatorToo`, the operator); never another organization. */
function requireSelf(state: OrganizationState, context: OrganizationContext, doing: string, operatorToo: boolean): void {
  const actingId = actingOrganizationId(context.actor);
  const allowed = context.actor.kind === 'operator' ? operatorToo : actingId === state.id;
  if (!allowed) {
    throw new ForbiddenError('not_the_organization', `only ${state.id} itself${operatorToo ? ' or the operator' : ''} can ${doing}`);
  }
}

/**
 * Only the organization registers its own signing keys, so that nobody (the operator included) can
 * hold a key that signs in its name. While it holds a key in force, a new key comes in a command
 * signed by one of them; the first key cannot be, and is on the log for the organization to see.
 */
function registerKey(command: RegisterSigningKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const suppliedKeyId = optionalKeyId(command.data.keyId, 'keyId');
  const publicKey = requirePublicKey(command.data.publicKey, 'publicKey');
  requireSelf(state, context, 'register its signing keys', false);
  requireSignedIfKeyHeld(state, context, 'register another');
  if (suppliedKeyId !== undefined && state.keys.has(suppliedKeyId)) {
    throw new ConflictError('signing_key_already_registered', `${state.id} already has a signing key ${suppliedKeyId}; choose another keyId`);
  }
  const sameKey = [...state.keys.values()].find((key) => key.publicKey === publicKey && !key.revoked);
  if (sameKey) throw new ConflictError('public_key_already_registered', `this public key is already registered as ${sameKey.keyId}`);
  const keyId = suppliedKeyId ?? context.ids.next();
  return [{ type: 'SigningKeyRegistered', data: { organizationId: state.id, keyId, publicKey } }];
}

/** While the organization holds a signing key in force, a new key of any kind comes in a command signed by one of them. */
function requireSignedIfKeyHeld(state: OrganizationState, context: OrganizationContext, doing: string): void {
  if (hasActiveSigningKey(state) && !(context.signedWith && activeSigningKey(state, context.signedWith.keyId))) {
    throw new RuleViolation('signature_required', `${state.id} already holds a signing key in force: sign this command with it to ${doing} (docs/signing.md)`);
  }
}

/**
 * Only the organization registers its witness key, as its signing keys: nobody else may cosign the
 * ledger's checkpoints in its name. One public key serves one witness (C2SP tlog-cosignature: the
 * signed message does not name the witness), so a key in force is not registered again.
 */
function registerWitnessKey(command: RegisterWitnessKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const name = requireWitnessName(command.data.name, 'name');
  const keyId = requireNoteKeyId(command.data.keyId, 'keyId');
  const publicKey = requirePublicKey(command.data.publicKey, 'publicKey');
  requireSelf(state, context, 'register its witness keys', false);
  requireSignedIfKeyHeld(state, context, 'register a witness key');
  if (state.witnessKeys.has(keyId)) {
    throw new ConflictError('witness_key_already_registered', `${state.id} already registered the witness key ${keyId}${state.witnessKeys.get(keyId)!.revoked ? ' (revoked since)' : ''}`);
  }
  const sameKey = [...state.witnessKeys.values()].find((key) => key.publicKey === publicKey && !key.revoked);
  if (sameKey) {
    throw new ConflictError('public_key_already_registered', `this public key is already ${state.id}'s witness key ${sameKey.keyId} (${sameKey.name}): one key serves one witness`);
  }
  return [{ type: 'WitnessKeyRegistered', data: { organizationId: state.id, keyId, name, publicKey } }];
}

function revokeWitnessKey(command: RevokeWitnessKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const keyId = requireNoteKeyId(command.data.keyId, 'keyId');
  requireSelf(state, context, 'revoke its witness keys', true);
  const key = state.witnessKeys.get(keyId);
  if (!key) throw new NotFoundError('witness_key_not_found', `${state.id} has no witness key ${keyId}`);
  if (key.revoked) throw new RuleViolation('witness_key_already_revoked', `witness key ${keyId} of ${state.id} is already revoked`);
  return [{ type: 'WitnessKeyRevoked', data: { organizationId: state.id, keyId } }];
}

function revokeKey(command: RevokeSigningKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const keyId = requireText(command.data.keyId, 'keyId', 64);
  requireSelf(state, context, 'revoke its signing keys', true);
  const key = state.keys.get(keyId);
  if (!key) throw new NotFoundError('signing_key_not_found', `${state.id} has no signing key ${keyId}`);
  if (key.revoked) throw new RuleViolation('signing_key_already_revoked', `signing key ${keyId} of ${state.id} is already revoked`);
  return [{ type: 'SigningKeyRevoked', data: { organizationId: state.id, keyId } }];
}

function issueApiKey(command: IssueApiKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const keyId = requireApiKeyId(command.data.keyId, 'keyId');
  const label = optionalText(command.data.label ?? undefined, 'label', LABEL_TEXT);
  requireOperator(context, 'issues API keys');
  if (state.apiKeys.has(keyId)) throw new ConflictError('api_key_already_issued', `API key ${keyId} is already issued`);
  return [{ type: 'ApiKeyIssued', data: { organizationId: state.id, keyId, ...(label !== undefined && { label }) } }];
}

function revokeApiKey(command: RevokeApiKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const keyId = requireText(command.data.keyId, 'keyId', 64);
  requireSelf(state, context, 'revoke its API keys', true);
  const key = state.apiKeys.get(keyId);
  if (!key) throw new NotFoundError('api_key_not_found', `${state.id} has no API key ${keyId}`);
  if (key.revoked) throw new ConflictError('api_key_already_revoked', `API key ${keyId} is already revoked`);
  return [{ type: 'ApiKeyRevoked', data: { organizationId: state.id, keyId } }];
}

function registerContact(command: RegisterContact, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const email = requireEmail(command.data.email, 'email');
  const name = optionalText(command.data.name, 'name');
  const language = command.data.language === undefined || command.data.language === null ? 'en' : requireOneOf(command.data.language, LANGUAGES, 'language');
  requireSelf(state, context, 'register its contacts', true);
  const active = [...(state.contacts?.values() ?? [])].filter((c) => !c.removed);
  if (active.some((c) => c.email.toLowerCase() === email.toLowerCase())) {
    throw new ConflictError('contact_already_registered', `${email} is already a contact of ${state.id}`);
  }
  if (active.length >= MAX_CONTACTS) throw new RuleViolation('too_many_contacts', `${state.id} already has ${MAX_CONTACTS} contacts; remove one first`);
  const contactId = context.ids.next();
  return [{ type: 'ContactRegistered', data: { organizationId: state.id, contactId, email, ...(name !== undefined && { name }), language } }];
}

function removeContact(command: RemoveContact, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const contactId = requireSubRecordId(command.data.contactId, 'contactId');
  requireSelf(state, context, 'remove its contacts', true);
  const contact = state.contacts?.get(contactId);
  if (!contact) throw new NotFoundError('contact_not_found', `${state.id} has no contact ${contactId}`);
  if (contact.removed) throw new ConflictError('contact_already_removed', `contact ${contactId} of ${state.id} is already removed`);
  return [{ type: 'ContactRemoved', data: { organizationId: state.id, contactId } }];
}

function subscribeWebhook(command: SubscribeWebhook, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const webhookId = requireSubRecordId(command.data.webhookId, 'webhookId');
  const url = requireHttpUrl(command.data.url, 'url');
  const types =
    command.data.types === undefined || command.data.types === null
      ? undefined
      : [...new Set(requireList(command.data.types, 'types', 1, 100).map((type, i) => requireOneOf(type, Object.keys(EVENT_SCHEMA_VERSIONS), `types[${i}]`)))];
  const collaborativeId = optionalRecordId(command.data.collaborativeId, 'collaborativeId');
  requireSelf(state, context, 'subscribe its webhooks', false);
  if (state.webhooks?.has(webhookId)) throw new ConflictError('webhook_already_subscribed', `webhook ${webhookId} already exists`);
  if ([...(state.webhooks?.values() ?? [])].filter((w) => !w.removed).length >= MAX_WEBHOOKS) {
    throw new RuleViolation('too_many_webhooks', `${state.id} already has ${MAX_WEBHOOKS} webhooks; remove one first`);
  }
  return [
    {
      type: 'WebhookSubscribed',
      data: { organizationId: state.id, webhookId, url, ...(types !== undefined && { types }), ...(collaborativeId !== undefined && { collaborativeId }) },
    },
  ];
}

function removeWebhook(command: RemoveWebhook, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const webhookId = requireSubRecordId(command.data.webhookId, 'webhookId');
  requireSelf(state, context, 'remove its webhooks', true);
  const webhook = state.webhooks?.get(webhookId);
  if (!webhook) throw new NotFoundError('webhook_not_found', `${state.id} has no webhook ${webhookId}`);
  if (webhook.removed) throw new ConflictError('webhook_already_removed', `webhook ${webhookId} is already removed`);
  return [{ type: 'WebhookRemoved', data: { organizationId: state.id, webhookId } }];
}
