export { recordHttpLatency } from './http-latency';
export { MetricsController } from './metrics.controller';
export { ObservabilityModule } from './observability.module';
