import type { DomainEvent } from '../shared/decider';
import type { Sector } from './commands';

export type OrganizationRegistered = DomainEvent<'OrganizationRegistered', { organizationId: string; name: string; sector: Sector }>;
export type SigningKeyRegistered = DomainEvent<'SigningKeyRegistered', { organizationId: string; keyId: string; publicKey: string }>;
export type SigningKeyRevoked = DomainEvent<'SigningKeyRevoked', { organizationId: string; keyId: string }>;

export type OrganizationEvent = OrganizationRegistered | SigningKeyRegistered | SigningKeyRevoked;

export const ORGANIZATION_EVENT_SCHEMA_VERSIONS = {
  OrganizationRegistered: 1,
  SigningKeyRegistered: 1,
  SigningKeyRevoked: 1,
} as const satisfies Record<OrganizationEvent['type'], number>;
