import type { Actor } from '@ledger/domain';
import type { FastifyRequest } from 'fastify';
import type { KeyHolder } from '../access/api-keys';
import { problem } from '../http/problem-details.filter';

/** Who is making a request: the operator, or one organization (speaking only for itself). */
export type Principal =
  | { kind: 'operator'; keyId?: string }
  | { kind: 'organization'; organizationId: string; keyId?: string };

/**
 * The one place that says who is acting: the holder of the request's API key, put on the request
 * by the ApiKeyGuard. Nothing in the body or in other headers can change it.
 */
export function resolvePrincipal(request: FastifyRequest): Principal {
  const holder = (request as FastifyRequest & { principal?: KeyHolder }).principal;
  if (!holder) throw problem(401, 'unauthenticated', 'unauthenticated', 'Send an API key: Authorization: Bearer <key>', { code: 'missing_api_key' });
  return holder;
}

/** Scope of idempotency keys: each principal has its own key space. */
export function principalScope(principal: Principal): string {
  return principal.kind === 'operator' ? 'operator' : `org:${principal.organizationId}`;
}

/** The domain's actor for a principal: the operator, or the organization acting for itself. */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'operator' ? { kind: 'operator' } : { kind: 'organization', organizationId: principal.organizationId };
}
