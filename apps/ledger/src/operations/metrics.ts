import { HttpException } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { isDomainError } from '@ledger/domain';
import { storeFault } from '@ledger/event-store';

/** Seconds: from a fast SQLite append (a millisecond) to a command stuck behind a slow database. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Routes that are not queries of the ledger: its own plumbing and the dashboard's files. */
const NOT_QUERIES = /^(\/health|\/metrics|\/docs|\/assets|\/$|\/\*)/;

/**
 * The ledger's metrics, in one prom-client registry per app (not the process-wide default: a test
 * process runs several apps). Served at /metrics in the Prometheus text format (metrics.controller.ts).
 *
 * - `ledger_commands_total{kind,outcome}` and `ledger_command_duration_seconds{kind,outcome}`: each
 *   command through the command handler, by its domain type, and how it ended — `ok`, `replayed`
 *   (an Idempotency-Key retry), a refusal's kind (`invalid`, `forbidden`, `not_found`, `conflict`,
 *   `rule`, `refused`), `unavailable` (the store) or `error`;
 * - `ledger_events_appended_total`, `ledger_appends_total{outcome}`: what the store was asked to
 *   append, and `ledger_store_call_duration_seconds{operation,outcome}` for every store call;
 * - `ledger_queries_total{route,status}` and `ledger_query_duration_seconds{route}`: every GET of the API;
 *   `ledger_http_requests_total{method,route,status}` for every request;
 * - gauges read at each scrape (metrics-collector.ts): the log's head, projector and publisher lag;
 * - Node's own (prom-client's default metrics): event-loop delay, heap, CPU, open handles, ...
 */
export class LedgerMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands handled, by domain command type and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandDuration = new Histogram({
    name: 'ledger_command_duration_seconds',
    help: 'Time to handle a command (load, decide, append), by domain command type and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly appends = new Counter({
    name: 'ledger_appends_total',
    help: 'Appends asked of the event store, by outcome (ok, refused, unavailable).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'ledger_events_appended_total',
    help: 'Events in the answers of successful appends (an idempotent retry counts its events again).',
    registers: [this.registry],
  });
  readonly storeCalls = new Histogram({
    name: 'ledger_store_call_duration_seconds',
    help: 'Event-store calls, by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly queries = new Counter({
    name: 'ledger_queries_total',
    help: 'Queries (GET requests to the API), by route and status.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly queryDuration = new Histogram({
    name: 'ledger_query_duration_seconds',
    help: 'Time to answer a query, by route.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly httpRequests = new Counter({
    name: 'ledger_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge whose value is read when scraped; one that cannot be read (`read` failing or answering undefined) shows 0. */
  gauge(name: string, help: string, read: () => Promise<number | undefined>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        const value = await read().catch(() => undefined);
        this.reset();
        if (value !== undefined) this.set(value);
      },
    });
  }

  /** Times a command and counts it by its outcome. */
  async command<T>(kind: string, run: () => Promise<T>, replayed: (answer: T) => boolean): Promise<T> {
    const end = this.commandDuration.startTimer();
    let outcome = 'ok';
    try {
      const answer = await run();
      if (replayed(answer)) outcome = 'replayed';
      return answer;
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      end({ kind, outcome });
      this.commands.inc({ kind, outcome });
    }
  }

  /** Counts every answered request, and the API's GETs as queries (Fastify's onResponse). */
  observeHttp(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions?.url ?? 'unmatched';
      const status = String(reply.statusCode);
      this.httpRequests.inc({ method: request.method, route, status });
      if (request.method === 'GET' && route !== 'unmatched' && !NOT_QUERIES.test(route)) {
        this.queries.inc({ route, status });
        this.queryDuration.observe({ route }, reply.elapsedTime / 1000);
      }
    });
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** How a failed command ended, as a label: the refusal's kind, or a fault. */
export function outcomeOf(error: unknown): string {
  if (storeFault(error)) return 'unavailable';
  if (isDomainError(error)) return error.kind;
  if (error instanceof HttpException) return error.getStatus() < 500 ? 'refused' : 'error';
  return 'error';
}
