import { Module } from '@nestjs/common';
import { Leadership } from '../cluster/leadership.service';
import { KafkaPublisher } from './kafka-publisher.service';

/** Publishes the log to Kafka for member organizations (on when KAFKA_BROKERS is set), from the leader. */
@Module({ providers: [KafkaPublisher], exports: [KafkaPublisher] })
export class PublisherModule {
  constructor(leadership: Leadership, publisher: KafkaPublisher) {
    leadership.register(publisher);
  }
}
