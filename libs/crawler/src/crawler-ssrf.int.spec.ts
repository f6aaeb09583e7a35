import type { LookupAddress } from 'node:dns';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrawledPage } from './crawl-request';
import { Crawler } from './crawler';
import type { CrawlerOptions } from './crawler-options';
import type { FixtureSite } from './testing/fixture-site';
import { serveFixtureSite } from './testing/fixture-site';

const BOT = { botVersion: '0.1.0-test', botInfoUrl: 'https://quarry.example/bot' };

function writeSite(): string {
  const root = mkdtempSync(join(tmpdir(), 'quarry-crawl-ssrf-'));
  writeFileSync(join(root, 'robots.txt'), 'User-agent: *\nAllow: /\n');
  writeFileSync(join(root, 'index.html'), '<html><a href="secret.html">secret</a></html>');
  writeFileSync(join(root, 'secret.html'), '<html>internal admin page</html>');
  return root;
}

/**
 * The crawled site is served on 127.0.0.2 and allowed by exception (standing
 * in for a public host); the SSRF target is a second server on 127.0.0.1
 * whose connection counter proves that no connection reached it.
 */
describe('Crawler SSRF guard', () => {
  let site: FixtureSite;
  let target: FixtureSite;
  let targetPort: string;
  const crawlers: Crawler[] = [];

  beforeEach(async () => {
    target = await serveFixtureSite(writeSite(), { host: '127.0.0.1' });
    targetPort = new URL(target.origin).port;
    // Same port, other address: the site's www twin can point at the target.
    site = await serveFixtureSite(writeSite(), { host: '127.0.0.2', port: Number(targetPort) });
  });

  afterEach(async () => {
    await Promise.all(crawlers.splice(0).map((c) => c.close()));
    await site.close();
    await target.close();
  });

  function newCrawler(options: Partial<CrawlerOptions> = {}): Crawler {
    const crawler = new Crawler({
      ...BOT,
      delayMs: 0,
      allowedAddresses: ['127.0.0.2'],
      ...options,
    });
    crawlers.push(crawler);
    return crawler;
  }

  async function crawlOne(crawler: Crawler, url: string): Promise<CrawledPage> {
    const pages: CrawledPage[] = [];
    await crawler.crawl(
      { seeds: [url], mode: 'links', depth: 1, maxPages: 5 },
      { onPage: (page) => Promise.resolve(void pages.push(page)) },
    );
    expect(pages).toHaveLength(1);
    return pages[0];
  }

  it('crawls the allowed host itself', async () => {
    expect(await crawlOne(newCrawler(), `${site.origin}/index.html`)).toMatchObject({
      outcome: 'processed',
    });
  });

  it.each([
    ['loopback', () => `http://127.0.0.1:${targetPort}/secret.html`],
    ['a private network', () => 'http://10.0.0.1/'],
    ['the metadata endpoint', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${targetPort}/`],
    ['IPv6 loopback', () => `http://[::1]:${targetPort}/`],
  ])('refuses a redirect to %s', async (_, location) => {
    site.fault('/index.html', { status: 302, headers: { location: location() } });
    expect(await crawlOne(newCrawler(), `${site.origin}/index.html`)).toMatchObject({
      outcome: 'failed',
      reason: 'blocked_address',
    });
    expect(target.connections).toBe(0);
  });

  it.each([
    ['dotted', () => `http://127.0.0.1:${targetPort}/secret.html`],
    ['decimal', () => `http://2130706433:${targetPort}/secret.html`],
    ['hexadecimal', () => `http://0x7f000001:${targetPort}/secret.html`],
    ['octal', () => `http://0177.0.0.1:${targetPort}/secret.html`],
    ['IPv4-mapped IPv6', () => `http://[::ffff:7f00:1]:${targetPort}/secret.html`],
  ])('refuses an IP-literal seed in %s form', async (_, seed) => {
    // With robots.txt, its own fetch is refused first; without, the page's connection is.
    for (const crawler of [newCrawler(), newCrawler({ respectRobotsTxt: false })]) {
      expect(await crawlOne(crawler, seed())).toMatchObject({
        outcome: 'failed',
        reason: 'blocked_address',
      });
    }
    expect(target.connections).toBe(0);
    expect(target.requests).toEqual([]);
  });

  it('refuses host names that resolve to a refused address, checked at connect time', async () => {
    const resolved: string[] = [];
    const resolveHost = (hostname: string): Promise<LookupAddress[]> => {
      resolved.push(hostname);
      return Promise.resolve(
        hostname === 'mixed.test'
          ? [
              { address: '93.184.216.34', family: 4 },
              { address: '127.0.0.1', family: 4 },
            ]
          : [{ address: '127.0.0.1', family: 4 }],
      );
    };
    const crawler = newCrawler({ resolveHost });
    for (const host of ['internal.test', 'mixed.test']) {
      expect(await crawlOne(crawler, `http://${host}:${targetPort}/secret.html`)).toMatchObject({
        outcome: 'failed',
        reason: 'blocked_address',
      });
    }
    expect(resolved).toEqual(['internal.test', 'mixed.test']);
    expect(target.connections).toBe(0);
  });

  it('refuses a same-site redirect whose host resolves to a refused address', async () => {
    // larkspur.test is the (allowed) site; its www twin resolves to the loopback target.
    const resolveHost = (hostname: string): Promise<LookupAddress[]> =>
      Promise.resolve([
        { address: hostname === 'larkspur.test' ? '127.0.0.2' : '127.0.0.1', family: 4 },
      ]);
    site.fault('/index.html', {
      status: 301,
      headers: { location: `http://www.larkspur.test:${targetPort}/secret.html` },
    });
    const blocked = newCrawler({ resolveHost });
    expect(await crawlOne(blocked, `http://larkspur.test:${targetPort}/index.html`)).toMatchObject({
      outcome: 'failed',
      reason: 'blocked_address',
      finalUrl: `http://www.larkspur.test:${targetPort}/secret.html`,
    });
    expect(target.connections).toBe(0);

    site.fault('/index.html', {
      status: 301,
      headers: { location: `http://www.larkspur.test:${targetPort}/secret.html` },
    });
    const allowed = newCrawler({ resolveHost, allowPrivateNetworks: true });
    expect(await crawlOne(allowed, `http://larkspur.test:${targetPort}/index.html`)).toMatchObject({
      outcome: 'processed',
      finalUrl: `http://www.larkspur.test:${targetPort}/secret.html`,
    });
    expect(target.requestCount('/secret.html')).toBe(1);
  });

  it('reaches the same targets when private networks are allowed', async () => {
    const crawler = newCrawler({
      allowPrivateNetworks: true,
      resolveHost: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    });
    for (const seed of [
      `http://127.0.0.1:${targetPort}/secret.html`,
      `http://2130706433:${targetPort}/secret.html`,
      `http://internal.test:${targetPort}/index.html`,
    ]) {
      expect(await crawlOne(crawler, seed)).toMatchObject({ outcome: 'processed' });
    }
    expect(target.connections).toBeGreaterThan(0);
    // A redirect to another host is still off-site, private or not.
    site.fault('/index.html', {
      status: 302,
      headers: { location: `http://127.0.0.1:${targetPort}/secret.html` },
    });
    expect(await crawlOne(crawler, `${site.origin}/index.html`)).toMatchObject({
      outcome: 'failed',
      reason: 'off_site_redirect',
    });
  });
});
