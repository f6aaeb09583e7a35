import { hasLegalSuffix } from './legal-suffixes';

/**
 * Job titles: recognising them ("Head of Strategy", "Geschäftsführerin")
 * and cutting them out of running text without the employer
 * ("Co-founder and CEO of Lumenfold Health" → "Co-founder and CEO").
 */

/** English role words: a title ends with one ("Senior Product Manager") or leads with a few ("Head of …"). */
const ENGLISH_ROLES =
  'ceo|cto|cfo|coo|cmo|cro|cio|ciso|cpo|chro|cdo|cso|chief|founder|co-?founder|owner|' +
  'co-owner|proprietor|president|vice[- ]president|vp|svp|evp|avp|director|head|lead|' +
  'leader|manager|partner|principal|associate|consultant|engineer|developer|designer|' +
  'architect|analyst|specialist|coordinator|co-ordinator|officer|executive|administrator|' +
  'assistant|advisor|adviser|counsel|attorney|lawyer|solicitor|barrister|paralegal|' +
  'accountant|bookkeeper|auditor|controller|comptroller|treasurer|secretary|dentist|' +
  'hygienist|orthodontist|physician|doctor|nurse|therapist|physiotherapist|physio|surgeon|' +
  'pharmacist|veterinarian|optometrist|psychologist|mechanic|technician|roaster|chef|' +
  'barista|editor|writer|journalist|producer|recruiter|strategist|scientist|researcher|' +
  'professor|lecturer|teacher|instructor|trainer|coach|chair|chairman|chairwoman|' +
  'chairperson|trustee|agent|broker|realtor|representative|rep|liaison|supervisor|' +
  'superintendent|foreman|planner|marketer|intern|fellow|evangelist|ambassador|curator|' +
  'photographer|illustrator|copywriter|receptionist|concierge|dispatcher|estimator|' +
  'inspector|surveyor|conveyancer|notary|underwriter|banker|economist|board member|' +
  'managing member';
/**
 * Role nouns of German, French, Spanish, Portuguese, Italian and Dutch
 * titles, masculine and feminine. These languages put the role first
 * ("Directora general", "Hoofd verkoop", "Leiterin Marketing").
 */
const ROLE_NOUNS =
  // German
  'geschäftsführer(?:in)?|inhaber(?:in)?|mitinhaber(?:in)?|vorstand|vorsitzende[r]?|' +
  'prokurist(?:in)?|leiter(?:in)?|gründer(?:in)?|mitgründer(?:in)?|berater(?:in)?|' +
  'referent(?:in)?|assistent(?:in)?|sachbearbeiter(?:in)?|ingenieur(?:in)?|' +
  'architekt(?:in)?|entwickler(?:in)?|buchhalter(?:in)?|techniker(?:in)?|rechtsanwalt|' +
  'rechtsanwältin|anwalt|anwältin|' +
  // French
  'gérant(?:e)?|directeur|directrice|fondat(?:eur|rice)|cofondat(?:eur|rice)|' +
  'président(?:e)?|responsable|chargée?|ingénieure?|associée?|avocat(?:e)?|notaire|' +
  'assistante|comptable|conseill(?:er|ère)|dirigeante?|secrétaire|gestionnaire|' +
  'coordinat(?:eur|rice)|technicien(?:ne)?|développeu(?:r|se)|architecte|juriste|' +
  'administrat(?:eur|rice)|consultante|' +
  // Spanish and Portuguese
  'gerente|fundador(?:a)?|cofundador(?:a)?|soci[oa]|sóci[oa]|jef[ea]|directora|' +
  'diretor(?:a)?|president[ea]|consejer[oa]|coordinador(?:a)?|coordenador(?:a)?|' +
  'asesor(?:a)?|assessor(?:a)?|consultor(?:a)?|abogad[oa]|advogad[oa]|contador(?:a)?|' +
  'contable|contabilista|ingenier[oa]|engenheir[oa]|administrador(?:a)?|secretari[oa]|' +
  'secretári[oa]|asistente|assistente|analista|encargad[oa]|delegad[oa]|arquitect[oa]|' +
  'arquitet[oa]|diseñador(?:a)?|desarrollador(?:a)?|desenvolvedor(?:a)?|propietari[oa]|' +
  'proprietári[oa]|titular|asociad[oa]|associad[oa]|gestor(?:a)?|responsável|' +
  // Italian
  'diret(?:tore|trice)|titolare|amministrat(?:ore|rice)|fondat(?:ore|rice)|' +
  'cofondat(?:ore|rice)|responsabile|coordinat(?:ore|rice)|consulente|avvocat[oa]|' +
  'commercialista|ingegnere|segretari[oa]|architett[oa]|progettista|dirigente|geometra|' +
  'associat[oa]|sviluppat(?:ore|rice)|proprietari[oa]|' +
  // Dutch
  'eigenaar|oprichter|medeoprichter|hoofd|bedrijfsleider|vennoot|voorzitter|bestuurder|' +
  'adviseur|boekhouder|secretaris|penningmeester|ontwikkelaar|ontwerper|verkoper|' +
  'coördinator|notaris|advocaat';
