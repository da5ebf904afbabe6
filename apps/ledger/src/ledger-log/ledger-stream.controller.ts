import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { ReadPolicy } from '../access/read-policy';
import { resolvePrincipal } from '../commands/principal';
import { rawEventScope } from './ledger-events.controller';
import type { EventStore } from '@ledger/event-store';
import { problem } from '../http/problem-details.filter';
import { EVENT_STORE } from '../infrastructure/tokens';
import { LedgerStreamQuery, positionOf } from './ledger-log.dto';
import { LiveStreams } from './live-streams.service';

/**
 * `/ledger/stream`: the log as Server-Sent Events, for members that cannot reach Kafka and for the
 * dashboard. Each event is one message whose `id` is its position, so a reconnecting EventSource
 * resumes exactly where it stopped (Last-Event-ID).
 */
@ApiTags('ledger')
@Controller('ledger')
export class LedgerStreamController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: LiveStreams,
    private readonly policy: ReadPolicy,
  ) {}

  @Get('stream')
  @ApiOperation({ summary: 'The log as Server-Sent Events: history after `after`, then live; resumable with Last-Event-ID' })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this position (sent by EventSource on reconnect)' })
  async stream(
    @Query() query: LedgerStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await rawEventScope(this.policy, request);
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId.trim())) {
      throw problem(400, 'validation', 'invalid input', 'Last-Event-ID must be a position (a whole number)', {
        errors: [{ path: 'headers.last-event-id', message: 'must be a position (a whole number)' }],
      });
    }
    const after = lastEventId !== undefined ? Number(lastEventId.trim()) : positionOf(query.after, 0);
    const head = (await this.store.head()).position;
    if (after > head) {
      throw problem(400, 'validation', 'invalid input', `after ${after} is beyond the head of the log (${head})`, {
        errors: [{ path: lastEventId !== undefined ? 'headers.last-event-id' : 'query.after', message: `must be at most ${head}` }],
      });
    }
    const principal = resolvePrincipal(request);
    this.streams.admit(principal);
    // The answer is written by hand from here on: carry the headers every answer gets (security headers).
    const headers = reply.getHeaders() as OutgoingHttpHeaders;
    reply.hijack();
    await this.streams.open(reply.raw, principal, after, headers);
  }
}
