import type { Signal } from './page-extraction';
import { SIGNALS } from './page-extraction';

/**
 * A signal counts only when the page states it about its owner: patterns
 * are first-person ("we're hiring") or need the owner as the subject (the
 * company name, "we", "our", "the company"), so an article about customers
 * who are hiring or raising money says nothing about the site.
 */
interface SignalRule {
  readonly signal: Signal;
  readonly pattern: RegExp;
  /** The sentence must name the owner ("we", "our", the company) for the match to count. */
  readonly needsOwner: boolean;
  /** The first group is a possessor ("Acme's team") that must be the owner itself. */
  readonly ownerPossessive?: boolean;
}

const TITLE_WORDS =
  '(?:chief|ceo|cfo|cto|coo|cro|cmo|cio|ciso|cpo|president|vice president|vp|svp|evp|head of|director|managing director|general manager|chair(?:man|woman|person)?|managing partner|general counsel|geschäftsführer(?:in)?|directeur|directrice)';
const PLACES =
  '(?:office|offices|location|clinic|store|shop|branch|studio|roastery|restaurant|café|cafe|site|warehouse|hub|headquarters|hq|facility|campus|showroom|practice|gallery|outpost|plant|factory|lab|center|centre|hotel|bakery|taproom|salon|gym)';
const COUNT =
  '(?:\\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|multiple|many)';