const wordPattern = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');

export const TITLE_KEYWORD = wordPattern(`${ENGLISH_ROLES}|${ROLE_NOUNS}`);
/** German and Dutch compounds carry the role at the end: Vertriebsleiter, Datenschutzbeauftragter, Projectleider. */
export const COMPOUND_TITLE_SUFFIX =
  /(?<![\p{L}])\p{L}{3,30}?(?:leiter(?:in)?|leitung|beauftragte[r]?|führer(?:in)?|vorstand|referent(?:in)?|berater(?:in)?|assistent(?:in)?|ingenieur(?:in)?|techniker(?:in)?|entwickler(?:in)?|leider|manager|adviseur|beheerder)(?![\p{L}])/iu;

/**
 * Titles complete on their own: "CEO of Acme" is the CEO; "Head of Sales"
 * needs its "of", and so does a vice president ("Vice President of
 * Preconstruction" runs a function, not a company).
 */
const COMPLETE_TITLE =
  /(?:ceo|cto|cfo|coo|cmo|cro|cio|ciso|cpo|founder|co-?founder|owner|(?<!vice[- ])president|chair(?:man|woman|person)?|managing director|managing partner|general partner|partner|principal|officer)$/i;

/** Departments and practice areas: "Head of Strategy", "Partner, Real Estate". */
const DEPARTMENTS = new Set(
  (
    'sales marketing engineering product products operations finance financial tax advisory audit assurance legal ' +
    'compliance real estate property corporate commercial residential litigation employment family criminal ' +
    'immigration ip intellectual private client clients wealth strategy design research development technology it ' +
    'data security hr people talent customer success support service services partnerships business growth ' +
    'communications brand content digital e-commerce ecommerce retail wholesale procurement supply chain logistics ' +
    'manufacturing quality innovation transformation risk investments investor relations public affairs policy ' +
    'education clinical medical nursing care planning accounts payroll insurance lending credit trading creative ' +
    'revenue revops devops platform infrastructure software hardware analytics experience ux ui acquisition events ' +
    'community partnerships culture learning training project projects program programs office studio media press'
  ).split(' '),
);
/** Places that qualify a title: "Managing Director, France". */
const GEOGRAPHY = new Set(
  (
    'north south east west central americas america emea apac asia pacific europe european africa middle ' +
    'uk us usa eu dach nordics benelux latam global international national regional ' +
    'france germany spain italy canada australia ireland netherlands belgium switzerland austria sweden norway ' +
    'denmark finland poland portugal japan china india singapore brazil mexico scotland england wales ' +
    'london paris berlin new york boston sydney toronto vancouver melbourne munich madrid amsterdam dublin'
  ).split(' '),
);
/** Department words are never part of a personal name ("Real Estate", "Tax Advisory"). */
export function isDepartmentWord(word: string): boolean {
  return DEPARTMENTS.has(word.toLowerCase());
}
const CONNECTORS = new Set(['and', '&', 'of', 'the']);
/** Seniority and rank words that build a title around a role word. */
const SENIORITY = new Set(
  'senior junior chief executive managing general deputy assistant associate acting interim global regional national vice founding lead principal head staff group'.split(
    ' ',
  ),
);

/** Employer words: "Corvane Systems", "Meridell Health", "Granite Arc Ventures". */
const ORG_WORD =
  /(?<![\p{L}])(?:inc|llc|ltd|llp|plc|gmbh|corp|corporation|company|co|group|holdings|systems|software|labs|technologies|technology|solutions|ventures|capital|partners|health|healthcare|bank|university|college|school|hospital|institute|foundation|association|agency|studio|studios|media|consulting|analytics|homewares|industries|international|global|networks|services|logistics|foods|brands|energy|pharma|therapeutics|bio|ai)(?![\p{L}])/iu;

