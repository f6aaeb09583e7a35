import type { JobOptions, JobType } from './job.events';

/** PRODUCT.md's pricing defaults: a processed page, and its qualification. */
export const CREDITS_PER_PAGE = 1;
export const CREDITS_PER_QUALIFICATION = 1;
export const MAX_JOB_PAGES = 10_000;

/** Pages per seed URL when `options.max_pages` is not given. */
const DEFAULT_PAGES_PER_URL = { 2: 10, 3: 25 } as const;
const DEFAULT_SITEMAP_PAGES_PER_URL = 25;

/**
 * The worst case a job may fetch: `urls.length` at depth 1; `max_pages`
 * (default 10 per seed URL at depth 2, 25 at depth 3) otherwise; for
 * `sitemap` jobs the sitemap's entries, which are unknown until fetched, so
 * `max_pages` (default 25 per seed URL). Capped at 10,000.
 */
export function worstCasePages(
  type: JobType,
  urls: number,
  depth: JobOptions['depth'],
  maxPages: number | undefined,
): number {
  const pages =
    type === 'sitemap'
      ? (maxPages ?? DEFAULT_SITEMAP_PAGES_PER_URL * urls)
      : depth === 1
        ? urls
        : (maxPages ?? DEFAULT_PAGES_PER_URL[depth] * urls);
  return Math.min(pages, MAX_JOB_PAGES);
}

export const creditsPerPage = (qualify: boolean) =>
  CREDITS_PER_PAGE + (qualify ? CREDITS_PER_QUALIFICATION : 0);

/** The reservation: worst-case pages × per-page credits, capped by `max_credits`. */
export function creditsToReserve(
  pages: number,
  perPage: number,
  maxCredits: number | null,
): number {
  const worst = pages * perPage;
  return maxCredits === null ? worst : Math.min(worst, maxCredits);
}

/** A rough finish time: polite crawling fetches about two pages a second per site. */
export function estimatedCompletion(submittedAt: Date, pages: number): Date {
  return new Date(submittedAt.getTime() + (5 + Math.ceil(pages / 2)) * 1000);
}
