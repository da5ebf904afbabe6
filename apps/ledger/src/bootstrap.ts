import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { loadConfig } from '@ledger/config';
import { AppModule, type LedgerAppOptions } from './app.module';
import { PROBLEM_BASE, ProblemDetailsFilter } from './http/problem-details.filter';
import { strictValidationPipe } from './http/validation';
import { setUpOpenApi } from './http/openapi';
import { registerJsonBodyParser } from './http/json-body';
import { securityHeaders } from './http/security-headers';
import { GracefulShutdown } from './operations/graceful-shutdown';
import { LedgerMetrics } from './operations/metrics';
import { traceRequests } from './operations/tracing';
import { createLedgerLogger, PinoNestLogger, RequestLines, requestIdOf, silentLogger, type LedgerLogger } from './operations/logging';

/** Body size limit: commands are small; anything bigger is refused with 413 before parsing. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the HTTP application (used by main.ts and by the HTTP tests). `logger`: where its JSON lines
 * go (operations/logging.ts); by default a new one on standard output at LOG_LEVEL; `false`: none.
 */
export async function createLedgerApp(options: { logger?: false | LedgerLogger } & LedgerAppOptions = {}): Promise<NestFastifyApplication> {
  const config = loadConfig();
  const log = options.logger === false ? silentLogger() : (options.logger ?? createLedgerLogger(config.logLevel));
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ clock: options.clock }),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      // When the app closes, close the connections left too (a browser may hold one open for minutes).
      // A graceful stop (main.ts) first lets every request in flight finish (GracefulShutdown).
      forceCloseConnections: true,
      // One JSON line per request (RequestLines), with the request's id: its x-request-id, or a new one.
      loggerInstance: log,
      logController: new RequestLines(),
      genReqId: requestIdOf,
      // Strict JSON: a body that is not JSON, or has a __proto__/constructor key, is refused.
      onProtoPoisoning: 'error',
      onConstructorPoisoning: 'error',
      // Errors of Fastify's router (a malformed URL, a path parameter over its length limit) never
      // reach Nest: answer them as problem documents too.
      frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
        void reply
          .code(status)
          .type('application/problem+json')
          .send({ type: `${PROBLEM_BASE}bad-request`, title: 'bad request', status, detail: status === 414 ? 'A path parameter is too long.' : 'The request URL is malformed.' });
      },
    }),
    {
      // The ledger's own logs go through the same pino logger: one JSON object per line, at LOG_LEVEL.
      logger: options.logger === false ? false : new PinoNestLogger(log),
      abortOnError: false,
      // The JSON body parser is the ledger's own (below); Nest would register Fastify's default.
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // First of the hooks: while the server stops, a request is refused before anything else runs.
  app.get(GracefulShutdown).attach(fastify);
  // One span per request when tracing is on (OTEL_* variables; main.ts starts it).
  traceRequests(fastify);
  // JSON bodies nested too deep or holding too many entries are refused before they are parsed.
  registerJsonBodyParser(fastify, BODY_LIMIT_BYTES);
  const headers = {
    ...securityHeaders({
      // The dashboard and /docs load only their own scripts; styles may be inline (charts, Swagger UI).
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
    // Answers carry records, keys and problem documents: no cache or proxy may keep them. The
    // dashboard's page and assets set their own caching over this (dashboard-assets.ts).
    'cache-control': 'no-store',
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers).header('x-request-id', request.id);
    done();
  });
  // Strict JSON: a command's body, when there is one, is application/json and nothing else (Nest
  // would otherwise accept an HTML form too).
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST') return;
    const type = request.headers['content-type'];
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !(typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type))) {
      await reply
        .code(415)
        .type('application/problem+json')
        .send({ type: `${PROBLEM_BASE}unsupported-media-type`, title: 'unsupported media type', status: 415, detail: 'Send the body as application/json.' });
    }
  });
  // A command with nothing to say may come without a body: validate it as {}.
  fastify
    .addHook('preValidation', async (request) => {
      if (request.method === 'POST' && request.body === undefined) request.body = {};
    });
  // Every answered request counted (and the API's GETs as queries) for /metrics.
  app.get(LedgerMetrics).observeHttp(fastify);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(strictValidationPipe());
  setUpOpenApi(app);
  return app;
}
