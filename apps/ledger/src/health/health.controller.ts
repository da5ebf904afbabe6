import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@ledger/event-store';
import { Public } from '../access/public.decorator';
import { EVENT_STORE } from '../infrastructure/tokens';
import { KafkaPublisher } from '../publisher/kafka-publisher.service';
import { ProjectionService } from '../queries/projection.service';

/** Liveness and the state of the parts the ledger depends on. Needs no API key. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly publisher: KafkaPublisher,
    private readonly projections: ProjectionService,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const store = await this.store.health();
    const status = store.status === 'up' ? 'ok' : 'degraded';
    reply.status(status === 'ok' ? 200 : 503);
    // Projection lag: events in the log not yet in the read models the queries answer from.
    const projections = await this.projections.status().catch((error: Error) => ({ state: 'unavailable', detail: error.message }));
    return { status, store, projections, kafkaPublisher: await this.publisher.status() };
  }
}
