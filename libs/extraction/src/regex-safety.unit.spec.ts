/**
 * Every exported regular expression and extractor must stay fast on hostile
 * input: a 50,000-character string built to provoke backtracking goes
 * through each of them and must come back within a small budget. A new
 * export without a case here fails the test, so nothing is left unchecked.
 */
import type { Document } from 'domhandler';
import * as companyName from './company-name';
import * as dom from './dom';
import * as emailObfuscation from './email-obfuscation';
import * as emails from './emails';
import * as extractPageModule from './extract-page';
import * as extractReportModule from './extract-report';
import * as htmlDecoding from './html-decoding';
import * as htmlText from './html-text';
import * as jobTitle from './job-title';
import * as legalSuffixes from './legal-suffixes';
import * as pageExtraction from './page-extraction';
import * as people from './people';
import * as personName from './person-name';
import * as phoneRegion from './phone-region';
import * as phones from './phones';
import * as bestContact from './qualification/best-contact';
import * as leadQualifier from './qualification/lead-qualifier';
import * as ruleBasedQualifier from './qualification/rule-based-qualifier';
import * as signals from './signals';
import * as socials from './socials';
import * as structuredData from './structured-data';
import * as tlds from './tlds';

/**
 * Backtracking blow-ups on 50,000 characters take seconds to hours; linear
 * work takes milliseconds. 200 ms was tripped (214 ms) by a whole-page call
 * (extraction, then qualification) on a loaded 2-core CI machine.
 */
const BUDGET_MS = 1000;
const LENGTH = 50_000;

