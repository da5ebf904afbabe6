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

/** Operator or the organization itself. `publicKey`: base64 of the 32 raw bytes of an Ed25519 key. */
export type RegisterSigningKey = Command<'RegisterSigningKey', { keyId?: string; publicKey: string }>;

/** Operator or the organization itself. */
export type RevokeSigningKey = Command<'RevokeSigningKey', { keyId: string }>;

export type OrganizationCommand = RegisterOrganization | RegisterSigningKey | RevokeSigningKey;
