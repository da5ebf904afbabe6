import { Module } from '@nestjs/common';
import { LedgerLogModule } from '../ledger-log/ledger-log.module';
import { PublisherModule } from '../publisher/publisher.module';
import { QueriesModule } from '../queries/queries.module';
import { GracefulShutdown } from './graceful-shutdown';
import { MetricsCollector } from './metrics-collector';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';

/**
 * What an operator runs the ledger with: /metrics (the LedgerMetrics registry itself is the
 * infrastructure's) and the graceful stop.
 */
@Module({
  imports: [PublisherModule, QueriesModule, LedgerLogModule],
  controllers: [MetricsController],
  providers: [MetricsCollector, MetricsServer, GracefulShutdown],
  exports: [GracefulShutdown],
})
export class OperationsModule {}
