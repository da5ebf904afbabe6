import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { loadConfig } from '@ledger/config';
import { AccessIndex } from './access-index.service';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { AuthFailureGuard, AuthFailures } from './auth-failures';
import { KeyThrottlerGuard } from './key-throttler.guard';
import { ReadPolicy } from './read-policy';

/**
 * Authentication by API key for every route (a global guard), behind a limit of failed
 * authentications per client address (the guard before it); rate limiting per key (a guard after
 * it); and the read policy every query asks.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      useFactory: () => {
        const perMinute = loadConfig().rateLimitPerMinute;
        return { throttlers: [{ ttl: 60_000, limit: perMinute }], skipIf: () => perMinute === 0 };
      },
    }),
  ],
  providers: [
    ApiKeyService,
    AuthFailures,
    AccessIndex,
    { provide: ReadPolicy, inject: [AccessIndex], useFactory: (index: AccessIndex) => new ReadPolicy(index) },
    // Global guards run in the order they are provided.
    { provide: APP_GUARD, useClass: AuthFailureGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: KeyThrottlerGuard },
  ],
  exports: [ApiKeyService, AuthFailures, AccessIndex, ReadPolicy],
})
export class AccessModule {}
