import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QuarryConfig } from '@quarry/config';
import { REDIS, subscribeToChannel } from '@quarry/coordination';

/** What the guard needs of a key, as read from the api_keys and organizations read models. */
export interface KeyRow {
  readonly key_id: string;
  readonly org_id: string;
  readonly name: string;
  readonly prefix: string;
  readonly hint: string;
  readonly scopes: string[];
  readonly environment: string;
  readonly status: string;
  readonly expires_at: Date | null;
  readonly created_at: Date;
  readonly org_status: string | null;
  readonly plan: string | null;
}

/** Bounds staleness if an invalidation message is ever missed (Redis down). */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Keys by hash, so authenticating a request needs no database round trip.
 * Revocation, rotation and suspension flush every instance's cache through
 * Redis pub/sub (in-process without Redis); expiry is checked per request
 * against the cached `expires_at`, so it needs no flush.
 */
@Injectable()
export class KeyCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyCache.name);
  private readonly entries = new Map<string, { row: KeyRow; until: number }>();
  private subscriber: Redis | undefined;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    config: QuarryConfig,
  ) {
    this.channel = `${config.REDIS_KEY_PREFIX}api-keys:invalidate`;
  }

  onModuleInit(): void {
    if (!this.redis) return;
    this.subscriber = subscribeToChannel(this.redis, this.channel, {
      onMessage: () => this.entries.clear(),
      // After a reconnect we may have missed a flush: start clean.
      onReconnect: () => this.entries.clear(),
      warn: (line) =>
        this.logger.warn(`key cache (entries expire after ${TTL_MS / 1000} s): ${line}`),
    });
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  get(hash: string, now: number): KeyRow | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.row;
  }

  set(hash: string, row: KeyRow, now: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { row, until: now + TTL_MS });
  }

  /** Call once the read models show the change: every instance drops what it cached. */
  async invalidate(): Promise<void> {
    this.entries.clear();
    if (!this.redis) return;
    await this.redis.publish(this.channel, 'flush').catch((error: unknown) => {
      this.logger.warn(`key cache flush not published: ${String(error)}`);
    });
  }
}
