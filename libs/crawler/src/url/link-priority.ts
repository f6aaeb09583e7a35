/**
 * Pages that usually hold contacts are crawled first within a depth.
 * Computed from the URL path only, so a resumed crawl (which has the recorded
 * links but not their anchor texts) orders its frontier the same way.
 * Stems are matched as prefixes of path words and of whole path segments with
 * separators removed ("ueber-uns" → "ueberuns"), after stripping diacritics.
 */
const TIERS: readonly (readonly [priority: number, stems: readonly string[]])[] = [
  [
    3,
    [
      'contact', // en, fr, es "contacto", nl
      'contat', // it "contatti", pt "contato"
      'kontakt', // de, pl, sv, da, no, cs
      'impressum', // de legal notice: address, phone, e-mail by law
      'imprint',
      'mentionslegales',
      'getintouch',
      'reachus',
    ],
  ],
  [
    2,
    [
      'about',
      'team',
      'people',
      'staff',
      'leadership',
      'management',
      'founder',
      'executive',
      'board',
      'whoweare',
      'ourstory',
      'ueberuns',
      'uberuns',
      'unternehmen',
      'mitarbeiter',
      'apropos',
      'quisommesnous',
      'equipe', // fr "équipe"
      'equipo',
      'nosotros',
      'quienessomos',
      'sobre',
      'chisiamo',
      'azienda',
      'overons',
      'wiezijnwij',
      'medewerkers',
      'omoss',
    ],
  ],
  [
    1,
    [
      'career',
      'job',
      'hiring',
      'joinus',
      'karriere',
      'stellen',
      'emploi',
      'carriere', // fr "carrières"
      'recrutement',
      'empleo',
      'trabaja',
      'lavora',
      'vacature',
      'werkenbij',
      'press',
      'presse',
      'location',
      'office',
      'standort',
    ],
  ],
];

function words(segment: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      current += segment[i];
    } else if (current !== '') {
      out.push(current);
      current = '';
    }
  }
  if (current !== '') out.push(current);
  return out;
}

function foldPath(pathname: string): string {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Keep the escaped form: a malformed escape is not worth failing a link over.
  }
  // NFD splits "é" into "e" + a combining mark, which `words` then drops.
  return decoded.normalize('NFD').toLowerCase();
}

/** 3 = contact/imprint, 2 = about/team, 1 = careers/press/locations, 0 = anything else. */
export function linkPriority(url: URL): number {
  const path = foldPath(url.pathname);
  let best = 0;
  for (const segment of path.split('/')) {
    if (segment === '') continue;
    const parts = words(segment);
    if (parts.length === 0) continue;
    const candidates = parts.length > 1 ? [...parts, parts.join('')] : parts;
    for (const [priority, stems] of TIERS) {
      if (priority <= best) break;
      if (candidates.some((word) => stems.some((stem) => word.startsWith(stem)))) {
        best = priority;
        break;
      }
    }
    if (best === 3) return best;
  }
  return best;
}
