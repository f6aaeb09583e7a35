import { TITLE_KEYWORD, isDepartmentWord } from './job-title';

/**
 * People's names as labelled: without forms of address (Dr., Me, Chef) and
 * without credentials (DDS, PhD, RIBA, P.Eng.).
 */

export const HONORIFIC =
  /^(?:(?:dr|mr|mrs|ms|mx|miss|prof|professor|sir|dame|lord|lady|rev|reverend|fr|hon|judge|me|maître|maitre|chef|herr|frau|mme|mlle|sra|srta|dott|dott\.ssa|ing|mag|dipl\.-ing|univ\.-prof)\.?|(?:dra|sr|lic|licda|arq|arch|avv|geom|rag|eng|c\.p|c\.p\.c|ddr|mmag)\.)\s+/i;
/**
 * Professional prefixes written in capitals: "DI" (Diplom-Ingenieur),
 * "DDr." — matched case-sensitively, as "Di" also starts names.
 */
export const CAPITAL_PREFIX = /^(?:DI|DDI|DDr\.)\s+/;
/** Credentials written after a name: "DDS", "PT, DPT", "P.Eng.", "PhD", "RIBA", "Jr.". */
const KNOWN_CREDENTIALS = new Set([
  'phd',
  'ph.d',
  'ph.d.',
  'md',
  'do',
  'dds',
  'dmd',
  'mba',
  'cpa',
  'cfa',
  'pe',
  'p.e.',
  'peng',
  'p.eng',
  'p.eng.',
  'riba',
  'rn',
  'np',
  'pt',
  'dpt',
  'ot',
  'dc',
  'jd',
  'llb',
  'llm',
  'esq',
  'esq.',
  'qc',
  'kc',
  'fca',
  'aca',
  'acca',
  'ca',
  'cta',
  'frics',
  'mrics',
  'ceng',
  'miet',
  'bsc',
  'msc',
  'ba',
  'ma',
  'meng',
  'dphil',
  'edd',
  'rd',
  'lpc',
  'lcsw',
  'psyd',
  'facs',
  'frcs',
  'mrcp',
  'frcp',
  'mbbs',
  'bds',
  'dvm',
  'cfp',
  'pmp',
  'cissp',
  'jr',
  'jr.',
  'sr',
  'sr.',
  'ii',
  'iii',
  'iv',
  'mbe',
  'obe',
  'cbe',
  'frsa',
  'aia',
  'leed ap',
  'pa-c',
  'ms',
  'ms.',
  'bds',
  'dipl.',
  'ing',
  'ing.',
  'eng',
  'eng.',
  'arch',
  'arch.',
  'avv.',
  'dott.',
  'crha',
  'adm.a.',
  'notaire',
  'cpa auditor',
]);
/** Dotted abbreviations after a comma: "ing.", "M.Sc.", "LL.B.". */
const DOTTED_CREDENTIAL = /^(?:[A-Za-z]{1,4}\.){1,4}$/;
export const CREDENTIAL = /^(?:[A-Z][A-Za-z]{0,3}\.?){1,4}(?:-[A-Z]{1,2})?$/;
/** One name token: capitalised, letters with inner hyphens or apostrophes ("O’Dwyer", "Lindgren-Bauer"). */
export const NAME_TOKEN = /^\p{Lu}[\p{Ll}\p{Lu}'’-]{0,24}$/u;
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'des',
  'la',
  'le',
  'bin',
  'ibn',
  'al',
  'el',
  'ter',
  'ten',
  'zu',
  'y',
  'dos',
  'das',
  // Irish patronymics: "Seán Ó Ceallaigh", "Áine Ní Bhriain".
  'ó',
  'ní',
  'nic',
  'uí',
]);

