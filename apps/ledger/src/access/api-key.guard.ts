import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { problem } from '../http/problem-details.filter';
import { ApiKeyService, bearerKey } from './api-key.service';
import { AuthFailures } from './auth-failures';
import { IS_PUBLIC } from './public.decorator';

/**
 * Authentication for every route but those marked @Public(): `Authorization: Bearer <key>`.
 * The key decides who acts; nothing in the request's body or other headers can.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly reflector: Reflector,
    private readonly failures: AuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: unknown }>();
    const header = request.headers.authorization;
    const key = bearerKey(header);
    if (!key) {
      if (typeof header === 'string' && header !== '') this.failures.recordFailure(request.ip);
      throw problem(401, 'unauthenticated', 'unauthenticated', 'Send an API key: Authorization: Bearer <key>', { code: 'missing_api_key' });
    }
    const holder = await this.keys.authenticate(key);
    if (holder === 'unknown' || holder === 'revoked') {
      this.failures.recordFailure(request.ip);
      throw problem(401, 'unauthenticated', 'unauthenticated', holder === 'revoked' ? 'This API key was revoked' : 'This API key is not known', {
        code: holder === 'revoked' ? 'revoked_api_key' : 'unknown_api_key',
      });
    }
    this.failures.recordSuccess(request.ip, header!);
    request.principal = holder;
    return true;
  }
}
