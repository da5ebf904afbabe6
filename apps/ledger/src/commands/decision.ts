/**
 * What deciding a command needs besides the record: the other records' states its decision reads
 * (RecordType.contextFor), the decision context, and the commands it carries out on other records
 * in the same commit (an adopted resolution's acts). The command path decides with them on the
 * store's states; the allowed actions' dry run with them on the same states, or on the read
 * models' at a moment (the inbox) — one way of deciding for both.
 */
import {
  isDomainError,
  RECORDS,
  RuleViolation,
  streamIdOf,
  utcDateOf,
  type Actor,
  type Command,
  type DecisionContext,
  type DomainEvent,
  type FollowUp,
  type RecordName,
  type RecordType,
} from '@ledger/domain';
import { newEventId } from '@ledger/event-store';

/** A record's state (null when it does not exist) and its stream's last revision (null: no stream). */
export interface LoadedState {
  state: unknown;
  revision: number | null;
}

/** Where states come from: the store (RecordStates), or the read models at a moment. */
export type LoadState = (record: RecordName, id: string) => Promise<LoadedState>;

/** The states of the other records a decision needs, by context field (but those given in `given`). */
export async function contextNeeds(type: RecordType, command: Command, state: unknown, load: LoadState, given: Readonly<Record<string, unknown>> = {}): Promise<Record<string, unknown>> {
  const context: Record<string, unknown> = { ...given };
  for (const need of type.contextFor(command, state)) if (!(need.field in given)) context[need.field] = (await load(need.record, need.id)).state;
  return context;
}

/** The context a decision is made in: who acts, when, new ids, and the other records it reads. */
export function decisionContext(actor: Actor, now: string, extra: Record<string, unknown>, signedWith?: { keyId: string }): DecisionContext {
  return {
    actor,
    now,
    today: utcDateOf(now),
    ids: { next: () => newEventId() },
    ...(signedWith && { signedWith }),
    ...extra,
  };
}

/** The follow-ups decided on one record: its stream, the revision they were decided on, and the events of each, in order. */
export interface DecidedFollowUps {
  streamId: string;
  expectedRevision: number | 'no_stream';
  decided: Array<{ events: DomainEvent[]; actor: Actor }>;
}

/**
 * Decides each follow-up on its record, in order, each on the state the ones before it left (two
 * acts on one record append to its stream together). A follow-up its record refuses refuses the
 * whole command, naming it (422 act_refused).
 */
export async function decideFollowUps(followUps: readonly FollowUp[], load: LoadState, now: string): Promise<DecidedFollowUps[]> {
  const pending = new Map<string, DecidedFollowUps & { state: unknown }>();
  for (const followUp of followUps) {
    const type = RECORDS[followUp.record] as RecordType;
    const streamId = streamIdOf(type, followUp.id);
    let entry = pending.get(streamId);
    if (!entry) {
      const loaded = await load(type.name, followUp.id);
      entry = { streamId, expectedRevision: loaded.revision ?? 'no_stream', decided: [], state: loaded.state };
      pending.set(streamId, entry);
    }
    const extra = await contextNeeds(type, followUp.command, entry.state, load);
    // A later act deciding on a record an earlier act changed sees it as changed.
    for (const need of type.contextFor(followUp.command, entry.state)) {
      const changed = pending.get(streamIdOf(need.record, need.id));
      if (changed) extra[need.field] = changed.state;
    }
    let events: DomainEvent[];
    try {
      events = type.decider.decide(followUp.command, entry.state, decisionContext(followUp.actor, now, extra));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new RuleViolation('act_refused', `${followUp.label} on ${streamId} would be refused: ${error.detail}`, {
        refused: { label: followUp.label, streamId, code: error.code, detail: error.detail },
      });
    }
    entry.state = events.reduce((folded, event) => type.decider.evolve(folded, event), entry.state);
    entry.decided.push({ events, actor: followUp.actor });
  }
  return [...pending.values()].map(({ state: _state, ...decided }) => decided);
}
