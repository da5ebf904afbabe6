import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Names what the bytes are for, so a signature over a command can never pass for anything else. */
export const COMMAND_SIGNATURE_PURPOSE = 'stewardship-ledger/command/v1';

/** What a member organization signs when it signs a command (docs/signing.md). */
export interface SignedCommand {
  organizationId: string;
  keyId: string;
  /** ISO 8601 UTC time of signing. */
  signedAt: string;
  /**
   * A value the organization never uses twice (the ledger refuses a nonce it has seen, so a captured
   * request cannot be replayed). Part of what is signed when present; commands signed before nonces
   * existed have none.
   */
  nonce?: string;
  /** 'POST' */
  method: string;
  /** The request path without the query string, e.g. /commitments/0193.../delivery */
  path: string;
  /** The JSON body as sent ({} when there is none). */
  body: unknown;
}

/**
 * The exact bytes signed: the UTF-8 RFC 8785 (JSON Canonicalization Scheme) form of
 * { purpose, organizationId, keyId, signedAt, nonce, method, path, body } (nonce left out when absent).
 */
export function signedCommandBytes(command: SignedCommand): Buffer {
  const canonical = canonicalize({
    purpose: COMMAND_SIGNATURE_PURPOSE,
    organizationId: command.organizationId,
    keyId: command.keyId,
    signedAt: command.signedAt,
    ...(command.nonce !== undefined && { nonce: command.nonce }),
    method: command.method,
    path: command.path,
    body: command.body ?? {},
  });
  if (canonical === undefined) throw new Error('the command cannot be canonicalized');
  return Buffer.from(canonical, 'utf8');
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An Ed25519 public key from the base64 of its 32 raw bytes (how organizations register keys). */
export function ed25519PublicKeyFromBase64(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
}

/** Whether `signature` (base64) is the organization's Ed25519 signature of the command. */
export function verifyCommandSignature(command: SignedCommand, signature: string, publicKeyBase64: string): boolean {
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64) return false;
  try {
    return verify(null, signedCommandBytes(command), ed25519PublicKeyFromBase64(publicKeyBase64), sig);
  } catch {
    return false;
  }
}
