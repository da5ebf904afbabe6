/**
 * The envelope every stored event carries (LEDGER.md, "Every event carries").
 * Adapters store and return exactly these fields; nothing above the store invents its own.
 */

/**
 * Who caused an event: an organization acting in a role, the operator, the ledger itself, or a
 * collaborative carrying out a resolution it adopted (the acts of the resolution).
 */
export interface Actor {
  type: 'organization' | 'operator' | 'ledger' | 'collaborative';
  /** Set when type is 'organization'. */
  organizationId?: string;
  /** Set when type is 'collaborative': the collaborative, and the resolution whose act this is. */
  collaborativeId?: string;
  resolutionId?: string;
  /** The organization's role in the collaborative the command touched (steward, member, ...), if any. */
  role?: string;
  /** The API key that authenticated the request, when one did. */
  keyId?: string;
}

/** A member organization's Ed25519 signature over its own command (see docs/signing.md). */
export interface MemberSignature {
  organizationId: string;
  keyId: string;
  /** base64 of the 64-byte Ed25519 signature. */
  signature: string;
  /** When the organization signed (its own clock), part of what is signed. */
  signedAt?: string;
  /** Never used twice by the organization; part of what is signed (absent on commands signed before nonces). */
  nonce?: string;
  /**
   * The request the organization signed, kept so that anyone can check the signature from the log
   * alone (docs/signing.md gives the exact bytes).
   */
  command?: { method: string; path: string; body: unknown };
}

/** What a caller hands to `append`: everything but the fields the store assigns. */
export interface NewEvent<T = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: T;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  signature?: MemberSignature | null;
}

/** The fields of a stored event that the hash covers: all but prevHash and hash. */
export interface EventContent<T = unknown> extends NewEvent<T> {
  /** Global, gapless, starting at 1, in commit order. */
  position: number;
  streamId: string;
  /** Starts at 0 for the first event of a stream. */
  streamRevision: number;
  /** Server time (UTC, ISO 8601 with milliseconds); never decreases along positions. */
  recordedAt: string;
}

/** A stored event as read back from any adapter. */
export interface RecordedEvent<T = unknown> extends EventContent<T> {
  /** Hash of the event at position - 1 (64 zero hex digits before the first). */
  prevHash: string;
  /** SHA-256(prevHash ‖ canonical bytes), hex. */
  hash: string;
}
