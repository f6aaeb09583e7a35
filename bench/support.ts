import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '@quarry/database';
import { MIGRATIONS, SCHEMA_ENTITIES } from '@quarry/migrations';

const LOCAL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
}

/** Progress goes to stdout too: the last line stays the JSON result. */
export function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl, application_name: 'quarry-bench' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A data source on the bench database with the app's entities and migrations. */
export function benchDataSource(url: string, poolSize = 4): DataSource {
  return createDataSource({
    url,
    poolSize,
    entities: SCHEMA_ENTITIES,
    migrations: MIGRATIONS,
    applicationName: 'quarry-bench',
  });
}

/**
 * Runs `body` on a fresh, migrated database that is dropped afterwards, on
 * success, failure or Ctrl-C alike. The server is DATABASE_URL's, else the
 * local one.
 */
export async function withBenchDatabase<T>(body: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const serverUrl = withDatabase(process.env.DATABASE_URL ?? LOCAL, 'postgres');
  const name = `quarry_bench_${randomBytes(5).toString('hex')}`;
  const db: BenchDatabase = { name, url: withDatabase(serverUrl, name) };
  let dropped: Promise<void> | undefined;
  // FORCE: a pool left open by a failed run must not keep the database alive.
  const drop = () =>
    (dropped ??= admin(serverUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    ).then(() => log(`dropped database ${name}`)));
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    void drop()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  log(`created database ${name}`);
  try {
    const dataSource = benchDataSource(db.url, 2); // migrate() holds one connection for its lock
    await dataSource.initialize();
    try {
      await migrate(dataSource);
    } finally {
      await dataSource.destroy();
    }
    return await body(db);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await drop();
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