const fill = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);
/** A deterministic jumble of the characters the patterns care about. */
function jumble(seed: number): string {
  const alphabet = "aA1 .@-_()[]{}:/+,;#$%&'’—–·|é\nxX0ZzatDOThttps";
  let state = seed;
  let out = '';
  while (out.length < LENGTH) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

const ADVERSARIAL: Record<string, string> = {
  letters: fill('a'),
  capitals: fill('A'),
  digits: fill('1'),
  ats: fill('@'),
  'local@': fill('a@'),
  dots: fill('a.'),
  'emails without tld': fill('a@b.'),
  'spaced digits': fill('1 '),
  'dashed digits': fill('1-'),
  'paren groups': fill('(1) '),
  'phone soup': fill('+1 (2) 3-4.5 '),
  'spoken at': fill('a at b dot '),
  'bracketed at': fill('[at](dot){at}'),
  'upper AT': fill('A AT B DOT '),
  'title case': fill('Aaaa Bbbb '),
  'name, title': fill('Jane Doe, Chief '),
  apostrophes: fill("O'A’-"),
  urls: fill('https://x.com/a/'),
  copyright: fill('© 2025 Aa Bb '),
  'legal suffixes': fill(' Inc Ltd, LLC'),
  sentences: fill('We are hiring. '),
  html: fill('<div><p>a'),
  'unclosed tags': fill('<a href="mailto:'),
  'jumble 1': jumble(1),
  'jumble 2': jumble(2),
};

function time(run: () => unknown): number {
  const start = performance.now();
  const result = run();
  // Generators do their work when drained.
  if (result && typeof result === 'object' && Symbol.iterator in result)
    Array.from(result as Iterable<unknown>);
  return performance.now() - start;
}

const MODULES: Record<string, Record<string, unknown>> = {
  companyName,
  dom,
  emailObfuscation,
  emails,
  extractPageModule,
  extractReportModule,
  htmlDecoding,
  htmlText,
  jobTitle,
  legalSuffixes,
  pageExtraction,
  people,
  personName,
  phoneRegion,
  phones,
  bestContact,
  leadQualifier,
  ruleBasedQualifier,
  signals,
  socials,
  structuredData,
  tlds,
};

function documentOf(text: string): Document {
  return htmlDecoding.parseHtml(text);
}
const pageOf = (text: string) => htmlText.readPage(documentOf(text));
const url = 'https://www.example-firm.com/';
const extraction = (text: string) => extractPageModule.extractPage({ html: text, url });

/** How to call each exported function with one hostile string. */
const CALLS: Record<string, (text: string) => unknown> = {
  detectCompanyName: (t) =>
    companyName.detectCompanyName({ document: documentOf(t), page: pageOf(t), jsonLd: [], url }),
  collapseWhitespace: (t) => dom.collapseWhitespace(t),
  isElement: (t) => dom.isElement(documentOf(t)),
  isTextNode: (t) => dom.isTextNode(documentOf(t)),
  elementText: (t) =>
    dom.findElements(documentOf(t), () => true, 50).map((e) => dom.elementText(e)),
  findElements: (t) => dom.findElements(documentOf(t), (e) => e.name === 'a'),
  classAndId: (t) => dom.findElements(documentOf(t), () => true, 50).map((e) => dom.classAndId(e)),
  ancestors: (t) =>
    dom.findElements(documentOf(t), () => true, 50).map((e) => [...dom.ancestors(e)]),
  hasAncestor: (t) =>
    dom.findElements(documentOf(t), () => true, 50).map((e) => dom.hasAncestor(e, () => false)),
  deobfuscateEmails: (t) => emailObfuscation.deobfuscateEmails(t),
  normalizeEmail: (t) => emails.normalizeEmail(t),
  windows: (t) => emails.windows(t),
  findEmailsInText: (t) => emails.findEmailsInText(t),
  emailsInText: (t) => emails.emailsInText(t),
  emailsFromMailto: (t) => emails.emailsFromMailto(`mailto:${t}`),
  decodeCloudflareEmail: (t) => emails.decodeCloudflareEmail(t),
  emailFromCloudflareHref: (t) =>
    emails.emailFromCloudflareHref(`/cdn-cgi/l/email-protection#${t}`),
  extractPage: (t) => extraction(t),
  extractReport: (t) => extractReportModule.extractReport({ html: t, url }),
  parseHtml: (t) => htmlDecoding.parseHtml(Buffer.from(t)),
  charsetOf: (t) => htmlDecoding.charsetOf(`text/html; charset=${t}`),
  readPage: (t) => pageOf(t),
  spacedText: (t) => pageOf(t).lines.map((line) => htmlText.spacedText(line)),
  hasTitleKeyword: (t) => jobTitle.hasTitleKeyword(t),
  isRoleTitle: (t) => jobTitle.isRoleTitle(t),
  cleanTitle: (t) => jobTitle.cleanTitle(t, { companyName: 'Acme' }),
  isTitleLike: (t) => jobTitle.isTitleLike(t, true),
  titleBeforeName: (t) => jobTitle.titleBeforeName(t),
  isDepartmentWord: (t) => jobTitle.isDepartmentWord(t),
  stripLegalSuffix: (t) => legalSuffixes.stripLegalSuffix(t),
  hasLegalSuffix: (t) => legalSuffixes.hasLegalSuffix(t),
  emptySocials: () => pageExtraction.emptySocials(),
  extractPeople: (t) =>
    people.extractPeople({
      document: documentOf(t),
      page: pageOf(t),
      jsonLd: [],
      companyName: 'Acme',
      region: 'US',
      pageEmails: [],
    }),
  emailMatchesName: (t) => people.emailMatchesName(`${t.slice(0, 60)}@acme.com`, t),
  cleanPersonName: (t) => personName.cleanPersonName(t),
  isCredential: (t) => personName.isCredential(t),
  personKey: (t) => personName.personKey(t),
  inferRegion: (t) =>
    phoneRegion.inferRegion({ lang: t, url: t, ogLocale: t, countries: [t], text: t }),
  normalizePhone: (t) => phones.normalizePhone(t, 'US'),
  findPhonesInText: (t) => phones.findPhonesInText(t, 'DE'),
  phonesFromHref: (t) => [
    phones.phonesFromHref(`tel:${t}`, 'US'),
    phones.phonesFromHref(`https://wa.me/${t}`, 'US'),
  ],
  contactsOf: (t) => bestContact.contactsOf(extraction(t)),
  bestContact: (t) => bestContact.bestContact(extraction(t)),
  qualifyPage: (t) => bestContact.qualifyPage(extraction(t)),
  statusFor: (t) => leadQualifier.statusFor(t.length),
  RuleBasedQualifier: (t) =>
    new ruleBasedQualifier.RuleBasedQualifier().qualify({
      extraction: extraction(t),
      contact: { email: `${t.slice(0, 60)}@acme.com`, phone: t, name: t, title: t, socials: [t] },
    }),
  isFreeMail: (t) => ruleBasedQualifier.isFreeMail(t),
  isRoleInbox: (t) => ruleBasedQualifier.isRoleInbox(t),
  detectSignals: (t) => signals.detectSignals([t], 'Acme'),
  sentences: (t) => signals.sentences(t),
  canonicalSocialProfile: (t) => socials.canonicalSocialProfile(t),
  canonicalSocialUrl: (t) => socials.canonicalSocialUrl(t),
  groupProfiles: (t) => socials.groupProfiles([t, `https://x.com/${t}`]),
  readJsonLd: (t) =>
    structuredData.readJsonLd([t, `{"@type":"Organization","name":${JSON.stringify(t)}}`]),
  stringsOf: (t) => structuredData.stringsOf([t, { '@value': t }]),
  jsonLdValues: (t) =>
    structuredData.jsonLdValues(
      structuredData.readJsonLd([JSON.stringify({ '@type': 'Thing', email: t })]),
      ['email'],
    ),
  firstString: (t) => structuredData.firstString(t),
  isPersonNode: (t) =>
    structuredData.readJsonLd([`{"@type":${JSON.stringify(t)}}`]).map(structuredData.isPersonNode),
  isOrganizationNode: (t) =>
    structuredData
      .readJsonLd([`{"@type":${JSON.stringify(t)}}`])
      .map(structuredData.isOrganizationNode),
  isOrganizationType: (t) => structuredData.isOrganizationType(t),
  isWebSiteNode: (t) =>
    structuredData.readJsonLd([`{"@type":${JSON.stringify(t)}}`]).map(structuredData.isWebSiteNode),
  isKnownTld: (t) => tlds.isKnownTld(t),
};

/** Every RegExp exported by a module, including those inside exported rule tables. */
function exportedPatterns(): [string, RegExp][] {
  const out: [string, RegExp][] = [];
  for (const [moduleName, exports] of Object.entries(MODULES)) {
    for (const [name, value] of Object.entries(exports)) {
      if (value instanceof RegExp) out.push([`${moduleName}.${name}`, value]);
      if (Array.isArray(value))
        value.forEach((item, i) => {
          if (
            item &&
            typeof item === 'object' &&
            'pattern' in item &&
            item.pattern instanceof RegExp
          )
            out.push([`${moduleName}.${name}[${i}]`, item.pattern]);
        });
    }
  }
  return out;
}

function exportedFunctions(): string[] {
  return Object.values(MODULES).flatMap((exports) =>
    Object.entries(exports)
      .filter(([, value]) => typeof value === 'function' && !(value instanceof RegExp))
      .map(([name]) => name),
  );
}

describe('bounded patterns and extractors', () => {
  it('has a hostile-input case for every exported function', () => {
    expect(exportedFunctions().filter((name) => !(name in CALLS))).toEqual([]);
  });

  const patterns = exportedPatterns();
  it('finds the exported patterns', () => {
    expect(patterns.length).toBeGreaterThan(30);
  });

  it.each(patterns)('%s stays under the budget', (_name, pattern) => {
    for (const [input, text] of Object.entries(ADVERSARIAL)) {
      const elapsed = time(() => {
        const re = new RegExp(
          pattern.source,
          pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
        );
        let count = 0;
        for (let m = re.exec(text); m && count < LENGTH; m = re.exec(text)) {
          if (m[0] === '') re.lastIndex++;
          count++;
        }
      });
      expect({ input, elapsed: elapsed < BUDGET_MS ? 'ok' : elapsed }).toEqual({
        input,
        elapsed: 'ok',
      });
    }
  });

  it.each(Object.keys(CALLS))('%s stays under the budget', (name) => {
    for (const [input, text] of Object.entries(ADVERSARIAL)) {
      const elapsed = time(() => CALLS[name](text));
      expect({ input, elapsed: elapsed < BUDGET_MS ? 'ok' : elapsed }).toEqual({
        input,
        elapsed: 'ok',
      });
    }
  });
});
