import { newEventId } from '@ledger/event-store';

/** Ids of records the ledger names itself (commitments, pledges, ...): UUIDv7, time-ordered. */
export function newRecordId(): string {
  return newEventId();
}
