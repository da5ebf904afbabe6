import type { Command } from '../shared/decider';
import type { Signatory } from '../shared/signatory';

/**
 * A party that is a current member or steward, or any steward. `id` is chosen by the application
 * layer (the new stream's id). `termsSha256` is the SHA-256 of the terms document, in hex.
 */
export type DraftDeclaration = Command<
  'DraftDeclaration',
  {
    id: string;
    collaborativeId: string;
    title: string;
    termsSha256: string;
    summary?: string;
    parties: string[];
    effectiveFrom: string;
    effectiveUntil?: string;
  }
>;

/** Each party, for itself, once. */
export type SignDeclaration = Command<'SignDeclaration', { signatory: Signatory }>;

/** A party, for itself, once the declaration is in effect. */
export type WithdrawFromDeclaration = Command<'WithdrawFromDeclaration', { reason: string; effectiveOn: string }>;

/** terminate_declaration: a steward that is not a party, where the charter lets one steward decide it (by default a vote), or a resolution. */
export type TerminateDeclaration = Command<'TerminateDeclaration', { reason: string }>;

export type PartnershipCommand = DraftDeclaration | SignDeclaration | WithdrawFromDeclaration | TerminateDeclaration;