const CUT_BEFORE =
  /\s(?:at|for|with|in|since|from|who|whose|which|where|until|based|and (?:has|will|is|was|leads|runs|oversees)|leads|runs|oversees|joined|joins|has|will|is|was|says|said|explains|added|adds|on|about|via)\s|[.!?;](?:\s|$)|\s[·|•—–]\s|\s-\s|\s?\(|\s?\)|["“”]|:\s/iu;
const ABBREVIATIONS =
  /\b(?:Sr|Jr|Snr|Jnr|Asst|Assoc|Mgr|Dir|Eng|Exec|Admin|Dept|Gen|Hon|Int|Intl|Nat|Reg|St)\.$/;

export interface TitleOptions {
  /** The site owner's name, an employer to cut ("of Lumenfold Health", ", Ashgrove"). */
  readonly companyName?: string | null;
  /** The text sits where a title is expected (hCard `title`, a `role` element): keywords are optional. */
  readonly structural?: boolean;
}

export function hasTitleKeyword(text: string): boolean {
  return TITLE_KEYWORD.test(text) || COMPOUND_TITLE_SUFFIX.test(text);
}

/** Titles that lead with the role: "Head of Strategy", "VP Engineering", "Directora general". */
export const ROLE_FIRST = new RegExp(
  `^(?:head|vp|svp|evp|avp|vice[- ]president|president|director|chief|manager|chair(?:man|woman|person)?|partner|founder|co-?founder|owner|${ROLE_NOUNS})(?:\\s|,|$)`,
  'iu',
);

/**
 * A role, not just text with a role word in it: the title ends with the role
 * ("Senior Product Manager", "Head Roaster") or starts with one ("Head of
 * Sales") — so "Lead time" or "Designer collection" are not titles.
 */
export function isRoleTitle(title: string): boolean {
  const base = title.split(',')[0].trim();
  const last = base.split(/\s+/).pop() ?? '';
  return hasTitleKeyword(last) || /^members?$/i.test(last) || ROLE_FIRST.test(base);
}

function isCompany(text: string, companyName: string | null | undefined): boolean {
  const lower = text.toLowerCase().trim();
  if (!lower || !companyName) return false;
  const company = companyName.toLowerCase();
  const first = company.split(/\s+/)[0];
  return (
    lower.startsWith(company) ||
    company.startsWith(lower) ||
    (first.length >= 4 && lower.startsWith(first))
  );
}

function isEmployer(text: string, companyName: string | null | undefined): boolean {
  return isCompany(text, companyName) || ORG_WORD.test(text) || text.includes('&');
}

function isQualifier(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 4 &&
    words.every((w) => {
      const word = w.replace(/[.,]$/, '');
      return DEPARTMENTS.has(word) || GEOGRAPHY.has(word) || CONNECTORS.has(word);
    })
  );
}

/** "de", "da", "di", "du", "van", "von": the "of" of other languages' titles. */
export const FOREIGN_OF = / (?:de|da|do|di|del|della|des|du|van|von) /gi;

/**
 * "directora de ventas de Acme" → "directora de ventas": the last "de …"
 * goes when it names the site owner or a legal entity. Departments in these
 * languages are not known words, so "Jefe de tráfico" and "Directora de
 * Ventas & Marketing" keep theirs.
 */
function withoutForeignEmployer(title: string, companyName: string | null | undefined): string {
  const cuts = [...title.matchAll(FOREIGN_OF)].map((m) => m.index);
  const last = cuts.at(-1);
  if (last === undefined || last === 0) return title;
  const employer = title.slice(last).replace(FOREIGN_OF, '');
  return isCompany(employer, companyName) || hasLegalSuffix(employer)
    ? title.slice(0, last)
    : title;
}

/** Cut the title at the first word that starts a clause, taking care of "Sr." style abbreviations. */
function cutClause(text: string): string {
  let rest = text;
  let out = '';
  for (let guard = 0; guard < 10; guard++) {
    const match = CUT_BEFORE.exec(rest);
    if (!match) return out + rest;
    const head = rest.slice(0, match.index + 1);
    if (match[0].startsWith('.') && ABBREVIATIONS.test(head)) {
      out += head;
      rest = rest.slice(match.index + 1);
      continue;
    }
    return out + rest.slice(0, match.index);
  }
  return out + rest;
}

