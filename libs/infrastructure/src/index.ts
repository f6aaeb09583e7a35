export { InfrastructureModule, REDIS } from './infrastructure.module';
export type { InfrastructureOptions } from './infrastructure.module';
