import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import type { Options } from 'autocannon';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@quarry/config';
import { bootstrapOrganization, CreateApiKey } from '@quarry/identity';
import type { ApiKeyCreatedResult, Scope } from '@quarry/identity';
import { ensureActiveBuild, waitForProjection } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';
import { migrateDatabase } from '@quarry/migrations';
import { createQuarryProcess } from '../apps/quarry/src/quarry-app';
import type { BenchDatabase } from './support';
import { log } from './support';

const PEPPER = 'bench-pepper-0123456789abcdef0123456789';
/** Each connection's Authorization header, set in the load generator's thread. */
const SETUP_CLIENT = join(__dirname, 'load', 'bearer-per-connection.js');

export interface BenchQuarry {
  readonly app: NestFastifyApplication;
  readonly base: string;
  readonly bus: CommandBus;
  close(): Promise<void>;
}

/** A whole Quarry (api + worker) on the bench database, with Redis as in production. */
export async function startBenchQuarry(
  db: BenchDatabase,
  env: Record<string, string> = {},
): Promise<BenchQuarry> {
  const quarryEnv = {
    ...process.env,
    ...env,
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `bench-${Date.now()}:`,
    API_KEY_PEPPER: PEPPER,
    DATABASE_URL: db.url,
  };
  const config = loadConfig(quarryEnv);
  await migrateDatabase(db.url, async (dataSource) => {
    for (const projection of PROJECTIONS) await ensureActiveBuild(dataSource, projection);
  });
  // As `npm start` runs it: the API on this thread, the worker on its own.
  const { app, close } = await createQuarryProcess({
    config,
    env: quarryEnv,
    databaseUrl: db.url,
    pepper: PEPPER,
    role: 'all',
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, base, bus: app.get(CommandBus), close };
}

/** One organization with `count` keys, as that many separate clients of one customer. */
export async function benchKeys(
  quarry: BenchQuarry,
  count: number,
  scopes: Scope[],
): Promise<{ orgId: string; keys: string[] }> {
  const operator = { actor: 'operator:bench' };
  const org = await bootstrapOrganization(
    quarry.bus,
    { name: 'Bench', plan: 'enterprise', scopes },
    operator,
  );
  const keys = [org.secret];
  let position = org.position;
  for (let i = 1; i < count; i += 1) {
    const key = await quarry.bus.execute<CreateApiKey, ApiKeyCreatedResult>(
      new CreateApiKey(
        { orgId: org.orgId, name: `client ${i}`, scopes, environment: 'live', expiresAt: null },
        operator,
      ),
    );
    keys.push(key.secret);
    position = key.position;
  }
  await waitForProjection(quarry.app.get(DataSource), 'api_keys', position, 30_000);
  await waitForProjection(quarry.app.get(DataSource), 'organizations', org.orgPosition, 30_000);
  log(`${keys.length} keys ready`);
  return { orgId: org.orgId, keys };
}

export interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly ok: number;
}

/**
 * autocannon in its own thread (so the server's event loop is not also
 * generating the load it measures), each connection with its own keys.
 */
export async function measure(
  options: Omit<Options, 'setupClient' | 'workers'>,
  keys: readonly string[] | null,
): Promise<Measured> {
  process.env.BENCH_API_KEYS = keys ? keys.join(',') : '';
  // More keys than connections: each connection takes turns with its share.
  const connections = options.connections ?? 10;
  process.env.BENCH_KEYS_PER_CONNECTION = String(
    keys ? Math.max(1, Math.floor(keys.length / connections)) : 1,
  );
  const result = await autocannon({
    ...options,
    workers: 1,
    // With workers, autocannon loads setupClient from this file path.
    setupClient: SETUP_CLIENT as unknown as Options['setupClient'],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    ok: result['2xx'],
  };
}
