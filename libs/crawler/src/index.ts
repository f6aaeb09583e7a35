export { Crawler } from './crawler';
export type { CrawlerOptions } from './crawler-options';
export type {
  CrawlHandlers,
  CrawlRequest,
  CrawlStopReason,
  CrawlSummary,
  CrawledPage,
  PageFailureReason,
  PageOutcome,
  VisitedPage,
} from './crawl-request';
export { RobotsCache } from './robots/robots-cache';
export type { RobotsCacheOptions } from './robots/robots-cache';
export { AddressPolicy, classifyAddress } from './http/address-policy';
export type { ResolveHost } from './http/guarded-agent';
export { normalizeUrl, pageKeyOf, siteKeyOf, isSameSite } from './url/page-url';
export { serveFixtureSite } from './testing/fixture-site';
export type {
  FixtureFault,
  FixtureRequest,
  FixtureSite,
  FixtureSiteOptions,
} from './testing/fixture-site';
