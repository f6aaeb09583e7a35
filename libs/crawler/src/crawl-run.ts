import { setMaxListeners } from 'node:events';
import type {
  CrawledPage,
  CrawlHandlers,
  CrawlRequest,
  CrawlStopReason,
  CrawlSummary,
  PageFailureReason,
  VisitedPage,
} from './crawl-request';
import type { ResolvedCrawlerOptions } from './crawler-options';
import type { FrontierEntry } from './frontier';
import { FrontierLevel } from './frontier';
import type { PageLink } from './html/page-links';
import { sameSiteLinks } from './html/page-links';
import type { HttpFetcher, RedirectGuard } from './http/http-fetcher';
import type { RobotsPolicy, RobotsVerdict } from './robots/robots-policy';
import { robotsSitemaps } from './robots/robots-policy';
import { parseSitemap, sitemapText } from './sitemap/parse-sitemap';
import { normalizeUrl, pageKeyOf, siteKeyOf } from './url/page-url';

/** What one crawl run needs from the long-lived crawler. */
export interface CrawlServices {
  readonly options: ResolvedCrawlerOptions;
  readonly http: HttpFetcher;
  /** The robots.txt policy of `url`'s origin, or undefined when robots.txt is not respected. */
  robotsPolicy(url: URL, signal: AbortSignal): Promise<RobotsPolicy | undefined>;
  robotsVerdict(url: URL, signal: AbortSignal): Promise<RobotsVerdict>;
}

/** Sitemap entries considered per origin (the sitemaps.org limit of one file). */
const MAX_SITEMAP_URLS = 50_000;

type Settled = { readonly page: CrawledPage; readonly links: readonly PageLink[] } | undefined;

/** Stands in for a reported page in the level's queue, so that its body can be collected. */
const REPORTED: Promise<Settled> = Promise.resolve(undefined);

/**
 * One crawl: a breadth-first walk, one depth at a time. Within a depth,
 * pages are dispatched in frontier order and their results reported in that
 * same order (a reorder window bounds how far fetching runs ahead of
 * reporting), so every run of the same request over the same site, resumed
 * or not, reports the same pages in the same order. The next depth is
 * planned from the links of the finished one.
 */
export class CrawlRun {
  private readonly controller = new AbortController();
  private readonly signal = this.controller.signal;
  private readonly seen = new Set<string>();
  private readonly replay = new Map<string, VisitedPage>();
  private budget: number;
  private processed = 0;
  private failed = 0;
  private skipped = 0;
  private resumed = 0;
  private resumedCounted = 0;
  private inFlight = 0;
  /** Pages of the current depth handed to onPage so far. */
  private reported = 0;
  private failure: { readonly error: unknown } | undefined;
  private wakers: (() => void)[] = [];
  private readonly window: number;

  constructor(
    private readonly services: CrawlServices,
    private readonly request: CrawlRequest,
    private readonly seeds: readonly URL[],
    private readonly handlers: CrawlHandlers,
  ) {
    // Every request, host-gate waiter and sleep listens to this signal.
    setMaxListeners(0, this.signal);
    this.budget = request.maxPages;
    this.window = Math.max(64, services.options.maxConcurrency * 4);
    for (const visited of request.alreadyVisited ?? []) {
      const url = normalizeUrl(visited.url);
      if (url !== undefined) this.replay.set(pageKeyOf(url), visited);
    }
  }

  async run(): Promise<CrawlSummary> {
    const started = performance.now();
    const userSignal = this.handlers.signal;
    const onUserAbort = () => this.controller.abort(userSignal?.reason);
    if (userSignal?.aborted) onUserAbort();
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    const onAbort = () => this.wake();
    this.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const stopReason = await this.walk();
      if (this.failure !== undefined) throw this.failure.error;
      return {
        processed: this.processed,
        failed: this.failed,
        skipped: this.skipped,
        resumed: this.resumed,
        pagesCounted: this.resumedCounted + this.processed + this.failed,
        stopReason: userSignal?.aborted === true ? 'aborted' : stopReason,
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      userSignal?.removeEventListener('abort', onUserAbort);
      this.signal.removeEventListener('abort', onAbort);
      // Nothing of this run may outlive it (an onPage failure stops the rest).
      if (!this.signal.aborted) this.controller.abort();
    }
  }

