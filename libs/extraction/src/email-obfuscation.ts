/**
 * Undoes the ways people disguise addresses in text, without turning prose
 * into addresses: `[at]`/`(at)`/`{at}`/`(arobase)`/`[arroba]`, `[dot]`
 * forms, uppercase ` AT `/` DOT `, and the fully spoken
 * `name at example dot com`. A lowercase ` at ` followed by a real dotted
 * domain ("available now at example.com") is prose and stays as it is.
 */

/** `[at]`, `(at)`, `{at}`, `<at>`, `[@]`, `(arobase)`, `[arroba]`, `(chez)`, `(ät)`. */
export const BRACKETED_AT =
  /\s{0,3}[[({<]\s{0,3}(?:at|@|arobase|arroba|chez|ät)\s{0,3}[\])}>]\s{0,3}/gi;
/** `[dot]`, `(dot)`, `{dot}`, `[.]`, `(punto)`, `(point)`, `(punkt)`. */
export const BRACKETED_DOT =
  /\s{0,3}[[({<]\s{0,3}(?:dot|\.|punto|point|punkt|ponto)\s{0,3}[\])}>]\s{0,3}/gi;
/** Uppercase words are a deliberate disguise, lowercase ones may be prose. */
export const UPPER_AT = /([\w.%+-]) {1,3}AT {1,3}(?=[\w])/g;
export const UPPER_DOT = /(\w) {1,3}DOT {1,3}(?=\w)/g;
export const SPACED_AT = /([\w.%+-]) {1,2}[@＠] {1,2}(?=\w)/g;
/**
 * `admin at example dot co dot uk`: every part lowercase, the domain spoken
 * with ` dot `, and not a spoken URL (`… dot com slash speakers`).
 */
export const SPOKEN_ADDRESS =
  /(?<![\w.%+-])([a-z0-9][a-z0-9._%+-]{0,63}) at ([a-z0-9][a-z0-9-]{0,62}(?: dot [a-z0-9][a-z0-9-]{0,62}){1,4})\b(?! ?(?:slash|\/))/g;

/** Words that precede a spoken " at " in prose: "write to us at …", "now at …". */
const PROSE_WORDS = new Set([
  'us',
  'me',
  'him',
  'her',
  'them',
  'you',
  'we',
  'it',
  'is',
  'are',
  'was',
  'be',
  'online',
  'now',
  'more',
  'here',
  'there',
  'available',
  'listed',
  'meet',
  'see',
  'find',
  'visit',
  'look',
  'speaking',
  'live',
  'located',
  'based',
  'arrive',
  'arrived',
  'stop',
  'shop',
  'buy',
  'order',
  'apply',
  'book',
  'register',
  'sign',
  'join',
  'open',
  'opens',
  'starts',
  'held',
  'and',
  'or',
  'the',
  'a',
  'an',
  'of',
  'to',
  'in',
  'on',
  'info',
  'details',
]);

export function deobfuscateEmails(text: string): string {
  let out = text.replace(/＠/g, '@');
  if (/[[({<]/.test(out)) out = out.replace(BRACKETED_AT, '@').replace(BRACKETED_DOT, '.');
  if (out.includes(' AT ')) out = out.replace(UPPER_AT, '$1@');
  if (out.includes(' DOT ')) out = out.replace(UPPER_DOT, '$1.');
  if (out.includes(' @') || out.includes('@ ')) out = out.replace(SPACED_AT, '$1@');
  if (out.includes(' dot ')) {
    out = out.replace(SPOKEN_ADDRESS, (whole, local: string, domain: string) =>
      PROSE_WORDS.has(local) ? whole : `${local}@${domain.replace(/ dot /g, '.')}`,
    );
  }
  return out;
}
