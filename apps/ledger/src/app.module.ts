import { Module } from '@nestjs/common';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { PublisherModule } from './publisher/publisher.module';
import { RecordsModule } from './records/records.module';

/**
 * The embedded ledger: API, projections and publisher in one process, each its own module so
 * they can later run as separate processes.
 */
@Module({
  imports: [InfrastructureModule, RecordsModule, PublisherModule, HealthModule],
})
export class AppModule {}
