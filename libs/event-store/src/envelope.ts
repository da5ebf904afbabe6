/**
 * The envelope every stored event carries lives with what defines its hash (@ledger/integrity);
 * the store speaks it too.
 */
export type { Actor, EventContent, MemberSignature, NewEvent, RecordedEvent } from '@ledger/integrity';
export { GENESIS_HASH } from '@ledger/integrity';
