import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService, bearerKey } from '../access/api-key.service';
import { AuthFailures } from '../access/auth-failures';
import { Leadership } from '../cluster/leadership.service';
import { Public } from '../access/public.decorator';
import { KafkaPublisher } from '../publisher/kafka-publisher.service';
import { ProjectionService } from '../queries/projection.service';
import { StoreWatch } from './store-watch.service';

/**
 * Liveness and the state of the parts the ledger depends on: 503 when the store cannot take
 * commands (unreachable, read-only, its file deleted or replaced), with why. Needs no API key; where
 * the read models live (a path on the server) is shown to the operator only.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly storeWatch: StoreWatch,
    private readonly publisher: KafkaPublisher,
    private readonly projections: ProjectionService,
    private readonly keys: ApiKeyService,
    private readonly failures: AuthFailures,
    private readonly leadership: Leadership,
  ) {}

  @Get()
  async health(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const store = await this.storeWatch.check();
    const status = store.status === 'up' ? 'ok' : 'degraded';
    reply.status(status === 'ok' ? 200 : 503);
    // Projection lag: events in the log not yet in the read models the queries answer from.
    const { readModels, ...projections } = await this.projections.status().catch((error: Error) => ({ state: 'unavailable', detail: error.message, readModels: undefined }));
    const shown = (await this.askedByOperator(request)) ? { ...projections, readModels } : projections;
    return { status, store, projections: shown, kafkaPublisher: await this.publisher.status(), cluster: this.leadership.status() };
  }

  /** A key sent to this public route is checked like any other, and a wrong one counts as a failed authentication. */
  private async askedByOperator(request: FastifyRequest): Promise<boolean> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') return false;
    const key = bearerKey(header);
    const holder = key ? await this.keys.authenticate(key) : 'unknown';
    if (typeof holder === 'string') {
      this.failures.recordFailure(request.ip);
      return false;
    }
    return holder.kind === 'operator';
  }
}
