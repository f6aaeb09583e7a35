import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrawledPage, CrawlRequest, CrawlSummary } from './crawl-request';
import { Crawler } from './crawler';
import type { CrawlerOptions } from './crawler-options';
import type { FixtureSite } from './testing/fixture-site';
import { serveFixtureSite } from './testing/fixture-site';
import { FIXTURE_SITE_DIR } from '../../../test/harness';

const SITE_ROOT = FIXTURE_SITE_DIR;
if (!existsSync(join(SITE_ROOT, 'site-labels.json'))) {
  throw new Error(
    `The crawl corpus is missing: expected ${SITE_ROOT}/site-labels.json (test/corpus/extraction-dev/site)`,
  );
}

interface SiteLabels {
  readonly base_url: string;
  readonly disallowed_paths: readonly string[];
  readonly offsite_links_not_followed: readonly string[];
  readonly sitemap: { readonly paths: readonly string[] };
  readonly depth_1: { readonly pages: readonly string[] };
  readonly depth_2: { readonly pages: readonly string[] };
  readonly depth_3: { readonly pages: readonly string[] };
}
const labels = JSON.parse(readFileSync(join(SITE_ROOT, 'site-labels.json'), 'utf8')) as SiteLabels;

const BOT = { botVersion: '0.1.0-test', botInfoUrl: 'https://quarry.example/bot' };

function newCrawler(options: Partial<CrawlerOptions> = {}): Crawler {
  return new Crawler({ ...BOT, allowPrivateNetworks: true, delayMs: 0, ...options });
}

async function crawl(
  crawler: Crawler,
  request: CrawlRequest,
  onPage: (page: CrawledPage) => void = () => undefined,
): Promise<{ pages: CrawledPage[]; summary: CrawlSummary }> {
  const pages: CrawledPage[] = [];
  const summary = await crawler.crawl(request, {
    onPage: (page) => {
      pages.push(page);
      onPage(page);
      return Promise.resolve();
    },
  });
  return { pages, summary };
}

