import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_OPERATOR_KEY } from '../support/ledger-app';
import { startServerProcess, type ServerProcess } from './support/server-process';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

/** An OTLP/HTTP receiver (JSON), as an OpenTelemetry collector listens on :4318/v1/traces. */
async function collector(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; contentTypes: string[] }> {
  const spans: OtlpSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      contentTypes.push(String(request.headers['content-type']));
      const payload = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
      for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`, spans, contentTypes };
}

/**
 * Tracing is off by default and on with the standard OTEL_* variables: one server span per request,
 * continuing the caller's W3C traceparent, and a span per store call inside it.
 */
describe('OpenTelemetry tracing', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-tracing-'));
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports a span per request and per store call to the OTLP endpoint OTEL_EXPORTER_OTLP_TRACES_ENDPOINT names', async () => {
    const otlp = await collector();
    try {
      server = await startServerProcess({
        LEDGER_DATA_DIR: dataDir,
        LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY,
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlp.url,
        OTEL_SERVICE_NAME: 'ledger-under-test',
      });
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const response = await fetch(`${server.baseUrl}/organizations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}`, 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
        body: JSON.stringify({ id: 'traced-org', name: 'Traced', sector: 'other' }),
      });
      expect(response.status).toBe(201);
      // The batch of spans is sent at the latest when the server stops.
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      server = undefined;

      expect(otlp.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
      const request = otlp.spans.find((span) => span.name === 'POST /organizations');
      expect(request).toBeDefined();
      expect(request!.traceId).toBe(traceId);
      expect(request!.parentSpanId).toBe('00f067aa0ba902b7');
      expect(request!.attributes).toEqual(expect.arrayContaining([{ key: 'http.response.status_code', value: { intValue: 201 } }]));
      const storeCalls = otlp.spans.filter((span) => span.parentSpanId === request!.spanId && span.name.startsWith('store.'));
      expect(storeCalls.map((span) => span.name)).toEqual(expect.arrayContaining(['store.appendMany']));
      for (const span of storeCalls) expect(span.traceId).toBe(traceId);
    } finally {
      otlp.server.close();
    }
  });

  it('is off with OTEL_SDK_DISABLED=true, whatever else is set: nothing is sent', async () => {
    const otlp = await collector();
    try {
      server = await startServerProcess({
        LEDGER_DATA_DIR: dataDir,
        LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY,
        OTEL_SDK_DISABLED: 'true',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlp.url,
      });
      const response = await fetch(`${server.baseUrl}/commitments`, { headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}` } });
      expect(response.status).toBe(200);
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(server.output()).not.toMatch(/tracing on/);
      server = undefined;
      expect(otlp.spans).toEqual([]);
    } finally {
      otlp.server.close();
    }
  });
});
