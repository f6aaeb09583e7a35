import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { REDIS } from '@quarry/infrastructure';
import {
  InMemoryRateLimitCounter,
  RATE_LIMIT_COUNTER,
  RedisRateLimitCounter,
} from '../rate-limits/rate-limit-counter';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { ApiKeyGuard } from './api-key.guard';
import { KeyCache } from './key-cache';
import { KeyUsage } from './key-usage';

/** Installs the API key guard for every route (it acts on /v1 only), with rate limits per key and plan. */
@Module({
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    {
      provide: RATE_LIMIT_COUNTER,
      inject: [REDIS],
      useFactory: (redis: Redis | null) =>
        redis ? new RedisRateLimitCounter(redis) : new InMemoryRateLimitCounter(),
    },
    RateLimiter,
    KeyCache,
    KeyUsage,
  ],
  exports: [KeyCache],
})
export class AuthModule {}
