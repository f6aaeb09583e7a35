/**
 * URL identity for the crawler.
 *
 * - A *normalised URL* is what we request and report: WHATWG-parsed (so the
 *   scheme and host are lower-cased, IDNs punycoded, default ports dropped,
 *   dot segments resolved, and decimal/hex/octal IPv4 hosts rewritten as
 *   dotted quads), http(s) only, without fragment or credentials, without a
 *   trailing dot on the host, percent-escapes upper-cased and unreserved
 *   characters unescaped. The query string is kept: some sites need it.
 * - A *page key* says which URLs are the same page (site-labels.json
 *   depth_semantics): http and https, `www.` and the bare host, any query
 *   string and any fragment are one page, and a directory URL `x/` is the page
 *   `x/index.html`. The crawl fetches each page key at most once, at the first
 *   URL it discovered for it.
 * - The *site* of a URL is its host without a leading `www.` plus its port
 *   when it is not the scheme's default. Two URLs are on the same site when
 *   their sites are equal: the seed's own host and its www/apex twin, over
 *   http or https. Other subdomains (blog.example.com) are other sites.
 */

const HEX = '0123456789ABCDEF';

function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x5f || // _
    code === 0x7e // ~
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** RFC 3986 §6.2.2: upper-case escapes, unescape unreserved characters. */
export function normalizePercentEncoding(path: string): string {
  if (!path.includes('%')) return path;
  let out = '';
  let i = 0;
  while (i < path.length) {
    const c = path.charCodeAt(i);
    if (c === 0x25 && i + 2 < path.length) {
      const hi = hexValue(path.charCodeAt(i + 1));
      const lo = hexValue(path.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        const byte = hi * 16 + lo;
        out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX[hi]}${HEX[lo]}`;
        i += 3;
        continue;
      }
    }
    out += path[i];
    i += 1;
  }
  return out;
}

/** The normalised form of `input` (resolved against `base`), or undefined for non-http(s) or invalid URLs. */
export function normalizeUrl(input: string, base?: string | URL): URL | undefined {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '') return undefined;
  url.hash = '';
  if (url.username !== '' || url.password !== '') {
    url.username = '';
    url.password = '';
  }
  if (url.hostname.endsWith('.')) {
    const host = url.hostname.slice(0, -1);
    if (host === '') return undefined;
    url.hostname = host;
  }
  const path = normalizePercentEncoding(url.pathname);
  if (path !== url.pathname) url.pathname = path;
  return url;
}

/** Host without a leading `www.`, plus a non-default port. */
export function siteKeyOf(url: URL): string {
  const host = url.hostname;
  const bare = host.startsWith('www.') && host.indexOf('.', 4) > 4 ? host.slice(4) : host;
  return url.port === '' ? bare : `${bare}:${url.port}`;
}

/** Which page a normalised URL is: site, then path, with `x/` read as `x/index.html`. */
export function pageKeyOf(url: URL): string {
  const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
  return `${siteKeyOf(url)}${path}`;
}

export function isSameSite(a: URL, b: URL): boolean {
  return siteKeyOf(a) === siteKeyOf(b);
}
