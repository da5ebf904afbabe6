import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerConfig } from '@ledger/config';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { LEDGER_CONFIG } from '../infrastructure/tokens';
import { LedgerMetrics } from './metrics';

/**
 * `GET /metrics` on the ledger's port: the Prometheus text format, to the operator's key only (a
 * scraper is configured with it as a bearer token). With LEDGER_METRICS_PORT the metrics are served
 * on that port instead (metrics-server.ts), and this route answers 404.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: LedgerMetrics,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  async scrape(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (this.config.metricsPort !== undefined) {
      throw problem(404, 'not-found', 'not found', 'The metrics are served on their own port (LEDGER_METRICS_PORT).', { code: 'metrics_elsewhere' });
    }
    if (resolvePrincipal(request).kind !== 'operator') {
      throw problem(403, 'forbidden', 'not allowed', "Only the operator's key may read the metrics.", { code: 'operator_only' });
    }
    const { contentType, body } = await this.metrics.exposition();
    void reply.header('content-type', contentType);
    return body;
  }
}
