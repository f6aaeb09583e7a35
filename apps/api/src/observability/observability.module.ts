import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** `GET /metrics`. The latency recorder is Express middleware, installed by configureHttpApp. */
@Module({ controllers: [MetricsController] })
export class ObservabilityModule {}
