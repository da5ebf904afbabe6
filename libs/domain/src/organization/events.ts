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

export type ContactRegistered = DomainEvent<'ContactRegistered', { organizationId: string; contactId: string; email: string; name?: string; language: string }>;
export type ContactRemoved = DomainEvent<'ContactRemoved', { organizationId: string; contactId: string }>;
/** The key that subscribed is the envelope's (actor.keyId): the webhook ends when that key is revoked. */
export type WebhookSubscribed = DomainEvent<'WebhookSubscribed', { organizationId: string; webhookId: string; url: string; types?: string[]; collaborativeId?: string }>;
export type WebhookRemoved = DomainEvent<'WebhookRemoved', { organizationId: string; webhookId: string }>;

/**
 * Events of an organization's stream only the organization itself reads (and the operator and
 * registry auditors): its contacts' addresses and its webhooks' URLs (read-policy.ts).
 */
export const PRIVATE_ORGANIZATION_EVENTS: ReadonlySet<string> = new Set(['ContactRegistered', 'ContactRemoved', 'WebhookSubscribed', 'WebhookRemoved']);

export type OrganizationEvent =
  | ContactRegistered
  | ContactRemoved
  | WebhookSubscribed
  | WebhookRemoved
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
  ContactRegistered: 1,
  ContactRemoved: 1,
  WebhookSubscribed: 1,
  WebhookRemoved: 1,
} as const satisfies Record<OrganizationEvent['type'], number>;
