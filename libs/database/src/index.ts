export { createDataSource } from './data-source';
export type { QuarryDataSourceOptions } from './data-source';
export { startEmbeddedPostgres } from './embedded-postgres';
export type { EmbeddedPostgresHandle } from './embedded-postgres';
export { migrate } from './migrate';
export { resolveDatabase } from './resolve-database';
export type { ResolvedDatabase } from './resolve-database';
export { PooledQueries } from './pooled-queries';
