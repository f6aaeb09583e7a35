/**
 * The cost of authentication and rate limiting: an authenticated cheap read
 * (`GET /v1/api-keys/current`, served from the key cache after the guard's
 * Redis rate-limit step) at concurrency 64 against an unauthenticated trivial
 * route (`/health/live`) of the same process, in the same run. Also the
 * authenticated list `GET /v1/api-keys?limit=10`, which adds a Postgres query.
 * Each connection uses keys of its own, as 64 clients would, four in turn, so
 * the per-key burst limit measures nothing here. Redis is REDIS_URL's, else the local one.
 *
 *   npm run bench:api    BENCH_SECONDS=10 BENCH_CONNECTIONS=64
 */
import autocannon from 'autocannon';
import { benchKeys, measure, startBenchQuarry } from './http-quarry';
import type { BenchDatabase } from './support';
import { envNumber, log, round, withBenchDatabase } from './support';

const SECONDS = envNumber('BENCH_SECONDS', 10);
const CONNECTIONS = Math.floor(envNumber('BENCH_CONNECTIONS', 64));
const KEYS_PER_CONNECTION = 4;

async function run(db: BenchDatabase) {
  const quarry = await startBenchQuarry(db);
  try {
    // Four keys per connection, used in turn: the per-key burst limit (200/s) stays out of reach.
    const { keys } = await benchKeys(quarry, CONNECTIONS * KEYS_PER_CONNECTION, ['keys:manage']);
    const load = { connections: CONNECTIONS, duration: SECONDS };
    await autocannon({ url: `${quarry.base}/health/live`, connections: CONNECTIONS, duration: 2 });
    log(`baseline: GET /health/live for ${SECONDS} s at ${CONNECTIONS} connections`);
    const baseline = await measure({ ...load, url: `${quarry.base}/health/live` }, null);
    log(`authenticated: GET /v1/api-keys/current for ${SECONDS} s at ${CONNECTIONS} connections`);
    const authenticated = await measure(
      { ...load, url: `${quarry.base}/v1/api-keys/current` },
      keys,
    );
    log(`authenticated list: GET /v1/api-keys?limit=10 for ${SECONDS} s`);
    const list = await measure({ ...load, url: `${quarry.base}/v1/api-keys?limit=10` }, keys);
    log(
      `baseline ${round(baseline.rps)}/s p99 ${baseline.p99} ms; authenticated ${round(authenticated.rps)}/s p99 ${authenticated.p99} ms; list ${round(list.rps)}/s p99 ${list.p99} ms`,
    );
    return { baseline, authenticated, list };
  } finally {
    await quarry.close();
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
