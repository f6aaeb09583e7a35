import type { Redis } from 'ioredis';

/** One counter to bump: its key and how long it must outlive its window. */
export interface CounterHit {
  readonly key: string;
  readonly ttlMs: number;
}

/** Counts requests per window atomically; Redis across instances, memory in one process. */
export interface RateLimitCounter {
  hit(counters: readonly CounterHit[]): Promise<number[]>;
}

export const RATE_LIMIT_COUNTER = Symbol('RATE_LIMIT_COUNTER');

// INCR every window's counter in one atomic step; the expiry is set when a window opens.
const HIT_SCRIPT = `
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  counts[i] = count
end
return counts`;

type WithHitCommand = Redis & {
  quarryRateLimitHit(...keysThenTtls: (string | number)[]): Promise<number[]>;
};

export class RedisRateLimitCounter implements RateLimitCounter {
  private readonly redis: WithHitCommand;

  constructor(redis: Redis) {
    // A defined command is sent as EVALSHA (the script body once per connection, not per request).
    if (!('quarryRateLimitHit' in redis))
      redis.defineCommand('quarryRateLimitHit', { lua: HIT_SCRIPT });
    this.redis = redis as WithHitCommand;
  }

  async hit(counters: readonly CounterHit[]): Promise<number[]> {
    const result = await this.redis.quarryRateLimitHit(
      counters.length,
      ...counters.map((c) => c.key),
      ...counters.map((c) => c.ttlMs),
    );
    return result.map(Number);
  }
}

export class InMemoryRateLimitCounter implements RateLimitCounter {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();
  private hits = 0;

  hit(counters: readonly CounterHit[]): Promise<number[]> {
    const now = Date.now();
    if (++this.hits % 1000 === 0) {
      for (const [key, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(key);
    }
    return Promise.resolve(
      counters.map(({ key, ttlMs }) => {
        const entry = this.counts.get(key);
        const next =
          entry && entry.expiresAt > now
            ? { ...entry, count: entry.count + 1 }
            : { count: 1, expiresAt: now + ttlMs };
        this.counts.set(key, next);
        return next.count;
      }),
    );
  }
}
