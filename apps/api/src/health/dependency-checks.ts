import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorFunction, HealthIndicatorResult } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { REDIS } from '@quarry/infrastructure';

const REDIS_TIMEOUT_MS = 1_000;
const DATABASE_TIMEOUT_MS = 2_000;

class ProbeTimeout extends Error {}

async function within<T>(ms: number, probe: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness probes of the process's dependencies. A failure's `message` is
 * what clients see (the route is public, so no addresses); `reason` is the
 * real error, for the logs.
 */
@Injectable()
export class DependencyChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  all(): HealthIndicatorFunction[] {
    const checks = [
      () => this.probe('postgres', DATABASE_TIMEOUT_MS, () => this.dataSource.query('SELECT 1')),
      () => this.probe('event_store', DATABASE_TIMEOUT_MS, () => this.eventStore.ping()),
    ];
    const redis = this.redis;
    // Without REDIS_URL coordination is in-process: there is no Redis to be ready for.
    if (redis) checks.push(() => this.probe('redis', REDIS_TIMEOUT_MS, () => redis.ping()));
    return checks;
  }

  private async probe(
    name: string,
    timeoutMs: number,
    ping: () => Promise<unknown>,
  ): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(name);
    try {
      await within(timeoutMs, ping());
      return session.up();
    } catch (error) {
      const timedOut = error instanceof ProbeTimeout;
      return session.down({
        message: timedOut
          ? `${name} did not answer within ${timeoutMs} ms`
          : `${name} is unreachable`,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