/** Capitalised words that start or fill non-name phrases (headings, addresses, buttons). */
const NOT_NAME_WORDS = new Set(
  (
    'the our your my his her their we you it this that these those a an and or of for with from by to in on at as ' +
    'meet contact about team office email e-mail phone call tel fax mobile share follow privacy terms cookie cookies ' +
    'settings login sign home blog news press media support customer customers service services product products ' +
    'pricing careers jobs job shop store cart search menu skip content main page site web online digital global ' +
    'international national local community events event summit conference week year season spring summer ' +
    'autumn fall winter chapter part step section table figure results overview introduction conclusion summary ' +
    'benefits features reviews review testimonials questions answers faq hours location locations directions parking ' +
    'visit welcome hello hi thank thanks dear happy top why how what when where who which all any every each ' +
    'click here view see watch download subscribe join apply register start try buy order add sale offer deal gift ' +
    'card account profile dashboard monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat ' +
    'january february march september october november december feb mar apr jun ' +
    'jul aug sep sept oct nov dec street st avenue ave road rd boulevard blvd drive suite floor unit building ' +
    ' united states kingdom new old free open closed more less learn get book now next ' +
    'previous back up down left right first last latest recent popular featured related other more said says ' +
    'according photo credit written posted published updated ask dial mr mrs ms dr prof sir chapter room ' +
    ' centre center square plaza ' +
    'city county state province region district village town port harbour harbor pier market clinic hospital ' +
    'school university college institute academy library museum studio lab labs inc llc ltd llp ' +
    'gmbh corp co company group holdings systems software technologies solutions ventures capital partners health ' +
    'bank foundation association agency consulting analytics legal dental solar marine electronics freight outdoor ' +
    'security works coffee roasters lettings insights communications sales marketing engineering operations finance ' +
    'strategy design research development technology data people talent success growth brand product management ' +
    'general managing senior junior chief head principal associate vice president director manager partner ' +
    'founder owner officer executive assistant coordinator specialist consultant engineer developer designer ' +
    'analyst advisor counsel ceo cto cfo coo cmo cro vp svp evp hr it ai api faq usa uk eu ' +
    'monthly annual annually weekly daily hourly total plan plans enterprise business team teams ' +
    'free trial demo quote quotes estimate request submit send message subject name full work ' +
    'appoints appointed names named welcomes welcome hires hired promotes promoted announces announced joins joined ' +
    'raises raised launches launched introduces introducing says adds yesterday today tomorrow recently also then ' +
    'later earlier previously currently please finally meanwhile however additionally congratulations ' +
    'logistics technologies tech industries associates studios networks realty properties homes construction ' +
    'builders manufacturing foods brewing brewery bakery cafe restaurant hotel transport motors auto electric ' +
    'energy insurance financial wealth advisors accountants architects creative productions records publishing ' +
    'books magazine times journal plumbing heating roofing landscaping cleaning pharmacy veterinary kitchen ' +
    // The same page furniture in German, French, Spanish, Portuguese, Italian and Dutch: possessives that start
    // headings ("Ihre Ansprechpersonen", "Notre équipe"), section names ("Chi siamo") and "according to".
    'ihr ihre unser unsere euer eure notre nos votre vos nuestro nuestra nuestros nuestras vuestro vuestra ' +
    'nosso nossa nossos nossas il nostro nostra nostri nostre vostro vostra onze uw jouw ' +
    'kontakt impressum leistungen stellen stellenangebote karriere ansprechpartner ansprechpartnerin ' +
    'ansprechpersonen öffnungszeiten anfahrt aktuelles referenzen datenschutz über ' +
    'équipe contactez accueil carrières actualités mentions horaires tarifs ' +
    'equipo equipa equipe contacto contactos contatos contatti servicios serviços servizi inicio empleo ' +
    'noticias notícias notizie quiénes somos siamo lavora orari horario horário ' +
    'diensten vacatures nieuws openingstijden medewerkers ' +
    'según selon laut volgens'
  ).split(' '),
);

function stripCredentials(tokens: string[]): string[] {
  const out = [...tokens];
  while (out.length > 2 && isCredential(out[out.length - 1].replace(/,$/, ''))) out.pop();
  return out;
}

/**
 * The person's name without honorifics and credentials, or null when the
 * text does not read as a personal name (2–4 capitalised words, no
 * headings, addresses, titles or business words).
 */
export function cleanPersonName(raw: string, companyName?: string | null): string | null {
  // Cheap rejections first: this runs on every line of a page.
  if (raw.length > 120 || !/^\s*\p{Lu}/u.test(raw)) return null;
  let text = raw
    .replace(/\s+/g, ' ')
    .trim()
    // Pronouns and icon labels ride along with names: "Jane Doe (she/her)", "Jane Doe LinkedIn".
    .replace(/\s?\([^()]{1,20}\)$/, '')
    .replace(
      /(?:\s(?:LinkedIn|Twitter|X|Facebook|Instagram|YouTube|GitHub|Email|E-mail|Bio|Profile|vCard))+$/i,
      '',
    );
  for (let i = 0; i < 3; i++) text = text.replace(HONORIFIC, '').replace(CAPITAL_PREFIX, '');
  // "Marcus Delgado, DDS", "Karina Holt, PT, DPT"
  const [head, ...credentials] = text.split(/\s?,\s?/);
  if (credentials.some((c) => !isCredential(c))) return null;
  let tokens = head.split(' ').filter(Boolean);
  tokens = stripCredentials(tokens);
  if (tokens.length < 2 || tokens.length > 5) return null;
  let main = 0;
  // "Real Estate", "Tax Advisory": practice areas, not people.
  let departments = 0;
  for (const [i, token] of tokens.entries()) {
    const lower = token.toLowerCase();
    if (PARTICLES.has(lower) && i > 0 && i < tokens.length - 1) continue;
    // A middle initial: "J. Robert Oppenheimer" keeps it, a trailing one ("Karen W.") does not make a name.
    if (/^\p{Lu}\.$/u.test(token) && i < tokens.length - 1) continue;
    if (!NAME_TOKEN.test(token) || !/\p{Ll}/u.test(token) || token.length < 2) return null;
    if (NOT_NAME_WORDS.has(lower) || TITLE_KEYWORD.test(token)) return null;
    if (isDepartmentWord(lower)) departments++;
    main++;
  }
  if (main < 2 || main > 4 || departments === main) return null;
  const name = tokens.join(' ');
  if (companyName && name.toLowerCase() === companyName.toLowerCase()) return null;
  return name;
}

/** "DDS", "PhD", "P.Eng.", "CEng", "RIBA": mostly capitals, short — unlike "McKay" or "DeShawn". */
export function isCredential(text: string): boolean {
  const token = text.trim();
  if (!token || token.length > 10) return false;
  if (
    KNOWN_CREDENTIALS.has(token.toLowerCase()) ||
    (DOTTED_CREDENTIAL.test(token) && !/^(?:st|mt|ft)\.$/i.test(token))
  )
    return true;
  // "CEO" and "VP" are titles, not letters after a name.
  if (!CREDENTIAL.test(token) || TITLE_KEYWORD.test(token)) return false;
  const letters = token.replace(/[^A-Za-z]/g, '');
  const capitals = letters.replace(/[^A-Z]/g, '').length;
  return capitals >= 2 && capitals * 2 >= letters.length;
}

/** A key that matches the same person across sources: case, accents and punctuation ignored. */
export function personKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .trim();
}