  private async walk(): Promise<CrawlStopReason> {
    if (this.signal.aborted) return 'aborted';
    let level: readonly FrontierEntry[];
    try {
      level = await this.firstLevel();
    } catch (error) {
      if (this.signal.aborted) return 'aborted';
      throw error;
    }
    for (let depth = 1; level.length > 0; depth++) {
      const children = await this.runLevel(level);
      if (this.signal.aborted) return 'aborted';
      if (children === 'max_pages') return 'max_pages';
      if (depth >= this.request.depth) break;
      const next = new FrontierLevel(depth + 1, this.seen);
      level.forEach((entry, index) => {
        for (const link of children[index] ?? []) next.add(link.url, entry.site, link.key);
      });
      level = next.ordered();
    }
    return 'completed';
  }

  private async firstLevel(): Promise<readonly FrontierEntry[]> {
    const level = new FrontierLevel(1, this.seen);
    for (const seed of this.seeds) level.add(seed);
    if (this.request.mode === 'sitemap') {
      const origins = new Set<string>();
      for (const seed of this.seeds) {
        if (origins.has(seed.origin)) continue;
        origins.add(seed.origin);
        const site = siteKeyOf(seed);
        for (const url of await this.sitemapUrls(seed)) level.add(url, site);
      }
    }
    return level.ordered();
  }

  /** Runs one depth; returns each entry's links (by index) or 'max_pages' when the budget ran out first. */
  private async runLevel(
    level: readonly FrontierEntry[],
  ): Promise<(readonly PageLink[] | undefined)[] | 'max_pages'> {
    // Links of each entry that were still undiscovered when it was fetched: the
    // seen set only grows, so the others can be dropped early.
    const children = new Array<readonly PageLink[] | undefined>(level.length);
    const undiscovered = (links: readonly PageLink[]) =>
      links.filter((link) => !this.seen.has(link.key));
    const queue: Promise<Settled>[] = [];
    let dispatching = true;
    const reporting = this.report(queue, () => dispatching);
    let exhausted = false;
    try {
      for (let index = 0; index < level.length; index++) {
        if (this.signal.aborted) break;
        if (this.budget <= 0) {
          exhausted = true;
          break;
        }
        const entry = level[index];
        const recorded = this.replay.get(entry.key);
        if (recorded !== undefined) {
          children[index] = undiscovered(replayLinks(recorded));
          this.resumed += 1;
          if (recorded.outcome !== 'skipped') {
            this.budget -= 1;
            this.resumedCounted += 1;
          }
          continue;
        }
        let verdict: RobotsVerdict;
        try {
          verdict = await this.services.robotsVerdict(entry.url, this.signal);
        } catch (error) {
          if (this.signal.aborted) break;
          throw error;
        }
        if (verdict === 'disallowed' || verdict === 'unavailable') {
          const reason = verdict === 'disallowed' ? 'robots_disallowed' : 'robots_unavailable';
          queue.push(Promise.resolve({ page: unfetched(entry, 'skipped', reason), links: [] }));
          this.wake();
          continue;
        }
        this.budget -= 1;
        if (verdict === 'dns' || verdict === 'blocked_address') {
          queue.push(Promise.resolve({ page: unfetched(entry, 'failed', verdict), links: [] }));
          this.wake();
          continue;
        }
        await this.until(
          () =>
            this.inFlight < this.services.options.maxConcurrency &&
            queue.length - this.reported < this.window,
        );
        if (this.signal.aborted) break;
        this.inFlight += 1;
        const task = this.fetchPage(entry).then(
          (settled) => {
            children[index] = undiscovered(settled.links);
            return settled;
          },
          (error: unknown) => {
            if (this.signal.aborted) return undefined;
            throw error;
          },
        );
        void task
          .finally(() => {
            this.inFlight -= 1;
            this.wake();
          })
          .catch(() => undefined);
        queue.push(task);
        this.wake();
      }
    } finally {
      dispatching = false;
      this.wake();
      await reporting;
      // Aborted: let cancelled requests settle so that nothing runs after crawl() returns.
      await Promise.allSettled(queue);
    }
    return exhausted ? 'max_pages' : children;
  }

  /** Reports the queue's pages in order, one onPage call at a time, until dispatch ends and the queue drains. */
  private async report(queue: Promise<Settled>[], dispatching: () => boolean): Promise<void> {
    this.reported = 0;
    try {
      while (!this.signal.aborted) {
        if (this.reported < queue.length) {
          const settled = await queue[this.reported];
          if (this.signal.aborted) break;
          queue[this.reported] = REPORTED;
          if (settled !== undefined) {
            await this.handlers.onPage(settled.page);
            this.count(settled.page);
          }
          this.reported += 1;
          this.wake();
        } else if (dispatching()) {
          await this.until(() => this.reported < queue.length || !dispatching());
        } else {
          break;
        }
      }
    } catch (error) {
      this.failure = { error };
      this.controller.abort(error);
    }
  }

