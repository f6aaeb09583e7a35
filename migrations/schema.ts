import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '@quarry/database';
import { EventRecord, StreamRecord } from '@quarry/eventstore';
import { ApiKeyUsage } from '@quarry/identity';
import { JobLease } from '@quarry/jobs';
import { ProcessManagerCheckpoint } from '@quarry/process-managers';
import { ProjectionBuild } from '@quarry/projection-engine';
import { Foundation1795474295680 } from './1795474295680-foundation';
import { ApiKeyUsage1795561000000 } from './1795561000000-api-key-usage';
import { JobLeases1795562000000 } from './1795562000000-job-leases';
import { TrigramSearch1795563000000 } from './1795563000000-trigram-search';
import { AppendBatch1795564000000 } from './1795564000000-append-batch';
import { AppendGroups1795565000000 } from './1795565000000-append-groups';

/**
 * Tables owned by migrations. Projection read models are not listed: each
 * projection generation creates its own tables, so blue/green rebuilds can
 * change them without a migration.
 */
export const SCHEMA_ENTITIES = [
  EventRecord,
  StreamRecord,
  ProjectionBuild,
  ProcessManagerCheckpoint,
  ApiKeyUsage,
  JobLease,
];

export const MIGRATIONS = [
  Foundation1795474295680,
  ApiKeyUsage1795561000000,
  JobLeases1795562000000,
  TrigramSearch1795563000000,
  AppendBatch1795564000000,
  AppendGroups1795565000000,
];

/**
 * Applies pending migrations over a short-lived connection, then runs `next`
 * on it (e.g. creating projection views) before closing it.
 */
export async function migrateDatabase(
  url: string,
  next?: (dataSource: DataSource) => Promise<void>,
): Promise<string[]> {
  const dataSource = await createDataSource({
    url,
    entities: SCHEMA_ENTITIES,
    migrations: MIGRATIONS,
    poolSize: 2,
  }).initialize();
  try {
    const applied = await migrate(dataSource);
    await next?.(dataSource);
    return applied;
  } finally {
    await dataSource.destroy();
  }
}
