import type { Agent } from 'undici';
import type { CrawlHandlers, CrawlRequest, CrawlSummary } from './crawl-request';
import type { CrawlServices } from './crawl-run';
import { CrawlRun } from './crawl-run';
import type { CrawlerOptions, ResolvedCrawlerOptions } from './crawler-options';
import { resolveCrawlerOptions } from './crawler-options';
import { AddressPolicy } from './http/address-policy';
import { createGuardedAgent, defaultResolveHost } from './http/guarded-agent';
import { HostGates } from './http/host-gate';
import { HttpFetcher } from './http/http-fetcher';
import { RobotsCache } from './robots/robots-cache';
import type { RobotsPolicy, RobotsVerdict } from './robots/robots-policy';
import {
  ROBOTS_MAX_BYTES,
  robotsCrawlDelayMs,
  robotsPolicyFromFailure,
  robotsPolicyFromResponse,
  robotsVerdict,
} from './robots/robots-policy';
import { validateCrawlRequest } from './validate-crawl-request';

/**
 * A polite, SSRF-safe crawler. One instance serves many crawls (concurrent
 * ones included): it owns the HTTP connection pool, the per-host politeness
 * gates and the robots.txt cache, so two jobs on one host share its limits.
 * Call `close()` when done.
 */
export class Crawler implements CrawlServices {
  readonly options: ResolvedCrawlerOptions;
  readonly http: HttpFetcher;
  private readonly agent: Agent;
  private readonly robots: RobotsCache;
  private readonly gates: HostGates;
  private readonly crawlDelays = new Map<string, number>();

  constructor(options: CrawlerOptions) {
    this.options = resolveCrawlerOptions(options);
    const o = this.options;
    const addressPolicy = new AddressPolicy(o.allowPrivateNetworks, o.allowedAddresses);
    this.agent = createGuardedAgent({
      policy: addressPolicy,
      resolveHost: options.resolveHost ?? defaultResolveHost,
      connectTimeoutMs: o.connectTimeoutMs,
      headersTimeoutMs: o.headersTimeoutMs,
      bodyTimeoutMs: o.bodyTimeoutMs,
    });
    this.robots = options.robotsCache ?? new RobotsCache();
    this.gates = new HostGates(o.perHostConcurrency, (host) => this.spacingMs(host));
    this.http = new HttpFetcher(this.agent, this.gates, {
      addressPolicy,
      userAgent: o.userAgent,
      maxBodyBytes: o.maxBodyBytes,
      maxSitemapBytes: o.maxSitemapBytes,
      robotsMaxBytes: ROBOTS_MAX_BYTES,
      maxRedirects: o.maxRedirects,
      maxRetries: o.maxRetries,
      maxRetryAfterMs: o.maxRetryAfterMs,
      requestTimeoutMs: o.requestTimeoutMs,
    });
  }

  /**
   * Crawls `request`, reporting every page through `handlers.onPage`. Resolves
   * with a summary (also when aborted through `handlers.signal`); rejects on an
   * invalid request or when `onPage` rejects.
   */
  async crawl(request: CrawlRequest, handlers: CrawlHandlers): Promise<CrawlSummary> {
    const seeds = validateCrawlRequest(request);
    return await new CrawlRun(this, request, seeds, handlers).run();
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  async robotsPolicy(url: URL, signal: AbortSignal): Promise<RobotsPolicy | undefined> {
    if (!this.options.respectRobotsTxt) return undefined;
    const origin = url.origin;
    let policy = this.robots.peek(origin);
    for (let attempt = 0; policy === undefined; attempt++) {
      try {
        policy = await this.robots.get(origin, () => this.loadRobots(url, signal));
      } catch (error) {
        // A load started by another crawl that was aborted: load again for ours.
        signal.throwIfAborted();
        if (attempt >= 2) throw error;
      }
    }
    const delay = robotsCrawlDelayMs(policy, this.options.robotsToken);
    if (delay === undefined) {
      this.crawlDelays.delete(url.host);
    } else if (this.crawlDelays.get(url.host) !== delay) {
      // Newly learned: the robots.txt request itself counts as the previous request.
      this.crawlDelays.set(url.host, delay);
      this.gates.pauseUntil(url.host, Date.now() + Math.min(delay, this.options.maxCrawlDelayMs));
    }
    return policy;
  }

  async robotsVerdict(url: URL, signal: AbortSignal): Promise<RobotsVerdict> {
    const policy = await this.robotsPolicy(url, signal);
    return policy === undefined ? 'allowed' : robotsVerdict(policy, url, this.options.robotsToken);
  }

  private async loadRobots(url: URL, signal: AbortSignal): Promise<RobotsPolicy> {
    const robotsUrl = new URL('/robots.txt', url.origin);
    // RFC 9309 §2.3.1.2: robots.txt redirects are followed across hosts too.
    const result = await this.http.fetch(
      robotsUrl,
      'robots',
      () => Promise.resolve(undefined),
      signal,
    );
    if (result.ok) {
      return robotsPolicyFromResponse(robotsUrl.href, result.status, result.body.toString('utf8'));
    }
    if (result.reason === 'http_status') {
      return robotsPolicyFromResponse(robotsUrl.href, result.status ?? 500, '');
    }
    if (result.finalUrl.origin !== robotsUrl.origin) {
      // The origin answered but redirected robots.txt somewhere unreachable or refused.
      return { kind: 'disallow_all' };
    }
    return robotsPolicyFromFailure(result.reason);
  }

  private spacingMs(host: string): number {
    const { delayMs, jitterRatio, random, maxCrawlDelayMs } = this.options;
    const polite = delayMs === 0 ? 0 : delayMs * (1 + jitterRatio * random());
    const crawlDelay = this.crawlDelays.get(host);
    return crawlDelay === undefined
      ? polite
      : Math.max(polite, Math.min(crawlDelay, maxCrawlDelayMs));
  }
}
