import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from 'libphonenumber-js/max';

/** Country-code TLDs that are sold as generic names (`.io`, `.co`, `.ai`…) say nothing about a region. */
const GENERIC_CCTLDS = new Set([
  'io',
  'co',
  'ai',
  'me',
  'tv',
  'fm',
  'ly',
  'so',
  'to',
  'cc',
  'ws',
  'gg',
  'la',
  'sh',
  'ac',
  'am',
  'im',
  'vc',
  'gl',
  'st',
  'nu',
  'tk',
  'ms',
  'cx',
  'ag',
  'bz',
  'sc',
  'mu',
  'fo',
]);

const COUNTRY_NAMES: readonly [RegExp, CountryCode][] = [
  [/\b(?:United States(?: of America)?|U\.S\.A?\.|USA)\b/, 'US'],
  [/\b(?:United Kingdom|England|Scotland|Wales|Great Britain)\b/, 'GB'],
  [/\b(?:Deutschland|Germany)\b/, 'DE'],
  [/\b(?:Österreich|Austria)\b/, 'AT'],
  [/\b(?:Schweiz|Suisse|Switzerland)\b/, 'CH'],
  [/\bFrance\b/, 'FR'],
  [/\b(?:Australia)\b/, 'AU'],
  [/\bNew Zealand\b/, 'NZ'],
  [/\bCanada\b/, 'CA'],
  [/\bIreland\b/, 'IE'],
  [/\b(?:Nederland|Netherlands)\b/, 'NL'],
  [/\b(?:España|Spain)\b/, 'ES'],
  [/\b(?:Italia|Italy)\b/, 'IT'],
  [/\b(?:India)\b/, 'IN'],
  [/\bSingapore\b/, 'SG'],
];

/** Address shapes: `CA 94104` (US state + ZIP), `EC1V 7EJ` (UK), `V6Z 2H2` (Canada), `NSW 2204` (Australia). */
export const US_STATE_ZIP =
  /\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]),? \d{5}(?:-\d{4})?\b/g;
export const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b/g;
export const CA_POSTCODE =
  /\b(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT),? [A-Z]\d[A-Z] ?\d[A-Z]\d\b/g;
export const AU_STATE_POSTCODE = /\b(?:NSW|VIC|QLD|ACT|TAS|SA|WA|NT) \d{4}\b/g;

export interface RegionHints {
  readonly lang: string | null;
  readonly url: string;
  readonly ogLocale?: string;
  /** Countries named in structured data (`addressCountry`). */
  readonly countries?: readonly string[];
  /** Visible text, to look for addresses. */
  readonly text?: string;
}

function supported(code: string | undefined): CountryCode | undefined {
  const upper = code?.toUpperCase();
  if (!upper) return undefined;
  const mapped = upper === 'UK' ? 'GB' : upper;
  return isSupportedCountry(mapped) ? mapped : undefined;
}

function tldRegion(url: string): CountryCode | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const tld = host.split('.').pop() ?? '';
  if (tld.length !== 2 || GENERIC_CCTLDS.has(tld)) return undefined;
  return supported(tld);
}

function addressRegion(text: string): CountryCode | undefined {
  const sample = text.length > 200_000 ? text.slice(0, 100_000) + text.slice(-100_000) : text;
  const votes = new Map<CountryCode, number>();
  const vote = (code: CountryCode, n: number) => n && votes.set(code, (votes.get(code) ?? 0) + n);
  vote('US', sample.match(US_STATE_ZIP)?.length ?? 0);
  vote('GB', sample.match(UK_POSTCODE)?.length ?? 0);
  vote('CA', (sample.match(CA_POSTCODE)?.length ?? 0) * 2);
  vote('AU', sample.match(AU_STATE_POSTCODE)?.length ?? 0);
  for (const [pattern, code] of COUNTRY_NAMES) if (pattern.test(sample)) vote(code, 1);
  let best: CountryCode | undefined;
  for (const [code, n] of votes) if (!best || n > (votes.get(best) ?? 0)) best = code;
  return best;
}

/** Primary language subtags that imply one country when no region is given. */
const LANGUAGE_COUNTRY: Record<string, CountryCode> = {
  de: 'DE',
  fr: 'FR',
  it: 'IT',
  es: 'ES',
  nl: 'NL',
  pt: 'PT',
  pl: 'PL',
  sv: 'SE',
  da: 'DK',
  nb: 'NO',
  no: 'NO',
  fi: 'FI',
  cs: 'CZ',
  ja: 'JP',
  ko: 'KR',
  el: 'GR',
  hu: 'HU',
  ro: 'RO',
  tr: 'TR',
  he: 'IL',
  uk: 'UA',
  et: 'EE',
  lv: 'LV',
  lt: 'LT',
  sk: 'SK',
  sl: 'SI',
  hr: 'HR',
};

/**
 * The region national-format numbers are read in: the URL's country TLD,
 * then `<html lang="en-GB">`, structured-data countries, postal addresses on
 * the page, the bare language, `og:locale`, and the US when nothing says.
 */
export function inferRegion(hints: RegionHints): CountryCode {
  const [language, region] = (hints.lang ?? '').toLowerCase().split(/[-_]/);
  return (
    tldRegion(hints.url) ??
    supported(region) ??
    hints.countries?.map((c) => supported(c)).find(Boolean) ??
    (hints.text ? addressRegion(hints.text) : undefined) ??
    (language ? LANGUAGE_COUNTRY[language] : undefined) ??
    supported(hints.ogLocale?.split(/[-_]/)[1]) ??
    'US'
  );
}
