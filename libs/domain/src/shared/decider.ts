/**
 * The decider shape (Emmett-style): a record is three pure functions.
 * `decide` turns a command into events (or throws a DomainError), `evolve` folds one event into state,
 * `initialState` is the state of a stream with no events.
 */

/**
 * Who issues a command. Roles are not part of the actor: they depend on the collaborative.
 * `resolution`: the collaborative itself, carrying out an act of a resolution it adopted; the
 * application layer builds this actor only for the acts of an adopted resolution.
 */
export type Actor =
  | { kind: 'operator' }
  | { kind: 'organization'; organizationId: string }
  | { kind: 'resolution'; collaborativeId: string; resolutionId: string };

/** A command or an event: a type name and a plain, JSON-serializable payload. */
export interface Message<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** An instruction to a record; type names are imperative (RegisterOrganization). */
export type Command<Type extends string = string, Data = unknown> = Message<Type, Data>;

/**
 * A domain event; type names are past tense (CommitmentMade). The envelope (eventId, position,
 * actor, recordedAt, schemaVersion, ...) is added by the application layer.
 */
export type DomainEvent<Type extends string = string, Data = unknown> = Message<Type, Data>;

/** Generates ids for sub-records a command creates (revisionId, disbursementId, settlementId...). */
export interface IdGenerator {
  next(): string;
}

/** Everything `decide` may know besides the command and the record's own state. */
export interface DecisionContext {
  readonly actor: Actor;
  /** The moment of decision, an ISO 8601 instant (server time). */
  readonly now: string;
  /** The ledger's calendar date at `now` (UTC), YYYY-MM-DD; used to refuse dates in the future. */
  readonly today: string;
  readonly ids: IdGenerator;
  /**
   * The acting organization's signing key whose signature over this command the application layer
   * verified before deciding (a key in force); absent when the command was not signed.
   */
  readonly signedWith?: { readonly keyId: string };
}

export interface Decider<C, E, S, Context extends DecisionContext = DecisionContext> {
  initialState(): S;
  decide(command: C, state: S, context: Context): E[];
  evolve(state: S, event: E): S;
}

/** Folds events into state, starting from the decider's initial state unless one is given. */
export function evolveAll<S, E>(
  decider: { initialState(): S; evolve(state: S, event: E): S },
  events: Iterable<E>,
  from: S = decider.initialState(),
): S {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** The organization issuing a command, or null for the operator or a resolution. */
export function actingOrganizationId(actor: Actor): string | null {
  return actor.kind === 'organization' ? actor.organizationId : null;
}
