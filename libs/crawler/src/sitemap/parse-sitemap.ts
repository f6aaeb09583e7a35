import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';

/** A sitemap file's content: page URLs (`urlset`, text) or more sitemaps (`sitemapindex`). */
export interface ParsedSitemap {
  readonly urls: readonly string[];
  readonly sitemaps: readonly string[];
}

const EMPTY: ParsedSitemap = { urls: [], sitemaps: [] };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
  // Sitemaps need only the five predefined entities; bound DOCTYPE expansion hard.
  processEntities: {
    enabled: true,
    maxEntityCount: 16,
    maxEntitySize: 256,
    maxTotalExpansions: 1000,
    maxExpandedLength: 10_000,
  },
});

function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

function locsOf(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  const locs: string[] = [];
  for (const entry of entries as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const loc = (entry as { loc?: unknown }).loc;
    if (typeof loc === 'string' && loc !== '') locs.push(loc);
  }
  return locs;
}

/** The text of a sitemap, gunzipped when it is gzip (magic bytes); undefined beyond `maxBytes`. */
export function sitemapText(body: Buffer, maxBytes: number): string | undefined {
  if (!isGzip(body)) return body.toString('utf8');
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes }).toString('utf8');
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE'
    ) {
      return undefined;
    }
    return '';
  }
}

/**
 * Parses an XML sitemap or sitemap index (sitemaps.org 0.9, namespace
 * prefixes ignored) or a text sitemap (one URL per line). Malformed input
 * yields nothing rather than an error: a broken sitemap must not fail a crawl.
 */
export function parseSitemap(text: string): ParsedSitemap {
  const trimmed = text.charCodeAt(0) === 0xfeff ? text.slice(1).trimStart() : text.trimStart();
  if (trimmed === '') return EMPTY;
  if (!trimmed.startsWith('<')) {
    const urls = trimmed
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('http://') || line.startsWith('https://'));
    return { urls, sitemaps: [] };
  }
  let document: unknown;
  try {
    document = parser.parse(trimmed);
  } catch {
    return EMPTY;
  }
  if (typeof document !== 'object' || document === null) return EMPTY;
  const { urlset, sitemapindex } = document as { urlset?: unknown; sitemapindex?: unknown };
  const urls =
    typeof urlset === 'object' && urlset !== null ? locsOf((urlset as { url?: unknown }).url) : [];
  const sitemaps =
    typeof sitemapindex === 'object' && sitemapindex !== null
      ? locsOf((sitemapindex as { sitemap?: unknown }).sitemap)
      : [];
  return { urls, sitemaps };
}
