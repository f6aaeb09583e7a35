export { QuarryMetrics } from './quarry-metrics';
export type { ProjectionLag } from './quarry-metrics';
