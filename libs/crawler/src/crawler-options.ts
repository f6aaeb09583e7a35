import type { ResolveHost } from './http/guarded-agent';
import type { RobotsCache } from './robots/robots-cache';

export interface CrawlerOptions {
  /** Product version in `User-Agent: QuarryBot/<version> (+<infoUrl>)`. */
  readonly botVersion: string;
  /** Page describing the bot to site owners. */
  readonly botInfoUrl: string;
  /** Product token, also matched against robots.txt `User-agent` groups. Default `QuarryBot`. */
  readonly botName?: string;
  /**
   * Allow crawl targets on private, loopback, link-local, CGNAT and other
   * non-public addresses (config `SCRAPER_ALLOW_PRIVATE_NETWORKS`). Tests need it. Default false.
   */
  readonly allowPrivateNetworks?: boolean;
  /** Addresses or CIDR ranges allowed even when private networks are not (e.g. an internal test host). */
  readonly allowedAddresses?: readonly string[];
  /** Requests in flight per host. Default 2. */
  readonly perHostConcurrency?: number;
  /** Pages in flight per crawl. Default 16. */
  readonly maxConcurrency?: number;
  /** Pause between request starts on one host. Default 1000 ms; 0 turns politeness delays off. */
  readonly delayMs?: number;
  /** The pause is drawn from [delay, delay × (1 + jitter)]. Default 0.5. */
  readonly jitterRatio?: number;
  /** robots.txt `Crawl-delay` is honoured up to this bound. Default 30 s. */
  readonly maxCrawlDelayMs?: number;
  /** Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Time to response headers. Default 15 s. */
  readonly headersTimeoutMs?: number;
  /** Longest silence while reading a body. Default 15 s. */
  readonly bodyTimeoutMs?: number;
  /** Whole request, body included. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Largest page body (decompressed). Default 2 MiB. */
  readonly maxBodyBytes?: number;
  /** Largest sitemap (decompressed). Default 10 MiB. */
  readonly maxSitemapBytes?: number;
  /** Sitemap files read per origin, indexes included. Default 20. */
  readonly maxSitemapFiles?: number;
  /** Redirect hops followed per request. Default 5. */
  readonly maxRedirects?: number;
  /** Retries after 429/503. Default 2. */
  readonly maxRetries?: number;
  /** A longer `Retry-After` fails the page instead of waiting. Default 60 s. */
  readonly maxRetryAfterMs?: number;
  /** Default true. Turning it off is for crawls of one's own sites only. */
  readonly respectRobotsTxt?: boolean;
  /** Shared robots.txt cache (≤ 24 h per origin); one per Crawler by default. */
  readonly robotsCache?: RobotsCache;
  /** DNS resolution; tests map invented host names to loopback. Default `dns.lookup` (all addresses). */
  readonly resolveHost?: ResolveHost;
  /** Random source of jitter. */
  readonly random?: () => number;
}

export interface ResolvedCrawlerOptions {
  readonly userAgent: string;
  readonly robotsToken: string;
  readonly allowPrivateNetworks: boolean;
  readonly allowedAddresses: readonly string[];
  readonly perHostConcurrency: number;
  readonly maxConcurrency: number;
  readonly delayMs: number;
  readonly jitterRatio: number;
  readonly maxCrawlDelayMs: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxSitemapBytes: number;
  readonly maxSitemapFiles: number;
  readonly maxRedirects: number;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
  readonly respectRobotsTxt: boolean;
  readonly random: () => number;
}

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min) {
    throw new RangeError(`CrawlerOptions.${name} must be a number ≥ ${min}, got ${String(v)}`);
  }
  return v;
}

export function resolveCrawlerOptions(options: CrawlerOptions): ResolvedCrawlerOptions {
  const botName = options.botName ?? 'QuarryBot';
  // RFC 9309 §2.2.1: the product token is letters, '_' and '-' only.
  if (!/^[A-Za-z_-]{1,64}$/.test(botName)) {
    throw new RangeError(
      `CrawlerOptions.botName must be a robots.txt product token, got ${botName}`,
    );
  }
  if (!options.botVersion) throw new RangeError('CrawlerOptions.botVersion is required');
  if (!/^https?:\/\//.test(options.botInfoUrl)) {
    throw new RangeError('CrawlerOptions.botInfoUrl must be an http(s) URL');
  }
  return {
    userAgent: `${botName}/${options.botVersion} (+${options.botInfoUrl})`,
    robotsToken: botName,
    allowPrivateNetworks: options.allowPrivateNetworks ?? false,
    allowedAddresses: options.allowedAddresses ?? [],
    perHostConcurrency: Math.floor(positive('perHostConcurrency', options.perHostConcurrency, 2)),
    maxConcurrency: Math.floor(positive('maxConcurrency', options.maxConcurrency, 16)),
    delayMs: positive('delayMs', options.delayMs, 1000, 0),
    jitterRatio: positive('jitterRatio', options.jitterRatio, 0.5, 0),
    maxCrawlDelayMs: positive('maxCrawlDelayMs', options.maxCrawlDelayMs, 30_000, 0),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 10_000),
    headersTimeoutMs: positive('headersTimeoutMs', options.headersTimeoutMs, 15_000),
    bodyTimeoutMs: positive('bodyTimeoutMs', options.bodyTimeoutMs, 15_000),
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, 30_000),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 2 * 1024 * 1024),
    maxSitemapBytes: positive('maxSitemapBytes', options.maxSitemapBytes, 10 * 1024 * 1024),
    maxSitemapFiles: positive('maxSitemapFiles', options.maxSitemapFiles, 20),
    maxRedirects: positive('maxRedirects', options.maxRedirects, 5, 0),
    maxRetries: positive('maxRetries', options.maxRetries, 2, 0),
    maxRetryAfterMs: positive('maxRetryAfterMs', options.maxRetryAfterMs, 60_000, 0),
    respectRobotsTxt: options.respectRobotsTxt ?? true,
    random: options.random ?? Math.random,
  };
}
