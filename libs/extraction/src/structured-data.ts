/** An object in the page's JSON-LD, typed (`@type`) or not, wherever it is nested. */
export interface JsonLdNode {
  readonly types: readonly string[];
  readonly data: Readonly<Record<string, unknown>>;
  /** The property this node was found under (`employee`, `worksFor`, …), null at the top. */
  readonly via: string | null;
}

/** JSON-LD blocks bigger than this are not contact data; skipping them bounds the work. */
const MAX_BLOCK_CHARS = 1_000_000;
const MAX_NODES = 5_000;

function parseBlock(text: string): unknown {
  if (text.length > MAX_BLOCK_CHARS) return null;
  // Authors often leave HTML comments or CDATA markers around the JSON.
  const cleaned = text
    .trim()
    .replace(/^(?:<!--|\/\*<!\[CDATA\[\*\/)/, '')
    .replace(/(?:-->|\/\*\]\]>\*\/)$/, '');
  try {
    return JSON.parse(cleaned) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(record: Record<string, unknown>): string[] {
  const raw = record['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^.*[/#]/, '').toLowerCase());
}

/** Every typed node in the page's JSON-LD blocks, outermost first. */
export function readJsonLd(blocks: readonly string[]): JsonLdNode[] {
  const nodes: JsonLdNode[] = [];
  let visited = 0;
  for (const block of blocks) {
    const queue: { value: unknown; via: string | null }[] = [
      { value: parseBlock(block), via: null },
    ];
    const enqueue = (value: unknown, via: string | null) => {
      if (queue.length < MAX_NODES) queue.push({ value, via });
    };
    for (let head = 0; head < queue.length && visited < MAX_NODES; head++) {
      const { value, via } = queue[head];
      visited++;
      if (Array.isArray(value)) {
        for (const item of value.slice(0, MAX_NODES)) enqueue(item, via);
        continue;
      }
      if (!isRecord(value)) continue;
      const types = typesOf(value);
      // Untyped objects (a bare contactPoint) still carry emails and phones.
      nodes.push({ types, data: value, via });
      for (const [key, child] of Object.entries(value)) {
        if (typeof child === 'object' && child !== null)
          enqueue(child, key === '@graph' ? via : key);
      }
    }
  }
  return nodes;
}

/** The strings of a property that may be a string, a list, or `{ "@value" | "@id" | "url" }`. */
export function stringsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list.slice(0, 100)) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number') out.push(String(item));
    else if (isRecord(item)) {
      const inner = item['@value'] ?? item['@id'] ?? item.url;
      if (typeof inner === 'string') out.push(inner);
    }
  }
  return out;
}

/** Values of `keys` (case-insensitive) anywhere in the JSON-LD, e.g. every `email`. */
export function jsonLdValues(nodes: readonly JsonLdNode[], keys: readonly string[]): string[] {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  const out: string[] = [];
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node.data)) {
      if (wanted.has(key.toLowerCase())) out.push(...stringsOf(value));
    }
  }
  return out;
}

const PERSON_TYPES = new Set(['person', 'patient']);
/** Types that describe content or places rather than the business that publishes them. */
const NOT_ORGANIZATIONS = new Set([
  'webpage',
  'website',
  'article',
  'newsarticle',
  'blogposting',
  'product',
  'offer',
  'aggregateoffer',
  'event',
  'place',
  'postaladdress',
  'geocoordinates',
  'imageobject',
  'videoobject',
  'breadcrumblist',
  'listitem',
  'faqpage',
  'question',
  'answer',
  'review',
  'rating',
  'aggregaterating',
  'openinghoursspecification',
  'contactpoint',
  'searchaction',
  'entrypoint',
  'collectionpage',
  'aboutpage',
  'contactpage',
  'itemlist',
  'howto',
  'recipe',
  'monetaryamount',
  'quantitativevalue',
  'propertyvalue',
  'brand',
  'thing',
  'creativework',
  'jobposting',
  'service',
  'readaction',
  'siteNavigationelement'.toLowerCase(),
  'wpheader',
  'wpfooter',
  'person',
  'patient',
  'country',
  'city',
  'audience',
  'language',
]);

/** A schema.org type name (or URL) that describes a business rather than content, places or people. */
export const isOrganizationType = (type: string) => {
  const name = type.replace(/^.*[/#]/, '').toLowerCase();
  return !!name && !NOT_ORGANIZATIONS.has(name);
};
export const isPersonNode = (node: JsonLdNode) => node.types.some((t) => PERSON_TYPES.has(t));
export const isOrganizationNode = (node: JsonLdNode) =>
  node.types.some((t) => !NOT_ORGANIZATIONS.has(t));
export const isWebSiteNode = (node: JsonLdNode) => node.types.includes('website');

export function firstString(value: unknown): string | null {
  const [first] = stringsOf(value);
  return first?.trim() ? first.trim() : null;
}