/**
 * The job title at the start of `raw`, as written, without the employer and
 * the rest of the sentence; null when it does not read as a title.
 */
export function cleanTitle(raw: string, options: TitleOptions = {}): string | null {
  let text = raw
    .slice(0, 200)
    .replace(/\s+/g, ' ')
    .replace(/^[\s,:;·|•—–-]+/u, '')
    .replace(/^(?:as|is|the|our|its|a|an)\s+/i, '')
    .trim();
  // A title never starts a clause: "Joins Acme as CFO" is news about the person, not their title.
  text = cutClause(` ${text}`).trim();
  // ", Real Estate" qualifies the title; ", Corvane Systems" is the employer.
  const parts = text.split(/\s?,\s?/);
  let title = parts[0];
  for (const part of parts.slice(1)) {
    if (!part) break;
    if (isQualifier(part) && !isCompany(part, options.companyName)) title += `, ${part}`;
    else if (
      !COMPLETE_TITLE.test(title) &&
      part.split(' ').length === 1 &&
      !isEmployer(part, options.companyName) &&
      /^\p{Lu}/u.test(part)
    )
      title += `, ${part}`;
    else break;
  }
  // " of Lumenfold Health" names the employer unless it is a department ("Head of Strategy").
  const of = / of (?!the board)(.+)$/i.exec(title);
  if (of) {
    const before = title.slice(0, of.index);
    const after = of[1];
    if (
      (COMPLETE_TITLE.test(before) && !isQualifier(after)) ||
      (isEmployer(after, options.companyName) && !isQualifier(after))
    )
      title = before;
  }
  title = withoutForeignEmployer(title, options.companyName);
  title = title.replace(/[\s,;:·|•—–-]+$/u, '').trim();
  return isTitleLike(title, options.structural ?? false) ? title : null;
}

/** Short, capitalised, no digits or addresses, and a role word unless the layout says it is a title. */
export function isTitleLike(text: string, structural: boolean): boolean {
  if (text.length < 2 || text.length > 80) return false;
  const words = text.split(/\s+/);
  if (words.length > 9) return false;
  if (/[\d@©/\\]|https?:|www\./i.test(text)) return false;
  // Prose writes some titles in lower case ("jefa de cocina", "co-founder"): only short ones led by a role word.
  if (!/^[\p{Lu}]/u.test(text) && !(words.length <= 5 && hasTitleKeyword(words[0]))) return false;
  if (hasTitleKeyword(text)) return true;
  // Without a keyword only a short run of capitalised words ("Accounts & Compliance") in a title slot.
  return (
    structural &&
    words.length <= 5 &&
    words.every((w) => /^(?:\p{Lu}[\p{L}'’-]*|&|and|of|the)$/u.test(w))
  );
}

/**
 * A title written before a name ("said Lumenfold CEO Naomi Achterberg",
 * "Managing Director Jane Doe"): the longest run of title words ending the
 * text, capitalised, with a role word.
 */
export function titleBeforeName(before: string): string | null {
  // Only directly before the name: "COO, Brightfield Logistics" is a title and an employer.
  if (!/\p{L}\s$/u.test(before)) return null;
  const words = before.trimEnd().split(/\s+/).slice(-6);
  let start = words.length;
  while (start > 0) {
    const word = words[start - 1].replace(/[.,:;]$/, '');
    const lower = word.toLowerCase();
    if (
      hasTitleKeyword(word) ||
      SENIORITY.has(lower) ||
      DEPARTMENTS.has(lower) ||
      CONNECTORS.has(lower)
    )
      start--;
    else break;
  }
  while (start < words.length && CONNECTORS.has(words[start].toLowerCase())) start++;
  const title = words
    .slice(start)
    .join(' ')
    .replace(/[.,:;]$/, '');
  if (!title || !/^\p{Lu}/u.test(title)) return null;
  // The run must end in a role word: "CEO", "Director" — not "Head of" or "Sales".
  const last = words[words.length - 1].replace(/[.,:;]$/, '');
  return hasTitleKeyword(last) && !/^(?:head|vice|of)$/i.test(last) && isTitleLike(title, false)
    ? title
    : null;
}
