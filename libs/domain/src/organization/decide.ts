import { actingOrganizationId, type DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import { optionalText, requireOneOf, requireRecordId, requireText } from '../shared/validation';
import { SECTORS, type OrganizationCommand, type RegisterOrganization, type RegisterSigningKey, type RevokeSigningKey } from './commands';
import type { OrganizationEvent } from './events';
import type { OrganizationState } from './state';

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Canonical base64 of exactly 32 bytes: 43 characters, the last carrying 2 zero bits, then '='. */
const ED25519_PUBLIC_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export type OrganizationContext = DecisionContext;

export function decide(command: OrganizationCommand, state: OrganizationState | null, context: OrganizationContext): OrganizationEvent[] {
  if (command.type === 'RegisterOrganization') return register(command, state, context);
  if (state === null) throw new NotFoundError('organization_not_found', 'no organization is registered under this id');
  switch (command.type) {
    case 'RegisterSigningKey':
      return registerKey(command, state, context);
    case 'RevokeSigningKey':
      return revokeKey(command, state, context);
  }
}

function register(command: RegisterOrganization, state: OrganizationState | null, context: OrganizationContext): OrganizationEvent[] {
  if (state !== null) throw new ConflictError('organization_already_registered', `organization ${state.id} is already registered`);
  const organizationId = requireRecordId(command.data.id, 'id');
  const name = requireText(command.data.name, 'name');
  const sector = requireOneOf(command.data.sector, SECTORS, 'sector');
  if (context.actor.kind !== 'operator') throw new ForbiddenError('operator_only', 'only the operator registers organizations');
  return [{ type: 'OrganizationRegistered', data: { organizationId, name, sector } }];
}

/** Keys are managed by the operator or by the organization itself, never by another organization. */
function requireOperatorOrSelf(state: OrganizationState, context: OrganizationContext): void {
  const actingId = actingOrganizationId(context.actor);
  if (actingId !== null && actingId !== state.id) {
    throw new ForbiddenError('not_the_organization', `${actingId} cannot manage the signing keys of ${state.id}; only ${state.id} itself or the operator can`);
  }
}

function registerKey(command: RegisterSigningKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const suppliedKeyId = optionalText(command.data.keyId, 'keyId', 64);
  if (suppliedKeyId !== undefined && !KEY_ID.test(suppliedKeyId)) {
    throw new InvalidCommandError('invalid_key_id', 'keyId must be 1-64 letters, digits, dots, underscores or hyphens', 'keyId');
  }
  const publicKey = command.data.publicKey;
  if (typeof publicKey !== 'string' || !ED25519_PUBLIC_KEY.test(publicKey)) {
    throw new InvalidCommandError(
      'invalid_public_key',
      'publicKey must be the standard base64 encoding (with padding) of the 32 raw bytes of an Ed25519 public key, 44 characters',
      'publicKey',
    );
  }
  requireOperatorOrSelf(state, context);
  if (suppliedKeyId !== undefined && state.keys.has(suppliedKeyId)) {
    throw new ConflictError('signing_key_already_registered', `${state.id} already has a signing key ${suppliedKeyId}; choose another keyId`);
  }
  const sameKey = [...state.keys.values()].find((key) => key.publicKey === publicKey && !key.revoked);
  if (sameKey) throw new ConflictError('public_key_already_registered', `this public key is already registered as ${sameKey.keyId}`);
  const keyId = suppliedKeyId ?? context.ids.next();
  return [{ type: 'SigningKeyRegistered', data: { organizationId: state.id, keyId, publicKey } }];
}

function revokeKey(command: RevokeSigningKey, state: OrganizationState, context: OrganizationContext): OrganizationEvent[] {
  const keyId = requireText(command.data.keyId, 'keyId', 64);
  requireOperatorOrSelf(state, context);
  const key = state.keys.get(keyId);
  if (!key) throw new NotFoundError('signing_key_not_found', `${state.id} has no signing key ${keyId}`);
  if (key.revoked) throw new RuleViolation('signing_key_already_revoked', `signing key ${keyId} of ${state.id} is already revoked`);
  return [{ type: 'SigningKeyRevoked', data: { organizationId: state.id, keyId } }];
}
