import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@ledger/event-store';

/** A new event with sensible envelope defaults, for tests of stores and projections. */
export function newEvent(type = 'ThingHappened', data: unknown = { n: 1 }, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    actor: { type: 'organization', organizationId: 'upper-valley-health', role: 'member' },
    correlationId: randomUUID(),
    causationId: null,
    ...overrides,
  };
}

export function newEvents(count: number, type = 'ThingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { n: i }));
}
