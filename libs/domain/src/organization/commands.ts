import type { Command } from '../shared/decider';

export const SECTORS = [
  'hospital',
  'payer',
  'public_health',
  'community_org',
  'government',
  'employer',
  'education',
  'funder',
  'resident_group',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Operator only. `id` is the slug the operator chooses, e.g. `upper-valley-health`. */
export type RegisterOrganization = Command<'RegisterOrganization', { id: string; name: string; sector: Sector }>;

/**
 * The organization itself only. `publicKey`: base64 of the 32 raw bytes of an Ed25519 key. While
 * the organization holds a key in force, a new one must come in a command signed by one of them.
 */
export type RegisterSigningKey = Command<'RegisterSigningKey', { keyId?: string; publicKey: string }>;

/** The organization itself, or the operator (a compromised key is stopped at once). */
export type RevokeSigningKey = Command<'RevokeSigningKey', { keyId: string }>;

/**
 * Operator only: records that an API key was issued to the organization — its id and label, never
 * the secret, which the ledger keeps apart as a hash. `keyId` is chosen by the issuer.
 */
export type IssueApiKey = Command<'IssueApiKey', { keyId: string; label?: string | null }>;

/** The operator, or the organization itself. */
export type RevokeApiKey = Command<'RevokeApiKey', { keyId: string }>;

/** Operator only: the organization becomes a registry auditor, reading every collaborative. */
export type DesignateRegistryAuditor = Command<'DesignateRegistryAuditor', Record<string, never>>;

/** Operator only: the organization stops being a registry auditor. */
export type EndRegistryAuditorDesignation = Command<'EndRegistryAuditorDesignation', Record<string, never>>;

/**
 * The organization itself only: the key of its witness of the ledger's log (C2SP tlog-cosignature,
 * Ed25519). `name` is the witness's key name, `keyId` its C2SP key ID (8 hex digits,
 * SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]: the HTTP layer reads both from the witness's verifier key),
 * `publicKey` base64 of the 32 raw bytes. While the organization holds a signing key in force, the
 * command must be signed with one of them, as for a new signing key.
 */
export type RegisterWitnessKey = Command<'RegisterWitnessKey', { name: string; keyId: string; publicKey: string }>;

/** The organization itself, or the operator (a compromised witness key is stopped at once). */
export type RevokeWitnessKey = Command<'RevokeWitnessKey', { keyId: string }>;

/**
 * The organization itself, or the operator: an address the ledger writes to about what waits on
 * the organization (reminders), in its language (en by default).
 */
export type RegisterContact = Command<'RegisterContact', { email: string; name?: string; language?: string }>;

/** The organization itself, or the operator. */
export type RemoveContact = Command<'RemoveContact', { contactId: string }>;

/**
 * The organization itself only: a URL the ledger delivers the events it may read to (Standard
 * Webhooks), of the types listed (all when none), of one collaborative when named. `webhookId` is
 * chosen by the ledger; its secret is never on the log.
 */
export type SubscribeWebhook = Command<'SubscribeWebhook', { webhookId: string; url: string; types?: string[]; collaborativeId?: string }>;

/** The organization itself, or the operator. */
export type RemoveWebhook = Command<'RemoveWebhook', { webhookId: string }>;

export type OrganizationCommand =
  | RegisterContact
  | RemoveContact
  | SubscribeWebhook
  | RemoveWebhook
  | RegisterOrganization
  | RegisterSigningKey
  | RevokeSigningKey
  | RegisterWitnessKey
  | RevokeWitnessKey
  | IssueApiKey
  | RevokeApiKey
  | DesignateRegistryAuditor
  | EndRegistryAuditorDesignation;
