import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { QuarryConfig } from '@quarry/config';
import type { Plan } from '@quarry/identity';
import type { RateLimitCounter } from './rate-limit-counter';
import { RATE_LIMIT_COUNTER } from './rate-limit-counter';
import { retryAfter } from './rate-limit-headers';
import type { RateLimitPolicy, WindowState } from './rate-limit-policy';
import { FAILED_AUTHENTICATION, policiesFor, windowOf, windowState } from './rate-limit-policy';

/** A window's counter outlives it a little, so clock skew between instances never reopens it. */
const COUNTER_GRACE_MS = 60_000;

/**
 * Counts a request against its key's quotas. When the counter store is
 * unreachable, requests are served unlimited (and the outage logged): an
 * outage of Redis must not become an outage of the API.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private lastOutageLog = 0;

  constructor(
    @Inject(RATE_LIMIT_COUNTER) private readonly counter: RateLimitCounter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: QuarryConfig,
  ) {}

  /** Seconds to wait when this address failed too often, else null; counts the failure. */
  async failedAuthentication(address: string): Promise<number | null> {
    const windows = await this.count(`auth-failures:${address}`, [FAILED_AUTHENTICATION]);
    return windows && retryAfter(windows);
  }

  async hit(keyId: string, plan: Plan): Promise<WindowState[] | null> {
    return this.count(keyId, policiesFor(plan));
  }

  private async count(
    subject: string,
    policies: readonly RateLimitPolicy[],
  ): Promise<WindowState[] | null> {
    const now = this.clock.now().getTime();
    try {
      const counts = await this.counter.hit(
        policies.map((policy) => ({
          key: `${this.config.REDIS_KEY_PREFIX}ratelimit:${subject}:${policy.name}:${windowOf(policy, now).start}`,
          ttlMs: policy.windowSeconds * 1000 + COUNTER_GRACE_MS,
        })),
      );
      return policies.map((policy, i) => windowState(policy, counts[i], now));
    } catch (error) {
      if (now - this.lastOutageLog > 10_000) {
        this.lastOutageLog = now;
        this.logger.warn(`rate limits not enforced, counter store unreachable: ${String(error)}`);
      }
      return null;
    }
  }
}
