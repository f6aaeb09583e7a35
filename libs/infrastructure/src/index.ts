export { InfrastructureModule } from './infrastructure.module';
export { REDIS } from '@quarry/coordination';
export type { InfrastructureOptions } from './infrastructure.module';
