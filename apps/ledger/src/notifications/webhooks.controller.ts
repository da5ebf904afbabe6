import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import type { LedgerConfig } from '@ledger/config';
import { RECORDS } from '@ledger/domain';
import { newEventId, type Clock } from '@ledger/event-store';
import type { NotificationStore } from '@ledger/support-store';
import { ReadPolicy } from '../access/read-policy';
import { callerOf } from '../commands/caller.decorator';
import { resolvePrincipal, type Principal } from '../commands/principal';
import { RecordCommand, type CommandOutcome } from '../commands/record-command';
import { problem } from '../http/problem-details.filter';
import { LEDGER_CLOCK, LEDGER_CONFIG } from '../infrastructure/tokens';
import { EmptyDto, plain } from '../records/shared/dto';
import { RecordIdParam } from '../records/shared/params';
import { DeliveriesQuery, WebhookDto } from './notifications.dto';
import { NOTIFICATION_STORE } from './tokens';
import { newWebhookSecret, WebhookDispatcher } from './webhooks.service';
import { webhookUrlRefusal } from './webhook-url';

/** Webhooks (LEDGER.md): an organization subscribes for itself; deliveries follow the Standard Webhooks scheme. */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly bus: CommandBus,
    private readonly dispatcher: WebhookDispatcher,
    private readonly policy: ReadPolicy,
    @Inject(NOTIFICATION_STORE) private readonly store: NotificationStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Subscribe a webhook (an organization, for itself): answers { id, secret }, the secret shown this once',
    description:
      'Deliveries are POSTs of { type, timestamp, data: the event envelope } signed by the Standard Webhooks scheme (webhook-id: the ' +
      'event id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body with the secret>), of the events the ' +
      'organization may read as they happen (the read policy of GET /ledger/stream), of `types` and `collaborativeId` when given; ' +
      'retried with exponential backoff until answered 2xx, in log order per webhook. The webhook ends when it is removed or when the ' +
      'API key that subscribed it is revoked. A URL that is not http(s), points at the ledger itself, or at a private, loopback or ' +
      'link-local address (unless LEDGER_WEBHOOKS_ALLOW_PRIVATE) is refused with 400.',
  })
  async subscribe(@Body() body: WebhookDto, @Req() request: FastifyRequest) {
    const caller = callerOf(request);
    const principal = caller.principal;
    if (principal.kind !== 'organization') {
      throw problem(403, 'forbidden', 'not allowed', 'An organization subscribes webhooks for itself, with its own key; the operator does not', { code: 'organization_only' });
    }
    if (body.collaborativeId !== undefined) this.policy.requireCollaborative(await this.policy.scopeOf(principal), body.collaborativeId);
    const refusal = await webhookUrlRefusal(body.url, { allowPrivate: this.config.webhooks.allowPrivate, ledgerHosts: this.ledgerHosts(request) });
    if (refusal) throw problem(400, 'validation', 'invalid input', refusal.detail, { code: refusal.code, errors: [{ path: 'url', message: refusal.detail, code: refusal.code }] });
    const webhookId = newEventId();
    const secret = newWebhookSecret();
    // Sealed and kept before the subscription is on the log: a crash between leaves a secret no webhook uses, never a webhook that cannot sign.
    await this.store.saveWebhookSecret(webhookId, this.dispatcher.sealer.seal(secret, webhookId), this.clock().toISOString());
    const outcome: CommandOutcome = await this.bus.execute(
      new RecordCommand(RECORDS.organization, principal.organizationId, { type: 'SubscribeWebhook', data: { webhookId, ...plain(body) } }, caller),
    );
    return {
      id: webhookId,
      secret,
      organizationId: principal.organizationId,
      url: body.url,
      types: body.types ?? null,
      collaborativeId: body.collaborativeId ?? null,
      position: (outcome.body as { position: number }).position,
    };
  }

  @Get()
  @ApiOperation({ summary: "Webhooks: an organization's own, the operator's all (never the secrets)" })
  list(@Req() request: FastifyRequest) {
    const principal = resolvePrincipal(request);
    return { items: this.dispatcher.list(principal.kind === 'operator' ? undefined : principal.organizationId), nextCursor: null };
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "A webhook's delivery log, newest first (its organization, or the operator)",
    description:
      'items: [{ id, position, eventId, eventType, status (pending | delivered | cancelled), attempts, lastAttemptAt, lastStatusCode, ' +
      'lastError, deliveredAt, nextAttemptAt }]; nextCursor: pass it as before for older ones.',
  })
  async deliveries(@Param() params: RecordIdParam, @Query() query: DeliveriesQuery, @Req() request: FastifyRequest) {
    this.owned(params.id, resolvePrincipal(request));
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    const rows = await this.store.deliveries(params.id, limit, query.before === undefined ? undefined : Number(query.before));
    return {
      items: rows.map((r) => ({
        id: r.id,
        position: r.position,
        eventId: r.eventId,
        eventType: r.eventType,
        status: r.status,
        attempts: r.attempts,
        lastAttemptAt: r.lastAttemptAt,
        lastStatusCode: r.lastStatusCode,
        lastError: r.lastError,
        deliveredAt: r.deliveredAt,
        nextAttemptAt: r.status === 'pending' && r.nextAttemptAt > 0 ? new Date(r.nextAttemptAt).toISOString() : null,
      })),
      nextCursor: rows.length === limit ? String(rows[rows.length - 1].id) : null,
    };
  }

  @Post(':id/removal')
  @ApiOperation({ summary: 'End a webhook (its organization, or the operator): nothing more is delivered, pending deliveries are cancelled' })
  removal(@Param() params: RecordIdParam, @Body() _body: EmptyDto, @Req() request: FastifyRequest) {
    const caller = callerOf(request);
    const webhook = this.owned(params.id, caller.principal);
    return this.bus.execute(new RecordCommand(RECORDS.organization, webhook.organizationId, { type: 'RemoveWebhook', data: { webhookId: params.id } }, caller));
  }

  /** The webhook, when the principal may see it (its organization, the operator); 404 otherwise, as if unknown. */
  private owned(webhookId: string, principal: Principal) {
    const webhook = this.dispatcher.subscription(webhookId);
    if (!webhook || (principal.kind === 'organization' && principal.organizationId !== webhook.organizationId)) {
      throw problem(404, 'not-found', 'not found', `there is no webhook ${webhookId} of yours`, { code: 'webhook_not_found' });
    }
    return webhook;
  }

  /** host:port the ledger answers on: the request's Host, and where it listens. */
  private ledgerHosts(request: FastifyRequest): string[] {
    const port = String(this.config.port);
    const hosts = [`${this.config.host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`];
    const host = request.headers.host;
    if (typeof host === 'string') hosts.push(host.includes(':') ? host : `${host}:80`);
    const local = request.socket?.localPort;
    if (local) hosts.push(`localhost:${local}`, `127.0.0.1:${local}`, `${this.config.host}:${local}`);
    return hosts;
  }
}
