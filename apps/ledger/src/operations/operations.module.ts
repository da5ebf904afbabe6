import { Module } from '@nestjs/common';
import { PublisherModule } from '../publisher/publisher.module';
import { QueriesModule } from '../queries/queries.module';
import { MetricsCollector } from './metrics-collector';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';

/** What an operator runs the ledger with: /metrics (the LedgerMetrics registry itself is the infrastructure's). */
@Module({ imports: [PublisherModule, QueriesModule], controllers: [MetricsController], providers: [MetricsCollector, MetricsServer] })
export class OperationsModule {}
