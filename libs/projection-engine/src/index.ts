export { ProjectionBuild } from './projection-build.entity';
export type { ProjectionBuildState } from './projection-build.entity';
export { PROJECTION_NAME } from './projection';
export type { ProjectionContext, ProjectionDefinition } from './projection';
export { ensureActiveBuild } from './projection-builds';
export { ProjectionRunner } from './projection-runner';
export type { ProjectionRunnerOptions, RunnerState } from './projection-runner';
export {
  rebuildIfOutdated,
  rebuildProjection,
  RebuildAlreadyRunningError,
} from './projection-rebuild';
export type { RebuildOptions, RebuildProgress, RebuildResult } from './projection-rebuild';
export { LAG_CAP, projectionStatus } from './projection-status';
export type { ProjectionState, ProjectionStatus } from './projection-status';
export { acquireLock, whileHoldingLock } from './advisory-lock';
export type { HeldLock } from './advisory-lock';
export { checkpointAdvanced, CHECKPOINTS_TOPIC, waitForProjection } from './wait-for-projection';
export type { CheckpointNotice } from './wait-for-projection';
export type { CopyValue } from './copy-rows';
