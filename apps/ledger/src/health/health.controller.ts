import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerConfig } from '@ledger/config';
import { ApiKeyService, bearerKey } from '../access/api-key.service';
import { AuthFailures } from '../access/auth-failures';
import { Leadership } from '../cluster/leadership.service';
import { Public } from '../access/public.decorator';
import { LEDGER_CONFIG } from '../infrastructure/tokens';
import { GracefulShutdown } from '../operations/graceful-shutdown';
import { Reminders } from '../notifications/reminders.service';
import { WebhookDispatcher } from '../notifications/webhooks.service';
import { KafkaPublisher } from '../publisher/kafka-publisher.service';
import { ProjectionService } from '../queries/projection.service';
import { StoreWatch } from './store-watch.service';

/**
 * `/health`: the state of the parts the ledger depends on: 503 when the store cannot take commands
 * (unreachable, read-only, its file deleted or replaced), with why. Needs no API key; where the read
 * models live (a path on the server) is shown to the operator only.
 *
 * For an orchestrator: `/health/live` answers 200 while the process answers at all (restart it when
 * it does not); `/health/ready` answers 200 only while the store is reachable, the read models are
 * within LEDGER_READY_MAX_LAG events of the log and the server is not stopping (send it traffic
 * only then). A database outage makes every server unready, none of them dead.
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
    private readonly shutdown: GracefulShutdown,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly reminders: Reminders,
    private readonly webhooks: WebhookDispatcher,
    private readonly leadership: Leadership,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    if (this.shutdown.draining) {
      reply.status(503);
      return { status: 'stopping' };
    }
    const store = await this.storeWatch.check();
    const projections = await this.projections
      .status()
      .then(({ lag, checkpoint, headPosition }) => ({ lag, checkpoint, headPosition, maxLag: this.config.readyMaxLag }))
      .catch((error: Error) => ({ unavailable: error.message }));
    const problems = [
      ...(store.status === 'up' ? [] : [`store ${store.status}: ${store.detail ?? 'unavailable'}`]),
      ...('unavailable' in projections
        ? [`read models unavailable: ${projections.unavailable}`]
        : projections.lag > this.config.readyMaxLag
          ? [`read models ${projections.lag} events behind the log (at most ${this.config.readyMaxLag})`]
          : []),
    ];
    reply.status(problems.length === 0 ? 200 : 503);
    return { status: problems.length === 0 ? 'ready' : 'not_ready', ...(problems.length ? { problems } : {}), store: { status: store.status }, projections };
  }

  @Get()
  async health(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const store = await this.storeWatch.check();
    const status = store.status === 'up' ? 'ok' : 'degraded';
    reply.status(status === 'ok' ? 200 : 503);
    // Projection lag: events in the log not yet in the read models the queries answer from.
    const { readModels, ...projections } = await this.projections.status().catch((error: Error) => ({ state: 'unavailable', detail: error.message, readModels: undefined }));
    const operator = await this.askedByOperator(request);
    const shown = operator ? { ...projections, readModels } : projections;
    return { status, store, projections: shown, kafkaPublisher: await this.publisher.status(), cluster: this.leadership.status(), ...(await this.notifications(operator)) };
  }

  /** Reminders and webhook deliveries: whether they work, their queues; the errors' text to the operator only. */
  private async notifications(operator: boolean) {
    const { lastError: mailError, ...reminders } = this.reminders.status();
    const { lastError: webhookError, ...webhooks } = await this.webhooks.status().catch((error: Error) => ({ pending: null, delivered: null, lastError: error.message }));
    return {
      reminders: { ...reminders, failing: mailError !== null, ...(operator && { lastError: mailError }) },
      webhooks: { ...webhooks, ...(operator && { lastError: webhookError }) },
    };
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
