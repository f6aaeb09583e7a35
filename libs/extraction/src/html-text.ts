import type { AnyNode, Document, Element } from 'domhandler';
import { collapseWhitespace, isElement, isTextNode } from './dom';

/** One rendered line of visible text and the block element it was written in. */
export interface TextLine {
  readonly text: string;
  readonly block: Element | null;
  /** Offsets in `text` where an inline element (`<strong>`, `<span>`…) starts or ends: field boundaries in cards. */
  readonly breaks: readonly number[];
  /** Written inside `<nav>`: menu labels, not statements. */
  readonly inNav: boolean;
}

export interface PageLink {
  readonly href: string;
  readonly text: string;
  readonly element: Element;
}

export interface MicrodataProperty {
  readonly name: string;
  readonly value: string;
  readonly element: Element;
  /** The nearest enclosing `itemscope` element's itemtype, lower-cased. */
  readonly scopeType: string;
  readonly scope: Element | null;
}

/** What the extractors read: visible text as lines, links, metadata and embedded data. */
export interface PageText {
  readonly lang: string | null;
  readonly title: string;
  /** `<meta name|property>` → content, keys lower-cased, first wins. */
  readonly metas: ReadonlyMap<string, string>;
  readonly lines: readonly TextLine[];
  readonly links: readonly PageLink[];
  /** `<link rel="me">` targets: profile links by convention. */
  readonly relMe: readonly string[];
  readonly jsonLd: readonly string[];
  readonly cfEmailHex: readonly string[];
  readonly microdata: readonly MicrodataProperty[];
  /** Index range of `lines` written inside each element, for card detection. */
  readonly ranges: ReadonlyMap<Element, { readonly start: number; readonly end: number }>;
}

/** Longest text node kept: enough for any paragraph, bounded for hostile pages. */
const MAX_TEXT_NODE = 100_000;
const MAX_LINES = 50_000;

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Never rendered as text (scripts, media, form controls whose values are not prose). */
const INVISIBLE = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
  'textarea',
  'input',
  'audio',
  'video',
  'head',
  'datalist',
  'option',
  'title',
]);

/** Inline elements whose edges separate fields ("<strong>Jane Doe</strong> <span>CEO</span>"). */
const FIELD_ELEMENTS = new Set([
  'strong',
  'b',
  'em',
  'i',
  'cite',
  'span',
  'a',
  'small',
  'label',
  'time',
  'abbr',
  'mark',
  'u',
]);
const FIELD_MARK = '\u2063';

const HIDDEN_STYLE =
  /(?:^|;)\s{0,10}(?:display\s{0,5}:\s{0,5}none|visibility\s{0,5}:\s{0,5}hidden)/i;

function isHidden(element: Element): boolean {
  const attribs = element.attribs;
  if ('hidden' in attribs) return true;
  const style = attribs.style;
  return style !== undefined && HIDDEN_STYLE.test(style.slice(0, 500));
}

function textOf(node: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  let length = 0;
  while (stack.length && length < MAX_TEXT_NODE) {
    const current = stack.pop()!;
    if (isTextNode(current)) {
      parts.push(current.data);
      length += current.data.length;
    } else if ('children' in current) {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
    }
  }
  return parts.join('');
}

