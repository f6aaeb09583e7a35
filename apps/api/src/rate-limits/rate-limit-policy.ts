import type { Plan } from '@quarry/identity';

/** One quota: `quota` requests per `windowSeconds`, counted in fixed windows. */
export interface RateLimitPolicy {
  readonly name: 'hour' | 'burst' | 'auth_failures';
  readonly quota: number;
  readonly windowSeconds: number;
}

/** Seed 003's hourly quotas per plan, plus a per-second burst limit. */
const LIMITS: Record<Plan, { hour: number; burst: number }> = {
  free: { hour: 100, burst: 10 },
  starter: { hour: 1_000, burst: 20 },
  pro: { hour: 10_000, burst: 50 },
  enterprise: { hour: 100_000, burst: 200 },
};

/** Failed authentications allowed per client address and minute before 429s. */
export const FAILED_AUTHENTICATION: RateLimitPolicy = {
  name: 'auth_failures',
  quota: 20,
  windowSeconds: 60,
};

export function policiesFor(plan: Plan): readonly RateLimitPolicy[] {
  const limits = LIMITS[plan];
  return [
    { name: 'hour', quota: limits.hour, windowSeconds: 3600 },
    { name: 'burst', quota: limits.burst, windowSeconds: 1 },
  ];
}

export interface WindowState {
  readonly policy: RateLimitPolicy;
  /** Requests counted in the current window, this one included. */
  readonly count: number;
  /** Seconds until the window ends (at least 1). */
  readonly resetSeconds: number;
  /** Unix time (seconds) when the window ends. */
  readonly resetAt: number;
}

/** The fixed window a policy is in at `nowMs`. */
export function windowOf(policy: RateLimitPolicy, nowMs: number): { start: number; end: number } {
  const size = policy.windowSeconds * 1000;
  const start = Math.floor(nowMs / size) * size;
  return { start, end: start + size };
}

export function windowState(policy: RateLimitPolicy, count: number, nowMs: number): WindowState {
  const { end } = windowOf(policy, nowMs);
  return {
    policy,
    count,
    resetSeconds: Math.max(1, Math.ceil((end - nowMs) / 1000)),
    resetAt: Math.ceil(end / 1000),
  };
}
