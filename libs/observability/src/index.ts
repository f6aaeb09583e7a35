export { QuarryMetrics } from './quarry-metrics';
export type { MetricsSnapshot, ProjectionLag } from './quarry-metrics';
