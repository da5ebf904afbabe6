import {
  ANY,
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { ResolvedEvent, JSONEventData } from '@kurrent/kurrentdb-client';
import { chainHash, GENESIS_HASH, sealEvent } from '@ledger/integrity';
import type { RecordedEvent } from '../envelope';
import { InvalidAppendError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import {
  KurrentDbCorruptEventError,
  LEDGER_METADATA_FORMAT,
  classifyClientError,
  fromLogEvent,
  fromResolvedEvent,
  fromStreamState,
  isTransientClientError,
  logStreamName,
  logStreamStateAfter,
  positionOfRevision,
  readRevisionAfter,
  revisionToNumber,
  subscribeRevisionAfter,
  toEventData,
  toPortError,
  toSafeNumber,
  toStreamState,
} from './kurrentdb-mapping';

const LOG = 'ledger-log';

function sealed(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return sealEvent(GENESIS_HASH, {
    position: 1,
    eventId: '0b6f7a4e-5c1d-4c1e-9f5e-2b8f3c0d9a11',
    type: 'CommitmentMade',
    schemaVersion: 2,
    streamId: 'commitment-1',
    streamRevision: 0,
    recordedAt: '2025-03-01T10:00:00.000Z',
    actor: { type: 'organization', organizationId: 'upper-valley-health', role: 'member', keyId: 'k-1' },
    correlationId: '7f1c8a2e-1d3b-4f4a-8c9e-0a1b2c3d4e5f',
    causationId: null,
    data: { title: 'Open two clinics', amount: { currency: 'USD', amount: '250000.00' } },
    ...overrides,
  });
}

/** What the server hands back for an event the client appended: JSON data and metadata parsed again. */
function roundTrip(data: ReturnType<typeof toEventData>, revision = 0n, streamId = LOG): ResolvedEvent {
  const json = data as JSONEventData;
  return {
    event: {
      streamId,
      id: json.id,
      revision,
      type: json.type,
      isJson: true,
      created: new Date(),
      data: JSON.parse(JSON.stringify(json.data)),
      metadata: JSON.parse(JSON.stringify(json.metadata)),
      position: { commit: 1234n, prepare: 1234n },
    },
    commitPosition: 1234n,
  } as ResolvedEvent;
}

/** A gRPC ServiceError as the client receives it (the type of NotLeaderError's constructor argument). */
type ServiceError = ConstructorParameters<typeof NotLeaderError>[0];
function serviceError(message: string, code: number, metadata: Record<string, string> = {}): ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: { getMap: () => metadata } }) as unknown as ServiceError;
}

describe('KurrentDB mapping: ledger event -> client event data', () => {
  it('passes the event id through (lower-cased), keeps the type and sends JSON', () => {
    const event = sealed({ eventId: '0B6F7A4E-5C1D-4C1E-9F5E-2B8F3C0D9A11' });
    const data = toEventData(event) as JSONEventData;
    expect(data.id).toBe('0b6f7a4e-5c1d-4c1e-9f5e-2b8f3c0d9a11');
    expect(data.type).toBe('CommitmentMade');
    expect(data.contentType).toBe('application/json');
    expect(data.data).toEqual(event.data);
  });

  it('carries the rest of the envelope in metadata, with KurrentDB $correlationId / $causationId', () => {
    const event = sealed({
      causationId: '11111111-2222-4333-8444-555555555555',
      signature: { organizationId: 'upper-valley-health', keyId: 'k-1', signature: 'c2ln' },
    });
    const metadata = (toEventData(event) as JSONEventData).metadata;
    expect(metadata).toEqual({
      ledgerFormat: LEDGER_METADATA_FORMAT,
      streamId: 'commitment-1',
      streamRevision: 0,
      position: 1,
      schemaVersion: 2,
      recordedAt: '2025-03-01T10:00:00.000Z',
      actor: event.actor,
      correlationId: event.correlationId,
      $correlationId: event.correlationId,
      causationId: '11111111-2222-4333-8444-555555555555',
      $causationId: '11111111-2222-4333-8444-555555555555',
      signature: { organizationId: 'upper-valley-health', keyId: 'k-1', signature: 'c2ln' },
      prevHash: GENESIS_HASH,
      hash: event.hash,
    });
  });

  it('leaves out $causationId and signature when there are none', () => {
    const metadata = (toEventData(sealed()) as JSONEventData).metadata as Record<string, unknown>;
    expect(metadata.causationId).toBeNull();
    expect(metadata).not.toHaveProperty('$causationId');
    expect(metadata).not.toHaveProperty('signature');
  });

  it('refuses an event without data', () => {
    expect(() => toEventData({ ...sealed(), data: undefined })).toThrow(InvalidAppendError);
  });
});

