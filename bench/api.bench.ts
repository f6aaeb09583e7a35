/**
 * The cost of authentication and rate limiting: an authenticated cheap read
 * (`GET /v1/api-keys/current`, served from the key cache after the guard's
 * Redis rate-limit step) at concurrency 64 against an unauthenticated trivial
 * route (`/health/live`) of the same process, in the same run. Also the
 * authenticated list `GET /v1/api-keys?limit=10`, which adds a Postgres query.
 * Each connection uses its own key, as 64 clients would, so the per-key
 * burst limit measures nothing here. Redis is REDIS_URL's, else the local one.
 *
 *   npm run bench:api    BENCH_SECONDS=10 BENCH_CONNECTIONS=64
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Options } from 'autocannon';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@quarry/config';
import { bootstrapOrganization, CreateApiKey } from '@quarry/identity';
import type { ApiKeyCreatedResult } from '@quarry/identity';
import { ensureActiveBuild, waitForProjection } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';
import { createQuarryApp } from '../apps/quarry/src/quarry-app';
import type { BenchDatabase } from './support';
import { envNumber, log, round, withBenchDatabase } from './support';

const SECONDS = envNumber('BENCH_SECONDS', 10);
const CONNECTIONS = Math.floor(envNumber('BENCH_CONNECTIONS', 64));
const PEPPER = 'bench-pepper-0123456789abcdef0123456789';

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
}

/** Each connection's Authorization header, set in the load generator's thread. */
const SETUP_CLIENT = join(__dirname, 'load', 'bearer-per-connection.js');

/**
 * The load generator runs in its own thread, so the server's event loop
 * is not also generating and parsing the load it measures.
 */
async function measure(url: string, keys: readonly string[] | null): Promise<Measured> {
  process.env.BENCH_API_KEYS = keys ? keys.join(',') : '';
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    workers: 1,
    // With workers, autocannon loads setupClient from this file path.
    setupClient: SETUP_CLIENT as unknown as Options['setupClient'],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

async function run(db: BenchDatabase) {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    // Rate limits and the key cache's invalidation in Redis, as in production.
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `bench-${Date.now()}:`,
    API_KEY_PEPPER: PEPPER,
    DATABASE_URL: db.url,
  });
  const app = await createQuarryApp({ config, databaseUrl: db.url, pepper: PEPPER, role: 'all' });
  try {
    const dataSource = app.get(DataSource);
    for (const projection of PROJECTIONS) await ensureActiveBuild(dataSource, projection);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const bus = app.get(CommandBus);
    const operator = { actor: 'operator:bench' };
    const org = await bootstrapOrganization(
      bus,
      { name: 'Bench', plan: 'enterprise', scopes: ['keys:manage'] },
      operator,
    );
    const keys = [org.secret];
    let position = org.position;
    for (let i = 1; i < CONNECTIONS; i += 1) {
      const key = await bus.execute<CreateApiKey, ApiKeyCreatedResult>(
        new CreateApiKey(
          {
            orgId: org.orgId,
            name: `client ${i}`,
            scopes: ['keys:manage'],
            environment: 'live',
            expiresAt: null,
          },
          operator,
        ),
      );
      keys.push(key.secret);
      position = key.position;
    }
    await waitForProjection(dataSource, 'api_keys', position, 30_000);
    log(`${keys.length} keys ready; warming up`);

    await autocannon({ url: `${base}/health/live`, connections: CONNECTIONS, duration: 2 });
    log(`baseline: GET /health/live for ${SECONDS} s at ${CONNECTIONS} connections`);
    const baseline = await measure(`${base}/health/live`, null);
    log(`authenticated: GET /v1/api-keys/current for ${SECONDS} s at ${CONNECTIONS} connections`);
    const authenticated = await measure(`${base}/v1/api-keys/current`, keys);
    log(`authenticated list: GET /v1/api-keys?limit=10 for ${SECONDS} s`);
    const list = await measure(`${base}/v1/api-keys?limit=10`, keys);
    log(
      `baseline ${round(baseline.rps)}/s p99 ${baseline.p99} ms; authenticated ${round(authenticated.rps)}/s p99 ${authenticated.p99} ms; list ${round(list.rps)}/s p99 ${list.p99} ms`,
    );
    return { baseline, authenticated, list };
  } finally {
    await app.close();
  }
}

void withBenchDatabase(run).then(
  ({ baseline, authenticated, list }) => {
    console.log(
      JSON.stringify({
        bench: 'api',
        unit: 'requests/s',
        value: round(authenticated.rps, 1),
        baseline: round(baseline.rps, 1),
        ratio: round(authenticated.rps / baseline.rps, 3),
        p99_ms: authenticated.p99,
        p50_ms: authenticated.p50,
        baseline_p99_ms: baseline.p99,
        non_2xx: authenticated.non2xx + list.non2xx,
        list_per_s: round(list.rps, 1),
        list_ratio: round(list.rps / baseline.rps, 3),
        list_p99_ms: list.p99,
        connections: CONNECTIONS,
      }),
    );
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
