import type { Document, Element } from 'domhandler';
import { classAndId, elementText, findElements, hasAncestor, isTextNode } from './dom';
import type { PageText } from './html-text';
import { LEGAL_SUFFIX_WORD, hasLegalSuffix, stripLegalSuffix } from './legal-suffixes';
import type { JsonLdNode } from './structured-data';
import {
  firstString,
  isOrganizationNode,
  isOrganizationType,
  isWebSiteNode,
} from './structured-data';

/**
 * Where a name candidate came from. "Strong" sources name the legal or
 * registered business (structured data, the © line, a legal-form mention,
 * the footer) and may extend a shorter brand ("Cobaltridge" →
 * "Cobaltridge Security").
 */
type Source =
  | 'jsonld'
  | 'jsonld-nested'
  | 'website'
  | 'microdata'
  | 'og-site-name'
  | 'copyright'
  | 'legal-mention'
  | 'logo'
  | 'footer'
  | 'title-first'
  | 'title-last';

const WEIGHTS: Record<Source, number> = {
  jsonld: 6,
  'jsonld-nested': 3,
  website: 3,
  microdata: 5,
  'og-site-name': 4,
  copyright: 4,
  'legal-mention': 2,
  logo: 3,
  footer: 2,
  'title-first': 1.5,
  'title-last': 2,
};
const STRONG: ReadonlySet<Source> = new Set([
  'jsonld',
  'microdata',
  'copyright',
  'legal-mention',
  'footer',
]);

/** Words that are navigation or page furniture, never a business name. */
const GENERIC = new Set([
  'home',
  'homepage',
  'menu',
  'logo',
  'contact',
  'contact us',
  'about',
  'about us',
  'blog',
  'news',
  'newsroom',
  'careers',
  'jobs',
  'shop',
  'store',
  'search',
  'login',
  'sign in',
  'skip to content',
  'privacy',
  'privacy policy',
  'terms',
  'all rights reserved',
  'follow us',
  'impressum',
  'team',
  'our team',
  'services',
  'products',
  'pricing',
  'support',
  'help',
  'faq',
  'back to top',
  'main',
  'navigation',
  'page not found',
  '404',
  'error',
  'welcome',
  'index',
  'untitled',
  // The same furniture in German, French, Spanish, Portuguese, Italian and Dutch.
  ...(
    'startseite|kontakt|über uns|team|karriere|leistungen|öffnungszeiten|anfahrt|datenschutz|' +
    "accueil|à propos|l'équipe|équipe|nous contacter|mentions légales|" +
    'inicio|contacto|quiénes somos|servicios|equipo|nuestro equipo|aviso legal|' +
    'início|contactos|sobre nós|serviços|equipa|a nossa equipa|' +
    'contatti|chi siamo|servizi|lavora con noi|over ons|diensten|vacatures|werken bij'
  ).split('|'),
]);
/** Words a page title adds around the brand: "Ashgrove Blog", "Lumenfold Newsroom". */
const TITLE_TRAILERS =
  /\s(?:blog|newsroom|news|home|homepage|official (?:site|website)|website|online shop|online store|journal|press)$/i;
/** A home page greets before it names: "Welcome to Smith Plumbing", "Bienvenue chez Boulangerie Marin". */
export const TITLE_GREETING =
  /^(?:welcome to|bienvenue (?:chez|à|sur)|willkommen (?:bei|im|auf)|bienvenid[oa]s? a|benvenut[oi] (?:da|in|a|su)|bem-vind[oa]s? (?:à|ao|a)|welkom bij)\s+/i;
const COPYRIGHT =
  /(?:©|\(c\)|copyright)\s{0,3}(?:©\s{0,3})?(?:(?:19|20)\d{2}(?:\s{0,3}[-–—]\s{0,3}(?:(?:19|20)\d{2}|present|heute))?\s{0,3}[,.]?\s{0,3})?(?:by\s{1,3})?([^\n]{2,160})/i;
const COPYRIGHT_END =
  /\s[|·•]\s|\s[-–—]\s|\ball rights\b|\balle rechte\b|\btous droits\b|\btodos los derechos\b|\btutti i diritti\b|\bmade (?:in|with|by)\b|\bpowered by\b|\bregistered\b|\bcompany (?:no|number|reg)|\bvat\b|\bdesigned by\b|\bsite by\b/i;
