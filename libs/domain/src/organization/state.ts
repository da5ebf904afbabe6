import type { Sector } from './commands';

export interface SigningKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly revoked: boolean;
}

export interface OrganizationState {
  readonly id: string;
  readonly name: string;
  readonly sector: Sector;
  /** Every key ever registered, revoked ones included, by keyId. */
  readonly keys: ReadonlyMap<string, SigningKey>;
}

/** The key that may verify the organization's signatures now, or null if unknown or revoked. */
export function activeSigningKey(state: OrganizationState, keyId: string): SigningKey | null {
  const key = state.keys.get(keyId);
  return key && !key.revoked ? key : null;
}
