import { Module } from '@nestjs/common';
import { PublisherModule } from '../publisher/publisher.module';
import { QueriesModule } from '../queries/queries.module';
import { HealthController } from './health.controller';

@Module({ imports: [PublisherModule, QueriesModule], controllers: [HealthController] })
export class HealthModule {}