describe('Crawler on the Larkspur corpus site', () => {
  let site: FixtureSite;
  let crawler: Crawler;
  const lookups: string[] = [];

  beforeEach(async () => {
    site = await serveFixtureSite(SITE_ROOT);
    lookups.length = 0;
    crawler = newCrawler({
      // The site is served on an IP literal: any name lookup would be an off-site host.
      resolveHost: (hostname) => {
        lookups.push(hostname);
        return Promise.reject(
          Object.assign(new Error(`no DNS in tests: ${hostname}`), { code: 'ENOTFOUND' }),
        );
      },
    });
  });

  afterEach(async () => {
    await crawler.close();
    await site.close();
  });

  const start = () => `${site.origin}/index.html`;
  const pathOf = (url: string) => url.slice(site.origin.length + 1);
  const processed = (pages: readonly CrawledPage[]) =>
    pages.filter((p) => p.outcome === 'processed').map((p) => pathOf(p.url));

  it.each([1, 2, 3] as const)(
    'finds exactly the depth_%d pages by following links',
    async (depth) => {
      const { pages, summary } = await crawl(crawler, {
        seeds: [start()],
        mode: 'links',
        depth,
        maxPages: 100,
      });
      const expected = labels[`depth_${depth}`].pages;
      expect(processed(pages).sort()).toEqual([...expected].sort());
      expect(summary).toMatchObject({
        processed: expected.length,
        failed: 0,
        stopReason: 'completed',
      });
      for (const page of pages.filter((p) => p.outcome === 'processed')) {
        expect(page.body?.length).toBeGreaterThan(0);
        expect(page.contentType).toMatch(/^text\/html/);
        expect(page.depth).toBeLessThanOrEqual(depth);
      }
    },
  );

  it('never fetches robots-disallowed pages and reports them as skipped', async () => {
    const { pages } = await crawl(crawler, {
      seeds: [start()],
      mode: 'links',
      depth: 3,
      maxPages: 100,
    });
    const requested = site.requests.map((r) => r.path);
    for (const disallowed of labels.disallowed_paths) {
      expect(requested.filter((path) => path.startsWith(disallowed))).toEqual([]);
    }
    expect(pages.filter((p) => p.outcome === 'skipped')).toEqual([
      expect.objectContaining({
        url: `${site.origin}/private/staff-handbook.html`,
        outcome: 'skipped',
        reason: 'robots_disallowed',
      }),
    ]);
    // robots.txt read once, first, with our identity.
    expect(site.requests[0].path).toBe('/robots.txt');
    expect(site.requestCount('/robots.txt')).toBe(1);
    expect(new Set(site.requests.map((r) => r.userAgent))).toEqual(
      new Set(['QuarryBot/0.1.0-test (+https://quarry.example/bot)']),
    );
  });

  it('does not follow off-site links and fetches every page once', async () => {
    const { pages } = await crawl(crawler, {
      seeds: [start()],
      mode: 'links',
      depth: 3,
      maxPages: 100,
    });
    expect(lookups).toEqual([]);
    const links = pages.flatMap((p) => p.links);
    for (const offsite of labels.offsite_links_not_followed) expect(links).not.toContain(offsite);
    expect(links.every((link) => link.startsWith(`${site.origin}/`))).toBe(true);
    const paths = site.requests.map((r) => r.path);
    expect(paths.length).toBe(new Set(paths).size);
  });

  it('reports in crawl order: by depth, then contact/about/team/careers first, then discovery', async () => {
    const { pages } = await crawl(crawler, {
      seeds: [start()],
      mode: 'links',
      depth: 3,
      maxPages: 100,
    });
    expect(pages.map((p) => `${p.depth} ${pathOf(p.url)}`)).toEqual([
      '1 index.html',
      '2 contact.html',
      '2 about.html',
      '2 careers.html',
      '2 services.html',
      '2 blog/index.html',
      '3 team.html',
      '3 private/staff-handbook.html',
      '3 careers/mechanic.html',
      '3 partners.html',
      '3 blog/spring-tuneup.html',
      '3 blog/gravel-season.html',
    ]);
  });

  it('stops at maxPages, counting failed but not robots-skipped pages', async () => {
    site.fault('/services.html', { status: 500 });
    const { pages, summary } = await crawl(crawler, {
      seeds: [start()],
      mode: 'links',
      depth: 3,
      maxPages: 8,
    });
    expect(pages.map((p) => `${pathOf(p.url)} ${p.outcome}`)).toEqual([
      'index.html processed',
      'contact.html processed',
      'about.html processed',
      'careers.html processed',
      'services.html failed',
      'blog/index.html processed',
      'team.html processed',
      'private/staff-handbook.html skipped',
      'careers/mechanic.html processed',
    ]);
    expect(summary).toMatchObject({
      pagesCounted: 8,
      stopReason: 'max_pages',
      failed: 1,
      skipped: 1,
    });
  });

  it('in sitemap mode, crawls the sitemap entries, the sitemap-only page included', async () => {
    const { pages } = await crawl(crawler, {
      seeds: [start()],
      mode: 'sitemap',
      depth: 1,
      maxPages: 100,
    });
    expect(processed(pages).sort()).toEqual([...labels.sitemap.paths].sort());
    expect(processed(pages)).toContain('press-kit.html');
    expect(site.requestCount('/sitemap.xml')).toBe(1);
    expect(pages.every((p) => p.depth === 1)).toBe(true);
  });

  it('in sitemap mode, follows links from sitemap pages at depth 2', async () => {
    const { pages } = await crawl(crawler, {
      seeds: [start()],
      mode: 'sitemap',
      depth: 2,
      maxPages: 100,
    });
    expect(processed(pages).sort()).toEqual(
      [...new Set([...labels.sitemap.paths, ...labels.depth_3.pages])].sort(),
    );
  });

  it('resumes after an abort with the same pages, none fetched twice', async () => {
    const request: CrawlRequest = { seeds: [start()], mode: 'links', depth: 3, maxPages: 100 };
    const reference = (await crawl(crawler, request)).pages.map((p) => pathOf(p.url));
    await crawler.close();
    await site.close();

    // A fresh server and crawler: the "crash" loses every in-process cache.
    site = await serveFixtureSite(SITE_ROOT, { faults: { '/services.html': { delayMs: 200 } } });
    crawler = newCrawler({ maxConcurrency: 4 });
    const controller = new AbortController();
    const first: CrawledPage[] = [];
    const interrupted = await crawler.crawl(
      { ...request, seeds: [start()] },
      {
        signal: controller.signal,
        onPage: (page) => {
          first.push(page);
          if (first.length === 4) controller.abort();
          return Promise.resolve();
        },
      },
    );
    expect(interrupted.stopReason).toBe('aborted');
    expect(first).toHaveLength(4);
    const requestedBefore = site.requests.length;

    const second: CrawledPage[] = [];
    const resumed = await crawler.crawl(
      { ...request, seeds: [start()], alreadyVisited: first },
      {
        onPage: (page) => {
          second.push(page);
          return Promise.resolve();
        },
      },
    );
    expect(resumed).toMatchObject({ stopReason: 'completed', resumed: 4 });
    // Together, the two runs report the crash-free run's pages, in its order.
    expect([...first, ...second].map((p) => pathOf(p.url))).toEqual(reference);
    // The resumed run requested none of the pages reported before the abort.
    const refetched = site.requests
      .slice(requestedBefore)
      .map((r) => r.path.slice(1))
      .filter((path) => first.some((p) => pathOf(p.url) === path));
    expect(refetched).toEqual([]);
  });

  it('resumes from records without a crash in between to a no-op', async () => {
    const request: CrawlRequest = { seeds: [start()], mode: 'links', depth: 2, maxPages: 100 };
    const { pages } = await crawl(crawler, request);
    const requests = site.requests.length;
    const again = await crawl(crawler, { ...request, alreadyVisited: pages });
    expect(again.pages).toEqual([]);
    expect(again.summary).toMatchObject({ resumed: pages.length, pagesCounted: pages.length });
    expect(site.requests.length).toBe(requests);
  });

  it('gives the same order whatever the response timing', async () => {
    const request: CrawlRequest = { seeds: [start()], mode: 'links', depth: 3, maxPages: 100 };
    const fast = (await crawl(crawler, request)).pages.map((p) => pathOf(p.url));
    site.fault('/contact.html', { delayMs: 150 });
    site.fault('/team.html', { delayMs: 100 });
    const parallel = newCrawler({ maxConcurrency: 8, perHostConcurrency: 8 });
    try {
      const slow = (await crawl(parallel, request)).pages;
      expect(slow.map((p) => pathOf(p.url))).toEqual(fast);
    } finally {
      await parallel.close();
    }
  });
});
