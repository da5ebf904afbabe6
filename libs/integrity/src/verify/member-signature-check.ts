import type { RecordedEvent } from '../envelope';
import { verifyCommandSignature } from '../member-signature';
import type { EventCheck } from './verify-log';

/**
 * Checks every member signature in the log against the key its organization held at that point
 * of the log: keys are learned from the organizations' own SigningKeyRegistered and
 * SigningKeyRevoked events as the verification goes, so nothing outside the log is trusted.
 */
export function memberSignatureCheck(): EventCheck {
  // organizationId → keyId → public key (base64), removed on revocation
  const keys = new Map<string, Map<string, string>>();
  return (event: RecordedEvent) => {
    if (event.type === 'SigningKeyRegistered' || event.type === 'SigningKeyRevoked') {
      const data = event.data as { organizationId: string; keyId: string; publicKey?: string };
      const held = keys.get(data.organizationId) ?? new Map<string, string>();
      if (event.type === 'SigningKeyRegistered' && data.publicKey) held.set(data.keyId, data.publicKey);
      else held.delete(data.keyId);
      keys.set(data.organizationId, held);
    }
    const signature = event.signature;
    if (!signature) return null;
    const { organizationId, keyId, signedAt, nonce, command } = signature;
    if (event.actor.type !== 'organization' || event.actor.organizationId !== organizationId) {
      return { expected: `a signature by the acting organization ${event.actor.organizationId ?? '(none)'}`, found: `a signature by ${organizationId}` };
    }
    const publicKey = keys.get(organizationId)?.get(keyId);
    if (!publicKey) return { expected: `a key ${keyId} of ${organizationId} in force at this position`, found: 'no such key (never registered, or revoked)' };
    if (!signedAt || !command) return { expected: 'the signed command and its time', found: 'a signature without them' };
    const valid = verifyCommandSignature({ organizationId, keyId, signedAt, ...(nonce !== undefined && { nonce }), ...command }, signature.signature, publicKey);
    return valid ? null : { expected: `a valid Ed25519 signature by ${organizationId}/${keyId} over the stored command`, found: 'a signature that does not verify' };
  };
}
