import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { ClusterModule } from './cluster/cluster.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { IntegrityModule } from './integrity/integrity.module';
import { LedgerLogModule } from './ledger-log/ledger-log.module';
import { InfrastructureModule, type InfrastructureOptions } from './infrastructure/infrastructure.module';
import { OperationsModule } from './operations/operations.module';
import { PublisherModule } from './publisher/publisher.module';
import { QueriesModule } from './queries/queries.module';
import { RecordsModule } from './records/records.module';
import { ReportsModule } from './reports/reports.module';
import { NotificationsModule } from './notifications/notifications.module';

export type LedgerAppOptions = InfrastructureOptions;

/**
 * The embedded ledger: API, projections and publisher in one process, each its own module so
 * they can later run as separate processes.
 */
@Module({})
export class AppModule {
  static forRoot(options: LedgerAppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [InfrastructureModule.forRoot(options), ClusterModule, AccessModule, RecordsModule, QueriesModule, LedgerLogModule, IntegrityModule, PublisherModule, HealthModule, OperationsModule, DashboardModule, ReportsModule, NotificationsModule],
    };
  }
}
