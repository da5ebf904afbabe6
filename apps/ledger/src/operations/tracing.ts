import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { FastifyInstance } from 'fastify';

/**
 * OpenTelemetry tracing: off unless the standard variables ask for it — `OTEL_TRACES_EXPORTER`
 * (`otlp` or `console`; `none` keeps it off) or an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); `OTEL_SDK_DISABLED=true` wins over both. The exporter and
 * the batch processor read their own OTEL_* variables (headers, timeouts, OTEL_BSP_*), the resource
 * OTEL_SERVICE_NAME (default `stewardship-ledger`) and OTEL_RESOURCE_ATTRIBUTES.
 *
 * One span per request (`GET /commitments/:id`, a server span that continues a W3C `traceparent`
 * sent with the request), and one per event-store call inside it (instrumented-store.ts).
 */
export interface Tracing {
  /** Sends the spans still buffered and stops. */
  shutdown(): Promise<void>;
}

let active: TracerProvider | null = null;

export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter) return exporter !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/** Starts tracing for this process when the environment asks for it (once; main.ts); null when it does not. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (active || !tracingRequested(env)) return null;
  const exporter: SpanExporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'stewardship-ledger' }).merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  active = provider;
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      active = null;
    },
  };
}

const SPAN = Symbol('span');

/** One server span per request, the request's own handling running inside it (when tracing is on). */
export function traceRequests(fastify: FastifyInstance): void {
  if (!active) return;
  const tracer = trace.getTracer('stewardship-ledger');
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions?.url;
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(
      `${request.method} ${route ?? 'unmatched'}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0], ...(route ? { 'http.route': route } : {}), 'ledger.request_id': request.id } },
      parent,
    );
    (request as unknown as Record<symbol, Span>)[SPAN] = span;
    // What runs for this request from here on (guards, the handler, its store calls) is in the span's context.
    context.with(trace.setSpan(parent, span), done);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const span = (request as unknown as Record<symbol, Span | undefined>)[SPAN];
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
