import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '@quarry/clock';
import type { QuarryConfig } from '@quarry/config';
import { ThreadGroup } from '@quarry/coordination';
import { IdentityModule } from '@quarry/identity';
import { InfrastructureModule } from '@quarry/infrastructure';
import { JobsModule } from '@quarry/jobs';
import { LedgerModule } from '@quarry/ledger';
import { QuarryMetrics } from '@quarry/observability';
import { READ_MODEL_ENTITIES } from '@quarry/projections';
import { ApiModule } from '../../api/src/api.module';
import { HealthModule } from '../../api/src/health';
import { createHttpApp, HttpEdgeModule } from '../../api/src/http';
import { ObservabilityModule } from '../../api/src/observability';
import { WorkerModule } from '../../worker/src/worker.module';
import { WorkerThread } from './worker-thread';

export interface QuarryAppOptions {
  readonly config: QuarryConfig;
  readonly databaseUrl: string;
  readonly pepper: string;
  readonly role: QuarryConfig['QUARRY_ROLE'];
  readonly metrics?: QuarryMetrics;
  /** Tests move time; the system clock otherwise. */
  readonly clock?: Clock;
  /** Set when the API and the worker run on threads of one process (see WorkerThread). */
  readonly threadGroup?: ThreadGroup;
  /**
   * false for the worker thread: it serves nothing, so it neither reads
   * projection lag for a scrape (the main thread does) nor checks health.
   */
  readonly http?: boolean;
}

@Module({})
class QuarryRootModule {}

/**
 * One composition for every role: `api` serves /v1, `worker` runs projections
 * and sagas, `all` does both in one process. Each role also serves health,
 * metrics and docs.
 */
export function quarryModule(options: QuarryAppOptions): DynamicModule {
  const { config, role } = options;
  return {
    module: QuarryRootModule,
    imports: [
      InfrastructureModule.forRoot({
        config,
        databaseUrl: options.databaseUrl,
        readEntities: READ_MODEL_ENTITIES,
        metrics: options.metrics,
        clock: options.clock,
        threadGroup: options.threadGroup,
        // A worker of its own (thread or process) batches more: up to 100 ms of lag under load for
        // fewer, larger writes. One sharing the API's event loop keeps its batches short.
        subscriptionLingerMs: role === 'all' ? 20 : 100,
      }),
      CqrsModule.forRoot(),
      IdentityModule.forRoot({ pepper: options.pepper }),
      LedgerModule,
      JobsModule,
      HttpEdgeModule,
      ...(options.http === false ? [] : [HealthModule, ObservabilityModule]),
      ...(role === 'worker' ? [] : [ApiModule]),
      ...(role === 'api' ? [] : [WorkerModule]),
    ],
  };
}

export function createQuarryApp(options: QuarryAppOptions): Promise<NestFastifyApplication> {
  return createHttpApp(quarryModule(options), options.config);
}

export interface QuarryProcess {
  /** The app serving HTTP (the API, or a worker's health and metrics). */
  readonly app: NestFastifyApplication;
  /** The worker's thread, when QUARRY_ROLE=all runs on two threads. */
  readonly workerThread?: WorkerThread;
  /** Stops serving first, then lets the worker finish what it is doing. */
  close(): Promise<void>;
}

/**
 * Everything one process runs for its role. QUARRY_ROLE=all with
 * QUARRY_WORKER_THREAD puts the API on this thread and the worker on a
 * thread of its own, which reads its configuration from the same `env`.
 */
export async function createQuarryProcess(
  options: QuarryAppOptions & { readonly env: Record<string, string | undefined> },
): Promise<QuarryProcess> {
  if (options.role !== 'all' || !options.config.QUARRY_WORKER_THREAD) {
    const app = await createQuarryApp(options);
    return { app, close: () => app.close() };
  }
  const threadGroup = new ThreadGroup();
  const workerThread = await WorkerThread.start({
    env: options.env,
    databaseUrl: options.databaseUrl,
    pepper: options.pepper,
    group: threadGroup.id,
  });
  try {
    const app = await createQuarryApp({ ...options, role: 'api', threadGroup });
    app.get(QuarryMetrics).addThread(() => workerThread.metrics());
    return {
      app,
      workerThread,
      close: async () => {
        await app.close();
        await workerThread.close();
      },
    };
  } catch (error) {
    await workerThread.close();
    throw error;
  }
}
