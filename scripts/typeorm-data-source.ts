// Data source for the TypeORM CLI (migration:generate / migration:check).
import { createDataSource } from '@quarry/database';
import { MIGRATIONS, SCHEMA_ENTITIES } from '@quarry/migrations';

export default createDataSource({
  url: process.env.QUARRY_TYPEORM_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  entities: SCHEMA_ENTITIES,
  migrations: MIGRATIONS,
});
