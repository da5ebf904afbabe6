/**
 * A plan of demo steps, each done on a simulated day by one actor through the HTTP API. Steps are
 * written record by record (easy to read), then run in the order of their days (so the history
 * recorded is in time order, as a real one would be).
 */

/** Who acts: the operator, or one organization speaking for itself. */
export type DemoActor = 'operator' | { org: string };

/** What a step needs from earlier ones: the ids the ledger answered with, by label. */
export interface DemoIds {
  get(label: string): string;
  set(label: string, id: string): void;
}

export interface DemoStep {
  /** Days relative to the day the demo is loaded (negative: in the past). */
  day: number;
  actor: DemoActor;
  /** The request path (may depend on ids answered by earlier steps). */
  path: (ids: DemoIds) => string;
  body: (ids: DemoIds) => object;
  /** Remember ids from the answer under labels, e.g. { id: 'commitment:chw' }. */
  keep?: Record<string, string>;
  /** Order within a plan, to keep steps of the same day in the order written. */
  seq: number;
}

export class DemoPlan {
  private readonly steps: DemoStep[] = [];

  /** Adds one step: on `day`, `actor` posts `body` to `path`. */
  post(
    day: number,
    actor: DemoActor,
    path: string | ((ids: DemoIds) => string),
    body: object | ((ids: DemoIds) => object) = {},
    keep?: Record<string, string>,
  ): this {
    if (day >= 0) throw new Error(`demo steps happen in the past; day ${day} is not`);
    this.steps.push({
      day,
      actor,
      path: typeof path === 'string' ? () => path : path,
      body: typeof body === 'function' ? (body as (ids: DemoIds) => object) : () => body,
      keep,
      seq: this.steps.length,
    });
    return this;
  }

  /** The steps in time order (stable within a day). */
  ordered(): DemoStep[] {
    return [...this.steps].sort((a, b) => a.day - b.day || a.seq - b.seq);
  }
}

/** Days → a `YYYY-MM-DD` date relative to `today`. */
export function dateOf(today: Date, days: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
