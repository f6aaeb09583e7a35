import { gzipSync } from 'node:zlib';
import { parseSitemap, sitemapText } from './parse-sitemap';

describe('parseSitemap', () => {
  it('reads a urlset', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://example.com/</loc><lastmod>2025-03-01</lastmod></url>
        <url><loc> https://example.com/a?x=1&amp;y=2 </loc></url>
        <url><lastmod>2025-03-01</lastmod></url>
      </urlset>`;
    expect(parseSitemap(xml)).toEqual({
      urls: ['https://example.com/', 'https://example.com/a?x=1&y=2'],
      sitemaps: [],
    });
  });

  it('reads a sitemap index with namespace prefixes', () => {
    const xml = `<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sm:sitemap><sm:loc>https://example.com/s1.xml</sm:loc></sm:sitemap>
      </sm:sitemapindex>`;
    expect(parseSitemap(xml)).toEqual({ urls: [], sitemaps: ['https://example.com/s1.xml'] });
  });

  it('reads a text sitemap', () => {
    expect(
      parseSitemap('\ufeffhttps://example.com/a\r\n\nftp://x/\nhttps://example.com/b\n'),
    ).toEqual({
      urls: ['https://example.com/a', 'https://example.com/b'],
      sitemaps: [],
    });
  });

  it('yields nothing for garbage', () => {
    expect(parseSitemap('<html><body>Not found</body></html>')).toEqual({ urls: [], sitemaps: [] });
    expect(parseSitemap('<urlset><url><loc>')).toEqual({ urls: [], sitemaps: [] });
    expect(parseSitemap('')).toEqual({ urls: [], sitemaps: [] });
  });

  it('does not expand entity bombs', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ).join('')}]><urlset><url><loc>&lol9;</loc></url></urlset>`;
    const started = performance.now();
    const parsed = parseSitemap(bomb);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.urls.join('').length).toBeLessThan(100_000);
  });
});

describe('sitemapText', () => {
  it('gunzips .gz sitemaps by their magic bytes, within a bound', () => {
    const xml = '<urlset><url><loc>https://example.com/</loc></url></urlset>';
    expect(sitemapText(gzipSync(xml), 1024)).toBe(xml);
    expect(sitemapText(Buffer.from(xml), 1024)).toBe(xml);
    expect(sitemapText(gzipSync(Buffer.alloc(10_000_000)), 1024 * 1024)).toBeUndefined();
  });
});
