import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QuarryConfig } from '@quarry/config';
import { PooledQueries } from '@quarry/database';
import { REDIS } from '@quarry/infrastructure';

const MINUTE_MS = 60_000;
const MAX_TRACKED = 50_000;

/**
 * Keeps `last_used_at` current to the minute without an event per request:
 * a key's use is written at most once per clock minute, off the request's
 * path. Each instance remembers the minute it last wrote per key; with Redis,
 * a SET NX per key and minute lets only one instance of many write it.
 */
@Injectable()
export class KeyUsage {
  private readonly logger = new Logger(KeyUsage.name);
  /** key id → the minute (epoch minutes) last recorded by this instance. */
  private readonly recorded = new Map<string, number>();
  private readonly prefix: string;
  private lastFailureLog = 0;

  constructor(
    private readonly reads: PooledQueries,
    @Inject(REDIS) private readonly redis: Redis | null,
    config: QuarryConfig,
  ) {
    this.prefix = `${config.REDIS_KEY_PREFIX}key-used:`;
  }

  /** Notes a use at `now`; returns at once (the write, when due, runs in the background). */
  record(keyId: string, now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    if ((this.recorded.get(keyId) ?? -1) >= minute) return;
    if (this.recorded.size >= MAX_TRACKED) this.recorded.clear();
    this.recorded.set(keyId, minute);
    void this.write(keyId, minute, now);
  }

  private async write(keyId: string, minute: number, now: number): Promise<void> {
    try {
      if (this.redis) {
        const first = await this.redis
          .set(`${this.prefix}${keyId}:${minute}`, '1', 'PX', 2 * MINUTE_MS, 'NX')
          // Without Redis every instance writes: a few writes more, never a use lost.
          .catch(() => 'OK');
        if (first === null) return;
      }
      await this.reads.rows(
        `INSERT INTO api_key_usage (key_id, last_used_at) VALUES ($1, $2)
         ON CONFLICT (key_id) DO UPDATE
           SET last_used_at = GREATEST(api_key_usage.last_used_at, EXCLUDED.last_used_at)`,
        [keyId, new Date(now)],
      );
    } catch (error) {
      // Telemetry: a failed write is retried on the key's next use.
      this.recorded.delete(keyId);
      if (now - this.lastFailureLog > 10_000) {
        this.lastFailureLog = now;
        this.logger.warn(`last_used_at not recorded: ${String(error)}`);
      }
    }
  }
}
