import type { ActEvent, Version, VersionSink } from './folder';
import type { RecordKind } from './records';
import { rowOf, stateRowOf } from './tables';

/**
 * The writes a fold produced, grouped per table, to be written in one go. Within one batch a stored
 * open version is closed or discarded at most once (after that the record's version in force is a
 * new, unstored one), so closes and discards can be written before the inserts.
 */
export class VersionOps implements VersionSink {
  /** Stored open versions closed: [id, to]. */
  readonly closes = new Map<RecordKind, Array<[id: string, to: number]>>();
  /** Stored open versions never in force: ids. */
  readonly discards = new Map<RecordKind, string[]>();
  /** New version rows (closed or open). */
  readonly inserts = new Map<RecordKind, unknown[][]>();
  /** Current states of the records touched (rm_states rows). */
  stateRows: unknown[][] = [];
  participantRows: unknown[][] = [];
  /** rm_resolution_acts rows, in ACT_COLUMNS order. */
  actRows: unknown[][] = [];
  size = 0;

  closed(version: Version, to: number): void {
    if (version.persisted) push(this.closes, version.kind, [version.id, to]);
    else push(this.inserts, version.kind, rowOf(version, to));
    this.size++;
  }

  discarded(version: Version): void {
    push(this.discards, version.kind, version.id);
    this.size++;
  }

  participants(kind: RecordKind, id: string, organizationIds: string[], from: number): void {
    for (const organizationId of organizationIds) this.participantRows.push([kind, id, organizationId, from]);
    this.size += organizationIds.length;
  }

  act(act: ActEvent): void {
    this.actRows.push([act.resolutionId, act.position, act.streamId, act.type, act.recordedAt]);
    this.size++;
  }

  /** The records' versions in force at the end of the fold: new ones as rows, every one's state. */
  addOpen(versions: Iterable<Version>): void {
    for (const version of versions) {
      if (!version.persisted) {
        push(this.inserts, version.kind, rowOf(version, null));
        this.size++;
      }
      this.stateRows.push(stateRowOf(version));
      this.size++;
    }
  }

  clear(): void {
    this.closes.clear();
    this.discards.clear();
    this.inserts.clear();
    this.stateRows = [];
    this.participantRows = [];
    this.actRows = [];
    this.size = 0;
  }
}

function push<T>(map: Map<RecordKind, T[]>, kind: RecordKind, value: T): void {
  const list = map.get(kind);
  if (list) list.push(value);
  else map.set(kind, [value]);
}
