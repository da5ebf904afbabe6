import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { ReadPolicy, type ReadScope } from '../access/read-policy';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { EVENT_STORE } from '../infrastructure/tokens';
import { LedgerEventsQuery, positionOf } from './ledger-log.dto';

/** Pages scanned at most per request when filtering, so one request never reads the whole log. */
const SCAN_PAGE = 1000;
const MAX_SCANNED = 50_000;

/** The raw log: every event with its envelope and integrity fields, in position order. */
@ApiTags('ledger')
@Controller('ledger')
export class LedgerEventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly policy: ReadPolicy,
  ) {}

  @Get('events')
  @ApiOperation({
    summary: 'Raw events in position order',
    description:
      'Answers { items, nextCursor }: pass nextCursor as `after` for the next page. With stream or type, at most 50 000 ' +
      'events are scanned per request; nextCursor then says where the scan stopped, even if items is empty.',
  })
  async events(@Query() query: LedgerEventsQuery, @Req() request: FastifyRequest): Promise<{ items: RecordedEvent[]; nextCursor: string | null }> {
    const scope = await rawEventScope(this.policy, request);
    const limit = positionOf(query.limit, 100);
    let after = positionOf(query.after, 0);
    const head = (await this.store.head()).position;
    if (!query.stream && !query.type && scope.kind === 'all') {
      const items = await this.store.readAll({ after, limit });
      const last = items.length > 0 ? items[items.length - 1].position : after;
      return { items, nextCursor: last < head ? String(last) : null };
    }
    const items: RecordedEvent[] = [];
    let scanned = 0;
    // Filtered (by the query, or to what the reader may see): scan, bounded per request.
    while (items.length < limit && after < head && scanned < MAX_SCANNED) {
      const page = await this.store.readAll({ after, limit: SCAN_PAGE });
      if (page.length === 0) break;
      for (const event of page) {
        after = event.position;
        if ((query.stream && event.streamId !== query.stream) || (query.type && event.type !== query.type)) continue;
        if (!this.policy.canReadEvent(scope, event.streamId, event.type)) continue;
        items.push(event);
        if (items.length === limit) break;
      }
      scanned += page.length;
    }
    return { items, nextCursor: after < head ? String(after) : null };
  }
}

/** Raw events are for the operator, auditors and members (their records); observers read projections. */
export async function rawEventScope(policy: ReadPolicy, request: FastifyRequest): Promise<ReadScope> {
  const scope = await policy.scopeOf(resolvePrincipal(request));
  if (scope.kind === 'collaboratives' && scope.full.size === 0) {
    throw problem(403, 'forbidden', 'not allowed', 'Raw events are for the operator, auditors and members; observers read the projections', {
      code: 'raw_events_not_allowed',
    });
  }
  return scope;
}
