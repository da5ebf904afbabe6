import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PublisherModule } from '../publisher/publisher.module';
import { QueriesModule } from '../queries/queries.module';
import { HealthController } from './health.controller';
import { StoreWatch } from './store-watch.service';

@Module({ imports: [PublisherModule, QueriesModule, OperationsModule, NotificationsModule], controllers: [HealthController], providers: [StoreWatch] })
export class HealthModule {}
