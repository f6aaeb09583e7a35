export { ProcessManagerCheckpoint } from './process-manager-checkpoint.entity';
export { ProcessCommand } from './process-manager';
export type { ProcessManagerDefinition } from './process-manager';
export { ProcessManagerRunner } from './process-manager-runner';
export type { ProcessManagerRunnerOptions } from './process-manager-runner';
