import { RobotsCache } from './robots-cache';
import type { RobotsPolicy } from './robots-policy';
import {
  robotsCrawlDelayMs,
  robotsPolicyFromFailure,
  robotsPolicyFromResponse,
  robotsSitemaps,
  robotsVerdict,
} from './robots-policy';

const ROBOTS_URL = 'https://example.com/robots.txt';
const verdict = (policy: RobotsPolicy, path: string, token = 'QuarryBot') =>
  robotsVerdict(policy, new URL(path, 'https://example.com'), token);

describe('robots.txt status handling (RFC 9309 §2.3.1)', () => {
  it.each([
    [404, 'allowed'],
    [410, 'allowed'],
    [401, 'allowed'],
    [403, 'allowed'],
    [429, 'unavailable'],
    [500, 'unavailable'],
    [503, 'unavailable'],
  ] as const)('HTTP %d → %s for every path', (status, expected) => {
    const policy = robotsPolicyFromResponse(ROBOTS_URL, status, 'User-agent: *\nDisallow: /');
    expect(verdict(policy, '/')).toBe(expected);
    expect(verdict(policy, '/contact.html')).toBe(expected);
  });

  it.each([
    ['timeout', 'unavailable'],
    ['network', 'unavailable'],
    ['dns', 'dns'],
    ['blocked_address', 'blocked_address'],
    ['too_many_redirects', 'allowed'],
  ] as const)('a %s while fetching it → %s', (reason, expected) => {
    expect(verdict(robotsPolicyFromFailure(reason), '/x')).toBe(expected);
  });
});

describe('robots.txt rules', () => {
  const body = [
    '# comment',
    'User-agent: *',
    'Disallow: /private/',
    'Crawl-delay: 5',
    '',
    'User-agent: quarrybot',
    'Disallow: /no-quarry/',
    'Allow: /no-quarry/public',
    'Disallow: /*.pdf$',
    'Crawl-delay: 1.5',
    '',
    'Sitemap: https://example.com/sitemap-a.xml',
    'Sitemap: https://cdn.example.net/sitemap-b.xml.gz',
  ].join('\n');
  const policy = robotsPolicyFromResponse(ROBOTS_URL, 200, body);

  it('uses the group of our product token, matched case-insensitively and without version', () => {
    expect(verdict(policy, '/no-quarry/page')).toBe('disallowed');
    expect(verdict(policy, '/no-quarry/page', 'QUARRYBOT/1.2.3')).toBe('disallowed');
    // Our group replaces "*": /private/ is not disallowed for us here.
    expect(verdict(policy, '/private/x')).toBe('allowed');
    expect(verdict(policy, '/private/x', 'OtherBot')).toBe('disallowed');
  });

  it('applies the longest match, Allow winning ties, and wildcards', () => {
    expect(verdict(policy, '/no-quarry/public/page')).toBe('allowed');
    expect(verdict(policy, '/files/report.pdf')).toBe('disallowed');
    expect(verdict(policy, '/files/report.pdf?x=1')).toBe('allowed');
  });

  it('always allows /robots.txt itself', () => {
    const all = robotsPolicyFromResponse(ROBOTS_URL, 200, 'User-agent: *\nDisallow: /');
    expect(verdict(all, '/robots.txt')).toBe('allowed');
    expect(verdict(all, '/')).toBe('disallowed');
  });

  it('reads Crawl-delay of our group and the sitemaps', () => {
    expect(robotsCrawlDelayMs(policy, 'QuarryBot')).toBe(1500);
    expect(robotsCrawlDelayMs(policy, 'OtherBot')).toBe(5000);
    expect(robotsSitemaps(policy)).toEqual([
      'https://example.com/sitemap-a.xml',
      'https://cdn.example.net/sitemap-b.xml.gz',
    ]);
    expect(robotsCrawlDelayMs({ kind: 'allow_all' }, 'QuarryBot')).toBeUndefined();
  });
});

describe('RobotsCache', () => {
  const HOUR = 60 * 60 * 1000;

  it('keeps a policy at most 24 h and an unavailable one for a short while', async () => {
    let now = 0;
    const cache = new RobotsCache({ ttlMs: 7 * 24 * HOUR, unavailableTtlMs: HOUR, now: () => now });
    cache.set('https://a.example', { kind: 'allow_all' });
    cache.set('https://b.example', { kind: 'disallow_all' });
    now = HOUR - 1;
    expect(cache.peek('https://b.example')).toEqual({ kind: 'disallow_all' });
    now = HOUR;
    expect(cache.peek('https://b.example')).toBeUndefined();
    now = 24 * HOUR - 1;
    expect(cache.peek('https://a.example')).toEqual({ kind: 'allow_all' });
    now = 24 * HOUR;
    expect(cache.peek('https://a.example')).toBeUndefined();
    await expect(
      cache.get('https://a.example', () => Promise.resolve({ kind: 'disallow_all' })),
    ).resolves.toEqual({
      kind: 'disallow_all',
    });
  });

  it('loads an origin once for concurrent callers', async () => {
    const cache = new RobotsCache();
    let loads = 0;
    const load = async (): Promise<RobotsPolicy> => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { kind: 'allow_all' };
    };
    await Promise.all([1, 2, 3].map(() => cache.get('https://example.com', load)));
    expect(loads).toBe(1);
  });

  it('forgets the oldest origins beyond maxEntries', () => {
    const cache = new RobotsCache({ maxEntries: 2 });
    for (const origin of ['https://a', 'https://b', 'https://c'])
      cache.set(origin, { kind: 'allow_all' });
    expect(cache.peek('https://a')).toBeUndefined();
    expect(cache.peek('https://c')).toBeDefined();
  });
});
