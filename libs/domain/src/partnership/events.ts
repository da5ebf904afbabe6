import type { DomainEvent } from '../shared/decider';
import type { Signatory } from '../shared/signatory';

export type DeclarationDrafted = DomainEvent<
  'DeclarationDrafted',
  {
    partnershipId: string;
    collaborativeId: string;
    title: string;
    termsSha256: string;
    summary?: string;
    parties: string[];
    effectiveFrom: string;
    effectiveUntil?: string;
  }
>;
export type DeclarationSigned = DomainEvent<'DeclarationSigned', { partnershipId: string; organizationId: string; signatory: Signatory }>;
/** Emitted by the ledger itself with the last party's signature. */
export type DeclarationTookEffect = DomainEvent<'DeclarationTookEffect', { partnershipId: string; effectiveFrom: string }>;
export type PartyWithdrewFromDeclaration = DomainEvent<
  'PartyWithdrewFromDeclaration',
  { partnershipId: string; organizationId: string; reason: string; effectiveOn: string }
>;
export type DeclarationTerminated = DomainEvent<'DeclarationTerminated', { partnershipId: string; terminatedBy: string; reason: string }>;

export type PartnershipEvent =
  | DeclarationDrafted
  | DeclarationSigned
  | DeclarationTookEffect
  | PartyWithdrewFromDeclaration
  | DeclarationTerminated;

export const PARTNERSHIP_EVENT_SCHEMA_VERSIONS = {
  DeclarationDrafted: 1,
  DeclarationSigned: 1,
  DeclarationTookEffect: 1,
  PartyWithdrewFromDeclaration: 1,
  DeclarationTerminated: 1,
} as const satisfies Record<PartnershipEvent['type'], number>;
