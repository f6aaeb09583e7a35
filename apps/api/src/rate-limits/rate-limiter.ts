import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import type { Plan } from '@quarry/identity';
import type { RateLimitCounter } from './rate-limit-counter';
import { RATE_LIMIT_COUNTER } from './rate-limit-counter';
import type { WindowState } from './rate-limit-policy';
import { policiesFor, windowOf, windowState } from './rate-limit-policy';

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
  ) {}

  async hit(keyId: string, plan: Plan): Promise<WindowState[] | null> {
    const now = this.clock.now().getTime();
    const policies = policiesFor(plan);
    try {
      const counts = await this.counter.hit(
        policies.map((policy) => ({
          key: `quarry:ratelimit:${keyId}:${policy.name}:${windowOf(policy, now).start}`,
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
