export { createTestDatabase, redisUrl, schemaDataSource, uniquePrefix } from './test-database';
export type { TestDatabase } from './test-database';
export { EmbeddedServer } from './embedded-server';
export { CORPUS_DIR, FIXTURE_SITE_DIR } from './corpus';
