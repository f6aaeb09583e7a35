/**
 * `<a href>` and `<base href>` values of an HTML document, found by one
 * linear scan without regular expressions (no ReDoS on hostile markup) and
 * without building a DOM (the crawler only needs links; the extractor parses
 * pages properly). Comments and raw-text elements (`script`, `style`,
 * `textarea`, `title`, `xmp`, `noembed`, `noframes`) are skipped, attribute values may be quoted or
 * not, and character references in values are decoded.
 */

export interface ScannedLinks {
  readonly hrefs: readonly string[];
  readonly baseHref?: string;
}

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes']);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isAsciiLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** Index after the tag name's end, and the lower-cased name. */
function readName(html: string, from: number): [end: number, name: string] {
  let end = from;
  while (end < html.length) {
    const c = html.charCodeAt(end);
    if (isSpace(c) || c === 0x2f || c === 0x3e) break;
    end += 1;
  }
  return [end, html.slice(from, end).toLowerCase()];
}

/** Index of the next `</name` (case-insensitive), or the end of the document. */
function closingTag(html: string, from: number, name: string): number {
  let i = from;
  for (;;) {
    i = html.indexOf('</', i);
    if (i < 0) return html.length;
    if (html.slice(i + 2, i + 2 + name.length).toLowerCase() === name) return i;
    i += 2;
  }
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  sol: '/',
  colon: ':',
  period: '.',
  quest: '?',
  equals: '=',
  num: '#',
  percnt: '%',
  lowbar: '_',
  hyphen: '-',
};

/** Decodes numeric and the common named character references (what hrefs use in practice). */
export function decodeCharacterReferences(value: string): string {
  if (!value.includes('&')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const amp = value.indexOf('&', i);
    if (amp < 0) break;
    out += value.slice(i, amp);
    const semi = value.indexOf(';', amp + 1);
    // References are short; a far-away ';' belongs to something else.
    if (semi < 0 || semi - amp > 10) {
      out += '&';
      i = amp + 1;
      continue;
    }
    const ref = value.slice(amp + 1, semi);
    let decoded: string | undefined;
    if (ref.startsWith('#x') || ref.startsWith('#X')) {
      const code = Number.parseInt(ref.slice(2), 16);
      decoded = validCodePoint(code) ? String.fromCodePoint(code) : undefined;
    } else if (ref.startsWith('#')) {
      const code = Number.parseInt(ref.slice(1), 10);
      decoded = validCodePoint(code) ? String.fromCodePoint(code) : undefined;
    } else {
      decoded = NAMED[ref.toLowerCase()];
    }
    if (decoded === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = semi + 1;
    }
  }
  return out + value.slice(i);
}

function validCodePoint(code: number): boolean {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff;
}

/**
 * Scans one start tag's attributes from `from` (just after the name) and
 * returns the index after `>` plus the first `href` value, if wanted.
 */
function scanAttributes(
  html: string,
  from: number,
  wantHref: boolean,
): [end: number, href?: string] {
  let i = from;
  let href: string | undefined;
  const n = html.length;
  while (i < n) {
    let c = html.charCodeAt(i);
    if (isSpace(c) || c === 0x2f) {
      i += 1;
      continue;
    }
    if (c === 0x3e) return [i + 1, href];
    const nameStart = i;
    while (i < n) {
      c = html.charCodeAt(i);
      if (isSpace(c) || c === 0x3d || c === 0x3e || c === 0x2f) break;
      i += 1;
    }
    const nameEnd = i;
    while (i < n && isSpace(html.charCodeAt(i))) i += 1;
    if (i >= n || html.charCodeAt(i) !== 0x3d) continue;
    i += 1;
    while (i < n && isSpace(html.charCodeAt(i))) i += 1;
    let valueStart: number;
    let valueEnd: number;
    const quote = html.charCodeAt(i);
    if (quote === 0x22 || quote === 0x27) {
      valueStart = i + 1;
      valueEnd = html.indexOf(quote === 0x22 ? '"' : "'", valueStart);
      if (valueEnd < 0) return [n, href];
      i = valueEnd + 1;
    } else {
      valueStart = i;
      while (i < n) {
        c = html.charCodeAt(i);
        if (isSpace(c) || c === 0x3e) break;
        i += 1;
      }
      valueEnd = i;
    }
    if (
      wantHref &&
      href === undefined &&
      nameEnd - nameStart === 4 &&
      html.slice(nameStart, nameEnd).toLowerCase() === 'href'
    ) {
      href = html.slice(valueStart, valueEnd);
    }
  }
  return [n, href];
}

/** `maxLinks` bounds the work on pathological pages; later links are ignored. */
export function scanLinks(html: string, maxLinks = 5000): ScannedLinks {
  const hrefs: string[] = [];
  let baseHref: string | undefined;
  const n = html.length;
  let i = 0;
  while (i < n && hrefs.length < maxLinks) {
    const lt = html.indexOf('<', i);
    if (lt < 0 || lt + 1 >= n) break;
    const next = html.charCodeAt(lt + 1);
    if (next === 0x21) {
      // "<!--" comment, or a doctype / CDATA-like declaration.
      if (html.startsWith('<!--', lt)) {
        const end = html.indexOf('-->', lt + 4);
        if (end < 0) break;
        i = end + 3;
      } else {
        const end = html.indexOf('>', lt + 2);
        if (end < 0) break;
        i = end + 1;
      }
      continue;
    }
    if (next === 0x2f || next === 0x3f) {
      const end = html.indexOf('>', lt + 2);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    if (!isAsciiLetter(next)) {
      i = lt + 1;
      continue;
    }
    const [nameEnd, name] = readName(html, lt + 1);
    const isAnchor = name === 'a';
    const isBase = name === 'base' && baseHref === undefined;
    const [tagEnd, href] = scanAttributes(html, nameEnd, isAnchor || isBase);
    if (href !== undefined) {
      const value = decodeCharacterReferences(href).trim();
      if (isBase) baseHref = value;
      else if (value !== '') hrefs.push(value);
    }
    i = RAW_TEXT.has(name) ? closingTag(html, tagEnd, name) : tagEnd;
  }
  return baseHref === undefined ? { hrefs } : { hrefs, baseHref };
}
