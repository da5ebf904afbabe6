import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { KeyHolder } from './api-keys';

/**
 * Rate limiting per API key (after authentication, so each key has its own budget; /health by
 * client address). Over the limit: 429 with Retry-After, as a problem document.
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const holder = request.principal as KeyHolder | undefined;
    return holder ? `key:${holder.keyId}` : `ip:${String(request.ip)}`;
  }
}
