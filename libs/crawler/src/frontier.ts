import { linkPriority } from './url/link-priority';
import { pageKeyOf, siteKeyOf } from './url/page-url';

export interface FrontierEntry {
  readonly url: URL;
  readonly key: string;
  /** The site of the seed this page descends from: its links are followed only within it. */
  readonly site: string;
  readonly depth: number;
  readonly priority: number;
}

/**
 * The pages of one depth, in crawl order. Entries are added in discovery
 * order (seeds in request order; then, level by level, the links of each
 * page in the previous level's crawl order and in document order), each
 * page key once per crawl; `ordered()` sorts by priority, stably, so ties
 * keep discovery order. The order never depends on response timing, which
 * is what makes a resumed crawl pick the same pages as a crash-free one.
 */
export class FrontierLevel {
  private readonly entries: FrontierEntry[] = [];

  constructor(
    readonly depth: number,
    private readonly seen: Set<string>,
  ) {}

  /**
   * Adds `url` unless its page was already discovered or it is not on `site`
   * (undefined: the URL's own site). `key` saves recomputing a known page key.
   */
  add(url: URL, site: string | undefined = undefined, key = pageKeyOf(url)): boolean {
    if (this.seen.has(key)) return false;
    const ownSite = siteKeyOf(url);
    if (site !== undefined && ownSite !== site) return false;
    this.seen.add(key);
    this.entries.push({
      url,
      key,
      site: site ?? ownSite,
      depth: this.depth,
      priority: linkPriority(url),
    });
    return true;
  }

  /** Whether the page of `key` was discovered already (at this depth or before). */
  has(key: string): boolean {
    return this.seen.has(key);
  }

  get size(): number {
    return this.entries.length;
  }

  ordered(): readonly FrontierEntry[] {
    return [...this.entries].sort((a, b) => b.priority - a.priority);
  }
}
