import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { DomainEvent } from '@ledger/domain';
import { EVENT_STORE } from '../infrastructure/tokens';
import { type RecordDefinition, streamIdOf } from './record-definition';

export interface LoadedRecord<S> {
  state: S;
  /** The stream's last revision, or null when the record does not exist. */
  revision: number | null;
  events: RecordedEvent[];
}

interface CachedState {
  state: unknown;
  revision: number;
}

/** The domain event inside a stored envelope, upcast to the current schema. */
export function toDomainEvent(definition: RecordDefinition<unknown>, event: RecordedEvent): DomainEvent {
  return { type: event.type, data: definition.upcast(event.type, event.schemaVersion, event.data) };
}

/**
 * Loads a record's state by folding its stream. Folded states are cached by stream and revision,
 * so a command reads only the events appended since the cached revision; a stale cache is harmless
 * because the append's expected revision catches any race.
 */
@Injectable()
export class RecordLoader {
  private readonly cache = new Map<string, CachedState>();
  private static readonly MAX_CACHED = 20_000;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<S>(definition: RecordDefinition<S>, id: string): Promise<LoadedRecord<S>> {
    const streamId = streamIdOf(definition, id);
    const cached = this.cache.get(streamId);
    const fromRevision = cached ? cached.revision + 1 : 0;
    const events = await this.store.readStream(streamId, { fromRevision });
    let state = (cached ? cached.state : definition.decider.initialState()) as S;
    for (const event of events) state = definition.decider.evolve(state, toDomainEvent(definition as RecordDefinition<unknown>, event));
    const revision = events.length ? events[events.length - 1].streamRevision : (cached?.revision ?? null);
    if (revision !== null && events.length) this.remember(streamId, { state, revision });
    return { state, revision, events };
  }

  private remember(streamId: string, entry: CachedState): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, entry);
    if (this.cache.size > RecordLoader.MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
