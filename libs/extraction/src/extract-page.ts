import type { CountryCode } from 'libphonenumber-js/max';
import { detectCompanyName } from './company-name';
import {
  decodeCloudflareEmail,
  emailFromCloudflareHref,
  emailsFromMailto,
  emailsInText,
  normalizeEmail,
} from './emails';
import { parseHtml } from './html-decoding';
import type { PageText } from './html-text';
import { readPage, spacedText } from './html-text';
import type { ExtractPageInput, PageExtraction } from './page-extraction';
import { extractPeople } from './people';
import { inferRegion } from './phone-region';
import { findPhonesInText, normalizePhone, phonesFromHref } from './phones';
import { detectSignals } from './signals';
import { groupProfiles } from './socials';
import type { JsonLdNode } from './structured-data';
import { jsonLdValues, readJsonLd } from './structured-data';

const unique = (values: Iterable<string>) => [...new Set(values)];

/** Addresses a visitor can read or click, plus schema.org data; never comments, scripts or form placeholders. */
function collectEmails(page: PageText, jsonLd: readonly JsonLdNode[]): string[] {
  const emails: string[] = [];
  for (const line of page.lines) emails.push(...emailsInText(spacedText(line)));
  for (const link of page.links) {
    emails.push(...emailsFromMailto(link.href));
    const protectedEmail = emailFromCloudflareHref(link.href);
    if (protectedEmail) emails.push(protectedEmail);
  }
  for (const hex of page.cfEmailHex) {
    const decoded = decodeCloudflareEmail(hex);
    if (decoded) emails.push(decoded);
  }
  const structured = [
    ...jsonLdValues(jsonLd, ['email']),
    ...page.microdata.filter((p) => p.name === 'email').map((p) => p.value),
  ];
  for (const value of structured) {
    const email = normalizeEmail(value);
    if (email) emails.push(email);
  }
  return unique(emails);
}

function collectPhones(
  page: PageText,
  jsonLd: readonly JsonLdNode[],
  region: CountryCode,
): string[] {
  const phones: string[] = [];
  for (const link of page.links) phones.push(...phonesFromHref(link.href, region));
  for (const line of page.lines) phones.push(...findPhonesInText(spacedText(line), region));
  const structured = [
    ...jsonLdValues(jsonLd, ['telephone', 'faxNumber']),
    ...page.microdata
      .filter((p) => p.name === 'telephone' || p.name === 'faxnumber')
      .map((p) => p.value),
  ];
  for (const value of structured) {
    const phone = normalizePhone(value.replace(/^tel:/i, ''), region);
    if (phone) phones.push(phone);
  }
  return unique(phones);
}

/**
 * Contacts, social profiles, people, company name and buying signals of one
 * page. Pure: the HTML in, the extraction out.
 */
export function extractPage(input: ExtractPageInput): PageExtraction {
  const document = parseHtml(input.html, input.contentType);
  const page = readPage(document);
  const jsonLd = readJsonLd(page.jsonLd);
  const region = inferRegion({
    lang: page.lang,
    url: input.url,
    ogLocale: page.metas.get('og:locale'),
    countries: [
      ...jsonLdValues(jsonLd, ['addressCountry']),
      ...page.microdata.filter((p) => p.name === 'addresscountry').map((p) => p.value),
    ],
    text: page.lines.map((l) => l.text).join('\n'),
  });

  const emails = collectEmails(page, jsonLd);
  const phones = collectPhones(page, jsonLd, region);
  const socials = groupProfiles([
    ...page.links.map((l) => l.href),
    ...page.relMe,
    ...jsonLdValues(jsonLd, ['sameAs']),
    ...page.microdata.filter((p) => p.name === 'sameas').map((p) => p.value),
  ]);
  const companyName = detectCompanyName({ document, page, jsonLd, url: input.url });
  const people = extractPeople({ document, page, jsonLd, companyName, region, pageEmails: emails });
  // Menus and link labels ("Careers", "Open positions") point somewhere; they state nothing.
  const linkLabels = new Set(page.links.map((l) => l.text));
  const statements = page.lines
    .filter((l) => !l.inNav && !(linkLabels.has(l.text) && !/\bhiring\b/i.test(l.text)))
    .map((l) => l.text);
  const signals = detectSignals([page.title, ...statements], companyName);
  return { companyName, emails, phones, socials, people, signals };
}
