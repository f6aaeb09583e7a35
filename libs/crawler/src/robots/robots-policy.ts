import robotsParser from 'robots-parser';
import type { PageFailureReason } from '../crawl-request';

type RobotsRules = ReturnType<typeof robotsParser>;

/**
 * What one origin's robots.txt lets us do (RFC 9309 §2.3.1):
 * - `rules`: a 2xx file, parsed;
 * - `allow_all`: 4xx ("unavailable"), or more than five redirects;
 * - `disallow_all`: 429, 5xx, a timeout or a network error ("unreachable"):
 *   crawl nothing from the origin until the entry expires;
 * - `no_host`: the host itself cannot be reached (its name does not resolve,
 *   or it resolves to a refused address); pages fail with the same reason
 *   without a request.
 * 429 is treated as unreachable rather than as a 4xx: the server is asking us
 * to slow down, not saying there are no rules.
 */
export type RobotsPolicy =
  | { readonly kind: 'rules'; readonly rules: RobotsRules }
  | { readonly kind: 'allow_all' }
  | { readonly kind: 'disallow_all' }
  | { readonly kind: 'no_host'; readonly reason: 'dns' | 'blocked_address' };

export type RobotsVerdict = 'allowed' | 'disallowed' | 'unavailable' | 'dns' | 'blocked_address';

/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; we parse exactly that much. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

export function robotsPolicyFromResponse(
  robotsUrl: string,
  status: number,
  body: string,
): RobotsPolicy {
  if (status >= 200 && status < 300) return { kind: 'rules', rules: robotsParser(robotsUrl, body) };
  if (status === 429) return { kind: 'disallow_all' };
  if (status >= 300 && status < 500) return { kind: 'allow_all' };
  return { kind: 'disallow_all' };
}

export function robotsPolicyFromFailure(
  reason: Exclude<PageFailureReason, 'robots_unavailable' | 'http_status'>,
): RobotsPolicy {
  switch (reason) {
    case 'dns':
    case 'blocked_address':
      return { kind: 'no_host', reason };
    // RFC 9309 §2.3.1.2: a redirect chain that cannot be followed may be treated as unavailable.
    case 'too_many_redirects':
    case 'off_site_redirect':
      return { kind: 'allow_all' };
    case 'timeout':
    case 'network':
    case 'too_large':
    case 'not_html':
    case 'robots_disallowed':
      return { kind: 'disallow_all' };
  }
}

/** `token` is our product token; robots-parser matches it case-insensitively, falling back to `*`. */
export function robotsVerdict(policy: RobotsPolicy, url: URL, token: string): RobotsVerdict {
  switch (policy.kind) {
    case 'allow_all':
      return 'allowed';
    case 'disallow_all':
      return 'unavailable';
    case 'no_host':
      return policy.reason;
    case 'rules':
      // /robots.txt itself is always allowed (RFC 9309 §2.2.2 implies it; it is how we read the rules).
      if (url.pathname === '/robots.txt') return 'allowed';
      return policy.rules.isAllowed(url.href, token) === false ? 'disallowed' : 'allowed';
  }
}

/** `Crawl-delay` of our group (or `*`) in milliseconds, if any. */
export function robotsCrawlDelayMs(policy: RobotsPolicy, token: string): number | undefined {
  if (policy.kind !== 'rules') return undefined;
  const seconds = policy.rules.getCrawlDelay(token);
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0
    ? seconds * 1000
    : undefined;
}

/** Sitemap URLs listed in the file. */
export function robotsSitemaps(policy: RobotsPolicy): readonly string[] {
  return policy.kind === 'rules' ? policy.rules.getSitemaps() : [];
}
