import { QuarryError } from '@quarry/errors';
import type { ErrorDetail } from '@quarry/errors';
import type { JobType } from '@quarry/jobs';

/**
 * Each URL must be absolute http(s) with a host and no credentials; `single`
 * takes exactly one. Every bad entry is named (`urls[3]`), not just the first.
 * Where the URL points (private networks) is the crawler's check, per hop.
 */
export function checkScrapeUrls(type: JobType, urls: readonly string[]): string[] {
  const details: ErrorDetail[] = [];
  if (type === 'single' && urls.length !== 1) {
    details.push({
      field: 'urls',
      code: 'single_url_expected',
      message: 'A single job takes exactly one URL; use bulk for more',
    });
  }
  const normalized = urls.map((raw, i) => {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      details.push({
        field: `urls[${i}]`,
        code: 'invalid_url',
        message: `urls[${i}] must be an http(s) URL`,
      });
      return raw;
    }
    if (url.username || url.password) {
      details.push({
        field: `urls[${i}]`,
        code: 'invalid_url',
        message: `urls[${i}] must not carry credentials`,
      });
    }
    url.hash = '';
    return url.toString();
  });
  if (details.length > 0) throw new QuarryError('invalid_request', details[0].message, details);
  return normalized;
}
