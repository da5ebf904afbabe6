/**
 * What a caller may do with a record now, by the domain's own rules: each command one could send
 * on the record is tried as a *probe* — the command with a representative valid body — through the
 * record's `decide` (a dry run: the events are thrown away). A probe the decision accepts is an
 * allowed action; one it refuses (any DomainError: not the promisee, resolution_required,
 * conflict_of_interest, the wrong phase...) is not. No rule is written again here: a probe only
 * supplies a body that no rule about the body itself refuses, so that what decides is who acts, on
 * what, when.
 */
import type { Actor, Command, DecisionContext } from '../shared/decider';
import type { RecordName } from '../records';

/** Who asks, and when (a probe's dates are the caller's today). */
export interface ProbeCaller {
  readonly actor: Actor;
  /** The moment of the dry run, an ISO 8601 instant. */
  readonly now: string;
  /** Its UTC calendar date, YYYY-MM-DD. */
  readonly today: string;
}

/** A sub-record a command acts on, named by the command's field (a revision, a disbursement...). */
export interface ProbeTarget {
  readonly field: string;
  readonly id: string;
}

export interface ActionProbe {
  /** The record the command goes to (for a command that creates one: the kind it creates). */
  readonly record: RecordName;
  /** Its id (for a command that creates one: a placeholder, the record is decided on no state). */
  readonly id: string;
  readonly creates?: boolean;
  /** The command, with a representative valid body. */
  readonly command: Command;
  /** The sub-record it acts on, if any (in the request's path). */
  readonly target?: ProbeTarget;
  /** A value of a field the caller chooses (a role, a matter, a phase) that this probe tries. */
  readonly choice?: { readonly field: string; readonly value: string | number };
  /** Fields the request carries as given: a new record's collaborativeId, a proposal's matter and act. */
  readonly fixed?: Readonly<Record<string, unknown>>;
  /** Records the decision assumes rather than loads: a registered organization to admit, which the caller will name. */
  readonly assume?: Readonly<Record<string, unknown>>;
  /**
   * Instead of the whole decision, the guard the decision itself calls, for a choice whose body
   * cannot be sampled (the matters of a proposal, whose acts name records of the caller's choosing).
   */
  readonly guard?: (context: DecisionContext) => void;
}

/** A command the caller may send now, as the domain says it: which, on what, with which choices. */
export interface PermittedCommand {
  readonly command: string;
  readonly record: RecordName;
  /** The record it goes to; null for a command that creates one. */
  readonly id: string | null;
  readonly target?: ProbeTarget;
  /** For each field the caller chooses, the values the rules accept now. */
  readonly choices?: Readonly<Record<string, ReadonlyArray<string | number>>>;
  readonly fixed?: Readonly<Record<string, unknown>>;
}

/** A placeholder id for the record a creating probe would make (never appended). */
export const PROBE_RECORD_ID = 'dry-run';

/** Text for the free-text fields of probes: reasons, notes, titles. */
export const PROBE_TEXT = 'Dry run of the ledger’s rules';

/** The person signing in a probe. */
export const PROBE_SIGNATORY = { name: 'Dry Run', title: 'Signatory' };

/**
 * The permitted commands, from the probes and whether each was accepted: one per command, record
 * and target (and fixed fields), with the values of each choice that were accepted, in the
 * probes' order.
 */
export function permittedCommands(probes: readonly ActionProbe[], accepted: readonly boolean[]): PermittedCommand[] {
  const permitted = new Map<string, { command: PermittedCommand; choices: Map<string, Array<string | number>> }>();
  probes.forEach((probe, i) => {
    if (!accepted[i]) return;
    const key = JSON.stringify([probe.command.type, probe.record, probe.creates ? null : probe.id, probe.target ?? null, probe.fixed ?? null]);
    let entry = permitted.get(key);
    if (!entry) {
      const command: PermittedCommand = {
        command: probe.command.type,
        record: probe.record,
        id: probe.creates ? null : probe.id,
        ...(probe.target && { target: probe.target }),
        ...(probe.fixed && { fixed: probe.fixed }),
      };
      entry = { command, choices: new Map() };
      permitted.set(key, entry);
    }
    if (probe.choice) {
      const values = entry.choices.get(probe.choice.field) ?? [];
      if (!values.includes(probe.choice.value)) values.push(probe.choice.value);
      entry.choices.set(probe.choice.field, values);
    }
  });
  return [...permitted.values()].map(({ command, choices }) => (choices.size === 0 ? command : { ...command, choices: Object.fromEntries(choices) }));
}

/** The date `days` after a calendar date (YYYY-MM-DD), in UTC. */
export function daysAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
