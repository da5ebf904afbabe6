/**
 * Records' states at a moment, for the view modules. The version tables hold what queries filter,
 * sort and count on; each record's current state is stored once beside them (rm_states). A version
 * read at a moment comes with its record's state as it stood then:
 * - the stored state, when the record's last event was recorded by then (decoded once, then cached:
 *   a record's state at a position never changes);
 * - otherwise folded again, with the domain's evolve, from the record's own events recorded by then
 *   (time travel: past versions are kept without their state, so a rebuild writes a few dozen bytes
 *   per version; the log is the source of every state).
 */
import { LRUCache } from 'lru-cache';
import type { LogEvent } from '@ledger/event-store';
import { decodeState } from '../codec';
import type { StreamReader } from '../history';
import type { ReadDb } from '../read-db';
import { evolveRecord, streamPrefixOf, type RecordKind } from '../records';
import { STATES_TABLE, TABLES } from '../tables';
import type { LastEvent } from '../views';
import type { Moment } from './moment';
import { Params, visible } from './sql';

/** A version joined with its record's current state (select ROW_COLUMNS from withState). */
export interface StateRow {
  id: string;
  position: number | string;
  revision: number | string;
  last_recorded_at: number | string;
  /** The record's current state (rm_states). */
  state: string;
}

/** Selected from a version table `v` joined with its records' states `s` (withState). */
export const ROW_COLUMNS = 'v.id, s.position, s.revision, s.last_recorded_at, s.state';

/** A record's state at a moment, and the event that made it. */
export interface RecordAt<S> {
  state: S;
  last: LastEvent;
}

/** How much stored state text the decoded-state cache may stand for, by default. */
const DECODED_STATES_BYTES = 64 * 2 ** 20;

export class StateReader {
  /**
   * Decoded states by record, with the position of the event that made them. A record's state at
   * a position never changes, so a row whose position matches needs no JSON.parse again (the CPU
   * profile of the HTTP load had decoding as its largest cost). The states are frozen: views only
   * read them.
   */
  private readonly decoded: LRUCache<string, { position: number; state: object; size: number }>;

  /** Over a ReadModelStorage's tables (`db`), and its log for past states (`streams`). */
  constructor(
    readonly db: ReadDb,
    private readonly streams: StreamReader | null,
    options: { decodedStateBytes?: number } = {},
  ) {
    // Weighed by the length of the stored text.
    this.decoded = new LRUCache({ maxSize: Math.max(1, options.decodedStateBytes ?? DECODED_STATES_BYTES), sizeCalculation: (entry) => entry.size });
  }

  /** A record kind's version table. */
  table(kind: RecordKind): string {
    return this.db.table(TABLES[kind].table);
  }

  /** Joins each version `v` of a kind with its record's current state as `s`. */
  joinState(kind: RecordKind): string {
    return `JOIN ${this.db.table(STATES_TABLE)} s ON s.kind = '${kind}' AND s.id = v.id`;
  }

  /**
   * The current states of these records (rm_states), in the order of `ids`: a listing picks its page
   * in the version table alone (by its index, in its order), then reads the page's states by id.
   */
  async rowsOf(kind: RecordKind, ids: readonly string[]): Promise<StateRow[]> {
    if (ids.length === 0) return [];
    const q = new Params();
    const rows = await this.db.all<StateRow>(
      `SELECT s.id, s.position, s.revision, s.last_recorded_at, s.state FROM ${this.db.table(STATES_TABLE)} s
       WHERE s.kind = '${kind}' AND s.id IN (${ids.map((id) => q.p(id)).join(', ')})`,
      q.values,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The version table as `v`, with each record's current state as `s`. */
  withState(kind: RecordKind): string {
    return `${this.table(kind)} v ${this.joinState(kind)}`;
  }

  /** The record's version in force at the moment, with its state then; null when there is none. */
  async one<S>(kind: RecordKind, id: string, m: Moment): Promise<RecordAt<S> | null> {
    const q = new Params();
    const rows = await this.db.all<StateRow>(`SELECT ${ROW_COLUMNS} FROM ${this.withState(kind)} WHERE v.id = ${q.p(id)} AND ${visible(m, q, 'v.')}`, q.values);
    return rows.length === 0 ? null : (await this.states<S>(kind, rows, m))[0];
  }

  /**
   * The records' states as they stood at the moment: the open version's, when its last event was
   * recorded by then; otherwise folded again from the record's events recorded by then.
   */
  async states<S>(kind: RecordKind, rows: readonly StateRow[], m: Moment): Promise<Array<RecordAt<S>>> {
    // The current state is the one at the moment when its last event was recorded by then.
    const stored = (row: StateRow) => Number(row.last_recorded_at) <= m.ms;
    const folded = await this.foldedAt(kind, rows.filter((row) => !stored(row)).map((row) => row.id), m.ms);
    return rows.map((row) => {
      if (stored(row)) {
        const last = { position: Number(row.position), streamRevision: Number(row.revision), recordedAt: new Date(Number(row.last_recorded_at)).toISOString() };
        return { state: this.decode<S>(kind, row), last };
      }
      const at = folded.get(row.id);
      if (!at) throw new Error(`${kind} ${row.id} has a version in force at ${m.iso} but no event recorded by then`);
      return { state: at.state as S, last: at.last };
    });
  }

  private decode<S>(kind: RecordKind, row: StateRow): S {
    const key = `${kind}:${row.id}`;
    const position = Number(row.position);
    const cached = this.decoded.get(key);
    if (cached?.position === position) return cached.state as S;
    const state = deepFreeze(decodeState<S & object>(kind, row.state));
    this.decoded.set(key, { position, state, size: Math.max(1, row.state.length) });
    return state;
  }

  /** The states of records as they stood at `until`, by record id (absent: not recorded by then). */
  private async foldedAt(kind: RecordKind, ids: readonly string[], until: number): Promise<Map<string, RecordAt<unknown>>> {
    const states = new Map<string, RecordAt<unknown>>();
    if (ids.length === 0) return states;
    if (!this.streams) throw new Error('these read models cannot show past states: the log they were built from is not at hand');
    const prefix = streamPrefixOf(kind);
    const events = await this.streams.read(ids.map((id) => ({ streamId: prefix + id, until })));
    for (const id of ids) {
      let state: unknown = null;
      let last: LogEvent | null = null;
      for (const event of events.get(prefix + id) ?? []) {
        state = evolveRecord(kind, state, event);
        last = event;
      }
      if (last && state !== null && state !== undefined) {
        states.set(id, { state, last: { position: last.position, streamRevision: last.streamRevision, recordedAt: new Date(last.recordedAt).toISOString() } });
      }
    }
    return states;
  }
}

/** Freezes a decoded state all the way down (plain objects and arrays; Maps keep their entries). */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const entry of value.values()) deepFreeze(entry);
  } else {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return Object.freeze(value);
}
