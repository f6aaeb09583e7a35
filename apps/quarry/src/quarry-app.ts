import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Clock } from '@quarry/clock';
import type { QuarryConfig } from '@quarry/config';
import { IdentityModule } from '@quarry/identity';
import { InfrastructureModule } from '@quarry/infrastructure';
import { JobsModule } from '@quarry/jobs';
import { LedgerModule } from '@quarry/ledger';
import type { QuarryMetrics } from '@quarry/observability';
import { READ_MODEL_ENTITIES } from '@quarry/projections';
import { ApiModule } from '../../api/src/api.module';
import { HealthModule } from '../../api/src/health';
import { configureHttpApp, HttpEdgeModule } from '../../api/src/http';
import { ObservabilityModule } from '../../api/src/observability';
import { WorkerModule } from '../../worker/src/worker.module';

export interface QuarryAppOptions {
  readonly config: QuarryConfig;
  readonly databaseUrl: string;
  readonly pepper: string;
  readonly role: QuarryConfig['QUARRY_ROLE'];
  readonly metrics?: QuarryMetrics;
  /** Tests move time; the system clock otherwise. */
  readonly clock?: Clock;
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
      }),
      CqrsModule.forRoot(),
      IdentityModule.forRoot({ pepper: options.pepper }),
      LedgerModule,
      JobsModule,
      HttpEdgeModule,
      HealthModule,
      ObservabilityModule,
      ...(role === 'worker' ? [] : [ApiModule]),
      ...(role === 'api' ? [] : [WorkerModule]),
    ],
  };
}

export async function createQuarryApp(options: QuarryAppOptions): Promise<NestExpressApplication> {
  // Body parsing is configured by configureHttpApp (limits, 415, envelope errors).
  const app = await NestFactory.create<NestExpressApplication>(quarryModule(options), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttpApp(app, options.config);
  return app;
}
