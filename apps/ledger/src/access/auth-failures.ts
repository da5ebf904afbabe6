import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { LedgerConfig } from '@ledger/config';
import { problem } from '../http/problem-details.filter';
import { LEDGER_CONFIG } from '../infrastructure/tokens';

const WINDOW_MS = 60_000;
/** Client addresses (and keys that worked from them) remembered at most: memory stays bounded under a flood from many addresses. */
const MAX_TRACKED = 100_000;

/**
 * Failed authentications per client address, in windows of a minute that start at an address's
 * first failure. Once an address has failed LEDGER_AUTH_FAILURES_PER_MINUTE times, its requests
 * that carry a key are refused until the window ends, without the key being checked: checking is
 * what a guesser wants. A key that already worked from that address in the last minute still goes
 * through, so a client that authenticates is not locked out by a guesser behind the same address.
 */
@Injectable()
export class AuthFailures {
  readonly limit: number;
  private readonly windows = new LRUCache<string, { failures: number; endsAt: number }>({ max: MAX_TRACKED, ttl: WINDOW_MS });
  private readonly workedFrom = new LRUCache<string, true>({ max: MAX_TRACKED, ttl: WINDOW_MS });

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.limit = config.authFailuresPerMinute;
  }

  recordFailure(address: string): void {
    if (this.limit === 0) return;
    const window = this.windows.get(address);
    // Counted in place: the entry keeps the lifetime it got at the window's first failure.
    if (window && window.endsAt > Date.now()) window.failures++;
    else this.windows.set(address, { failures: 1, endsAt: Date.now() + WINDOW_MS });
  }

  recordSuccess(address: string, credentials: string): void {
    if (this.limit === 0) return;
    this.workedFrom.set(keyFrom(address, credentials), true);
  }

  /** Seconds until the address may try a key again; 0 when it may now. */
  blockedFor(address: string, credentials: string): number {
    if (this.limit === 0) return 0;
    const window = this.windows.get(address);
    if (!window || window.failures < this.limit || this.workedFrom.has(keyFrom(address, credentials))) return 0;
    return Math.max(1, Math.ceil((window.endsAt - Date.now()) / 1000));
  }
}

/** The address and a digest of the credentials: no key is kept in memory beyond its request. */
function keyFrom(address: string, credentials: string): string {
  return `${address} ${createHash('sha256').update(credentials).digest('base64url')}`;
}

/**
 * The first guard: a request that carries a key from an address over its limit of failed
 * authentications gets 429 with Retry-After, as a problem document, before anything else runs.
 */
@Injectable()
export class AuthFailureGuard implements CanActivate {
  constructor(private readonly failures: AuthFailures) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credentials = request.headers.authorization;
    if (typeof credentials !== 'string' || credentials === '') return true;
    const seconds = this.failures.blockedFor(request.ip, credentials);
    if (seconds === 0) return true;
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(seconds));
    throw problem(429, 'too-many-failed-authentications', 'too many requests', `Too many failed authentications from this address; try again in ${seconds} s.`, {
      code: 'too_many_failed_authentications',
    });
  }
}
