export { createTestDatabase, redisUrl, uniquePrefix } from './test-database';
export type { TestDatabase } from './test-database';
export { EmbeddedServer } from './embedded-server';
