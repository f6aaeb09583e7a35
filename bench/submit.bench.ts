/**
 * The job write path: `POST /v1/scrape` (one URL) at concurrency 32 — the
 * guard and its Redis rate limit, validation, the worst case reserved in the
 * ledger, JobSubmitted appended, then the 201 — with the crawl itself not
 * started (no scraping worker claims jobs here). The projections and process
 * managers run in the same process, on its worker thread, as with
 * `npm start`. 32 keys of one organization: every reservation contends for
 * one ledger.
 *
 *   npm run bench:submit    BENCH_SECONDS=10 BENCH_CONNECTIONS=32
 */
import { AdjustCredits } from '@quarry/ledger';
import { benchKeys, measure, startBenchQuarry } from './http-quarry';
import type { BenchDatabase } from './support';
import { envNumber, log, round, withBenchDatabase } from './support';

const SECONDS = envNumber('BENCH_SECONDS', 10);
const CONNECTIONS = Math.floor(envNumber('BENCH_CONNECTIONS', 32));

async function run(db: BenchDatabase) {
  // No worker claims the jobs: the write path alone is measured.
  const quarry = await startBenchQuarry(db, { SCRAPER_JOBS_PER_WORKER: '0' });
  try {
    const { orgId, keys } = await benchKeys(quarry, CONNECTIONS, ['jobs:write', 'jobs:read']);
    await quarry.bus.execute(
      new AdjustCredits(
        { orgId, idempotencyKey: 'bench', delta: 1_000_000_000, note: 'bench credits' },
        { actor: 'operator:bench' },
      ),
    );
    const scrape = {
      url: `${quarry.base}/v1/scrape`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'single', urls: ['https://example.com/contact'] }),
      connections: CONNECTIONS,
    };
    log('warming up');
    await measure({ ...scrape, duration: 2 }, keys);
    log(`POST /v1/scrape for ${SECONDS} s at ${CONNECTIONS} connections`);
    const result = await measure({ ...scrape, duration: SECONDS }, keys);
    log(
      `${round(result.rps)} jobs/s, p50 ${result.p50} ms, p99 ${result.p99} ms, non-2xx ${result.non2xx}`,
    );
    return result;
  } finally {
    await quarry.close();
  }
}

void withBenchDatabase(run).then(
  (r) => {
    console.log(
      JSON.stringify({
        bench: 'submit',
        unit: 'jobs/s',
        value: round(r.rps, 1),
        p99_ms: r.p99,
        p50_ms: r.p50,
        non_2xx: r.non2xx,
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
