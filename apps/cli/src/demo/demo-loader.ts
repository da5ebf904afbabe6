import { DomainError, streamIdOf } from '@ledger/domain';
import { newRecordId, OPERATOR, openLedgerInProcess, refusalText, type LedgerInProcess, type Principal } from '../../../ledger/src/in-process';
import type { DemoActor, DemoIds, DemoPlan, DemoStep } from './demo-plan';
import { DEMO_COLLABORATIVE_ID, upperValleyPartnership } from './upper-valley-partnership';

export interface DemoLoadResult {
  /** false when the demo partnership was already in the ledger (nothing was appended). */
  loaded: boolean;
  /** The steps recorded. */
  steps: number;
  events: number;
  /** true when each step was recorded at its simulated time (the ledger was empty). */
  simulatedHistory: boolean;
  /**
   * The steps left out because they need time to have passed (DemoStep.needsElapsedTime), each
   * said in a line; only when the history is not simulated.
   */
  leftOut: string[];
}

export interface DemoLoadOptions {
  /** The day the demo is loaded; its history ends the day before. Default: now. */
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /** The plan to load (tests); default: the Upper Valley partnership. */
  plan?: (today: Date) => DemoPlan;
}

/** A step of the demo the ledger refused: a bug in the demo, reported with the ledger's answer. */
export class DemoStepError extends Error {}

/**
 * Loads the demo partnership through the ledger's own command handler (in process, without HTTP),
 * so every step is decided exactly as a user's command: each step is a domain command sent to one
 * record, as the operator or as one organization speaking for itself.
 *
 * Into an empty ledger, each step is recorded at its simulated moment over the past ~14 months, so
 * that `asOf` queries have a history to travel back through. Into a ledger that already holds
 * other events, steps are recorded now (recordedAt never goes backwards); then the steps that need
 * time to have passed since earlier ones are left out (a resolution whose voting period must be
 * over before it is closed stays open, voting). Loading twice appends nothing the second time.
 */
export async function loadDemo(options: DemoLoadOptions = {}): Promise<DemoLoadResult> {
  const now = options.now ?? new Date();
  let simulated = now;
  const ledger = await openLedgerInProcess({ clock: () => simulated });
  try {
    const { store } = ledger;
    if ((await store.streamRevision(streamIdOf('collaborative', DEMO_COLLABORATIVE_ID))) !== null) {
      return { loaded: false, steps: 0, events: 0, simulatedHistory: false, leftOut: [] };
    }
    const before = (await store.head()).position;
    const simulatedHistory = before === 0;
    const plan: DemoPlan = (options.plan ?? upperValleyPartnership)(now);
    const all = plan.ordered();
    const steps = simulatedHistory ? all : all.filter((step) => step.needsElapsedTime === undefined);
    const leftOut = all.filter((step) => !steps.includes(step)).map((step) => `day ${step.day}: ${step.needsElapsedTime}`);
    const ids = new Labels();
    const minuteOfDay = new Map<number, number>();
    for (const [i, step] of steps.entries()) {
      if (simulatedHistory) {
        // Office hours of the simulated day, one minute apart.
        const minute = (minuteOfDay.get(step.day) ?? 0) + 1;
        minuteOfDay.set(step.day, minute);
        simulated = atMinute(now, step.day, 9 * 60 + minute);
      } else {
        simulated = new Date();
      }
      await runStep(ledger, step, ids);
      options.onProgress?.(i + 1, steps.length);
    }
    const after = (await store.head()).position;
    return { loaded: true, steps: steps.length, events: after - before, simulatedHistory, leftOut };
  } finally {
    await ledger.close();
  }
}

async function runStep(ledger: LedgerInProcess, step: DemoStep, ids: Labels): Promise<void> {
  const { target } = step;
  let id: string;
  if (typeof target === 'string') id = target;
  else if ('label' in target) id = ids.get(target.label);
  else {
    // A new record: the demo names it as the ledger's HTTP API would.
    id = newRecordId();
    ids.set(target.newRecord, id);
  }
  const command = step.command(ids, id);
  const what = `${command.type} to ${streamIdOf(step.record, id)} as ${step.actor === 'operator' ? 'the operator' : step.actor.org} (day ${step.day})`;
  let answer: Record<string, unknown>;
  try {
    answer = (await ledger.send(step.record, id, command, principalOf(step.actor))).body;
  } catch (error) {
    if (error instanceof DomainError) throw new DemoStepError(`demo step ${what} was refused: ${refusalText(error)}`, { cause: error });
    throw error;
  }
  for (const [field, label] of Object.entries(step.keep ?? {})) {
    if (typeof answer[field] !== 'string') throw new DemoStepError(`demo step ${what} answered without ${field}: ${JSON.stringify(answer)}`);
    ids.set(label, answer[field] as string);
  }
}

/** The operator, or an organization speaking for itself (the demo acts in process: no API key). */
function principalOf(actor: DemoActor): Principal {
  return actor === 'operator' ? OPERATOR : { kind: 'organization', organizationId: actor.org };
}

function atMinute(today: Date, day: number, minute: number): Date {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return new Date(midnight + day * 86_400_000 + minute * 60_000);
}

class Labels implements DemoIds {
  private readonly ids = new Map<string, string>();
  get(label: string): string {
    const id = this.ids.get(label);
    if (id === undefined) throw new DemoStepError(`demo plan bug: no id remembered as ${label}`);
    return id;
  }
  set(label: string, id: string): void {
    this.ids.set(label, id);
  }
}
