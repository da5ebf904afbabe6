import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { KafkaPublisher } from '../publisher/kafka-publisher.service';
import { ProjectionService } from '../queries/projection.service';
import { LedgerMetrics } from './metrics';

/** The gauges read at each scrape: how far the log reaches, and how far behind it the projector and the publisher are. */
@Injectable()
export class MetricsCollector {
  constructor(metrics: LedgerMetrics, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionService, publisher: KafkaPublisher) {
    metrics.gauge('ledger_log_head_position', 'Position of the last event in the log.', async () => (await store.head()).position);
    metrics.gauge('ledger_projection_lag_events', 'Events in the log not yet in the read models.', async () => (await projections.status()).lag);
    metrics.gauge('ledger_projection_checkpoint_position', 'Position of the last event applied to the read models.', async () => (await projections.status()).checkpoint);
    metrics.gauge('ledger_publisher_enabled', '1 when the Kafka publisher is on (KAFKA_BROKERS), 0 when it is off.', async () => (publisher.enabled ? 1 : 0));
    metrics.gauge('ledger_publisher_lag_events', 'Events in the log not yet acknowledged by Kafka (0 when the publisher is off).', async () => (await publisher.status()).lag ?? 0);
  }
}
