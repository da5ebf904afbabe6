import type { Signatory } from '../shared/signatory';

export type DeclarationStatus = 'awaiting_signatures' | 'in_effect' | 'terminated';

export interface Withdrawal {
  readonly reason: string;
  readonly effectiveOn: string;
}

export interface PartnershipState {
  readonly id: string;
  readonly collaborativeId: string;
  readonly title: string;
  readonly termsSha256: string;
  readonly summary?: string;
  readonly parties: readonly string[];
  readonly effectiveFrom: string;
  readonly effectiveUntil?: string;
  readonly status: DeclarationStatus;
  /** By party id, in signing order. */
  readonly signatures: ReadonlyMap<string, Signatory>;
  readonly withdrawals: ReadonlyMap<string, Withdrawal>;
  readonly termination?: { readonly terminatedBy: string; readonly reason: string; readonly resolutionId?: string };
}

export function isParty(state: PartnershipState, organizationId: string): boolean {
  return state.parties.includes(organizationId);
}

export function unsignedParties(state: PartnershipState): string[] {
  return state.parties.filter((party) => !state.signatures.has(party));
}
