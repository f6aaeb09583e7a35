/** What a caller asks the crawler for. */
export interface CrawlRequest {
  /** Absolute http(s) URLs. Each seed's site (see `siteKeyOf`) bounds the links followed from it. */
  readonly seeds: readonly string[];
  /**
   * `links`: follow same-site `<a href>` links. `sitemap`: the seeds plus the
   * entries of each seed origin's sitemaps (robots.txt `Sitemap:` lines, else
   * /sitemap.xml; indexes and .gz followed) are the depth-1 pages.
   */
  readonly mode: 'links' | 'sitemap';
  /** 1 = the depth-1 pages only; N = plus pages reachable from them by ≤ N−1 links. */
  readonly depth: 1 | 2 | 3;
  /** Pages fetched (processed or failed) in total, resumed ones included; skipped pages are free. */
  readonly maxPages: number;
  /** Resume: the pages reported before a crash, as the caller recorded them. */
  readonly alreadyVisited?: readonly VisitedPage[];
}

/** What a caller records per page so that a crawl can be resumed. */
export interface VisitedPage {
  /** The normalised URL the page was requested at (its identity in this crawl). */
  readonly url: string;
  readonly depth: number;
  /** Normalised same-site links found on the page, in document order (empty unless processed). */
  readonly links: readonly string[];
  /** Recorded outcome; resumed pages without one count against `maxPages`. */
  readonly outcome?: PageOutcome;
}

export type PageOutcome = 'processed' | 'failed' | 'skipped';

export type PageFailureReason =
  | 'robots_disallowed'
  /** robots.txt answered 429/5xx or could not be reached: RFC 9309 says crawl nothing for a while. */
  | 'robots_unavailable'
  | 'http_status'
  | 'timeout'
  | 'too_large'
  | 'not_html'
  | 'too_many_redirects'
  | 'blocked_address'
  | 'dns'
  | 'network'
  | 'off_site_redirect';

export interface CrawledPage extends VisitedPage {
  /** The URL the body came from, after redirects. */
  readonly finalUrl: string;
  readonly outcome: PageOutcome;
  readonly reason?: PageFailureReason;
  readonly status?: number;
  /** Processed HTML only, as received (not decoded: the extractor sniffs the charset). */
  readonly body?: Buffer;
  readonly contentType?: string;
}

export type CrawlStopReason = 'completed' | 'max_pages' | 'aborted';

export interface CrawlSummary {
  readonly processed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Pages of `alreadyVisited` that this run did not fetch again. */
  readonly resumed: number;
  /** Processed + failed pages including resumed ones: what `maxPages` limits. */
  readonly pagesCounted: number;
  readonly stopReason: CrawlStopReason;
  readonly durationMs: number;
}

export interface CrawlHandlers {
  /** Aborts the crawl promptly: in-flight requests are cancelled, no further page is reported. */
  readonly signal?: AbortSignal;
  /**
   * Called once per page, one call at a time, in crawl order (depth, then
   * priority, then discovery order). The page counts as done once the promise
   * resolves; a rejection stops the crawl and rejects `crawl()`.
   */
  onPage(page: CrawledPage): Promise<void>;
}
