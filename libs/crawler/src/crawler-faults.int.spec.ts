import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrawledPage, CrawlRequest } from './crawl-request';
import { Crawler } from './crawler';
import type { CrawlerOptions } from './crawler-options';
import type { FixtureFault, FixtureSite } from './testing/fixture-site';
import { serveFixtureSite } from './testing/fixture-site';

/** A tiny site: index links to a, b, c. */
function writeSite(robots = 'User-agent: *\nDisallow: /private/\n'): string {
  const root = mkdtempSync(join(tmpdir(), 'quarry-crawl-faults-'));
  const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
  writeFileSync(join(root, 'robots.txt'), robots);
  writeFileSync(
    join(root, 'index.html'),
    page('<a href="a.html">a</a> <a href="b.html">b</a> <a href="c.html">c</a>'),
  );
  for (const name of ['a', 'b', 'c']) writeFileSync(join(root, `${name}.html`), page(name));
  return root;
}

const BOT = { botVersion: '0.1.0-test', botInfoUrl: 'https://quarry.example/bot' };

describe('Crawler faults', () => {
  let site: FixtureSite;
  let crawler: Crawler;

  async function setUp(
    faults: Record<string, FixtureFault | FixtureFault[]> = {},
    options: Partial<CrawlerOptions> = {},
    robots?: string,
  ): Promise<void> {
    site = await serveFixtureSite(writeSite(robots), { faults });
    crawler = new Crawler({ ...BOT, allowPrivateNetworks: true, delayMs: 0, ...options });
  }

  afterEach(async () => {
    await crawler.close();
    await site.close();
  });

  async function crawlPages(
    paths: string[],
    request: Partial<CrawlRequest> = {},
  ): Promise<CrawledPage[]> {
    const pages: CrawledPage[] = [];
    await crawler.crawl(
      {
        seeds: paths.map((path) => `${site.origin}${path}`),
        mode: 'links',
        depth: 1,
        maxPages: 50,
        ...request,
      },
      {
        onPage: (page) => {
          pages.push(page);
          return Promise.resolve();
        },
      },
    );
    return pages;
  }

  async function crawlOne(path: string): Promise<CrawledPage> {
    const pages = await crawlPages([path]);
    expect(pages).toHaveLength(1);
    return pages[0];
  }

  it('fetches nothing when robots.txt answers 5xx', async () => {
    await setUp({ '/robots.txt': { status: 503 } });
    const pages = await crawlPages(['/index.html', '/a.html'], { depth: 3 });
    expect(site.requests.map((r) => r.path)).toEqual(['/robots.txt']);
    expect(pages.map((p) => [p.outcome, p.reason])).toEqual([
      ['skipped', 'robots_unavailable'],
      ['skipped', 'robots_unavailable'],
    ]);
  });

  it('fetches nothing when robots.txt cannot be read at all', async () => {
    await setUp({ '/robots.txt': { destroy: true } });
    await crawlPages(['/index.html']);
    expect(site.requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('crawls everything when robots.txt is missing (4xx)', async () => {
    await setUp({ '/robots.txt': { status: 404, body: 'nope' } });
    const pages = await crawlPages(['/index.html'], { depth: 2 });
    expect(pages.map((p) => p.outcome)).toEqual([
      'processed',
      'processed',
      'processed',
      'processed',
    ]);
  });

  it('honours Crawl-delay', async () => {
    await setUp({}, {}, 'User-agent: QuarryBot\nCrawl-delay: 0.2\n');
    const started = Date.now();
    await crawlPages(['/a.html', '/b.html', '/c.html']);
    // robots.txt, then three pages, each starting 200 ms after the previous request.
    expect(Date.now() - started).toBeGreaterThanOrEqual(580);
    const starts = site.requests.map((r) => r.at);
    for (let i = 1; i < starts.length; i++)
      expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(190);
  });

  it('spaces requests to a host by the delay plus jitter', async () => {
    await setUp({}, { delayMs: 100, jitterRatio: 1, random: () => 0.5 });
    await crawlPages(['/a.html', '/b.html', '/c.html']);
    const starts = site.requests.map((r) => r.at);
    expect(starts).toHaveLength(4);
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(140);
    }
  });

  it('keeps at most two requests in flight per host by default', async () => {
    const slow: FixtureFault = { delayMs: 150 };
    await setUp({ '/index.html': slow, '/a.html': slow, '/b.html': slow, '/c.html': slow });
    const started = Date.now();
    const pages = await crawlPages(['/index.html', '/a.html', '/b.html', '/c.html']);
    expect(pages).toHaveLength(4);
    // Four 150 ms pages, two at a time: at least two rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(590);
  });

  it('waits for Retry-After on 429, then processes the page', async () => {
    await setUp({ '/a.html': [{ status: 429, headers: { 'retry-after': '1' } }] });
    const started = Date.now();
    const page = await crawlOne('/a.html');
    expect(page).toMatchObject({ outcome: 'processed', status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(site.requestCount('/a.html')).toBe(2);
  });

  it('gives up on 503 after the bounded retries', async () => {
    await setUp({ '/a.html': { status: 503, headers: { 'retry-after': '0' } } }, { maxRetries: 2 });
    const page = await crawlOne('/a.html');
    expect(page).toMatchObject({ outcome: 'failed', reason: 'http_status', status: 503 });
    expect(site.requestCount('/a.html')).toBe(3);
  });

  it('fails at once when Retry-After is beyond the bound', async () => {
    await setUp(
      { '/a.html': { status: 429, headers: { 'retry-after': '3600' } } },
      { maxRetryAfterMs: 5_000 },
    );
    const started = Date.now();
    expect(await crawlOne('/a.html')).toMatchObject({ outcome: 'failed', status: 429 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(site.requestCount('/a.html')).toBe(1);
  });

  it.each([
    ['declared with Content-Length', false],
    ['streamed without Content-Length', true],
  ])('refuses a body over the cap (%s)', async (_, chunked) => {
    const body = `<html>${'x'.repeat(300 * 1024)}</html>`;
    await setUp(
      { '/a.html': { body, chunked, headers: { 'content-type': 'text/html' } } },
      {
        maxBodyBytes: 256 * 1024,
      },
    );
    expect(await crawlOne('/a.html')).toMatchObject({ outcome: 'failed', reason: 'too_large' });
    expect(await crawlOne('/b.html')).toMatchObject({ outcome: 'processed' });
  });

  it('caps the decompressed size of compressed bodies', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    await setUp({
      '/a.html': {
        body: bomb,
        headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' },
      },
    });
    expect(await crawlOne('/a.html')).toMatchObject({ outcome: 'failed', reason: 'too_large' });
  });

  it('reads gzip-encoded pages', async () => {
    const { gzipSync } = await import('node:zlib');
    await setUp({
      '/index.html': {
        body: gzipSync('<html><a href="b.html">b</a></html>'),
        headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' },
      },
    });
    const page = await crawlOne('/index.html');
    expect(page.body?.toString()).toBe('<html><a href="b.html">b</a></html>');
    expect(page.links).toEqual([`${site.origin}/b.html`]);
  });

  it.each([
    ['application/pdf', '%PDF-1.7 ...'],
    ['application/json', '{"a":1}'],
    ['image/png', 'PNG'],
  ])('does not download %s', async (contentType, body) => {
    await setUp({ '/a.html': { body, headers: { 'content-type': contentType } } });
    expect(await crawlOne('/a.html')).toMatchObject({
      outcome: 'failed',
      reason: 'not_html',
      contentType,
    });
  });

  it('sniffs pages served without a Content-Type', async () => {
    await setUp({
      '/a.html': { body: '  <!DOCTYPE html><p>hi', headers: { 'content-type': '' } },
      '/b.html': { body: 'plain words', headers: { 'content-type': '' } },
    });
    const pages = await crawlPages(['/a.html', '/b.html']);
    expect(pages.map((p) => p.reason ?? p.outcome)).toEqual(['processed', 'not_html']);
  });

  it('detects redirect loops', async () => {
    await setUp({
      '/a.html': { status: 302, headers: { location: '/b.html' } },
      '/b.html': { status: 301, headers: { location: `/a.html` } },
    });
    expect(await crawlOne('/a.html')).toMatchObject({
      outcome: 'failed',
      reason: 'too_many_redirects',
    });
    expect(site.requestCount('/a.html')).toBe(1);
  });

  it('follows at most 5 redirects', async () => {
    const hops: Record<string, FixtureFault> = {};
    for (let i = 0; i < 6; i++)
      hops[`/r${i}`] = { status: 307, headers: { location: `/r${i + 1}` } };
    hops['/r6'] = { body: '<html>end</html>', headers: { 'content-type': 'text/html' } };
    await setUp(hops);
    expect(await crawlOne('/r1')).toMatchObject({
      outcome: 'processed',
      finalUrl: `${site.origin}/r6`,
    });
    expect(await crawlOne('/r0')).toMatchObject({
      outcome: 'failed',
      reason: 'too_many_redirects',
    });
  });

  it('checks robots.txt on every redirect hop', async () => {
    await setUp({ '/a.html': { status: 302, headers: { location: '/private/secret.html' } } });
    expect(await crawlOne('/a.html')).toMatchObject({
      outcome: 'failed',
      reason: 'robots_disallowed',
      finalUrl: `${site.origin}/private/secret.html`,
    });
    expect(site.requestCount('/private/secret.html')).toBe(0);
  });

  it('refuses redirects to other sites', async () => {
    await setUp({
      '/a.html': { status: 302, headers: { location: 'https://elsewhere.example/' } },
    });
    expect(await crawlOne('/a.html')).toMatchObject({
      outcome: 'failed',
      reason: 'off_site_redirect',
      finalUrl: 'https://elsewhere.example/',
    });
  });

  it('fails slow servers with a timeout', async () => {
    await setUp({ '/a.html': { delayMs: 1_500 } }, { headersTimeoutMs: 300 });
    expect(await crawlOne('/a.html')).toMatchObject({ outcome: 'failed', reason: 'timeout' });
  });

  it('reports HTTP errors with their status', async () => {
    await setUp();
    expect(await crawlOne('/missing.html')).toMatchObject({
      outcome: 'failed',
      reason: 'http_status',
      status: 404,
    });
  });

  it('treats an unreachable origin as off limits, or as a network failure without robots.txt', async () => {
    await setUp();
    const deadOrigin = site.origin;
    await site.close();
    site = await serveFixtureSite(writeSite());
    const crawlDead = async (target: Crawler) => {
      const pages: CrawledPage[] = [];
      await target.crawl(
        { seeds: [`${deadOrigin}/a.html`], mode: 'links', depth: 1, maxPages: 5 },
        { onPage: (page) => Promise.resolve(void pages.push(page)) },
      );
      return pages;
    };
    expect(await crawlDead(crawler)).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: 'robots_unavailable' }),
    ]);
    const ignoringRobots = new Crawler({
      ...BOT,
      allowPrivateNetworks: true,
      respectRobotsTxt: false,
    });
    try {
      expect(await crawlDead(ignoringRobots)).toEqual([
        expect.objectContaining({ outcome: 'failed', reason: 'network' }),
      ]);
    } finally {
      await ignoringRobots.close();
    }
  });

  it('reads sitemap indexes and gzipped sitemaps named in robots.txt', async () => {
    const { gzipSync } = await import('node:zlib');
    await setUp();
    const o = site.origin;
    site.fault('/robots.txt', {
      body: `User-agent: *\nDisallow: /private/\n\nSitemap: ${o}/sitemap_index.xml\n`,
    });
    site.fault('/sitemap_index.xml', {
      body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>${o}/pages.xml.gz</loc></sitemap>
        <sitemap><loc>${o}/private/hidden.xml</loc></sitemap>
      </sitemapindex>`,
    });
    site.fault('/pages.xml.gz', {
      body: gzipSync(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>${o}/b.html</loc></url><url><loc>${o}/c.html</loc></url>
        <url><loc>https://elsewhere.example/c.html</loc></url>
        <url><loc>${o}/private/p.html</loc></url></urlset>`),
      headers: { 'content-type': 'application/gzip' },
    });
    const pages = await crawlPages(['/index.html'], { mode: 'sitemap' });
    expect(pages.map((p) => `${p.url.slice(o.length)} ${p.outcome}`)).toEqual([
      '/index.html processed',
      '/b.html processed',
      '/c.html processed',
      '/private/p.html skipped',
    ]);
    expect(site.requestCount('/private/hidden.xml')).toBe(0);
  });

  it('falls back to /sitemap.xml when robots.txt names no sitemap', async () => {
    await setUp();
    site.fault('/sitemap.xml', {
      body: `<urlset><url><loc>${site.origin}/c.html</loc></url></urlset>`,
    });
    const pages = await crawlPages(['/a.html'], { mode: 'sitemap' });
    expect(pages.map((p) => p.url.slice(site.origin.length))).toEqual(['/a.html', '/c.html']);
  });

  it('fails pages of hosts that do not resolve', async () => {
    await setUp(
      {},
      {
        resolveHost: (hostname) =>
          Promise.reject(
            Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
          ),
      },
    );
    const pages: CrawledPage[] = [];
    await crawler.crawl(
      { seeds: ['http://no-such-host.test/'], mode: 'links', depth: 1, maxPages: 5 },
      { onPage: (page) => Promise.resolve(void pages.push(page)) },
    );
    expect(pages).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'dns' })]);
  });

  it('aborts promptly, cancelling requests in flight', async () => {
    await setUp({ '/a.html': { delayMs: 10_000 } });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const pages: CrawledPage[] = [];
    const summary = await crawler.crawl(
      { seeds: [`${site.origin}/a.html`], mode: 'links', depth: 1, maxPages: 5 },
      { signal: controller.signal, onPage: (page) => Promise.resolve(void pages.push(page)) },
    );
    expect(summary.stopReason).toBe('aborted');
    expect(pages).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops and rejects when onPage fails', async () => {
    await setUp();
    let calls = 0;
    await expect(
      crawler.crawl(
        { seeds: [`${site.origin}/index.html`], mode: 'links', depth: 2, maxPages: 50 },
        {
          onPage: () => {
            calls += 1;
            return Promise.reject(new Error('database down'));
          },
        },
      ),
    ).rejects.toThrow('database down');
    expect(calls).toBe(1);
  });

  it('rejects invalid requests with coded details', async () => {
    await setUp();
    await expect(
      crawler.crawl(
        { seeds: ['ftp://example.com/'], mode: 'links', depth: 4 as 3, maxPages: -1 },
        { onPage: () => Promise.resolve() },
      ),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      details: [
        expect.objectContaining({ field: 'seeds[0]' }),
        expect.objectContaining({ field: 'depth' }),
        expect.objectContaining({ field: 'maxPages' }),
      ],
    });
  });
});
