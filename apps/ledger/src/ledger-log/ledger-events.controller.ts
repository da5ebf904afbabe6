import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { LedgerEventsQuery, positionOf } from './ledger-log.dto';

/** Pages scanned at most per request when filtering, so one request never reads the whole log. */
const SCAN_PAGE = 1000;
const MAX_SCANNED = 50_000;

/** The raw log: every event with its envelope and integrity fields, in position order. */
@ApiTags('ledger')
@Controller('ledger')
export class LedgerEventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @ApiOperation({
    summary: 'Raw events in position order',
    description:
      'Answers { items, nextCursor }: pass nextCursor as `after` for the next page. With stream or type, at most 50 000 ' +
      'events are scanned per request; nextCursor then says where the scan stopped, even if items is empty.',
  })
  async events(@Query() query: LedgerEventsQuery): Promise<{ items: RecordedEvent[]; nextCursor: string | null }> {
    const limit = positionOf(query.limit, 100);
    let after = positionOf(query.after, 0);
    const head = (await this.store.head()).position;
    if (!query.stream && !query.type) {
      const items = await this.store.readAll({ after, limit });
      const last = items.length > 0 ? items[items.length - 1].position : after;
      return { items, nextCursor: last < head ? String(last) : null };
    }
    const items: RecordedEvent[] = [];
    let scanned = 0;
    while (items.length < limit && after < head && scanned < MAX_SCANNED) {
      const page = await this.store.readAll({ after, limit: SCAN_PAGE });
      if (page.length === 0) break;
      for (const event of page) {
        after = event.position;
        if ((query.stream && event.streamId !== query.stream) || (query.type && event.type !== query.type)) continue;
        items.push(event);
        if (items.length === limit) break;
      }
      scanned += page.length;
    }
    return { items, nextCursor: after < head ? String(after) : null };
  }
}
