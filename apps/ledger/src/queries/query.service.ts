import { Inject, Injectable } from '@nestjs/common';
import { isIsoInstant } from '@ledger/domain';
import type { Clock } from '@ledger/event-store';
import {
  answerAt,
  decodeCursor,
  InvalidCursorError,
  ReadModelQueries,
  type Moment,
  type ReadModelStorage,
} from '@ledger/projections';
import type { FastifyRequest } from 'fastify';
import { ReadPolicy, type ReadScope } from '../access/read-policy';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { LEDGER_CLOCK } from '../infrastructure/tokens';
import { ProjectionService } from './projection.service';
import { READ_MODELS } from './tokens';

/** How long a query about the present waits for the projector to apply what was appended before it. */
const CATCH_UP_MS = 2000;

/**
 * Turns a request's asOf (and cursor) into the moment to answer for, and answers consistently.
 *
 * A query about a moment the read models may not have reached yet (the present, typically right
 * after a command) first waits, briefly, for the projector to apply every event appended before
 * the query: a client reads its own writes.
 */
@Injectable()
export class QueryService {
  readonly queries: ReadModelQueries;

  constructor(
    @Inject(READ_MODELS) private readonly storage: ReadModelStorage,
    private readonly projections: ProjectionService,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
    readonly policy: ReadPolicy,
  ) {
    this.queries = new ReadModelQueries(storage);
  }

  /** What the request's key holder may read (access/read-policy.ts). */
  scopeOf(request: FastifyRequest): Promise<ReadScope> {
    return this.policy.scopeOf(resolvePrincipal(request));
  }

  /** The checkpoint of the read models (the last event applied). */
  checkpoint() {
    return this.storage.checkpoint();
  }

  async answer<T>(asOf: string | undefined, answer: (m: Moment) => Promise<T>, cursor?: { value: string | undefined; keyLength: number }): Promise<T> {
    const ms = this.momentOf(asOf, cursor);
    let checkpoint = await this.storage.checkpoint();
    // Whichever server projects (cluster/leadership.service.ts): the read models first take in
    // every event appended before this query, the caller's own writes among them.
    if (checkpoint.recordedAt <= ms && (await this.projections.catchUp(CATCH_UP_MS, checkpoint.position))) {
      checkpoint = await this.storage.checkpoint();
    }
    return answerAt(() => this.storage.checkpoint(), ms, answer, checkpoint);
  }

  private momentOf(asOf: string | undefined, cursor?: { value: string | undefined; keyLength: number }): number {
    let at: number | undefined;
    if (asOf !== undefined) {
      if (!isIsoInstant(asOf)) {
        throw problem(400, 'validation', 'invalid input', `asOf must be an ISO 8601 instant with a time zone, e.g. 2025-06-30T23:59:59Z; got ${JSON.stringify(asOf)}`, {
          errors: [{ path: 'query.asOf', message: 'must be an ISO 8601 instant with a time zone (Z or ±hh:mm)' }],
        });
      }
      at = Date.parse(asOf);
    }
    if (cursor?.value !== undefined) {
      let pinned: number;
      try {
        pinned = decodeCursor(cursor.value, cursor.keyLength).at;
      } catch (error) {
        if (!(error instanceof InvalidCursorError)) throw error;
        throw problem(400, 'validation', 'invalid input', error.message, { errors: [{ path: 'query.cursor', message: error.message }] });
      }
      if (at !== undefined && at !== pinned) {
        const message = `the cursor continues a listing as of ${new Date(pinned).toISOString()}; leave asOf out or pass that one`;
        throw problem(400, 'validation', 'invalid input', message, { errors: [{ path: 'query.asOf', message }] });
      }
      at = pinned;
    }
    return at ?? this.clock().getTime();
  }
}
