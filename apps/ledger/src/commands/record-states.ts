import { Inject, Injectable } from '@nestjs/common';
import { RECORDS, streamIdOf, upcast, type DomainEvent, type RecordName, type RecordType } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { contextNeeds } from './decision';

export interface LoadedRecord<S> {
  state: S;
  /** The stream's last revision, or null when the record does not exist. */
  revision: number | null;
}

/** The domain event inside a stored envelope, upcast to the current schema. */
export function toDomainEvent(event: RecordedEvent): DomainEvent {
  return { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) };
}

/**
 * Records' current states, folded from their streams by the domain's evolve. Folded states are
 * cached by stream and revision, so loading reads only the events appended since; a stale entry is
 * harmless because the append's expected revision catches any race.
 */
@Injectable()
export class RecordStates {
  private readonly cache = new Map<string, LoadedRecord<unknown> & { revision: number }>();
  private static readonly MAX_CACHED = 20_000;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<S>(record: RecordType<S> | RecordName, id: string): Promise<LoadedRecord<S>> {
    const type = (typeof record === 'string' ? RECORDS[record] : record) as RecordType<S>;
    const streamId = streamIdOf(type, id);
    const cached = this.cache.get(streamId);
    const events = await this.store.readStream(streamId, { fromRevision: cached ? cached.revision + 1 : 0 });
    let state = (cached ? cached.state : type.decider.initialState()) as S;
    for (const event of events) state = type.decider.evolve(state, toDomainEvent(event));
    const revision = events.length ? events[events.length - 1].streamRevision : (cached?.revision ?? null);
    if (revision !== null && events.length) this.remember(streamId, { state, revision });
    return { state, revision };
  }

  /** The states of the other records a decision needs, by context field (RecordType.contextFor). */
  contextFor<S>(record: RecordType<S>, command: Parameters<RecordType<S>['contextFor']>[0], state: S): Promise<Record<string, unknown>> {
    return contextNeeds(record as RecordType, command, state, (name, id) => this.load(name, id));
  }

  private remember(streamId: string, entry: LoadedRecord<unknown> & { revision: number }): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, entry);
    if (this.cache.size > RecordStates.MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
