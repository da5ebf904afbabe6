/**
 * Folds events into record versions. The same fold serves the live projector (one batch at a
 * time, starting from the open versions stored) and a rebuild (the whole log, from nothing), so
 * both write exactly the same rows.
 *
 * A new version starts only when an event changes the columns queries filter and count on
 * (tables.ts); any other event updates the version in force (its state and last event).
 */
import type { LogEvent } from './log-event';
import { actOfResolution, evolveRecord, KINDS_WITH_PARTICIPANTS, participantsOf, routeOf, type RecordKind } from './records';
import { columnsAfter, sameColumns } from './tables';

export interface Version {
  readonly kind: RecordKind;
  readonly id: string;
  readonly state: unknown;
  /** The filter columns (tables.ts, `extra` order), from the state. */
  readonly columns: readonly unknown[];
  /** recordedAt (epoch ms) of the event that started this version. */
  readonly from: number;
  /** The last event folded into it: position, stream revision, recordedAt (epoch ms). */
  readonly position: number;
  readonly revision: number;
  readonly lastAt: number;
  /** Its version row is stored already, open (it was in force when the batch began). */
  readonly persisted: boolean;
}

/** Where the fold's changes go. */
export interface VersionSink {
  /** `version` stopped being the one in force at `to`. */
  closed(version: Version, to: number): void;
  /**
   * A stored open version superseded in the same millisecond it began: it was never the version
   * in force at any moment, so it is removed rather than kept with zero length.
   */
  discarded(version: Version): void;
  /** Organizations newly involved in a partnership, risk agreement or resolution, from `from` on. */
  participants(kind: RecordKind, id: string, organizationIds: string[], from: number): void;
  /** An event carrying out an act of a resolution, on the record it acts on (rm_resolution_acts). */
  act(act: ActEvent): void;
}

/** An event an adopted resolution's act appended to another record. */
export interface ActEvent {
  readonly resolutionId: string;
  readonly position: number;
  readonly streamId: string;
  readonly type: string;
  /** recordedAt, epoch ms. */
  readonly recordedAt: number;
}

export type OpenVersionLoader = (kind: RecordKind, id: string) => Version | null;

const noLoader: OpenVersionLoader = () => null;

export class Folder {
  /** The version in force of every record touched, by stream id. */
  private readonly open = new Map<string, Version>();
  /** Stream ids whose open version changed since it was loaded (or was created). */
  private readonly dirty = new Set<string>();
  lastPosition = 0;
  lastRecordedAt = 0;
  applied = 0;

  constructor(
    private readonly sink: VersionSink,
    private readonly load: OpenVersionLoader = noLoader,
  ) {}

  apply(event: LogEvent): void {
    this.lastPosition = event.position;
    this.lastRecordedAt = event.recordedAt;
    this.applied++;
    const route = routeOf(event);
    if (!route) return;
    const { kind, id } = route;
    let previous = this.open.get(event.streamId);
    if (previous === undefined) previous = this.load(kind, id) ?? undefined;
    const state = evolveRecord(kind, previous?.state ?? null, event);
    // An event for a record that was never created changes nothing the domain knows of.
    if (state === null || state === undefined) return;
    const columns = columnsAfter(kind, previous, state);
    let next: Version;
    if (previous && (columns === previous.columns || sameColumns(previous.columns, columns))) {
      next = { ...previous, state, position: event.position, revision: event.streamRevision, lastAt: event.recordedAt };
    } else {
      if (previous) {
        if (previous.from === event.recordedAt) {
          if (previous.persisted) this.sink.discarded(previous);
        } else {
          this.sink.closed(previous, event.recordedAt);
        }
      }
      next = {
        kind,
        id,
        state,
        columns,
        from: event.recordedAt,
        position: event.position,
        revision: event.streamRevision,
        lastAt: event.recordedAt,
        persisted: false,
      };
    }
    if (KINDS_WITH_PARTICIPANTS.has(kind)) {
      const before = new Set(previous ? participantsOf(kind, previous.state) : []);
      const added = participantsOf(kind, state).filter((org) => !before.has(org));
      if (added.length > 0) this.sink.participants(kind, id, added, event.recordedAt);
    }
    const resolutionId = actOfResolution(kind, event);
    if (resolutionId !== null) {
      this.sink.act({ resolutionId, position: event.position, streamId: event.streamId, type: event.type, recordedAt: event.recordedAt });
    }
    this.open.set(event.streamId, next);
    this.dirty.add(event.streamId);
  }

  /**
   * Stops following one record: its version in force if the fold changed it (null if not). A fold
   * that reads the log one stream at a time hands each record over as soon as its stream ends, so
   * it holds one record in memory instead of all of them.
   */
  release(streamId: string): Version | null {
    const version = this.open.get(streamId);
    this.open.delete(streamId);
    return this.dirty.delete(streamId) && version !== undefined ? version : null;
  }

  /** The versions in force of the records touched: new ones to insert, and every one's state. */
  *pendingOpen(): IterableIterator<Version> {
    for (const streamId of this.dirty) yield this.open.get(streamId)!;
  }
}
