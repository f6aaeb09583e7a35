import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@quarry/database';
import { MIGRATIONS, SCHEMA_ENTITIES } from '@quarry/migrations';
import { withDatabase } from './postgres-url';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

function harness() {
  const serverUrl = process.env.QUARRY_TEST_SERVER_URL;
  const template = process.env.QUARRY_TEST_TEMPLATE;
  const runId = process.env.QUARRY_TEST_RUN_ID;
  if (!serverUrl || !template || !runId)
    throw new Error('Run tests through jest: the global setup prepares the databases');
  return { serverUrl, template, runId };
}

/** A fresh, migrated database cloned from the run's template: no test sees another's data. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { serverUrl, template, runId } = harness();
  const name = `quarry_t_${runId}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Cloning needs the template to have no other connection; retry briefly if another file is cloning.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test or run shares. */
export function uniquePrefix(label: string): string {
  return `quarry-test:${harness().runId}:${label}:${randomBytes(4).toString('hex')}:`;
}

/** A data source on a test database that knows the tables migrations own (no read models). */
export function schemaDataSource(url: string, poolSize?: number): Promise<DataSource> {
  return createDataSource({
    url,
    entities: SCHEMA_ENTITIES,
    migrations: MIGRATIONS,
    poolSize,
  }).initialize();
}