/** "Brand | Page", "Brand – Tagline", and "Brand: Tagline" with the colon against the brand. */
export const TITLE_SEPARATORS = /\s(?:[|–—·:»/]|-{1,2}|::)\s|(?<=[\p{L}\p{N}]):\s/u;
const NAME_WORD = /^[\p{Lu}\p{N}&][\p{L}\p{N}&'’.\-+!]*$/u;
/** Lower-case words a trading name may hold: "Bank of America", "Atelier de la Mer", "Apotheke am Markt". */
const NAME_CONNECTORS = new Set(
  (
    'and of the for on at in by & ' +
    'de del della dei degli delle di da do dos das du des la le les au aux à sur al alla nel ' +
    'van von der den het aan op am im an zum zur vom bei auf y e et und en'
  ).split(' '),
);

function cleanCandidate(raw: string): string | null {
  let text = raw
    .replace(/\s+/g, ' ')
    .replace(/\s(?:logo|homepage|home page|home)$/i, '')
    .trim();
  text = stripLegalSuffix(text)
    .replace(/\s(?:19|20)\d{2}$/, '')
    .replace(/^["'“‘(]+|["'”’)]+$/g, '')
    .trim();
  if (text.length < 2 || text.length > 60) return null;
  const words = text.split(' ');
  if (words.length > 6 || !/\p{L}/u.test(text) || /[@/\\]|https?:|www\./i.test(text)) return null;
  if (GENERIC.has(text.toLowerCase())) return null;
  // A brand starts with a capital or a digit ("Quillfeather", "37signals") — sentences do not qualify.
  if (!/^[\p{Lu}\p{N}]/u.test(text)) return null;
  // …and stays capitalised but for connectors: "Family dentistry in Leeds" is a tagline.
  if (words.slice(1).some((w) => /^\p{Ll}/u.test(w) && !NAME_CONNECTORS.has(w) && !w.includes('.')))
    return null;
  return text;
}

/** "Copperleaf Dental – Highlands" names a location of the brand: keep the brand. */
function brandPart(name: string | null | undefined): string | null {
  return name ? name.split(TITLE_SEPARATORS)[0] : null;
}

/** "Thistle & Thyme" and "Thistle and Thyme" are one name. */
function sameName(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s?&\s?/g, ' and ')
    .replace(/\s+/g, ' ')
    .trim();
}

function compact(text: string): string {
  return sameName(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

function domainLabel(url: string): string {
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^www\d?\./, '');
    const parts = host.split('.');
    // The registrable label: brightmoor-analytics.com → brightmoor-analytics; saltmarshroasters.com.au → saltmarshroasters.
    const secondLevel =
      parts.length > 2 && /^(?:co|com|org|net|ac|gov|edu)$/.test(parts[parts.length - 2]);
    return compact(parts[parts.length - (secondLevel ? 3 : 2)] ?? '');
  } catch {
    return '';
  }
}

const tokensOf = (e: Element) => classAndId(e).split(/\s+/);
const isFooter = (e: Element) =>
  e.name === 'footer' ||
  e.attribs.role === 'contentinfo' ||
  (/foot|colophon|bottom/i.test(`${e.attribs.class ?? ''}${e.attribs.id ?? ''}`) &&
    tokensOf(e).some((t) =>
      /^(?:footer|site-footer|page-footer|main-footer|colophon|bottom|footer-wrap)$/.test(t),
    ));
const isHeader = (e: Element) =>
  e.name === 'header' ||
  e.name === 'nav' ||
  e.attribs.role === 'banner' ||
  tokensOf(e).some((t) =>
    /^(?:header|site-header|masthead|navbar|top|site-branding|nav|topbar)$/.test(t),
  );

function isHomeLink(element: Element, origin: string): boolean {
  if (element.name !== 'a') return false;
  const href = (element.attribs.href ?? '').trim();
  if (/^(?:\/|\.\/|(?:\.\.\/)*index\.html?|#top)$/i.test(href)) return true;
  if (/(?:^|\s)home(?:\s|$)/i.test(element.attribs.rel ?? '')) return true;
  if (/\b(?:logo|brand|site-title|navbar-brand|site-name)\b/.test(classAndId(element))) return true;
  // An absolute link to the site's root: "https://www.example.com/".
  return (
    !!origin &&
    /^https?:\/\//i.test(href) &&
    href.replace(/\/?(?:index\.html?)?$/i, '').toLowerCase() === origin
  );
}

function originOf(url: string): string {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return '';
  }
}

interface Candidate {
  name: string;
  score: number;
  sources: Set<Source>;
  best: number;
  mentions: number;
}

export interface CompanyNameInput {
  readonly document: Document;
  readonly page: PageText;
  readonly jsonLd: readonly JsonLdNode[];
  readonly url: string;
}

/**
 * The site owner's trading name, by weighted vote of structured data, the ©
 * line, legal-form mentions, `og:site_name`, the header logo, the footer
 * brand and the page title, with legal suffixes dropped.
 */
export function detectCompanyName({
  document,
  page,
  jsonLd,
  url,
}: CompanyNameInput): string | null {
  const candidates = new Map<string, Candidate>();
  const add = (raw: string | null | undefined, source: Source, weight = WEIGHTS[source]) => {
    if (!raw) return;
    const name = cleanCandidate(raw);
    if (!name) return;
    const key = sameName(name);
    const candidate = candidates.get(key) ?? {
      name,
      score: 0,
      sources: new Set<Source>(),
      best: 0,
      mentions: 0,
    };
    // Each source counts once, except that a second legal-form mention adds half again.
    if (source === 'legal-mention' && candidate.sources.has('legal-mention')) {
      if (candidate.mentions >= 2) return;
      weight = weight / 2;
    } else if (candidate.sources.has(source)) return;
    if (source === 'legal-mention') candidate.mentions++;
    candidate.sources.add(source);
    candidate.score += weight;
    if (weight > candidate.best) {
      candidate.best = weight;
      candidate.name = name;
    }
    candidates.set(key, candidate);
  };

  for (const node of jsonLd) {
    if (isWebSiteNode(node)) add(firstString(node.data.name), 'website');
    else if (isOrganizationNode(node)) {
      const nested = node.via !== null && node.via !== 'mainEntity' && node.via !== 'about';
      add(brandPart(firstString(node.data.name)), nested ? 'jsonld-nested' : 'jsonld');
    }
  }
  for (const prop of page.microdata) {
    if (prop.name === 'name' && isOrganizationType(prop.scopeType)) add(prop.value, 'microdata');
  }
  add(brandPart(page.metas.get('og:site_name')), 'og-site-name');

  for (const line of page.lines) {
    const copyright = COPYRIGHT.exec(line.text.slice(0, 400));
    // The © line's legal name is one piece of evidence, not two.
    if (copyright) add(copyrightHolder(copyright[1]), 'copyright');
    else for (const mention of legalMentions(line.text)) add(mention, 'legal-mention');
  }

  const title = page.title;
  if (title) {
    const segments = title
      .split(TITLE_SEPARATORS)
      .map((s) => s.trim())
      .filter(Boolean);
    const brands = segments.map((s) => s.replace(TITLE_GREETING, '').replace(TITLE_TRAILERS, ''));
    // Beside page furniture or a tagline ("Acme | Home", "Acme | Widgets since 1950") one name is the site's.
    const named = brands.filter((b) => cleanCandidate(b));
    if (brands.length > 1 && named.length === 1) {
      add(named[0], 'title-first', WEIGHTS['title-last']);
    } else if (brands.length > 1) {
      add(brands[0], 'title-first');
      add(brands[brands.length - 1], 'title-last');
    } else if (brands.length === 1) {
      add(brands[0], 'title-first');
    }
  }

  const origin = originOf(url);
  const homeLinks = findElements(document, (e) => isHomeLink(e, origin), 6, 5_000);
  for (const link of homeLinks.filter((l) => !hasAncestor(l, isFooter)).slice(0, 2)) {
    for (const img of findElements(link, (e) => e.name === 'img', 2)) add(img.attribs.alt, 'logo');
    // Logo links often repeat the name (a screen-reader span and a visible one): read each child.
    const parts = findElements(
      link,
      (e) => e !== link && e.name !== 'img' && e.children.every(isTextNode),
      4,
    );
    if (parts.length) for (const part of parts) add(elementText(part, 120), 'logo');
    else add(elementText(link, 200), 'logo');
  }
  for (const brand of findElements(
    document,
    (e) =>
      /\b(?:site-title|site-name|logo|brand)\b/.test(classAndId(e)) && hasAncestor(e, isHeader),
    4,
    5_000,
  ))
    add(elementText(brand, 200), 'logo');

  const footer = findElements(document, isFooter, 1)[0];
  if (footer) {
    const brand = findElements(
      footer,
      (e) =>
        /^(?:h[1-6]|strong|b)$/.test(e.name) ||
        (e.name === 'p' &&
          /\b(?:font-(?:semi)?bold|fw-(?:semi)?bold|brand)\b/.test(classAndId(e))) ||
        (e.name === 'img' && !!e.attribs.alt),
      3,
    ).filter((e) => !/\bsr-only\b|visually-hidden/.test(classAndId(e)));
    for (const element of brand.slice(0, 2)) {
      const text = element.name === 'img' ? element.attribs.alt : elementText(element, 200);
      add(text?.split(/\s[|·•–—]\s/)[0], 'footer');
    }
  }

  const domain = domainLabel(url);
  for (const candidate of candidates.values()) {
    const key = compact(candidate.name);
    if (!domain || !key) continue;
    if (key === domain) candidate.score += 3;
    else if (domain.startsWith(key) || key.startsWith(domain)) candidate.score += 1.5;
  }

  // A strongly-sourced longer name absorbs the brand it extends.
  const list = [...candidates.values()];
  const totals = new Map(list.map((c) => [c, c.score]));
  for (const longer of list) {
    // Only a well-attested longer name (two sources, one of them strong) replaces the brand.
    if (longer.sources.size < 2 || ![...longer.sources].some((s) => STRONG.has(s))) continue;
    const lower = sameName(longer.name);
    for (const shorter of list) {
      if (shorter !== longer && lower.startsWith(`${sameName(shorter.name)} `))
        totals.set(longer, (totals.get(longer) ?? 0) + shorter.score);
    }
  }
  let winner: Candidate | null = null;
  for (const candidate of list) {
    const score = totals.get(candidate) ?? 0;
    const best = winner ? (totals.get(winner) ?? 0) : -1;
    if (score > best || (score === best && winner && candidate.sources.size > winner.sources.size))
      winner = candidate;
  }
  if (winner && (totals.get(winner) ?? 0) >= 2) return winner.name;
  return domainNameInText(url, page);
}

/**
 * Last resort: the site's domain name as the page writes it ("verdantia.fr"
 * and a line saying "Verdantia"), never a guess from the domain alone.
 */
function domainNameInText(url: string, page: PageText): string | null {
  let label: string;
  try {
    label =
      new URL(url).hostname
        .toLowerCase()
        .replace(/^www\d?\./, '')
        .split('.')[0] ?? '';
  } catch {
    return null;
  }
  if (!/^[a-z][a-z0-9-]{2,40}$/.test(label)) return null;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${label.split('-').join('[\\s-]')}(?![\\p{L}\\p{N}.])`,
    'iu',
  );
  for (const line of page.lines.slice(0, 2_000)) {
    const match = pattern.exec(line.text.slice(0, 2_000));
    if (match && /^\p{Lu}/u.test(match[0])) return match[0];
  }
  return null;
}

/** "2025 Brightmoor Analytics, Inc.. All rights reserved." → "Brightmoor Analytics, Inc." */
function copyrightHolder(rest: string): string | null {
  let text = rest.replace(/^[\s,.:;|·•–—-]+/u, '').split(COPYRIGHT_END)[0];
  LEGAL_SUFFIX_WORD.lastIndex = 0;
  const legal = LEGAL_SUFFIX_WORD.exec(text);
  if (legal) text = text.slice(0, legal.index + legal[0].length);
  else text = text.split(/\.\s|,\s/)[0];
  text = text.replace(/\s(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?\.?$/, '');
  return hasLegalSuffix(text) || text.split(' ').length <= 6 ? text : null;
}

/** Capitalised words right before a legal form: "… by Marlowe & Finch LLP" → "Marlowe & Finch LLP". */
function legalMentions(text: string): string[] {
  const out: string[] = [];
  if (text.length > 2_000) text = text.slice(0, 2_000);
  LEGAL_SUFFIX_WORD.lastIndex = 0;
  for (
    let match = LEGAL_SUFFIX_WORD.exec(text);
    match && out.length < 3;
    match = LEGAL_SUFFIX_WORD.exec(text)
  ) {
    // Short forms (SA, AS, AB, Co) are also ordinary words; only trust them in capitals.
    const suffix = match[0].replace(/^[\s,]+/, '');
    if (
      suffix.replace(/\./g, '').length <= 2 &&
      !/^[A-Z]{2}$|^Co\.$/.test(suffix.replace(/\.$/, ''))
    )
      continue;
    const words = text.slice(0, match.index).split(' ');
    const name: string[] = [];
    for (let i = words.length - 1; i >= 0 && name.length < 6; i--) {
      const word = words[i];
      if (NAME_WORD.test(word) && !/^\d+$/.test(word)) name.unshift(word);
      else if ((word === 'and' || word === 'of') && name.length) name.unshift(word);
      else break;
    }
    while (name.length && /^(?:and|of|&)$/.test(name[0])) name.shift();
    if (name.length && name.length <= 5) out.push(`${name.join(' ')}${match[0]}`);
  }
  return out;
}
