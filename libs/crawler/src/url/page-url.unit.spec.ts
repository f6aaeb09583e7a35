import {
  isSameSite,
  normalizePercentEncoding,
  normalizeUrl,
  pageKeyOf,
  siteKeyOf,
} from './page-url';

const href = (input: string, base?: string) => normalizeUrl(input, base)?.href;

describe('normalizeUrl', () => {
  it.each([
    ['HTTP://WWW.Example.COM:80/a/../b?x=1#frag', 'http://www.example.com/b?x=1'],
    ['https://example.com:443', 'https://example.com/'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['http://user:secret@example.com/private', 'http://example.com/private'],
    ['http://example.com./contact', 'http://example.com/contact'],
    ['http://example.com/%7euser/a%2fb/%c3%a9', 'http://example.com/~user/a%2Fb/%C3%A9'],
    ['http://example.com/über uns', 'http://example.com/%C3%BCber%20uns'],
    ['http://bücher.example/', 'http://xn--bcher-kva.example/'],
    ['http://2130706433/', 'http://127.0.0.1/'],
    ['http://0x7f.1/', 'http://127.0.0.1/'],
    ['http://0177.0.0.1/', 'http://127.0.0.1/'],
    ['http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/'],
  ])('%s → %s', (input, expected) => {
    expect(href(input)).toBe(expected);
  });

  it.each([
    'mailto:hello@example.com',
    'tel:+16125550123',
    'javascript:void(0)',
    'ftp://example.com/file',
    'data:text/html,hi',
    'http://',
    'not a url',
  ])('rejects %s', (input) => {
    expect(normalizeUrl(input)).toBeUndefined();
  });

  it('resolves relative links against the page', () => {
    expect(href('../about.html#team', 'https://www.example.com/blog/post.html')).toBe(
      'https://www.example.com/about.html',
    );
    expect(href('?page=2', 'https://example.com/list')).toBe('https://example.com/list?page=2');
  });

  it('upper-cases escapes and unescapes unreserved characters only', () => {
    expect(normalizePercentEncoding('/a%2db%7E%2f%zz%4')).toBe('/a-b~%2F%zz%4');
  });
});

describe('pageKeyOf (which URLs are one page)', () => {
  const key = (input: string) => pageKeyOf(normalizeUrl(input) as URL);

  it('ignores query, fragment, scheme and the www twin; reads x/ as x/index.html', () => {
    const same = [
      'https://www.example.com/team/',
      'http://example.com/team/index.html',
      'https://example.com/team/?utm_source=x',
      'https://example.com/team/index.html#people',
    ];
    expect(new Set(same.map(key)).size).toBe(1);
  });

  it('keeps paths apart otherwise', () => {
    expect(key('https://example.com/team')).not.toBe(key('https://example.com/team/'));
    expect(key('https://example.com/Team.html')).not.toBe(key('https://example.com/team.html'));
    expect(key('https://example.com:8080/')).not.toBe(key('https://example.com/'));
  });
});

describe('siteKeyOf / isSameSite', () => {
  const url = (input: string) => normalizeUrl(input) as URL;

  it.each([
    ['https://www.example.com/', 'http://example.com/x', true],
    ['https://example.com/', 'https://www.example.com/', true],
    ['https://example.com/', 'https://blog.example.com/', false],
    ['https://example.com/', 'https://example.org/', false],
    ['http://127.0.0.1:4000/', 'http://127.0.0.1:4001/', false],
    ['https://www2.example.com/', 'https://example.com/', false],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(isSameSite(url(a), url(b))).toBe(same);
  });

  it('does not strip www. when nothing would be left but a TLD', () => {
    expect(siteKeyOf(url('http://www.com/'))).toBe('www.com');
  });
});