describe('KurrentDB mapping: resolved event -> ledger event', () => {
  it('round-trips the full envelope, so the hash still verifies', () => {
    const event = sealed({ signature: { organizationId: 'o', keyId: 'k', signature: 's' }, causationId: 'c-1' });
    const back = fromResolvedEvent(roundTrip(toEventData(event)));
    expect(back).toEqual(event);
    expect(chainHash(GENESIS_HASH, back)).toBe(event.hash);
  });

  it('round-trips an event without signature and with non-object data', () => {
    for (const data of ['plain text', [1, 2, 3], 42, null, { nested: { list: [{ a: '1.00' }] } }]) {
      const event = sealed({ data });
      const back = fromResolvedEvent(roundTrip(toEventData(event)));
      expect(back).toEqual(event);
      expect(back).not.toHaveProperty('signature');
    }
  });

  it('reads $-prefixed KurrentDB keys without confusing them with the envelope', () => {
    const data = toEventData(sealed({ causationId: 'cause' })) as JSONEventData;
    (data.metadata as Record<string, unknown>).$causationId = 'something-else';
    expect(fromResolvedEvent(roundTrip(data)).causationId).toBe('cause');
  });

  it('lower-cases the event id the server reports', () => {
    const resolved = roundTrip(toEventData(sealed()));
    (resolved.event as { id: string }).id = resolved.event!.id.toUpperCase();
    expect(fromResolvedEvent(resolved).eventId).toBe(sealed().eventId);
  });

  const spoilers: Array<[string, (r: ResolvedEvent) => void]> = [
    ['without an event', (r) => delete (r as { event?: unknown }).event],
    ['that is binary', (r) => ((r.event as { isJson: boolean }).isJson = false)],
    ['without metadata', (r) => ((r.event as { metadata: unknown }).metadata = undefined)],
    ['with binary metadata', (r) => ((r.event as { metadata: unknown }).metadata = new Uint8Array([1]))],
    ['with a non-integer position', (r) => ((r.event!.metadata as Record<string, unknown>).position = '1')],
    ['with a bad hash', (r) => ((r.event!.metadata as Record<string, unknown>).hash = 'abc')],
    ['with an unknown actor', (r) => ((r.event!.metadata as Record<string, unknown>).actor = { type: 'robot' })],
    ['with a future metadata format', (r) => ((r.event!.metadata as Record<string, unknown>).ledgerFormat = 99)],
    ['with a malformed signature', (r) => ((r.event!.metadata as Record<string, unknown>).signature = { keyId: 1 })],
  ];
  it.each(spoilers)('refuses an entry %s, naming the event', (_name, spoil) => {
    const resolved = structuredClone(roundTrip(toEventData(sealed())));
    spoil(resolved);
    expect(() => fromResolvedEvent(resolved)).toThrow(KurrentDbCorruptEventError);
    if (resolved.event) expect(() => fromResolvedEvent(resolved)).toThrow(resolved.event.id);
  });

  it('checks the log invariants: the log stream, and position = event number + 1', () => {
    const event = sealed({ position: 5 });
    expect(fromLogEvent(roundTrip(toEventData(event), 4n), LOG)).toEqual(event);
    expect(() => fromLogEvent(roundTrip(toEventData(event), 5n), LOG)).toThrow(/claims position 5; expected 6/);
    expect(() => fromLogEvent(roundTrip(toEventData(event), 4n, 'other-log'), LOG)).toThrow(/not the log ledger-log/);
  });
});

describe('KurrentDB mapping: revisions, stream states and positions', () => {
  it('maps expected revisions to stream states', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
    expect(() => toStreamState(-1)).toThrow(InvalidAppendError);
    expect(() => toStreamState(1.5)).toThrow(InvalidAppendError);
  });

  it('maps the client stream states back', () => {
    expect(fromStreamState(NO_STREAM)).toBe('no_stream');
    expect(fromStreamState(ANY)).toBe('any');
    expect(fromStreamState('stream_exists')).toBe('stream_exists');
    expect(fromStreamState(7n)).toBe(7);
  });

  it('expects the log to end just before the next position', () => {
    expect(logStreamStateAfter(0)).toBe(NO_STREAM);
    expect(logStreamStateAfter(1)).toBe(0n);
    expect(logStreamStateAfter(500)).toBe(499n);
  });

  it('maps current revisions to numbers, missing and deleted streams to null', () => {
    expect(revisionToNumber(NO_STREAM)).toBeNull();
    expect(revisionToNumber(0n)).toBe(0);
    expect(revisionToNumber(12n)).toBe(12);
    expect(revisionToNumber(-5n)).toBeNull();
  });

  it('converts bigints only when they fit', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'commit position')).toThrow(/commit position/);
  });

  it('maps log event numbers to positions and back for reads (inclusive) and subscriptions (exclusive)', () => {
    expect(positionOfRevision(0n)).toBe(1);
    expect(positionOfRevision(99n)).toBe(100);
    expect(readRevisionAfter(0)).toBe(0n);
    expect(readRevisionAfter(10)).toBe(10n); // event number 10 is position 11
    expect(readRevisionAfter(-3)).toBe(0n);
    expect(subscribeRevisionAfter(0)).toBe(START);
    expect(subscribeRevisionAfter(1)).toBe(0n); // delivers event numbers > 0: positions > 1
    expect(subscribeRevisionAfter(23)).toBe(22n);
  });

  it('names the log stream after the prefix, refusing system or odd prefixes', () => {
    expect(logStreamName()).toBe('ledger-log');
    expect(logStreamName('test-1a2b-')).toBe('test-1a2b-log');
    expect(() => logStreamName('$ledger-')).toThrow(/invalid/);
    expect(() => logStreamName('')).toThrow(/invalid/);
    expect(() => logStreamName('a b')).toThrow(/invalid/);
  });
});

