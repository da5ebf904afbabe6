import { Module } from '@nestjs/common';
import { PublisherModule } from '../publisher/publisher.module';
import { HealthController } from './health.controller';

@Module({ imports: [PublisherModule], controllers: [HealthController] })
export class HealthModule {}
