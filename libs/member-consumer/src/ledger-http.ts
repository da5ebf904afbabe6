import { isHexDigest } from '@ledger/integrity';

/** The ledger could not be asked (network, timeout, 404, 5xx): nothing was decided; try again later. */
export class WitnessUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessUnavailableError';
  }
}

export interface LedgerHttpOptions {
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Another fetch than the global one (tests, proxies). */
  fetch?: typeof fetch;
}

function base(ledgerUrl: string): string {
  return ledgerUrl.replace(/\/+$/, '');
}

/**
 * The witness's default way to ask for consistency proofs: GET /ledger/proofs/consistency?from=&to=
 * with an API key of a reader of raw events. Only the proof hashes are used: the witness checks them
 * against the roots it holds and was offered, never against roots sent along with the proof.
 */
export function httpConsistencyProofs(ledgerUrl: string, apiKey: string, options: LedgerHttpOptions = {}): (from: number, to: number) => Promise<string[]> {
  const doFetch = options.fetch ?? fetch;
  return async (from, to) => {
    const url = `${base(ledgerUrl)}/ledger/proofs/consistency?from=${from}&to=${to}`;
    let response: Response;
    try {
      response = await doFetch(url, { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new WitnessUnavailableError(`GET ${url}: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new WitnessUnavailableError(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    let document: { size1?: unknown; size2?: unknown; proof?: unknown };
    try {
      document = JSON.parse(text);
    } catch {
      throw new WitnessUnavailableError(`GET ${url} did not answer JSON`);
    }
    // A proof between other sizes than asked is no answer (a proxy, a bug); not evidence of a fork.
    if (document.size1 !== from || document.size2 !== to || !Array.isArray(document.proof)) {
      throw new WitnessUnavailableError(`GET ${url} did not answer a consistency proof from ${from} to ${to}`);
    }
    if (!document.proof.every(isHexDigest)) throw new WitnessUnavailableError(`GET ${url}: the proof is not a list of hex hashes`);
    return document.proof as string[];
  };
}

export interface CosignaturePosterOptions extends LedgerHttpOptions {
  ledgerUrl: string;
  /** The organization's API key (the ledger stores the cosignature as the organization's). */
  apiKey: string;
  /** First delay before a retry (default 1 s), doubled each time up to maxRetryDelayMs (default 60 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Cosignatures waiting at most (default 64); the oldest are dropped first. */
  maxPending?: number;
  /** Where to say what happened (default: console.error). */
  log?: (message: string) => void;
}

/** What became of one post. */
export type PostOutcome = 'posted' | 'retry' | 'refused';

interface Pending {
  treeSize: number;
  line: string;
  attempts: number;
  timer?: NodeJS.Timeout;
}

/**
 * Hands the witness's cosignatures to the ledger: POST /ledger/checkpoints/:treeSize/cosignatures
 * with { "cosignature": "<signature line>" }. Tolerant: a 404 (the ledger does not collect
 * cosignatures yet), 408, 425, 429, a 5xx or a network error is retried later with a growing delay;
 * 2xx and 409 (it has it already) end it; any other refusal (400, 401, 403, 422) is logged and dropped,
 * since sending the same again would not change the answer.
 */
export class CosignaturePoster {
  private readonly pendingPosts = new Map<string, Pending>();
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private closed = false;
  private readonly doFetch: typeof fetch;
  private readonly log: (message: string) => void;

  constructor(private readonly options: CosignaturePosterOptions) {
    this.doFetch = options.fetch ?? fetch;
    this.log = options.log ?? ((message) => console.error(message));
  }

  /** Cosignatures not yet accepted or dropped. */
  get pending(): number {
    return this.pendingPosts.size;
  }

  /** Posts now, and again later until the ledger takes or refuses it. */
  submit(treeSize: number, line: string): void {
    if (this.closed) return;
    const key = `${treeSize} ${line}`;
    if (this.pendingPosts.has(key)) return;
    this.pendingPosts.set(key, { treeSize, line, attempts: 0 });
    const max = this.options.maxPending ?? 64;
    for (const [oldKey, old] of this.pendingPosts) {
      if (this.pendingPosts.size <= max) break;
      clearTimeout(old.timer);
      this.pendingPosts.delete(oldKey);
      this.log(`cosignature for tree size ${old.treeSize} dropped: more than ${max} waiting`);
    }
    void this.attempt(key);
  }

  /** One POST, and what it means. */
  async post(treeSize: number, line: string): Promise<PostOutcome> {
    const url = `${base(this.options.ledgerUrl)}/ledger/checkpoints/${treeSize}/cosignatures`;
    let response: Response;
    try {
      response = await this.doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ cosignature: line }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      this.log(`cosignature for tree size ${treeSize}: POST ${url} failed (${(error as Error).message}); will retry`);
      return 'retry';
    }
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    const status = response.status;
    if (response.ok || status === 409) return 'posted';
    if (status === 404 || status === 408 || status === 425 || status === 429 || status >= 500) {
      this.log(`cosignature for tree size ${treeSize}: the ledger answered ${status}; will retry`);
      return 'retry';
    }
    this.log(`cosignature for tree size ${treeSize} refused by the ledger (${status}): ${detail}`);
    return 'refused';
  }

  /** Resolves once nothing is waiting or in flight. */
  idle(): Promise<void> {
    if (this.pendingPosts.size === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops retrying; what is pending is dropped (the witness's state keeps its last cosignature). */
  close(): void {
    this.closed = true;
    for (const pending of this.pendingPosts.values()) clearTimeout(pending.timer);
    this.pendingPosts.clear();
    this.settle();
  }

  private async attempt(key: string): Promise<void> {
    const pending = this.pendingPosts.get(key);
    if (!pending || this.closed) return;
    pending.timer = undefined;
    pending.attempts++;
    this.inFlight++;
    try {
      const outcome = await this.post(pending.treeSize, pending.line);
      if (outcome !== 'retry') {
        this.pendingPosts.delete(key);
      } else if (this.pendingPosts.get(key) === pending && !this.closed) {
        const first = this.options.retryDelayMs ?? 1000;
        const delay = Math.min(this.options.maxRetryDelayMs ?? 60_000, first * 2 ** Math.min(pending.attempts - 1, 20));
        pending.timer = setTimeout(() => void this.attempt(key), delay);
        pending.timer.unref();
      }
    } finally {
      this.inFlight--;
      this.settle();
    }
  }

  private settle(): void {
    if (this.pendingPosts.size !== 0 || this.inFlight !== 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