/** A letter or digit on one side of a field edge and the start of a word, number or phone on the other. */
function fieldsTouch(before: string, after: string, segmentLength: number): boolean {
  if (!/[\p{L}\p{N}]/u.test(before) || !/[\p{L}\p{N}(+]/u.test(after)) return false;
  // Numbers are styled in parts ("<b>0161</b>496 …"); a styled initial belongs to its word.
  if (/\d/.test(before) && /\d/.test(after)) return false;
  return !(segmentLength === 1 && /\p{Lu}/u.test(before) && /\p{Ll}/u.test(after));
}

/**
 * The line with a space where an inline element edge separates two fields
 * that touch: "<span>Email</span>info@…" and "<b>Tel</b>(415) …" are a
 * label and a value, and "<span>(415) 555-0142</span><span>Mon–Fri</span>"
 * a number and a word, however the markup glues their text together.
 */
export function spacedText(line: TextLine): string {
  let out = '';
  let from = 0;
  for (const at of line.breaks) {
    out += line.text.slice(from, at);
    if (fieldsTouch(line.text[at - 1], line.text[at], at - from)) out += ' ';
    from = at;
  }
  return out + line.text.slice(from);
}

/**
 * Renders the document the way a reader sees it: one line per block or
 * `<br>`, whitespace collapsed, comments, scripts and hidden elements left
 * out. Iterative, so deeply nested hostile markup cannot overflow the stack.
 */
export function readPage(document: Document): PageText {
  const lines: TextLine[] = [];
  const links: PageLink[] = [];
  const relMe: string[] = [];
  const jsonLd: string[] = [];
  const cfEmailHex: string[] = [];
  const microdata: MicrodataProperty[] = [];
  const metas = new Map<string, string>();
  const ranges = new Map<Element, { start: number; end: number }>();
  const starts = new Map<Element, number>();
  const blockStack: Element[] = [];
  const scopeStack: Element[] = [];
  let lang: string | null = null;
  let title = '';
  let buffer = '';
  let inPre = 0;
  let navDepth = 0;

  const flush = () => {
    const marked = collapseWhitespace(buffer).trim();
    buffer = '';
    if (!marked.replaceAll(FIELD_MARK, '').trim() || lines.length >= MAX_LINES) return;
    let text = '';
    const breaks: number[] = [];
    for (const [i, part] of marked.split(FIELD_MARK).entries()) {
      if (i > 0 && text && breaks.at(-1) !== text.length) breaks.push(text.length);
      text += text === '' || text.endsWith(' ') ? part.trimStart() : part;
    }
    const trimmed = text.trimEnd();
    lines.push({
      text: trimmed,
      block: blockStack.at(-1) ?? null,
      breaks: breaks.filter((b) => b > 0 && b < trimmed.length),
      inNav: navDepth > 0,
    });
  };

  type Frame = { node: AnyNode; exit: boolean };
  const stack: Frame[] = [{ node: document, exit: false }];
  while (stack.length) {
    const { node, exit } = stack.pop()!;
    if (!exit) {
      if (isTextNode(node)) {
        const data =
          node.data.length > MAX_TEXT_NODE ? node.data.slice(0, MAX_TEXT_NODE) : node.data;
        if (inPre && data.includes('\n')) {
          const parts = data.split('\n');
          parts.forEach((part, i) => {
            buffer += part;
            if (i < parts.length - 1) flush();
          });
        } else {
          buffer += data;
        }
        continue;
      }
      if (node.nodeType === 9) {
        for (let i = node.children.length - 1; i >= 0; i--)
          stack.push({ node: node.children[i], exit: false });
        continue;
      }
      if (!isElement(node)) continue;
      const name = node.name.toLowerCase();
      const attribs = node.attribs;
      collectMetadata(node, name, attribs);
      if (INVISIBLE.has(name) || isHidden(node)) {
        if (name === 'head') visitHead(node);
        continue;
      }
      if (name === 'br') {
        flush();
        continue;
      }
      if ('data-cfemail' in attribs) cfEmailHex.push(attribs['data-cfemail']);
      const block = BLOCKS.has(name);
      if (block) {
        flush();
        blockStack.push(node);
      }
      if (name === 'pre') inPre++;
      if (name === 'nav') navDepth++;
      if ('itemscope' in attribs) scopeStack.push(node);
      if (FIELD_ELEMENTS.has(name)) buffer += FIELD_MARK;
      if ((name === 'a' || name === 'area') && attribs.href) {
        links.push({
          href: attribs.href,
          text: collapseWhitespace(textOf(node)).trim(),
          element: node,
        });
      }
      if (attribs.itemprop) {
        const scope = scopeStack.at(-1) === node ? scopeStack.at(-2) : scopeStack.at(-1);
        const value =
          attribs.content ?? attribs.href ?? attribs.src ?? collapseWhitespace(textOf(node)).trim();
        for (const prop of attribs.itemprop.split(/\s+/).slice(0, 5)) {
          if (prop)
            microdata.push({
              name: prop.toLowerCase(),
              value,
              element: node,
              scopeType: (scope?.attribs.itemtype ?? '').toLowerCase(),
              scope: scope ?? null,
            });
        }
      }
      starts.set(node, lines.length);
      stack.push({ node, exit: true });
      for (let i = node.children.length - 1; i >= 0; i--)
        stack.push({ node: node.children[i], exit: false });
    } else {
      const element = node as Element;
      const name = element.name.toLowerCase();
      if (BLOCKS.has(name)) {
        flush();
        blockStack.pop();
      }
      if (name === 'pre') inPre--;
      if (name === 'nav') navDepth--;
      if (FIELD_ELEMENTS.has(name)) buffer += FIELD_MARK;
      if (scopeStack.at(-1) === element) scopeStack.pop();
      ranges.set(element, { start: starts.get(element) ?? lines.length, end: lines.length });
    }
  }
  flush();

  function collectMetadata(element: Element, name: string, attribs: Record<string, string>) {
    if (name === 'html' && attribs.lang && lang === null) lang = attribs.lang.trim().slice(0, 20);
    if (name === 'script' && /ld\+json/i.test(attribs.type ?? '')) jsonLd.push(textOf(element));
    if (name === 'meta' && attribs.content !== undefined) {
      const key = (attribs.property ?? attribs.name ?? attribs.itemprop ?? '').toLowerCase();
      if (key && !metas.has(key)) metas.set(key, attribs.content);
    }
    if (name === 'link' && attribs.href && /(?:^|\s)me(?:\s|$)/i.test(attribs.rel ?? ''))
      relMe.push(attribs.href);
    if (name === 'title' && !title) title = collapseWhitespace(textOf(element)).trim();
  }

  /** The head renders no text, but holds the title, metas, JSON-LD and rel=me links. */
  function visitHead(head: Element) {
    const pending: AnyNode[] = [...head.children];
    while (pending.length) {
      const child = pending.pop()!;
      if (!isElement(child)) continue;
      collectMetadata(child, child.name.toLowerCase(), child.attribs);
      pending.push(...child.children);
    }
  }

  return { lang, title, metas, lines, links, relMe, jsonLd, cfEmailHex, microdata, ranges };
}
