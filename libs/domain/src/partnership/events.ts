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
/** `terminatedBy`: the steward, or the collaborative's id when a resolution (`resolutionId`) terminated it. */
export type DeclarationTerminated = DomainEvent<'DeclarationTerminated', { partnershipId: string; terminatedBy: string; reason: string; resolutionId?: string }>;

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