export const SIGNAL_RULES: readonly SignalRule[] = [
  {
    signal: 'hiring',
    needsOwner: false,
    pattern:
      /\b(?:we(?:['’]re| are)(?: now| currently| actively| still)? hiring|now hiring|hiring now)\b/i,
  },
  {
    signal: 'hiring',
    needsOwner: false,
    pattern: new RegExp(
      `\\b${COUNT} (?:open|available|new) (?:roles|positions|jobs|vacancies|openings)\\b`,
      'i',
    ),
  },
  {
    signal: 'hiring',
    needsOwner: false,
    pattern: new RegExp(`\\b${COUNT} (?:openings|job openings|vacancies)\\b`, 'i'),
  },
  {
    signal: 'hiring',
    needsOwner: false,
    pattern:
      /\b(?:open (?:roles|positions)|current (?:openings|vacancies)|job openings|hiring manager|apply for this (?:job|role|position))\b/i,
  },
  {
    signal: 'hiring',
    needsOwner: true,
    pattern: /\b(?:is|are) (?:actively |currently |now |also )?hiring\b/i,
  },
  {
    signal: 'hiring',
    needsOwner: false,
    pattern:
      /\b(?:wir stellen ein|\d{1,3} offene stellen|nous recrutons|on recrute|estamos contratando|stiamo assumendo|wij zoeken collega)/i,
  },
  {
    signal: 'recent_funding',
    needsOwner: true,
    pattern:
      /\b(?:raise[sd]?|raising|secure[sd]?|closed|closes|completed|completes|lands?|landed|announce[sd]?)\b[^.!?]{0,60}?(?:[$€£]\s?\d[\d.,]{0,10}\s?(?:m|mm|bn|b|k|million|billion)?\b|\b\d[\d.,]{0,10} ?(?:million|billion|mio\.?|millionen|millions|milliards))[^.!?]{0,80}?\b(?:series [a-h]|seed|pre-seed|funding|round|financing|investment|capital raise)\b/i,
  },
  {
    signal: 'recent_funding',
    needsOwner: true,
    pattern:
      /\b(?:announce[sd]?|closes|closed|raises|raised|secures|secured)\b[^.!?]{0,40}?\b(?:series [a-h]|seed|pre-seed) (?:round|funding|financing|investment|extension)\b/i,
  },
  {
    signal: 'growing_company',
    needsOwner: false,
    pattern:
      /\b(?:our|the) (?:[\w-]{1,20} ){0,3}?(?:team|teams|headcount|workforce|staff|company|business|customer base|customers|partners|client base|clients|user base|users|employees)\b[^.!?]{0,40}?\b(?:(?:has |have |had )?(?:doubled|tripled|quadrupled|more than doubled)\b|(?:has |have |had )?(?:grown|grew)\b[^.!?]{0,12}?\b(?:from|to|by) (?:more than |over |nearly |almost )?\d)/i,
  },
  {
    signal: 'growing_company',
    needsOwner: false,
    pattern:
      /\bwe(?:['’]ve| have)? (?:more than )?(?:doubled|tripled|quadrupled) (?:our|in size)\b|\bwe(?:['’]re| are) (?:still )?growing (?:fast|rapidly|quickly)\b|\bwe(?:['’]ve| have) grown from (?:just |only )?\d/i,
  },
  {
    signal: 'growing_company',
    needsOwner: false,
    pattern: /\b(?:unser|unsere) (?:team|belegschaft)\b[^.!?]{0,40}?\b(?:gewachsen|verdoppelt)\b/i,
  },
  {
    // "Acme's customer base tripled in 2024": growth of the owner, named as the possessor.
    signal: 'growing_company',
    needsOwner: false,
    ownerPossessive: true,
    pattern:
      /((?:[\p{L}\p{N}&.-]{1,30} ){0,3}[\p{L}\p{N}&.-]{1,30})['’]s (?:[\w-]{1,20} ){0,2}?(?:team|teams|headcount|workforce|staff|customer base|customers|client base|clients|user base|users|employees)\b[^.!?]{0,40}?\b(?:(?:has |have |had )?(?:doubled|tripled|quadrupled|more than doubled)\b|(?:has |have |had )?(?:grown|grew)\b[^.!?]{0,12}?\b(?:from|to|by) (?:more than |over |nearly |almost )?\d)/iu,
  },
  {
    signal: 'new_leadership',
    needsOwner: true,
    pattern: new RegExp(
      `\\b(?:appoints?|appointed|names|named|welcomes?|hires|hired|promotes?|promoted)\\b[^.!?]{0,60}?\\b(?:as|to)\\b(?: (?:its|our|the))?(?: new)? ${TITLE_WORDS}\\b`,
      'i',
    ),
  },
  {
    signal: 'new_leadership',
    needsOwner: true,
    pattern: new RegExp(
      `\\b(?:has joined|joins|joined)\\b[^.!?]{0,40}?\\bas (?:our |its |the )?(?:new )?${TITLE_WORDS}\\b`,
      'i',
    ),
  },
  {
    signal: 'new_leadership',
    needsOwner: false,
    pattern: new RegExp(
      `\\b(?:promotion of|appointment of)\\b[^.!?]{2,40}?\\b(?:to|as) (?:our |its |the )?(?:new )?${TITLE_WORDS}\\b`,
      'i',
    ),
  },
  {
    signal: 'new_leadership',
    needsOwner: false,
    pattern: new RegExp(`\\b(?:our|its) new ${TITLE_WORDS}\\b`, 'i'),
  },
  {
    signal: 'product_launch',
    needsOwner: false,
    pattern:
      /\b(?:we(?:['’]re| are) (?:launching|introducing|releasing|unveiling)|we(?:['’]ve| have) (?:just )?(?:launched|released|introduced|unveiled)|today we (?:launch|launched|introduce|released?|unveil)|introducing (?:our |the )?(?:new|all-new)\b(?! (?:team|hires?|members?|colleagues?|staff|partners?|office|location|clinic|ceo|cto|cfo|head|director|manager|website|site)\b))/i,
  },
  {
    signal: 'product_launch',
    needsOwner: true,
    pattern:
      /\b(?:announces?|announced|announcing) the (?:launch|release|general availability|debut) of\b|\b(?:launches|launched|unveils|unveiled|debuts) (?:its |our |the )?(?:new|all-new|next-generation)\b/i,
  },
  {
    signal: 'expansion',
    needsOwner: false,
    pattern: new RegExp(
      `\\b(?:we(?:['’]re| are| will be|['’]ll be)|(?:is|are)) (?:now |soon )?opening (?:(?:our|a|an|its) )?(?:new |second |third |fourth |fifth |first )?(?:[\\w-]{1,20} ){0,2}?(?:${PLACES}|in)\\b`,
      'i',
    ),
  },
  {
    signal: 'expansion',
    needsOwner: false,
    pattern: /\bnow open\b[^.!?]{0,20}?\b(?:our|a) new\b/i,
  },
  {
    signal: 'expansion',
    needsOwner: false,
    pattern: new RegExp(`\\b(?:our|its) newest ${PLACES}\\b`, 'i'),
  },
  {
    signal: 'expansion',
    needsOwner: true,
    pattern: new RegExp(
      `\\b(?:opened|opens|will open|to open) (?:(?:a|our|its) )?(?:new|second|third|fourth|fifth) (?:[\\w-]{1,20} ){0,2}?${PLACES}\\b`,
      'i',
    ),
  },
  {
    signal: 'expansion',
    needsOwner: true,
    pattern: new RegExp(`\\b(?:new|second|third) ${PLACES} (?:in|at|opens|opening|coming)\\b`, 'i'),
  },
  {
    // "our new Dartmouth location opens June 2": a place name between "new" and the place.
    signal: 'expansion',
    needsOwner: true,
    pattern: new RegExp(
      `\\b(?:new|second|third) (?:[\\p{L}'’-]{2,30} ){1,2}?${PLACES} (?:opens|opening|coming)\\b`,
      'iu',
    ),
  },
  {
    signal: 'expansion',
    needsOwner: true,
    pattern:
      /\bexpand(?:s|ed|ing)? (?:into|to) (?:new (?:markets?|regions?|countries|cities|states)|international markets|(?:the )?(?:UK|US|EU|Europe|Asia|APAC|EMEA|LATAM|North America|Latin America)|[A-Z][a-z]{2,20})\b/,
  },
  {
    signal: 'expansion',
    needsOwner: false,
    pattern:
      /(?<![\p{L}])(?:neue[rn]? (?:standort|filiale|niederlassung|büro)|eröffnen (?:einen|eine|unseren|unsere) (?:neuen|neue|zweiten|zweite)|nous ouvrons|nouvea(?:u|lle) (?:bureau|agence|boutique|établissement|clinique)|abrimos (?:un|una|nuestro|nuestra)|nuev[oa] (?:local|oficina|sede|tienda|clínica|restaurante|sucursal)|nuov[ao] (?:sede|filiale|ufficio|negozio|punto vendita|showroom|stabilimento)|nov[ao] (?:loja|sede|filial|escritório|clínica|unidade)|nieuwe (?:vestiging|winkel|locatie|showroom)|nieuw kantoor)(?![\p{L}])/iu,
  },
];

/** Every rule needs one of these stems; most sentences have none and skip the rules. */
const SIGNAL_HINT =
  /hir|open|vacanc|apply|raise|rais|fund|series|seed|round|financ|invest|second|third|grow|grew|doubl|tripl|quadrupl|gewachsen|verdoppelt|appoint|name|welcom|promot|join|launch|introduc|releas|unveil|debut|announc|expan|newest|new |neue|stell|recrut|recrute|contrat|assum|zoeken|ouvr|nouve|abrimos|nuev|nuov|nov[ao] |nieuw|eröffn/i;

/** "There are no open positions right now" is the opposite of hiring. */
const NOT_HIRING =
  /\b(?:no|not|zero|currently no|aren['’]t|isn['’]t)\b[^.!?]{0,25}?\b(?:open|openings|positions|roles|vacancies|hiring|jobs)\b/i;

const OWNER_WORDS = /\b(?:we|we['’](?:re|ve|ll)|our|us|the company|the firm|the team)\b/i;
const MAX_SENTENCE = 600;

/** Sentences of a line, bounded in length so every pattern runs on short input. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const part of text.slice(0, 100_000).split(/(?<=[.!?])\s+(?=[\p{Lu}"“‘(])/u)) {
    for (let i = 0; i < part.length && out.length < 10_000; i += MAX_SENTENCE)
      out.push(part.slice(i, i + MAX_SENTENCE));
  }
  return out;
}

function namesOwner(sentence: string, ownerTokens: readonly string[], pronouns = true): boolean {
  if (pronouns && OWNER_WORDS.test(sentence)) return true;
  const lower = sentence.toLowerCase();
  return ownerTokens.some((token) => lower.includes(token));
}

/**
 * Buying signals the page states about its owner, in vocabulary order.
 * `companyName` lets "Lumenfold Health raises $18M" count while "a customer
 * raised a round" does not.
 */
export function detectSignals(texts: readonly string[], companyName: string | null): Signal[] {
  const ownerTokens = (companyName ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 4)
    .slice(0, 1);
  const found = new Set<Signal>();
  for (const text of texts) {
    for (const sentence of sentences(text)) {
      if (!SIGNAL_HINT.test(sentence)) continue;
      for (const rule of SIGNAL_RULES) {
        if (found.has(rule.signal)) continue;
        const match = rule.pattern.exec(sentence);
        if (!match || (rule.signal === 'hiring' && NOT_HIRING.test(sentence))) continue;
        if (rule.ownerPossessive && !namesOwner(match[1], ownerTokens, false)) continue;
        // The owner must be named before the verb: "the customer is hiring" is not about us.
        const upToMatch = sentence.slice(0, match.index + match[0].length);
        if (!rule.needsOwner || namesOwner(upToMatch, ownerTokens)) found.add(rule.signal);
      }
    }
  }
  return SIGNALS.filter((s) => found.has(s));
}
