import { FrontierLevel } from './frontier';

describe('FrontierLevel', () => {
  const url = (path: string) => new URL(path, 'https://www.example.com');

  it('orders by priority, then discovery order', () => {
    const level = new FrontierLevel(2, new Set());
    for (const path of ['/services', '/blog', '/careers', '/about', '/contact', '/team', '/news']) {
      level.add(url(path));
    }
    expect(level.ordered().map((e) => e.url.pathname)).toEqual([
      '/contact',
      '/about',
      '/team',
      '/careers',
      '/services',
      '/blog',
      '/news',
    ]);
  });

  it('adds each page once per crawl, across levels', () => {
    const seen = new Set<string>();
    const first = new FrontierLevel(1, seen);
    expect(first.add(url('/'))).toBe(true);
    const second = new FrontierLevel(2, seen);
    expect(second.add(url('/index.html'))).toBe(false);
    expect(second.add(url('/a?x=1'))).toBe(true);
    expect(second.add(url('http://example.com/a#frag'))).toBe(false);
    expect(second.size).toBe(1);
  });

  it('only adds links of the given site', () => {
    const level = new FrontierLevel(2, new Set());
    expect(level.add(new URL('https://other.example/'), 'example.com')).toBe(false);
    expect(level.add(new URL('https://example.com/ok'), 'example.com')).toBe(true);
    expect(level.has('example.com/ok')).toBe(true);
    expect(level.ordered()[0]).toMatchObject({ site: 'example.com', depth: 2, priority: 0 });
  });
});
