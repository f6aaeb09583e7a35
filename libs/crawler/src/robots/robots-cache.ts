import type { RobotsPolicy } from './robots-policy';

export interface RobotsCacheOptions {
  /** How long a fetched robots.txt is trusted; capped at 24 h (RFC 9309 §2.4). Default 24 h. */
  readonly ttlMs?: number;
  /** How long an unreachable robots.txt blocks its origin before it is fetched again. Default 10 min. */
  readonly unavailableTtlMs?: number;
  /** Origins remembered; the oldest are forgotten first. Default 10,000. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly policy: RobotsPolicy;
  readonly expiresAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * robots.txt policies per origin, in process. Concurrent lookups of one
 * origin share one fetch. Share an instance between Crawlers to share it
 * across jobs.
 */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<RobotsPolicy>>();
  private readonly ttlMs: number;
  private readonly unavailableTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: RobotsCacheOptions = {}) {
    this.ttlMs = Math.min(options.ttlMs ?? DAY_MS, DAY_MS);
    this.unavailableTtlMs = Math.min(options.unavailableTtlMs ?? 10 * 60 * 1000, DAY_MS);
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached policy of `origin`, if still fresh. */
  peek(origin: string): RobotsPolicy | undefined {
    const entry = this.entries.get(origin);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(origin);
      return undefined;
    }
    return entry.policy;
  }

  /** The policy of `origin`, loading it (once, however many callers ask) when missing or stale. */
  get(origin: string, load: () => Promise<RobotsPolicy>): Promise<RobotsPolicy> {
    const cached = this.peek(origin);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.loading.get(origin);
    if (pending !== undefined) return pending;
    const loaded = load().then(
      (policy) => {
        this.loading.delete(origin);
        this.set(origin, policy);
        return policy;
      },
      (error: unknown) => {
        this.loading.delete(origin);
        throw error;
      },
    );
    this.loading.set(origin, loaded);
    return loaded;
  }

  set(origin: string, policy: RobotsPolicy): void {
    const ttl =
      policy.kind === 'disallow_all' || policy.kind === 'no_host'
        ? this.unavailableTtlMs
        : this.ttlMs;
    this.entries.delete(origin);
    this.entries.set(origin, { policy, expiresAt: this.now() + ttl });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
