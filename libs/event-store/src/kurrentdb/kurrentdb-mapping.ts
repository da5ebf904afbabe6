/**
 * Pure mapping between the ledger's envelope and the KurrentDB client's types: events, stream
 * states, revisions/positions (bigint) and errors. Nothing here talks to a server.
 *
 * Storage layout (see docs/kurrentdb.md): every ledger event is one KurrentDB event in a single
 * log stream (`<prefix>log`), whose event number is the ledger position minus one. The KurrentDB
 * event id IS the ledger event id, the KurrentDB event type IS the ledger type, the data is the
 * ledger data (application/json), and the rest of the envelope travels in the JSON metadata.
 */
import {
  ANY,
  AccessDeniedError,
  DeadlineExceededError,
  ErrorType,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  StreamTombstonedError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import type {
  AppendStreamState,
  CurrentStreamState,
  EventData,
  JSONType,
  ReadRevision,
  ResolvedEvent,
  StreamState,
} from '@kurrent/kurrentdb-client';
import type { Actor, MemberSignature, RecordedEvent } from '../envelope';
import { EventStoreError, InvalidAppendError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type { ExpectedRevision } from '../event-store.port';

/** Version of the metadata layout below; bumped if the layout ever changes (old ones stay readable). */
export const LEDGER_METADATA_FORMAT = 1;

/** Default prefix of the KurrentDB streams a ledger owns. */
export const DEFAULT_STREAM_PREFIX = 'ledger-';

/** KurrentDB user streams must not start with '$' (system streams); keep the prefix to safe characters. */
const STREAM_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The single KurrentDB stream that holds a ledger's whole log, in position order. */
export function logStreamName(streamPrefix: string = DEFAULT_STREAM_PREFIX): string {
  if (!STREAM_PREFIX.test(streamPrefix)) {
    throw new Error(
      `KurrentDB stream prefix ${JSON.stringify(streamPrefix)} is invalid: use letters, digits and . _ : - (not starting with $)`,
    );
  }
  return `${streamPrefix}log`;
}

/** The envelope fields carried in a KurrentDB event's metadata (JSON). */
export interface LedgerEventMetadata {
  ledgerFormat: typeof LEDGER_METADATA_FORMAT;
  streamId: string;
  streamRevision: number;
  position: number;
  schemaVersion: number;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  /** KurrentDB's own conventions, so its $by_correlation_id projection and UI understand the events. */
  $correlationId: string;
  $causationId?: string;
  signature?: MemberSignature;
  prevHash: string;
  hash: string;
}

/** A stored log event that cannot be read back as a ledger event (tampered, foreign or truncated). */
export class KurrentDbCorruptEventError extends EventStoreError {
  readonly code = 'corrupt_event';
}

// ---------------------------------------------------------------------------------------------
// Events

/** The KurrentDB event for a sealed ledger event: same id and type, JSON data, envelope in metadata. */
export function toEventData(event: RecordedEvent): EventData {
  if (event.data === undefined) throw new InvalidAppendError(`event ${event.eventId} has no data (JSON required)`);
  const metadata: LedgerEventMetadata = {
    ledgerFormat: LEDGER_METADATA_FORMAT,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    position: event.position,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    $correlationId: event.correlationId,
    ...(event.causationId !== null ? { $causationId: event.causationId } : {}),
    ...(event.signature ? { signature: event.signature } : {}),
    prevHash: event.prevHash,
    hash: event.hash,
  };
  return jsonEvent({
    id: event.eventId.toLowerCase(),
    type: event.type,
    // The client JSON-serializes data itself; the ledger's data is any JSON value.
    data: event.data as JSONType,
    metadata: metadata as unknown as JSONType,
  });
}

/**
 * The ledger event a KurrentDB event carries. Checks every envelope field, so a foreign or
 * tampered event is refused with a message naming it rather than handed on half-formed.
 */
export function fromResolvedEvent(resolved: ResolvedEvent): RecordedEvent {
  const recorded = resolved.event;
  if (!recorded) {
    throw new KurrentDbCorruptEventError(
      resolved.link
        ? `link ${resolved.link.id} in ${resolved.link.streamId} points to a deleted event`
        : 'a read returned an entry without an event',
    );
  }
  const where = `event ${recorded.id} (${recorded.streamId}@${recorded.revision})`;
  if (!recorded.isJson) throw new KurrentDbCorruptEventError(`${where} is not application/json`);
  const meta = recorded.metadata;
  if (!isPlainObject(meta)) throw new KurrentDbCorruptEventError(`${where} has no ledger metadata`);
  const field = <T>(name: string, ok: (v: unknown) => v is T): T => {
    const value = meta[name];
    if (!ok(value)) throw new KurrentDbCorruptEventError(`${where}: metadata.${name} is missing or malformed`);
    return value;
  };
  const format = field('ledgerFormat', isPositiveInteger);
  if (format !== LEDGER_METADATA_FORMAT) {
    throw new KurrentDbCorruptEventError(`${where}: unknown ledger metadata format ${format}`);
  }
  const event: RecordedEvent = {
    position: field('position', isPositiveInteger),
    eventId: recorded.id.toLowerCase(),
    type: recorded.type,
    schemaVersion: field('schemaVersion', isPositiveInteger),
    streamId: field('streamId', isNonEmptyString),
    streamRevision: field('streamRevision', isNonNegativeInteger),
    recordedAt: field('recordedAt', isNonEmptyString),
    actor: field('actor', isActor),
    correlationId: field('correlationId', isNonEmptyString),
    causationId: field('causationId', isStringOrNull),
    data: recorded.data,
    prevHash: field('prevHash', isHash),
    hash: field('hash', isHash),
  };
  if (meta.signature !== undefined && meta.signature !== null) event.signature = field('signature', isSignature);
  return event;
}

/**
 * A ledger event read from the log stream, with the log's invariants checked: it belongs to that
 * stream and its ledger position is its event number plus one.
 */
export function fromLogEvent(resolved: ResolvedEvent, logStream: string): RecordedEvent {
  const event = fromResolvedEvent(resolved);
  const recorded = resolved.event!;
  if (recorded.streamId !== logStream) {
    throw new KurrentDbCorruptEventError(`event ${recorded.id} was read from ${recorded.streamId}, not the log ${logStream}`);
  }
  if (event.position !== positionOfRevision(recorded.revision)) {
    throw new KurrentDbCorruptEventError(
      `event ${recorded.id} at ${logStream}@${recorded.revision} claims position ${event.position}; expected ${positionOfRevision(
        recorded.revision,
      )}`,
    );
  }
  return event;
}

// ---------------------------------------------------------------------------------------------
// Revisions and positions

/** The port's expected revision as the client's stream state. */
export function toStreamState(expected: ExpectedRevision): StreamState {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidAppendError(`expected revision ${expected} is not a non-negative integer`);
  }
  return BigInt(expected);
}

/** The client's stream state (as reported in its errors) as the port's expected revision. */
export function fromStreamState(state: AppendStreamState): ExpectedRevision | 'stream_exists' {
  if (state === NO_STREAM || state === ANY || state === 'stream_exists') return state;
  return toSafeNumber(state, 'stream revision');
}

/** The log stream's expected state for an append after `headPosition` (0: the log does not exist yet). */
export function logStreamStateAfter(headPosition: number): StreamState {
  return toStreamState(headPosition === 0 ? 'no_stream' : headPosition - 1);
}

/** The client's current stream state as the port's revision: null for a missing or deleted stream. */
export function revisionToNumber(state: CurrentStreamState): number | null {
  if (state === NO_STREAM) return null;
  // The server reports deleted (-5) and tombstoned (-6) streams with negative revisions.
  if (state < 0n) return null;
  return toSafeNumber(state, 'stream revision');
}

/** A bigint from the client as a JS number, refusing values that would lose precision. */
export function toSafeNumber(value: bigint, what = 'value'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} does not fit in a JavaScript number`);
  }
  return Number(value);
}

/** Ledger position of the log event with this event number. */
export function positionOfRevision(revision: bigint): number {
  return toSafeNumber(revision, 'log revision') + 1;
}

/** Where a read of the log starts to return the events with position > after (reads are inclusive). */
export function readRevisionAfter(after: number): bigint {
  return BigInt(Math.max(0, Math.trunc(after)));
}

/** Where a subscription to the log starts to deliver the events with position > after (subscriptions are exclusive). */
export function subscribeRevisionAfter(after: number): ReadRevision {
  const from = Math.max(0, Math.trunc(after));
  return from === 0 ? START : BigInt(from - 1);
}

// ---------------------------------------------------------------------------------------------
// Errors

export type ClientErrorKind =
  | 'wrong_expected_version'
  | 'stream_not_found'
  | 'stream_deleted'
  | 'unavailable'
  | 'not_leader'
  | 'deadline'
  | 'access_denied'
  | 'too_large'
  | 'unknown';

/** gRPC status codes the client sometimes passes through without converting them. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_PERMISSION_DENIED = 7;
const GRPC_UNAVAILABLE = 14;
const GRPC_UNAUTHENTICATED = 16;

/** What kind of failure a client error is (by class, by its `type` tag, or by raw gRPC code). */
export function classifyClientError(error: unknown): ClientErrorKind {
  if (!(error instanceof Error)) return 'unknown';
  const type = (error as { type?: unknown }).type;
  if (error instanceof WrongExpectedVersionError || type === ErrorType.WRONG_EXPECTED_VERSION) return 'wrong_expected_version';
  if (error instanceof StreamNotFoundError || type === ErrorType.STREAM_NOT_FOUND) return 'stream_not_found';
  if (
    error instanceof StreamDeletedError ||
    error instanceof StreamTombstonedError ||
    type === ErrorType.STREAM_DELETED ||
    type === ErrorType.STREAM_TOMBSTONED
  )
    return 'stream_deleted';
  if (error instanceof NotLeaderError || type === ErrorType.NOT_LEADER) return 'not_leader';
  if (error instanceof UnavailableError || type === ErrorType.UNAVAILABLE) return 'unavailable';
  if (
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    type === ErrorType.DEADLINE_EXCEEDED ||
    type === ErrorType.TIMEOUT
  )
    return 'deadline';
  if (error instanceof AccessDeniedError || type === ErrorType.ACCESS_DENIED) return 'access_denied';
  if (
    error instanceof MaxAppendSizeExceededError ||
    type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED ||
    type === ErrorType.TRANSACTION_MAX_SIZE_EXCEEDED ||
    type === ErrorType.APPEND_RECORD_SIZE_EXCEEDED
  )
    return 'too_large';
  const code = (error as { code?: unknown }).code;
  if (code === GRPC_UNAVAILABLE) return 'unavailable';
  if (code === GRPC_DEADLINE_EXCEEDED) return 'deadline';
  if (code === GRPC_PERMISSION_DENIED || code === GRPC_UNAUTHENTICATED) return 'access_denied';
  return 'unknown';
}

/** Failures after which the same request may be sent again (the server may or may not have acted). */
export function isTransientClientError(error: unknown): boolean {
  const kind = classifyClientError(error);
  return kind === 'unavailable' || kind === 'not_leader' || kind === 'deadline';
}

export interface ErrorContext {
  /** What the adapter was doing, for the message ("appending to commitment-1", "reading the log"). */
  action: string;
  /** The ledger stream concerned, if any (for WrongExpectedRevisionError). */
  streamId?: string;
  /** The caller's expected revision, if any. */
  expected?: ExpectedRevision;
}

/**
 * A client error as the port's typed error. Errors with no port meaning (stream not found, which
 * readers treat as empty; unknown errors, which are bugs) are returned unchanged.
 */
export function toPortError(error: unknown, context: ErrorContext): unknown {
  const kind = classifyClientError(error);
  const detail = error instanceof Error ? error.message || error.constructor.name : String(error);
  const options = { cause: error };
  switch (kind) {
    case 'wrong_expected_version': {
      const wrong = error as WrongExpectedVersionError;
      const reported = fromStreamState(wrong.expectedState);
      return new WrongExpectedRevisionError(
        context.streamId ?? wrong.streamName,
        context.expected ?? (reported === 'stream_exists' ? 'any' : reported),
        revisionToNumber(wrong.actualState),
      );
    }
    case 'unavailable':
    case 'not_leader':
    case 'deadline':
      return new StoreUnavailableError(`KurrentDB cannot be reached while ${context.action} (${kind}: ${detail})`, options);
    case 'access_denied':
      return new StoreUnavailableError(
        `KurrentDB refused access while ${context.action} (${detail}); check the credentials in KURRENTDB_CONNECTION_STRING`,
        options,
      );
    case 'stream_deleted':
      return new StoreUnavailableError(
        `KurrentDB reports the ledger's stream as deleted while ${context.action} (${detail}); the log cannot be used`,
        options,
      );
    case 'too_large': {
      const max = (error as { maxAppendSize?: number }).maxAppendSize;
      return new InvalidAppendError(
        `the append is larger than KurrentDB accepts${max ? ` (${max} bytes)` : ''} while ${context.action}`,
        options,
      );
    }
    default:
      return error;
  }
}

// ---------------------------------------------------------------------------------------------
// Shape checks

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}
function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}
function isNonNegativeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
function isHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
function isActor(value: unknown): value is Actor {
  return isPlainObject(value) && (value.type === 'organization' || value.type === 'operator' || value.type === 'ledger' || value.type === 'collaborative');
}
function isSignature(value: unknown): value is MemberSignature {
  return (
    isPlainObject(value) &&
    typeof value.organizationId === 'string' &&
    typeof value.keyId === 'string' &&
    typeof value.signature === 'string'
  );
}
