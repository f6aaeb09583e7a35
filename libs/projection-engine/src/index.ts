export { ProjectionBuild } from './projection-build.entity';
export type { ProjectionBuildState } from './projection-build.entity';
