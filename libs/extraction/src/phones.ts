import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { windows } from './emails';

/**
 * A phone-shaped run in text: optional `+`/`00`, then 7–19 digits or
 * `(0xx)` groups with at most two separators between them, and an optional
 * extension that is dropped. Not preceded by a word, `#`, currency, `/`, `.`
 * or `-` (ids like `OLL-2024-0187`), not followed by a word.
 */
export const PHONE_CANDIDATE =
  /(?<![\w#/@$£€¥%.,+-])(?:(?:\+|00) ?)?(?:\( ?\d{1,5} ?\)|\d)(?:[ ./\u00a0\u2010-\u2013\u2212-]{0,3}(?:\( ?\d{1,5} ?\)|\d)){6,18}(?:,? ?(?:ext\.?|extension|x|poste|Durchwahl|DW|#) ?\d{1,6})?(?![\w%])/gi;
/** A label right before the number that says it is a phone. */
export const PHONE_LABEL =
  /(?:\b(?:tel|tél|tele(?:phone|fon|fono)?|téléphone|phone|ph|fon|mobile|mob|mobil|cell|call|text|sms|fax|hotline|direct(?: dial| line)?|dial|whatsapp|office|main|line|toll[- ]free|support|sales|enquiries|reception)(?:\.|\s(?:no|nr|number|num|line)\.?)?|\b[TPMFD]|☎|📞)[^\w\n]{0,6}$/i;
/** Labels that introduce numbers that are not phones: registrations, tax ids, bank and order numbers. */
export const ID_LABEL =
  /\b(?:iban|bic|swift|vat|ust(?:-?idnr)?|uid|tva|iva|mwst|steuer\w{0,20}|hrb|hra|handelsregister|reg(?:istered|istration|ister)?|registernummer|company|companies|abn|acn|ein|siret|siren|rcs|kvk|tax|licen[cs]e|permit|req(?:uest)?|order|invoice|sku|part|model|item|ref(?:erence)?|id|no|nr|number|cmp|membership|member|ean|upc|isbn|gtin|serial|account|acct|routing|sort ?code|post ?code|zip|plz|ticket|case|file|patent|version|ver|crn|gst|pan|cin|nif|nie|cif|bsn|ssn|policy|claim|tracking)\b\.?[^\w\n]{0,5}$/i;
const DATE_LIKE =
  /^(?:\d{1,2}[./\- ]\d{1,2}[./\- ](?:19|20)?\d{2}|(?:19|20)\d{2}[./\- ]\d{1,2}[./\- ]\d{1,2})$/;
const YEAR_RANGE = /^(?:19|20)\d{2}\D{1,3}(?:19|20)\d{2}$/;
const EXTENSION = /,? ?(?:ext\.?|extension|x|poste|Durchwahl|DW|#) ?\d{1,6}$/i;

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Obvious placeholders: `(555) 000-0000`, `123-456-7890`, one repeated digit. */
function isPlaceholderNumber(national: string): boolean {
  return (
    /^(\d)\1+$/.test(national) ||
    /0{6,}/.test(national) ||
    national.endsWith('1234567890') ||
    national.endsWith('5551234') ||
    national.endsWith('4567890')
  );
}

interface ValidNumber {
  readonly e164: string;
  /** The digits of the number as its country writes it nationally, trunk prefix included. */
  readonly nationalDigits: string;
  readonly callingCode: string;
}

/**
 * libphonenumber-js compiles patterns on every call, and pages repeat their
 * numbers (header, footer, cards): answers are remembered, a bounded number.
 */
const parsed = new Map<string, ValidNumber | null>();
const MAX_REMEMBERED = 5_000;

function parseValid(raw: string, region: CountryCode | undefined): ValidNumber | null {
  if (raw.length > 100) return null;
  let text = raw.trim().replace(EXTENSION, '');
  text = text.replace(/^00(?=[1-9])/, '+').replace(/^(\+\d{1,3})[ .-]?\(0\)/, '$1 ');
  const key = `${region ?? ''}|${text}`;
  const known = parsed.get(key);
  if (known !== undefined) return known;
  const phone = parsePhoneNumberFromString(text, region);
  const result =
    phone?.isValid() && !isPlaceholderNumber(phone.nationalNumber)
      ? {
          e164: phone.number,
          nationalDigits: digitsOf(phone.formatNational()),
          callingCode: phone.countryCallingCode,
        }
      : null;
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  parsed.set(key, result);
  return result;
}

/**
 * E.164 form of a number, or null when libphonenumber-js (full metadata)
 * does not consider it valid. `region` reads national formats; a leading
 * `00` is the international prefix; a `(0)` trunk after the country code is
 * dropped; extensions are dropped.
 */
export function normalizePhone(raw: string, region?: CountryCode): string | null {
  return parseValid(raw, region)?.e164 ?? null;
}

/**
 * A number written in a page's national format must be spelled exactly as
 * the country writes it (trunk prefix included): `214587` is not a Berlin
 * number even though libphonenumber-js would accept it.
 */
function isNationalSpelling(candidate: string, number: ValidNumber): boolean {
  const digits = digitsOf(candidate);
  return (
    digits === number.nationalDigits ||
    (number.callingCode === '1' && digits === `1${number.nationalDigits}`)
  );
}

/** Phone numbers written in text, E.164, in order of appearance. */
export function findPhonesInText(text: string, region: CountryCode): string[] {
  const found: string[] = [];
  for (const window of windows(text, 4_096, 64)) {
    PHONE_CANDIDATE.lastIndex = 0;
    for (let match = PHONE_CANDIDATE.exec(window); match; match = PHONE_CANDIDATE.exec(window)) {
      const candidate = match[0].replace(EXTENSION, '').trim();
      const digits = digitsOf(candidate);
      if (digits.length < 7 || digits.length > 15) continue;
      if (DATE_LIKE.test(candidate) || YEAR_RANGE.test(candidate)) continue;
      const before = window.slice(Math.max(0, match.index - 32), match.index);
      // "DE 318 442 907", "GB 284 5521 93": a country prefix makes it a VAT number.
      if (/\b[A-Z]{2} ?$/.test(before) && !PHONE_LABEL.test(before)) continue;
      if (ID_LABEL.test(before) && !PHONE_LABEL.test(before)) continue;
      const international = /^(?:\+|00)/.test(candidate);
      // A bare run of digits is an id unless a label says it is a phone.
      if (!international && /^\d+$/.test(candidate) && !PHONE_LABEL.test(before)) continue;
      const number = parseValid(candidate, region);
      if (!number) continue;
      if (!international && !isNationalSpelling(candidate, number)) continue;
      found.push(number.e164);
    }
  }
  return found;
}

/** Numbers behind `tel:`, `sms:`, `callto:` and WhatsApp links (`wa.me/…`, `api.whatsapp.com/send?phone=…`). */
export function phonesFromHref(href: string, region: CountryCode): string[] {
  const trimmed = href.trim().slice(0, 500);
  let raw: string | null = null;
  const scheme = /^(?:tel|sms|callto|facetime):\/{0,2}([^?]*)/i.exec(trimmed);
  if (scheme) {
    raw = safeDecode(scheme[1]).split(/[;,]/)[0];
  } else {
    const whatsapp =
      /^(?:https?:)?\/\/(?:www\.)?wa\.me\/\+?(\d{6,15})/i.exec(trimmed) ??
      /^(?:(?:https?:)?\/\/(?:api|web)\.whatsapp\.com\/send\/?|whatsapp:\/\/send\/?)\?(?:[^#]*&)?phone=\+?(\d{6,15})/i.exec(
        trimmed,
      );
    if (whatsapp) raw = `+${whatsapp[1]}`;
  }
  if (!raw) return [];
  const e164 = normalizePhone(raw, region);
  return e164 ? [e164] : [];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
