import { Module } from '@nestjs/common';
import { KafkaPublisher } from './kafka-publisher.service';

/** Publishes the log to Kafka for member organizations (on when KAFKA_BROKERS is set). */
@Module({ providers: [KafkaPublisher], exports: [KafkaPublisher] })
export class PublisherModule {}
