import type { DomainEvent } from '../shared/decider';
import type { Sector } from './commands';

export type OrganizationRegistered = DomainEvent<'OrganizationRegistered', { organizationId: string; name: string; sector: Sector }>;
export type SigningKeyRegistered = DomainEvent<'SigningKeyRegistered', { organizationId: string; keyId: string; publicKey: string }>;
export type SigningKeyRevoked = DomainEvent<'SigningKeyRevoked', { organizationId: string; keyId: string }>;
/** The organization's witness key: its cosignatures of the ledger's checkpoints verify with it (keyId: the C2SP key ID). */
export type WitnessKeyRegistered = DomainEvent<'WitnessKeyRegistered', { organizationId: string; keyId: string; name: string; publicKey: string }>;
export type WitnessKeyRevoked = DomainEvent<'WitnessKeyRevoked', { organizationId: string; keyId: string }>;
/** Who issued it and when are in the envelope (actor, recordedAt); the secret is never on the log. */
export type ApiKeyIssued = DomainEvent<'ApiKeyIssued', { organizationId: string; keyId: string; label?: string }>;
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', { organizationId: string; keyId: string }>;
export type RegistryAuditorDesignated = DomainEvent<'RegistryAuditorDesignated', { organizationId: string }>;
export type RegistryAuditorDesignationEnded = DomainEvent<'RegistryAuditorDesignationEnded', { organizationId: string }>;

export type OrganizationEvent =
  | OrganizationRegistered
  | SigningKeyRegistered
  | SigningKeyRevoked
  | WitnessKeyRegistered
  | WitnessKeyRevoked
  | ApiKeyIssued
  | ApiKeyRevoked
  | RegistryAuditorDesignated
  | RegistryAuditorDesignationEnded;

export const ORGANIZATION_EVENT_SCHEMA_VERSIONS = {
  OrganizationRegistered: 1,
  SigningKeyRegistered: 1,
  SigningKeyRevoked: 1,
  WitnessKeyRegistered: 1,
  WitnessKeyRevoked: 1,
  ApiKeyIssued: 1,
  ApiKeyRevoked: 1,
  RegistryAuditorDesignated: 1,
  RegistryAuditorDesignationEnded: 1,
} as const satisfies Record<OrganizationEvent['type'], number>;
