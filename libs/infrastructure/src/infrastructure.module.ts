import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Logger, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { EntitySchema } from 'typeorm';
import { CLOCK, systemClock } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { QuarryConfig } from '@quarry/config';
import { REDIS, THREAD_GROUP } from '@quarry/coordination';
import type { ThreadGroup } from '@quarry/coordination';
import { createDataSource, PooledQueries } from '@quarry/database';
import { EVENT_STORE, EsdbEventStore, PostgresEventStore } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { MIGRATIONS, SCHEMA_ENTITIES } from '@quarry/migrations';
import { QuarryMetrics } from '@quarry/observability';

export interface InfrastructureOptions {
  readonly config: QuarryConfig;
  /** Resolved database: DATABASE_URL or the embedded default's. */
  readonly databaseUrl: string;
  /** Read-model entities (views of projections), listed explicitly. */
  readonly readEntities: readonly (EntitySchema | (new () => unknown))[];
  readonly metrics?: QuarryMetrics;
  /** The system clock unless a test moves time. */
  readonly clock?: Clock;
  /** Set when the API and the worker run on threads of one process. */
  readonly threadGroup?: ThreadGroup;
  /**
   * How long a busy live subscription waits after a wake-up to read more
   * events at once: longer batches cost the database less, but a worker on
   * the API's own event loop stalls requests for as long as a batch takes.
   */
  readonly subscriptionLingerMs?: number;
}

const logger = new Logger('Infrastructure');

/**
 * The process's connections: PostgreSQL (TypeORM), the configured event store
 * adapter, Redis when configured, and the metrics registry. Closed in reverse
 * order on shutdown.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  static forRoot(options: InfrastructureOptions): DynamicModule {
    const { config } = options;
    return {
      module: InfrastructureModule,
      providers: [
        { provide: QuarryConfig, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: THREAD_GROUP, useValue: options.threadGroup ?? null },
        { provide: QuarryMetrics, useValue: options.metrics ?? new QuarryMetrics() },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource({
              url: options.databaseUrl,
              poolSize: config.DATABASE_POOL_SIZE,
              entities: [...SCHEMA_ENTITIES, ...options.readEntities],
              migrations: MIGRATIONS,
              applicationName: `quarry-${config.QUARRY_ROLE}`,
            });
            return dataSource.initialize();
          },
        },
        {
          provide: PooledQueries,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => PooledQueries.of(dataSource),
        },
        {
          provide: EVENT_STORE,
          inject: [QuarryMetrics],
          useFactory: (metrics: QuarryMetrics): EventStore => {
            const onAppended = (count: number) => metrics.eventsAppended.inc(count);
            const onTransientError = (error: unknown) =>
              logger.warn(`event store connection: ${String(error)}`);
            if (config.EVENT_STORE === 'esdb') {
              return new EsdbEventStore(config.EVENTSTORE_CONNECTION_STRING!, {
                onAppended,
                onTransientError,
              });
            }
            const pool = new Pool({
              connectionString: options.databaseUrl,
              max: config.DATABASE_POOL_SIZE,
              application_name: 'quarry-events',
            });
            const { threadGroup } = options;
            return new PostgresEventStore(pool, {
              onAppended,
              onTransientError,
              lingerMs: options.subscriptionLingerMs,
              siblings: threadGroup && ((deliver) => threadGroup.channel('appends', deliver)),
            });
          },
        },
        {
          provide: REDIS,
          useFactory: () => {
            if (!config.REDIS_URL) return null;
            const redis = new Redis(config.REDIS_URL, {
              maxRetriesPerRequest: 1,
              enableOfflineQueue: false,
              lazyConnect: false,
              // Commands of concurrent requests leave in one write per event-loop tick.
              enableAutoPipelining: true,
              // Shutdown must not wait on a reconnect attempt to a Redis that is down.
              disconnectTimeout: 100,
            });
            // Outages are reported by /health/ready; a logged line per failure is enough here.
            redis.on('error', (error: Error) => logger.warn(`redis: ${error.message}`));
            return redis;
          },
        },
      ],
      exports: [
        QuarryConfig,
        CLOCK,
        QuarryMetrics,
        DataSource,
        PooledQueries,
        EVENT_STORE,
        REDIS,
        THREAD_GROUP,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
    await this.dataSource.destroy().catch(() => undefined);
    this.redis?.disconnect();
  }
}
