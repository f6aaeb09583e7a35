import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { ProjectionLagSource } from './projection-lag.source';

/** `GET /metrics`. The latency recorder is a Fastify hook, installed by createHttpApp. */
@Module({ controllers: [MetricsController], providers: [ProjectionLagSource] })
export class ObservabilityModule {}
