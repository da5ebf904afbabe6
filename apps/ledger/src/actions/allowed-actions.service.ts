import { Inject, Injectable } from '@nestjs/common';
import { Actions, utcDateOf, type Actor, type RecordName } from '@ledger/domain';
import type { Clock } from '@ledger/event-store';
import type { LoadState } from '../commands/decision';
import { actorOf, type Principal } from '../commands/principal';
import { RecordStates } from '../commands/record-states';
import { LEDGER_CLOCK } from '../infrastructure/tokens';
import { pathOf, routeOf } from './command-routes';
import { dryRun } from './dry-run';

/**
 * A command the caller may send now, as the web app sends it (LEDGER.md, "Acting in the web app"):
 * the command's name, the request that sends it, the sub-record it acts on, the values of the fields
 * the caller chooses that the rules accept, and the fields to send as given.
 */
export interface AllowedAction {
  command: string;
  method: string;
  path: string;
  /** The sub-record it acts on, by the command's field naming it (also in the path): `{ revisionId }`, `{ disbursementId }`... */
  target?: Record<string, string>;
  /** For a field the caller chooses (`role`, `matter`, `pathwayPhase`), the values the rules accept now. */
  choices?: Record<string, ReadonlyArray<string | number>>;
  /** Fields the request carries as given: a new record's `collaborativeId`; a proposal's `matter` and its act's target. */
  body?: Record<string, unknown>;
}

/** How every record's GET documents its allowedActions (README, "Acting in the web app"). */
export const ALLOWED_ACTIONS_NOTE =
  'allowedActions: the commands the caller could send on the record now, each { command, method, path, target?, choices?, body? }, ' +
  "computed by a dry run of the record's own rules for the caller (an action left out would be refused); empty when asOf is given.";

/** The HTTP side of permitted commands: each with the route its controller serves (those no route sends are left out). */
export function toAllowedActions(permitted: readonly Actions.PermittedCommand[]): AllowedAction[] {
  return permitted.flatMap((p): AllowedAction[] => {
    const route = routeOf(p.command);
    if (!route) return [];
    return [
      {
        command: p.command,
        method: route.method,
        path: pathOf(route.template, p.id, p.target?.id),
        ...(p.target && { target: { [p.target.field]: p.target.id } }),
        ...(p.choices && { choices: { ...p.choices } }),
        ...(p.fixed && { body: { ...p.fixed } }),
      },
    ];
  });
}

/**
 * `allowedActions` on a record's GET: the commands the caller could send on it now, by a dry run of
 * the record's `decide` (dry-run.ts) on the states the command path itself loads (RecordStates) —
 * the same rules that would decide each command, never a copy of them.
 */
@Injectable()
export class AllowedActionsService {
  constructor(
    private readonly states: RecordStates,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
  ) {}

  /** None as of a past moment (`asOf` given): the page shows history then, and nothing can be sent to the past. */
  async of(record: RecordName, id: string, principal: Principal, asOf?: string): Promise<AllowedAction[]> {
    if (asOf !== undefined) return [];
    return toAllowedActions(await this.permitted(record, id, actorOf(principal)));
  }

  /** The permitted commands on the record for the actor, now. */
  async permitted(record: RecordName, id: string, actor: Actor): Promise<Actions.PermittedCommand[]> {
    const now = this.clock().toISOString();
    const load: LoadState = (name, recordId) => this.states.load(name, recordId);
    const { state } = await load(record, id);
    const probes = Actions.actionProbes(record, state, { actor, now, today: utcDateOf(now) });
    return dryRun(probes, load, actor, now);
  }
}
