import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { problem } from '../http/problem-details.filter';

/** Who is making a request: the operator, or one organization (speaking only for itself). */
export type Principal =
  | { kind: 'operator'; keyId?: string }
  | { kind: 'organization'; organizationId: string; keyId?: string };

const ORG_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The one place that decides who is acting. Until API keys land, the acting organization comes
 * from the X-Acting-Organization header and a request without it acts as the operator.
 */
export function resolvePrincipal(request: FastifyRequest): Principal {
  const header = request.headers['x-acting-organization'];
  if (header === undefined) return { kind: 'operator' };
  const value = Array.isArray(header) ? header[0] : header;
  if (!ORG_ID.test(value)) {
    throw problem(400, 'validation', 'invalid input', 'X-Acting-Organization must be an organization id', {
      errors: [{ path: 'headers.x-acting-organization', message: 'must be an organization id (lowercase slug)' }],
    });
  }
  return { kind: 'organization', organizationId: value };
}

/** Parameter decorator: the request's principal. */
export const ActingPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal =>
  resolvePrincipal(context.switchToHttp().getRequest<FastifyRequest>()),
);

/** Scope of idempotency keys: each principal has its own key space. */
export function principalScope(principal: Principal): string {
  return principal.kind === 'operator' ? 'operator' : `org:${principal.organizationId}`;
}
