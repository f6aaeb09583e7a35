/**
 * Crawl throughput: pages per second fetching a generated site of
 * BENCH_CRAWL_PAGES interlinked pages (default 2,000) on loopback, depth 3,
 * with our Crawler and with Crawlee's CheerioCrawler at the same
 * concurrency. Politeness delays are off for both; ours still reads
 * robots.txt, checks every connection's address (private networks allowed
 * for loopback), follows redirects by hand and caps bodies.
 * Rounds alternate between the two; the median round of each is reported.
 *
 *   npm run bench:crawl    BENCH_CRAWL_PAGES=2000 BENCH_CRAWL_CONCURRENCY=16 BENCH_CRAWL_ROUNDS=3
 */
import { performance } from 'node:perf_hooks';
import { CheerioCrawler, Configuration, log as crawleeLog } from '@crawlee/cheerio';
import { Crawler } from '@quarry/crawler';
import type { BenchSite } from './crawl-site';
import { startBenchSite } from './crawl-site';

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  }
  return value;
}

const PAGES = envInt('BENCH_CRAWL_PAGES', 2000);
const CONCURRENCY = envInt('BENCH_CRAWL_CONCURRENCY', 16);
const ROUNDS = envInt('BENCH_CRAWL_ROUNDS', 3);
const DEPTH = 3;

interface Round {
  readonly pages: number;
  readonly seconds: number;
}

async function crawlWithQuarry(site: BenchSite): Promise<Round> {
  const crawler = new Crawler({
    botVersion: 'bench',
    botInfoUrl: 'https://quarry.example/bot',
    allowPrivateNetworks: true,
    delayMs: 0,
    maxConcurrency: CONCURRENCY,
    perHostConcurrency: CONCURRENCY,
  });
  let pages = 0;
  let bytes = 0;
  const started = performance.now();
  try {
    const summary = await crawler.crawl(
      { seeds: [`${site.origin}/`], mode: 'links', depth: DEPTH, maxPages: PAGES },
      {
        onPage: (page) => {
          if (page.outcome === 'processed') {
            pages += 1;
            bytes += page.body?.length ?? 0;
          }
          if (pages % 500 === 0 && page.outcome === 'processed') log(`  quarry: ${pages} pages`);
          return Promise.resolve();
        },
      },
    );
    if (summary.failed > 0) throw new Error(`quarry: ${summary.failed} pages failed`);
  } finally {
    await crawler.close();
  }
  const seconds = (performance.now() - started) / 1000;
  log(`  quarry: ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);
  return { pages, seconds };
}

async function crawlWithCrawlee(site: BenchSite): Promise<Round> {
  let pages = 0;
  let failed = 0;
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  const crawler = new CheerioCrawler(
    {
      minConcurrency: CONCURRENCY,
      maxConcurrency: CONCURRENCY,
      maxRequestsPerCrawl: PAGES,
      // Crawlee counts the start page as depth 0.
      maxCrawlDepth: DEPTH - 1,
      respectRobotsTxtFile: false,
      requestHandler: async ({ enqueueLinks }) => {
        pages += 1;
        if (pages % 500 === 0) log(`  crawlee: ${pages} pages`);
        await enqueueLinks({ strategy: 'same-hostname' });
      },
      failedRequestHandler: () => {
        failed += 1;
      },
    },
    config,
  );
  const started = performance.now();
  await crawler.run([`${site.origin}/`]);
  const seconds = (performance.now() - started) / 1000;
  if (failed > 0) throw new Error(`crawlee: ${failed} pages failed`);
  log(`  crawlee: ${pages} pages in ${seconds.toFixed(2)} s`);
  return { pages, seconds };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  crawleeLog.setLevel(crawleeLog.LEVELS.WARNING);
  const site = await startBenchSite(PAGES);
  log(`site of ${PAGES} pages on ${site.origin}; concurrency ${CONCURRENCY}, depth ${DEPTH}`);
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}`);
      // Alternate who goes first so neither always gets the warmer process.
      const order = round % 2 === 1 ? ['crawlee', 'quarry'] : ['quarry', 'crawlee'];
      for (const who of order) {
        const before = await site.requests();
        const result =
          who === 'quarry' ? await crawlWithQuarry(site) : await crawlWithCrawlee(site);
        const served = (await site.requests()) - before;
        if (result.pages !== PAGES) {
          throw new Error(`${who} fetched ${result.pages} pages, expected ${PAGES}`);
        }
        log(`  ${who}: ${(result.pages / result.seconds).toFixed(0)} pages/s (${served} requests)`);
        (who === 'quarry' ? ours : theirs).push(result.pages / result.seconds);
      }
    }
  } finally {
    await site.close();
  }
  const value = Math.round(median(ours));
  const baseline = Math.round(median(theirs));
  console.log(
    JSON.stringify({
      bench: 'crawl',
      unit: 'pages/s',
      value,
      baseline,
      ratio: Math.round((median(ours) / median(theirs)) * 100) / 100,
      pages: PAGES,
      concurrency: CONCURRENCY,
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
