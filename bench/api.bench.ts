/**
 * Authenticated `GET /v1/api-keys` at concurrency 64 against an
 * unauthenticated trivial route (`/health/live`) of the same process, in the
 * same run. Each connection uses its own key, as 64 clients would, so the
 * per-key burst limit measures nothing here.
 *
 *   npm run bench:api    BENCH_SECONDS=10 BENCH_CONNECTIONS=64
 */
import autocannon from 'autocannon';
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

async function measure(url: string, keys: readonly string[] | null): Promise<Measured> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    setupClient: keys
      ? (client) => client.setHeaders({ authorization: `Bearer ${keys[next++ % keys.length]}` })
      : undefined,
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
    log(`authenticated: GET /v1/api-keys for ${SECONDS} s at ${CONNECTIONS} connections`);
    const authenticated = await measure(`${base}/v1/api-keys?limit=10`, keys);
    log(
      `baseline ${round(baseline.rps)}/s p99 ${baseline.p99} ms; authenticated ${round(authenticated.rps)}/s p99 ${authenticated.p99} ms, non-2xx ${authenticated.non2xx}`,
    );
    return { baseline, authenticated };
  } finally {
    await app.close();
  }
}

void withBenchDatabase(run).then(
  ({ baseline, authenticated }) => {
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
        non_2xx: authenticated.non2xx,
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
