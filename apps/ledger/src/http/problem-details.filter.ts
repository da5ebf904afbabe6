import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type DomainError, type DomainErrorKind } from '@ledger/domain';
import { storeFault } from '@ledger/event-store';

/** An RFC 9457 problem document. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://stewardship-ledger.example/problems/';

/** Anything thrown with a ready problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDocument) {
    super(problem, problem.status);
  }
}

export function problem(status: number, slug: string, title: string, detail?: string, extra: Record<string, unknown> = {}) {
  return new ProblemException({ type: PROBLEM_BASE + slug, title, status, ...(detail ? { detail } : {}), ...extra });
}

/**
 * Turns every error into application/problem+json. A fault of the store's machine (a read-only,
 * full or lost file, a database that cannot be reached: storeFault) is a 503, whichever adapter or
 * table it came from. Unknown errors become a 500 without internals (the stack goes to the log
 * only) — the aim is that no input ever reaches that branch.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const fault = storeFault(exception);
    const body = fault ? STORE_UNAVAILABLE : this.toProblem(exception);
    if (fault) this.logger.error(`${request.method} ${request.url}: the store is unavailable: ${fault.message}`);
    else if (body.status >= 500) this.logger.error(`${request.method} ${request.url}: ${(exception as Error)?.stack ?? exception}`);
    void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof ProblemException) return exception.problem;
    if (isDomainError(exception)) return domainProblem(exception);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string' ? response : (response as { message?: string | string[] }).message ?? exception.message;
      return {
        type: PROBLEM_BASE + slugFor(status),
        title: HttpStatus[status]?.toLowerCase().replace(/_/g, ' ') ?? 'error',
        status,
        detail: Array.isArray(message) ? message.join('; ') : String(message),
      };
    }
    // Fastify's own client errors (bad JSON, body too large, wrong content type) carry a statusCode.
    const statusCode = (exception as { statusCode?: number })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return {
        type: PROBLEM_BASE + slugFor(statusCode),
        title: HttpStatus[statusCode]?.toLowerCase().replace(/_/g, ' ') ?? 'bad request',
        status: statusCode,
        detail: (exception as Error).message,
      };
    }
    return { type: PROBLEM_BASE + 'internal', title: 'internal error', status: 500, detail: 'The ledger could not complete the request.' };
  }
}

/** How the HTTP layer answers each kind of refusal (LEDGER.md, errors). */
const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, { status: number; title: string }>> = {
  invalid: { status: 400, title: 'invalid input' },
  forbidden: { status: 403, title: 'not allowed' },
  not_found: { status: 404, title: 'not found' },
  conflict: { status: 409, title: 'conflict' },
  rule: { status: 422, title: 'refused by a rule' },
};

/** A refusal of the domain (or of the command path) as a problem document naming its rule. */
export function domainProblem(error: DomainError): ProblemDocument {
  const { status, title } = DOMAIN_ERROR_STATUS[error.kind];
  return {
    type: PROBLEM_BASE + error.code.replace(/_/g, '-'),
    title,
    status,
    detail: error.detail,
    code: error.code,
    ...(error.kind === 'invalid' ? { errors: [{ path: error.path ?? '', message: error.detail }] } : {}),
    ...error.details,
  };
}

/** The cause is in the log and on /health; the answer names no file or server. */
const STORE_UNAVAILABLE: ProblemDocument = {
  type: PROBLEM_BASE + 'store-unavailable',
  title: 'store unavailable',
  status: 503,
  detail: 'The ledger cannot use its store just now (GET /health says why); try again later. A command retried with the same Idempotency-Key is recorded at most once.',
  code: 'store_unavailable',
};

function slugFor(status: number): string {
  return (HttpStatus[status] ?? 'error').toLowerCase().replace(/_/g, '-');
}
