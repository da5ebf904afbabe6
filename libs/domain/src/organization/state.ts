import type { Sector } from './commands';

export interface SigningKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly revoked: boolean;
}

/** A witness key of the organization (C2SP tlog-cosignature, Ed25519): its cosignatures verify with it. */
export interface WitnessKey {
  /** The C2SP key ID, 8 lowercase hex digits. */
  readonly keyId: string;
  /** The witness's key name, e.g. riverside-chc.example/ledger-witness. */
  readonly name: string;
  /** base64 of the 32 raw bytes. */
  readonly publicKey: string;
  readonly revoked: boolean;
}

/** An API key as the log knows it: its id and label, never its secret. */
export interface ApiKeyEntry {
  readonly keyId: string;
  readonly label: string | null;
  readonly revoked: boolean;
}

/** An address the ledger writes to; removed ones are kept (the log keeps them anyway). */
export interface Contact {
  readonly contactId: string;
  readonly email: string;
  readonly name: string | null;
  readonly language: string;
  readonly removed: boolean;
}

export interface Webhook {
  readonly webhookId: string;
  readonly url: string;
  /** Event types delivered; null: every type. */
  readonly types: readonly string[] | null;
  readonly collaborativeId: string | null;
  readonly removed: boolean;
}

export interface OrganizationState {
  readonly id: string;
  readonly name: string;
  readonly sector: Sector;
  /** Every key ever registered, revoked ones included, by keyId. */
  readonly keys: ReadonlyMap<string, SigningKey>;
  /** Every witness key ever registered, revoked ones included, by C2SP key ID. */
  readonly witnessKeys: ReadonlyMap<string, WitnessKey>;
  /** Every API key ever issued to it, revoked ones included, by keyId. */
  readonly apiKeys: ReadonlyMap<string, ApiKeyEntry>;
  /** Designated by the operator to read every collaborative. */
  readonly registryAuditor: boolean;
  /** Every contact ever registered, removed ones included, by contactId (absent in states folded before contacts existed). */
  readonly contacts?: ReadonlyMap<string, Contact>;
  /** Every webhook ever subscribed, removed ones included, by webhookId. */
  readonly webhooks?: ReadonlyMap<string, Webhook>;
}

/** Active webhooks an organization may hold at once. */
export const MAX_WEBHOOKS = 20;
/** Active contacts an organization may register. */
export const MAX_CONTACTS = 50;

/** The key that may verify the organization's signatures now, or null if unknown or revoked. */
export function activeSigningKey(state: OrganizationState, keyId: string): SigningKey | null {
  const key = state.keys.get(keyId);
  return key && !key.revoked ? key : null;
}

/** Whether the organization holds any signing key in force. */
export function hasActiveSigningKey(state: OrganizationState): boolean {
  for (const key of state.keys.values()) if (!key.revoked) return true;
  return false;
}

/** The witness key whose cosignatures count now, or null if unknown or revoked. */
export function activeWitnessKey(state: OrganizationState, keyId: string): WitnessKey | null {
  const key = state.witnessKeys.get(keyId);
  return key && !key.revoked ? key : null;
}
