import { decodeCharacterReferences, scanLinks } from './extract-links';
import { sameSiteLinks } from './page-links';

describe('scanLinks', () => {
  it('finds a[href] in quoted, single-quoted and unquoted form, any case', () => {
    const html = `<A HREF="/one">1</A><a class=x href='/two'>2</a><a href=/three>3</a>
      <a data-href="/not-this" href = "/four" href="/ignored-second">4</a><area href="/area">`;
    expect(scanLinks(html).hrefs).toEqual(['/one', '/two', '/three', '/four']);
  });

  it('skips comments, scripts, styles, textareas and titles', () => {
    const html = `<!-- <a href="/commented"> --><script>var s = '<a href="/in-script">';</script>
      <style>a[href="/in-style"]{}</style><textarea><a href="/in-textarea"></textarea>
      <title><a href="/in-title"></title><SCRIPT type="x">"</SCRIPT><a href="/real">`;
    expect(scanLinks(html).hrefs).toEqual(['/real']);
  });

  it('does not mistake markup inside attribute values for tags', () => {
    const html = `<div title="<a href='/fake'>"></div><a href="/real">`;
    expect(scanLinks(html).hrefs).toEqual(['/real']);
  });

  it('decodes character references and trims whitespace', () => {
    const html = `<a href=" /search?a=1&amp;b=2&#38;c=3&#x26;d=4 ">x</a><a href="/&unknown;x">`;
    expect(scanLinks(html).hrefs).toEqual(['/search?a=1&b=2&c=3&d=4', '/&unknown;x']);
  });

  it('reports the first <base href>', () => {
    expect(scanLinks('<base href="/sub/"><base href="/other/"><a href="x">').baseHref).toBe(
      '/sub/',
    );
  });

  it('survives truncated and hostile markup in linear time', () => {
    expect(scanLinks('<a href="/unterminated').hrefs).toEqual([]);
    expect(scanLinks('<a href=/ok><a').hrefs).toEqual(['/ok']);
    const hostile = '<a href='.repeat(200_000) + '<!--'.repeat(100_000) + '<script>'.repeat(50_000);
    const started = performance.now();
    scanLinks(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops at maxLinks', () => {
    expect(scanLinks('<a href="/a"><a href="/b"><a href="/c">', 2).hrefs).toEqual(['/a', '/b']);
  });
});

describe('decodeCharacterReferences', () => {
  it('leaves text without references alone', () => {
    expect(decodeCharacterReferences('/plain')).toBe('/plain');
    expect(decodeCharacterReferences('a & b; &#0; &#x110000;')).toBe('a & b; &#0; &#x110000;');
  });
});

describe('sameSiteLinks', () => {
  const page = new URL('https://www.example.com/blog/index.html');

  it('keeps same-site http(s) links once per page, in document order', () => {
    const html = Buffer.from(`
      <a href="../contact.html">Contact</a>
      <a href="mailto:hello@example.com">mail</a><a href="tel:+1">call</a>
      <a href="javascript:void(0)">js</a><a href="#top">top</a>
      <a href="https://example.com/about.html">apex twin</a>
      <a href="http://www.example.com/contact.html#form">same page again</a>
      <a href="https://partner.example.org/">off site</a>
      <a href="https://blog.example.com/">other subdomain</a>
      <a href="post.html?utm=1">post</a>`);
    expect(sameSiteLinks(html, page, 'text/html', 'example.com').map((l) => l.href)).toEqual([
      'https://www.example.com/contact.html',
      'https://example.com/about.html',
      'https://www.example.com/blog/post.html?utm=1',
    ]);
  });

  it('resolves against <base href>', () => {
    const html = Buffer.from('<base href="https://www.example.com/docs/"><a href="guide.html">');
    expect(sameSiteLinks(html, page, undefined, 'example.com').map((l) => l.href)).toEqual([
      'https://www.example.com/docs/guide.html',
    ]);
  });

  it('decodes non-ASCII hrefs as UTF-8 unless the page says otherwise', () => {
    const utf8 = Buffer.from('<a href="/über-uns">', 'utf8');
    expect(sameSiteLinks(utf8, page, 'text/html; charset=utf-8', 'example.com')[0].href).toBe(
      'https://www.example.com/%C3%BCber-uns',
    );
    const latin1 = Buffer.from('<a href="/über-uns">', 'latin1');
    expect(
      sameSiteLinks(latin1, page, 'text/html; charset=windows-1252', 'example.com')[0].href,
    ).toBe('https://www.example.com/%C3%BCber-uns');
  });
});
