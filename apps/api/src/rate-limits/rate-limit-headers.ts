import { serializeList } from 'structured-headers';
import type { WindowState } from './rate-limit-policy';

/**
 * The IETF draft's structured fields (`RateLimit-Policy`, `RateLimit`) and
 * seed 003's `X-RateLimit-*` for the hourly quota. Pure, for every response.
 */
export function rateLimitHeaders(windows: readonly WindowState[]): Record<string, string> {
  const hour = windows.find((w) => w.policy.name === 'hour') ?? windows[0];
  return {
    'RateLimit-Policy': serializeList(
      windows.map((w) => [
        w.policy.name,
        new Map([
          ['q', w.policy.quota],
          ['w', w.policy.windowSeconds],
        ]),
      ]),
    ),
    RateLimit: serializeList(
      windows.map((w) => [
        w.policy.name,
        new Map([
          ['r', Math.max(0, w.policy.quota - w.count)],
          ['t', w.resetSeconds],
        ]),
      ]),
    ),
    'X-RateLimit-Limit': String(hour.policy.quota),
    'X-RateLimit-Remaining': String(Math.max(0, hour.policy.quota - hour.count)),
    'X-RateLimit-Reset': String(hour.resetAt),
  };
}

/** Seconds to wait: the latest reset among the windows that are over quota, or null when none is. */
export function retryAfter(windows: readonly WindowState[]): number | null {
  const exceeded = windows.filter((w) => w.count > w.policy.quota);
  return exceeded.length ? Math.max(...exceeded.map((w) => w.resetSeconds)) : null;
}
