import { normalizeUrl, pageKeyOf, siteKeyOf } from '../url/page-url';
import { scanLinks } from './extract-links';

export interface PageLink {
  /** Normalised URL, as first written on the page. */
  readonly url: URL;
  readonly href: string;
  readonly key: string;
}

const MAX_URL_LENGTH = 2048;

function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const at = contentType.toLowerCase().indexOf('charset=');
  if (at < 0) return undefined;
  return contentType
    .slice(at + 8)
    .split(';')[0]
    .trim()
    .replace(/^"|"$/g, '')
    .toLowerCase();
}

function hasHighByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return true;
  return false;
}

/**
 * Same-site links of an HTML body, in document order, one per page key.
 * The body is read byte for byte (latin1) so markup scanning never depends on
 * the charset; only the rare href with non-ASCII bytes is re-decoded (as
 * UTF-8 unless the response names another charset).
 */
export function sameSiteLinks(
  body: Buffer,
  pageUrl: URL,
  contentType: string | undefined,
  site: string,
): PageLink[] {
  const charset = charsetOf(contentType);
  const utf8 = charset === undefined || charset === 'utf-8' || charset === 'utf8';
  const recode = (value: string) =>
    utf8 && hasHighByte(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  const { hrefs, baseHref } = scanLinks(body.toString('latin1'));
  const base = (baseHref !== undefined && normalizeUrl(recode(baseHref), pageUrl)) || pageUrl;
  const seen = new Set<string>();
  const links: PageLink[] = [];
  for (const href of hrefs) {
    if (href.charCodeAt(0) === 0x23) continue; // "#…": this very page
    // Longer URLs are traps or junk, and each costs robots.txt matching time.
    if (href.length > MAX_URL_LENGTH) continue;
    const url = normalizeUrl(recode(href), base);
    if (url === undefined || siteKeyOf(url) !== site) continue;
    const key = pageKeyOf(url);
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ url, href: url.href, key });
  }
  return links;
}
