import type { Command, Decider, DecisionContext, DomainEvent } from '@ledger/domain';
import type { RecordLoader } from './record-loader';

/** How the application layer drives one record type's decider. */
export interface RecordDefinition<S = unknown> {
  /** 'commitment', 'pledge', ... (also the stream prefix: `commitment-<id>`). */
  readonly name: string;
  readonly decider: Decider<Command, DomainEvent, S, DecisionContext>;
  /** Current schema version of each event type this record emits. */
  readonly schemaVersions: Readonly<Record<string, number>>;
  /** Old event data → current (upcast on read). */
  readonly upcast: (type: string, schemaVersion: number, data: unknown) => unknown;
  /**
   * Loads what decide needs besides the record's own state (its collaborative, an organization...).
   * Returns the extra context fields, and the collaborative whose role the actor acts in, if any.
   */
  loadContext?(
    command: Command,
    state: S,
    loader: RecordLoader,
  ): Promise<{ context: Record<string, unknown>; roleOf?: (organizationId: string) => string | null }>;
}

export function streamIdOf(definition: { name: string }, id: string): string {
  return `${definition.name}-${id}`;
}