  private count(page: CrawledPage): void {
    switch (page.outcome) {
      case 'processed':
        this.processed += 1;
        break;
      case 'failed':
        this.failed += 1;
        break;
      case 'skipped':
        this.skipped += 1;
        break;
    }
  }

  private async fetchPage(entry: FrontierEntry): Promise<NonNullable<Settled>> {
    const guard: RedirectGuard = async (target) => {
      if (siteKeyOf(target) !== entry.site) return 'off_site_redirect';
      const verdict = await this.services.robotsVerdict(target, this.signal);
      switch (verdict) {
        case 'allowed':
          return undefined;
        case 'disallowed':
        case 'unavailable':
          return 'robots_disallowed';
        case 'dns':
        case 'blocked_address':
          return verdict;
      }
    };
    const result = await this.services.http.fetch(entry.url, 'page', guard, this.signal);
    if (!result.ok) {
      return {
        page: {
          url: entry.url.href,
          depth: entry.depth,
          links: [],
          finalUrl: result.finalUrl.href,
          outcome: 'failed',
          reason: result.reason,
          ...(result.status === undefined ? {} : { status: result.status }),
          ...(result.contentType === undefined ? {} : { contentType: result.contentType }),
        },
        links: [],
      };
    }
    const links = sameSiteLinks(result.body, result.finalUrl, result.contentType, entry.site);
    return {
      page: {
        url: entry.url.href,
        depth: entry.depth,
        links: links.map((link) => link.href),
        finalUrl: result.finalUrl.href,
        outcome: 'processed',
        status: result.status,
        body: result.body,
        ...(result.contentType === undefined ? {} : { contentType: result.contentType }),
      },
      links,
    };
  }

  /** Page URLs from the sitemaps of `seed`'s origin: robots.txt `Sitemap:` lines, else /sitemap.xml. */
  private async sitemapUrls(seed: URL): Promise<URL[]> {
    const policy = await this.services.robotsPolicy(seed, this.signal);
    const listed = policy === undefined ? [] : robotsSitemaps(policy);
    const queue = listed.length > 0 ? [...listed] : [new URL('/sitemap.xml', seed.origin).href];
    const read = new Set<string>();
    const urls: URL[] = [];
    const { maxSitemapFiles, maxSitemapBytes } = this.services.options;
    const guard: RedirectGuard = async (target) =>
      (await this.services.robotsVerdict(target, this.signal)) === 'allowed'
        ? undefined
        : 'robots_disallowed';
    while (queue.length > 0 && read.size < maxSitemapFiles && urls.length < MAX_SITEMAP_URLS) {
      const url = normalizeUrl(queue.shift() ?? '');
      if (url === undefined || read.has(url.href)) continue;
      read.add(url.href);
      if ((await guard(url)) !== undefined) continue;
      const result = await this.services.http.fetch(url, 'sitemap', guard, this.signal);
      if (!result.ok) continue;
      const text = sitemapText(result.body, maxSitemapBytes);
      if (text === undefined) continue;
      const parsed = parseSitemap(text);
      queue.push(...parsed.sitemaps);
      for (const loc of parsed.urls) {
        const page = normalizeUrl(loc);
        if (page !== undefined) urls.push(page);
        if (urls.length >= MAX_SITEMAP_URLS) break;
      }
    }
    return urls;
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }

  /** Resolves once `condition` holds or the run is aborted; re-checked on every wake(). */
  private async until(condition: () => boolean): Promise<void> {
    while (!condition() && !this.signal.aborted) {
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
  }
}

/** The links of a resumed page, as its crash-free fetch would have produced them. */
function replayLinks(recorded: VisitedPage): PageLink[] {
  const links: PageLink[] = [];
  for (const href of recorded.links) {
    const url = normalizeUrl(href);
    if (url !== undefined) links.push({ url, href: url.href, key: pageKeyOf(url) });
  }
  return links;
}

function unfetched(
  entry: FrontierEntry,
  outcome: 'skipped' | 'failed',
  reason: PageFailureReason,
): CrawledPage {
  return {
    url: entry.url.href,
    depth: entry.depth,
    links: [],
    finalUrl: entry.url.href,
    outcome,
    reason,
  };
}
