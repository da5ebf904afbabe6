import { Actions, isDomainError, RECORDS, type Actor, type RecordType } from '@ledger/domain';
import { contextNeeds, decideFollowUps, decisionContext, type LoadedState, type LoadState } from '../commands/decision';

/**
 * The dry run: each probe's command decided as the command path would decide it — its record's
 * `decide` on the loaded state, with the records its decision reads, and the follow-ups it would
 * carry out (an adopted resolution's acts) — and nothing appended. Answers the commands the
 * decisions accepted (Actions.permittedCommands). Each record is loaded once per dry run.
 */
export async function dryRun(probes: readonly Actions.ActionProbe[], load: LoadState, actor: Actor, now: string): Promise<Actions.PermittedCommand[]> {
  const loaded = new Map<string, Promise<LoadedState>>();
  const loadOnce: LoadState = (record, id) => {
    const key = `${record}-${id}`;
    let state = loaded.get(key);
    if (!state) loaded.set(key, (state = load(record, id)));
    return state;
  };
  const accepted: boolean[] = [];
  for (const probe of probes) accepted.push(await accepts(probe, loadOnce, actor, now));
  return Actions.permittedCommands(probes, accepted);
}

async function accepts(probe: Actions.ActionProbe, load: LoadState, actor: Actor, now: string): Promise<boolean> {
  const type = RECORDS[probe.record] as RecordType;
  const state = probe.creates ? null : (await load(probe.record, probe.id)).state;
  // The records the probe assumes (a prospective member) are not loaded.
  const context = decisionContext(actor, now, await contextNeeds(type, probe.command, state, load, probe.assume));
  try {
    if (probe.guard) {
      probe.guard(context);
      return true;
    }
    const events = type.decider.decide(probe.command, state, context);
    const followUps = type.followUps?.(events.reduce((folded, event) => type.decider.evolve(folded, event), state), events) ?? [];
    if (followUps.length > 0) await decideFollowUps(followUps, load, now);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}
