import type { AnyNode, Element, Text } from 'domhandler';

/** DOM helpers over domhandler nodes, iterative so hostile nesting cannot overflow the stack. */

/** Zero-width characters and soft hyphens are inserted into addresses to defeat scrapers. */
const INVISIBLE_CHARS = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const WHITESPACE = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;

export function collapseWhitespace(text: string): string {
  return text.replace(INVISIBLE_CHARS, '').replace(WHITESPACE, ' ');
}

/** Elements (including `<script>` and `<style>`); doctypes share node type 1 but have no attributes. */
export function isElement(node: AnyNode | null | undefined): node is Element {
  return !!node && node.nodeType === 1 && 'attribs' in node;
}

export function isTextNode(node: AnyNode | null | undefined): node is Text {
  return !!node && node.nodeType === 3;
}

const SKIPPED_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg']);

/** Visible-ish text of an element, whitespace collapsed, at most `limit` characters. */
export function elementText(element: Element, limit = 2_000): string {
  const parts: string[] = [];
  let length = 0;
  const stack: AnyNode[] = [element];
  while (stack.length && length < limit) {
    const node = stack.pop()!;
    if (isTextNode(node)) {
      parts.push(node.data);
      length += node.data.length;
    } else if (isElement(node)) {
      if (SKIPPED_TEXT.has(node.name)) continue;
      if (node.name === 'br') parts.push(' ');
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
  }
  return collapseWhitespace(parts.join(' ')).trim().slice(0, limit);
}

/** Elements under `root` (document order) that satisfy `test`, at most `limit`. */
export function findElements(
  root: AnyNode,
  test: (element: Element) => boolean,
  limit = 200,
  maxVisited = 200_000,
): Element[] {
  const found: Element[] = [];
  const stack: AnyNode[] = [root];
  let visited = 0;
  while (stack.length && found.length < limit && visited < maxVisited) {
    const node = stack.pop()!;
    visited++;
    if (isElement(node) && test(node)) found.push(node);
    if ('children' in node)
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return found;
}

export function classAndId(element: Element): string {
  return `${element.attribs.class ?? ''} ${element.attribs.id ?? ''}`.toLowerCase();
}

/** Real pages nest a few dozen levels; hostile ones thousands, which must not make every lookup linear. */
export const MAX_ANCESTORS = 64;

export function* ancestors(element: Element, limit = MAX_ANCESTORS): Generator<Element> {
  let depth = 0;
  for (let node = element.parent; isElement(node) && depth < limit; node = node.parent, depth++)
    yield node;
}

export function hasAncestor(element: Element, test: (e: Element) => boolean): boolean {
  for (const ancestor of ancestors(element)) if (test(ancestor)) return true;
  return false;
}
