import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { execFileSync } from 'node:child_process';
// Jest's global setup runs outside the module mapper: it imports by path and
// migrates through the TypeORM CLI script, the same path operators use.
import { startEmbeddedPostgres } from '../../libs/database/src/embedded-postgres';
import { withDatabase } from './postgres-url';

const LOCAL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Finds a PostgreSQL server (DATABASE_URL, else 127.0.0.1:5432, else an
 * embedded one), migrates a template database once for the run, and leaves
 * its name in the environment: each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    if (await answers(LOCAL)) {
      serverUrl = LOCAL;
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'quarry-test-pg-'));
      const embedded = await startEmbeddedPostgres(dir, 'postgres');
      (globalThis as { __quarryEmbedded?: { stop(): Promise<void> } }).__quarryEmbedded = embedded;
      serverUrl = embedded.url;
      console.log(
        `\n[test harness] no PostgreSQL on 127.0.0.1:5432: using an embedded one on port ${embedded.port}`,
      );
    }
  }
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `quarry_tpl_${runId}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  execFileSync(process.execPath, ['scripts/typeorm.js', 'migration:run'], {
    env: { ...process.env, DATABASE_URL: withDatabase(serverUrl, template) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  process.env.QUARRY_TEST_SERVER_URL = serverUrl;
  process.env.QUARRY_TEST_TEMPLATE = template;
  process.env.QUARRY_TEST_RUN_ID = runId;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
}
