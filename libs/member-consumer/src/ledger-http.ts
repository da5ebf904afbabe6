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
  checkpoint?: string;
  attempts: number;
  timer?: NodeJS.Timeout;
}

/** Refusals that may change later: the organization has not registered its witness key yet. */
const RETRIED_CODES = new Set(['unknown_witness_key']);

/**
 * Hands the witness's cosignatures to the ledger: POST /ledger/checkpoints/:treeSize/cosignatures
 * with { "cosignature": "<signature line>", "checkpoint": "<the note cosigned>" }. Tolerant: a 404
 * (a ledger that does not collect cosignatures, or has not appended that checkpoint yet), 408, 425,
 * 429, a 5xx, a network error or an unknown_witness_key (the key not registered yet) is retried later
 * with a growing delay; 2xx and 409 cosignature_already_recorded end it; any other refusal is logged
 * and dropped, since sending the same again would not change the answer — loudly for a
 * checkpoint_root_mismatch: the ledger posted to holds another history than the one cosigned.
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

  /** Posts now, and again later until the ledger takes or refuses it. `checkpoint`: the note cosigned. */
  submit(treeSize: number, line: string, checkpoint?: string): void {
    if (this.closed) return;
    const key = `${treeSize} ${line}`;
    if (this.pendingPosts.has(key)) return;
    this.pendingPosts.set(key, { treeSize, line, attempts: 0, ...(checkpoint !== undefined && { checkpoint }) });
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
  async post(treeSize: number, line: string, checkpoint?: string): Promise<PostOutcome> {
    const url = `${base(this.options.ledgerUrl)}/ledger/checkpoints/${treeSize}/cosignatures`;
    let response: Response;
    try {
      response = await this.doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(checkpoint === undefined ? { cosignature: line } : { cosignature: line, checkpoint }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      this.log(`cosignature for tree size ${treeSize}: POST ${url} failed (${(error as Error).message}); will retry`);
      return 'retry';
    }
    const text = await response.text().catch(() => '');
    const detail = text.slice(0, 300);
    const status = response.status;
    const code = problemCode(text);
    if (response.ok || (status === 409 && (code === undefined || code === 'cosignature_already_recorded'))) return 'posted';
    if (status === 404 || status === 408 || status === 425 || status === 429 || status >= 500 || (code !== undefined && RETRIED_CODES.has(code))) {
      this.log(`cosignature for tree size ${treeSize}: the ledger answered ${status}${code ? ` ${code}` : ''}; will retry`);
      return 'retry';
    }
    if (code === 'checkpoint_root_mismatch') {
      this.log(`ALARM cosignature for tree size ${treeSize} refused: the ledger at ${this.options.ledgerUrl} holds another history than the checkpoint this witness cosigned: ${detail}`);
    } else {
      this.log(`cosignature for tree size ${treeSize} refused by the ledger (${status}): ${detail}`);
    }
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
      const outcome = await this.post(pending.treeSize, pending.line, pending.checkpoint);
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

/** The `code` of a problem document, if the text is one. */
function problemCode(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { code?: unknown };
    return typeof body?.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

/** What became of registering the witness's key. */
export type RegistrationOutcome = 'registered' | 'already-registered' | 'refused' | 'unavailable';

/**
 * Registers the witness's key for its organization: POST /organizations/:id/witness-keys { vkey }
 * with the organization's API key. Already registered (409 witness_key_already_registered) is fine.
 * An organization that holds a signing key must sign that command (422 signature_required): then
 * register the vkey with a signed request (docs/signing.md) once, by hand.
 */
export async function registerWitnessKey(
  options: LedgerHttpOptions & { ledgerUrl: string; apiKey: string; organizationId: string; vkey: string; log?: (message: string) => void },
): Promise<RegistrationOutcome> {
  const log = options.log ?? ((message: string) => console.error(message));
  const url = `${base(options.ledgerUrl)}/organizations/${encodeURIComponent(options.organizationId)}/witness-keys`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ vkey: options.vkey }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    log(`witness key not registered: POST ${url} failed (${(error as Error).message})`);
    return 'unavailable';
  }
  const text = await response.text().catch(() => '');
  const code = problemCode(text);
  if (response.ok) return 'registered';
  if (code === 'witness_key_already_registered') return 'already-registered';
  if (response.status === 404 || response.status === 408 || response.status === 429 || response.status >= 500) {
    log(`witness key not registered: the ledger answered ${response.status}`);
    return 'unavailable';
  }
  log(`witness key refused by the ledger (${response.status}${code ? ` ${code}` : ''}): ${text.slice(0, 300)}`);
  return 'refused';
}
