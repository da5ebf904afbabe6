import type { ExpectedRevision } from './event-store.port';

/** Base class so callers can tell the store's refusals from programming errors. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The stream is not at the revision the caller expected; nothing was appended. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'wrong_expected_revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or null when it does not exist. */
    readonly actual: number | null,
  ) {
    super(
      `stream ${streamId} is at ${actual === null ? 'no stream' : `revision ${actual}`}, expected ${
        typeof expected === 'number' ? `revision ${expected}` : expected
      }`,
    );
  }
}

/** An event id already stored is being reused for different content; nothing was appended. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate_event_id';
  constructor(
    readonly eventId: string,
    readonly detail: string,
  ) {
    super(`event id ${eventId} is already stored with different content (${detail})`);
  }
}

/** The append was refused before reaching storage (empty batch, bad stream id, ...). */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'invalid_append';
}

/** The store cannot be reached or has been closed. */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'store_unavailable';
}
