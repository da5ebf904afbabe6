import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventStore } from '@ledger/event-store';
import { createLedgerApp } from '../../../ledger/src/bootstrap';
import { ApiKeyService } from '../../../ledger/src/access/api-key.service';
import { OPERATOR_KEY_ID } from '../../../ledger/src/access/api-keys';
import type { Principal } from '../../../ledger/src/commands/principal';
import { ApiKeyIssuer } from '../../../ledger/src/records/api-keys/api-key-issuer.service';
import { EVENT_STORE } from '../../../ledger/src/infrastructure/tokens';
import { streamIdOf } from '@ledger/domain';
import type { DemoActor, DemoIds, DemoPlan, DemoStep } from './demo-plan';
import { DEMO_COLLABORATIVE_ID, upperValleyPartnership } from './upper-valley-partnership';

export interface DemoLoadResult {
  /** false when the demo partnership was already in the ledger (nothing was appended). */
  loaded: boolean;
  steps: number;
  events: number;
  /** true when each step was recorded at its simulated time (the ledger was empty). */
  simulatedHistory: boolean;
}

export interface DemoLoadOptions {
  /** The day the demo is loaded; its history ends the day before. Default: now. */
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

/** A step of the demo the ledger refused: a bug in the demo, reported with the ledger's answer. */
export class DemoStepError extends Error {}

/**
 * Loads the demo partnership through the ledger's own HTTP command path (in process, without
 * listening on a port), so every step is validated and decided exactly as a user's request.
 *
 * Into an empty ledger, each step is recorded at its simulated moment over the past ~14 months, so
 * that `asOf` queries have a history to travel back through. Into a ledger that already holds
 * other events, steps are recorded now (recordedAt never goes backwards). Loading twice appends
 * nothing the second time.
 */
export async function loadDemo(options: DemoLoadOptions = {}): Promise<DemoLoadResult> {
  const now = options.now ?? new Date();
  let simulated = now;
  const app = await createLedgerApp({ logger: false, clock: () => simulated });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const store = app.get<EventStore>(EVENT_STORE);
    if ((await store.streamRevision(streamIdOf('collaborative', DEMO_COLLABORATIVE_ID))) !== null) {
      return { loaded: false, steps: 0, events: 0, simulatedHistory: false };
    }
    const before = (await store.head()).position;
    const simulatedHistory = before === 0;
    const plan: DemoPlan = upperValleyPartnership(now);
    const steps = plan.ordered();
    const ids = new Labels();
    const keys = new DemoKeys(app.get(ApiKeyService), app.get(ApiKeyIssuer));
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
      await runStep(app, step, ids, await keys.headers(step.actor));
      options.onProgress?.(i + 1, steps.length);
    }
    await keys.revokeAll();
    const after = (await store.head()).position;
    return { loaded: true, steps: steps.length, events: after - before, simulatedHistory };
  } finally {
    await app.close();
  }
}

async function runStep(app: NestFastifyApplication, step: DemoStep, ids: Labels, headers: Record<string, string>): Promise<void> {
  const url = step.path(ids);
  const body = step.body(ids);
  const response = await app.inject({ method: 'POST', url, payload: body, headers });
  if (response.statusCode >= 300) {
    throw new DemoStepError(`demo step POST ${url} (day ${step.day}) was refused with ${response.statusCode}: ${response.body}`);
  }
  const answer = response.json() as Record<string, unknown>;
  for (const [field, label] of Object.entries(step.keep ?? {})) {
    if (typeof answer[field] !== 'string') throw new DemoStepError(`demo step POST ${url} answered without ${field}: ${response.body}`);
    ids.set(label, answer[field] as string);
  }
}

/**
 * Each step acts with an API key, as a user's request would: the operator's, or one the demo issues
 * to the organization on its first step and revokes when the demo is loaded.
 */
class DemoKeys {
  private readonly issued = new Map<string, { keyId: string; key: string }>();
  constructor(
    private readonly keys: ApiKeyService,
    private readonly issuer: ApiKeyIssuer,
  ) {}

  async headers(actor: DemoActor): Promise<Record<string, string>> {
    if (actor === 'operator') return { authorization: `Bearer ${this.keys.localOperatorKey()}` };
    let issued = this.issued.get(actor.org);
    if (!issued) {
      // The organization is registered by an earlier step; a key is issued for it once.
      issued = await this.issuer.issue(actor.org, 'ledger demo', OPERATOR).catch((error: unknown) => {
        throw new DemoStepError(`demo plan bug: no key for ${actor.org} (it acts before it is registered?): ${JSON.stringify(error)}`);
      });
      this.issued.set(actor.org, issued);
    }
    return { authorization: `Bearer ${issued.key}` };
  }

  async revokeAll(): Promise<void> {
    for (const { keyId } of this.issued.values()) await this.issuer.revoke(keyId, OPERATOR);
  }
}

const OPERATOR: Principal = { kind: 'operator', keyId: OPERATOR_KEY_ID };

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
