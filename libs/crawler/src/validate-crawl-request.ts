import { QuarryError } from '@quarry/errors';
import type { ErrorDetail } from '@quarry/errors';
import type { CrawlRequest } from './crawl-request';
import { normalizeUrl } from './url/page-url';

/** Checks a request (the API validates jobs earlier; this guards direct callers) and returns its seeds normalised. */
export function validateCrawlRequest(request: CrawlRequest): URL[] {
  const details: ErrorDetail[] = [];
  const seeds: URL[] = [];
  if (!Array.isArray(request.seeds) || request.seeds.length === 0) {
    details.push({
      field: 'seeds',
      code: 'required',
      message: 'At least one seed URL is required.',
    });
  } else {
    request.seeds.forEach((seed, index) => {
      const url =
        typeof seed === 'string' && /^https?:\/\//i.test(seed) ? normalizeUrl(seed) : undefined;
      if (url === undefined) {
        details.push({
          field: `seeds[${index}]`,
          code: 'invalid_url',
          message: 'Seeds must be absolute http(s) URLs.',
        });
      } else {
        seeds.push(url);
      }
    });
  }
  if (request.mode !== 'links' && request.mode !== 'sitemap') {
    details.push({ field: 'mode', code: 'invalid_value', message: 'mode is links or sitemap.' });
  }
  if (request.depth !== 1 && request.depth !== 2 && request.depth !== 3) {
    details.push({ field: 'depth', code: 'invalid_value', message: 'depth is 1, 2 or 3.' });
  }
  if (!Number.isInteger(request.maxPages) || request.maxPages < 0) {
    details.push({
      field: 'maxPages',
      code: 'invalid_value',
      message: 'maxPages is a non-negative integer.',
    });
  }
  if (details.length > 0) {
    throw new QuarryError('invalid_request', 'The crawl request is invalid.', details);
  }
  return seeds;
}