describe('KurrentDB mapping: client errors -> port errors', () => {
  it('maps WrongExpectedVersionError to WrongExpectedRevisionError with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: LOG, expected: 2n, current: 3n });
    expect(classifyClientError(error)).toBe('wrong_expected_version');
    const mapped = toPortError(error, { action: 'appending', streamId: 'commitment-1', expected: 2 });
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 'commitment-1', expected: 2, actual: 3, code: 'wrong_expected_revision' });
  });

  it('reports a missing stream as actual null, and takes the expectation from the error when not given', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'x', expected: 0n, current: NO_STREAM });
    expect(toPortError(error, { action: 'appending' })).toMatchObject({ streamId: 'x', expected: 0, actual: null });
    const exists = new WrongExpectedVersionError(undefined, { streamName: 'x', expected: NO_STREAM, current: 4n });
    expect(toPortError(exists, { action: 'appending' })).toMatchObject({ expected: 'no_stream', actual: 4 });
  });

  it('maps unreachable-server errors to StoreUnavailableError, and marks them transient', () => {
    const unavailable = new UnavailableError(undefined, 'UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:2113');
    const deadline = new DeadlineExceededError(undefined, 'deadline exceeded');
    const notLeader = new NotLeaderError(
      serviceError('not leader', 5, { 'leader-endpoint-host': '10.0.0.2', 'leader-endpoint-port': '2113' }),
    );
    expect(notLeader.leader).toEqual({ address: '10.0.0.2', port: 2113 });
    for (const [error, kind] of [
      [unavailable, 'unavailable'],
      [deadline, 'deadline'],
      [notLeader, 'not_leader'],
    ] as const) {
      expect(classifyClientError(error)).toBe(kind);
      expect(isTransientClientError(error)).toBe(true);
      const mapped = toPortError(error, { action: 'reading ledger-log' }) as Error;
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect(mapped.message).toMatch(/KurrentDB cannot be reached while reading ledger-log/);
      expect(mapped.cause).toBe(error);
    }
  });

  it('recognises raw gRPC errors the client passes through unconverted (no connection yet)', () => {
    const raw = serviceError('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED', 14);
    expect(classifyClientError(raw)).toBe('unavailable');
    expect(toPortError(raw, { action: 'appending' })).toBeInstanceOf(StoreUnavailableError);
    expect(classifyClientError(serviceError('deadline', 4))).toBe('deadline');
    expect(classifyClientError(serviceError('who are you', 16))).toBe('access_denied');
  });

  it('maps the other client errors', () => {
    expect(classifyClientError(new StreamNotFoundError(undefined, LOG))).toBe('stream_not_found');
    expect(isTransientClientError(new StreamNotFoundError(undefined, LOG))).toBe(false);

    const denied = toPortError(new AccessDeniedError(undefined, 'Access denied'), { action: 'appending' }) as Error;
    expect(denied).toBeInstanceOf(StoreUnavailableError);
    expect(denied.message).toMatch(/credentials in KURRENTDB_CONNECTION_STRING/);

    const deleted = StreamDeletedError.fromStreamName(LOG);
    expect(classifyClientError(deleted)).toBe('stream_deleted');
    expect((toPortError(deleted, { action: 'reading' }) as Error).message).toMatch(/deleted/);

    const tooLarge = toPortError(MaxAppendSizeExceededError.fromMaxAppendSize(1048576), { action: 'appending' }) as Error;
    expect(tooLarge).toBeInstanceOf(InvalidAppendError);
    expect(tooLarge.message).toMatch(/1048576 bytes/);
  });

  it('returns errors with no port meaning unchanged', () => {
    const bug = new TypeError('x is not a function');
    expect(classifyClientError(bug)).toBe('unknown');
    expect(toPortError(bug, { action: 'appending' })).toBe(bug);
    const cancelled = new CancelledError(undefined, 'cancelled');
    expect(isTransientClientError(cancelled)).toBe(false);
    expect(classifyClientError('not an error')).toBe('unknown');
  });
});
