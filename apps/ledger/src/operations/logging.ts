import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The ledger's logs: pino, one JSON object per line on standard output, for every line the process
 * writes — Nest's own (through PinoNestLogger), Fastify's, and one line per request (RequestLines).
 * No line ever carries a secret: requests are logged field by field (never their headers or body),
 * and the paths below are censored wherever an object holding them is logged anyway.
 */
const REDACTED = [
  'req.headers.authorization',
  'req.headers["x-ledger-signature"]',
  'headers.authorization',
  'authorization',
  'key',
  'secret',
  'operatorKey',
];

/** The request id a client may send (x-request-id) and the ledger then uses: short, visible ASCII. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export type LedgerLogger = Logger;

/** The process's root logger, at `level` (LOG_LEVEL); `destination` is standard output unless a test gives one. */
export function createLedgerLogger(level: string, destination?: DestinationStream): LedgerLogger {
  return pino(
    {
      level,
      base: { service: 'stewardship-ledger' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    // Synchronous: a line written just before the process exits (a failed start, SIGTERM) is not lost.
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** A logger that writes nothing (tests, and the command line's in-process ledger). */
export function silentLogger(): LedgerLogger {
  return pino({ level: 'silent' });
}

/**
 * Fastify's genReqId: the request's `x-request-id` when it is a plausible id (so a proxy's or a
 * client's id follows the request into the ledger's log), else a new UUID. The answer echoes it.
 */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && CLIENT_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** Who acted, as the API-key guard put it on the request. */
interface RequestWithPrincipal {
  principal?: { kind: 'operator'; keyId?: string } | { kind: 'organization'; organizationId: string; keyId?: string };
}

/**
 * The one line per request: method, route (the pattern, e.g. /commitments/:id), path, status,
 * duration, the request id (as `requestId`, bound by Fastify), and who acted — the organization (or
 * `operator`) and the key id, never the key. Fastify's own "incoming request" line is not written.
 */
export class RequestLines extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const principal = (request as FastifyRequest & RequestWithPrincipal).principal;
    const status = reply.statusCode;
    const line = {
      method: request.method,
      route: request.routeOptions?.url ?? null,
      path: request.url.split('?')[0],
      status,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      organization: principal ? (principal.kind === 'operator' ? 'operator' : principal.organizationId) : null,
      keyId: principal?.keyId ?? null,
      ...(error ? { err: { type: error.name, message: error.message } } : {}),
    };
    if (error || status >= 500) request.log.error(line, 'request');
    else request.log.info(line, 'request');
  }
}

/** Nest's start-up chatter (every module and route it set up): at debug, so the info log stays the ledger's own. */
const NEST_STARTUP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

const NEST_TO_PINO = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' } as const;

/**
 * Nest's LoggerService over pino: `new Logger('Store').error(...)` anywhere in the app becomes a JSON
 * line with `context: "Store"`. Nest passes the context last, and an error's stack before it.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: LedgerLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: keyof typeof NEST_TO_PINO, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (level === 'log' && context && NEST_STARTUP_CONTEXTS.has(context)) level = 'debug';
    if (level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n    at ')) fields.stack = rest.shift();
    if (message instanceof Error) {
      fields.err = message;
      this.root[NEST_TO_PINO[level]](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[NEST_TO_PINO[level]]({ ...fields, ...(message as object) });
    } else {
      this.root[NEST_TO_PINO[level]](fields, String(message));
    }
  }
}
