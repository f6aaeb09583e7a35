import { extractPage } from './extract-page';
import { stripLegalSuffix } from './legal-suffixes';

const companyOf = (html: string, url = 'https://www.acme-widgets.com/contact') =>
  extractPage({ html, url }).companyName;

describe('company name', () => {
  it.each([
    [
      'JSON-LD Organization beats a shorter logo text',
      '<html><head><title>Highlands | Copperleaf Dental Group</title><script type="application/ld+json">{"@type":"Dentist","name":"Copperleaf Dental Group"}</script></head><body><a href="/"><img alt="Copperleaf Dental"></a><footer>© 2025 Copperleaf Dental. Made in Webflow.</footer></body></html>',
      'Copperleaf Dental Group',
    ],
    [
      'the © holder extends the brand and loses its legal form',
      '<html><head><title>News — Cobaltridge</title><meta property="og:site_name" content="Cobaltridge"></head><body><header><a href="/"><span>Cobaltridge</span></a></header><footer><p class="font-semibold">Cobaltridge Security</p><p>&copy; 2025 Cobaltridge Security, Inc.</p></footer></body></html>',
      'Cobaltridge Security',
    ],
    [
      'a different legal entity does not beat the trading name',
      '<html><head><title>Halcyon Revenue Summit 2025 · San Francisco</title><meta property="og:site_name" content="Halcyon Summit"></head><body><header><a href="/">Halcyon Summit</a></header><footer><p class="font-semibold">Halcyon Summit</p><p>&copy; 2025 Halcyon Events LLC</p></footer></body></html>',
      'Halcyon Summit',
    ],
    [
      'legal-form mention in text',
      '<html><head><title>Contact us | Marlowe &amp; Finch Chartered Accountants, Bristol</title></head><body><div id="top"><a class="logo" href="/">Marlowe &amp; Finch</a></div><div id="bottom"><p>Marlowe &amp; Finch LLP · Chartered Accountants</p></div></body></html>',
      'Marlowe & Finch',
    ],
    [
      'title suffix like "Blog" dropped',
      '<html><head><title>7 churn signals | Ashgrove Blog</title></head><body><a href="/" class="brand"><img alt="Ashgrove"></a><footer><div class="footer-legal">&copy; 2025 Ashgrove. Made in Webflow.</div></footer></body></html>',
      'Ashgrove',
    ],
    [
      '"&" and "and" are the same name',
      '<html><head><title>Home - Thistle &amp; Thyme Catering</title></head><body><div class="top"><a href="index.html"><img alt="Thistle and Thyme logo"></a></div><div class="footer">Thistle &amp; Thyme Catering Ltd, 12 Rose Street, Edinburgh EH2 2PR</div></body></html>',
      'Thistle & Thyme Catering',
    ],
    [
      'German GmbH',
      '<html><head><title>Impressum – Kestrelpoint Software GmbH</title></head><body><a class="logo" href="/">Kestrelpoint</a><p>&copy; 2025 Kestrelpoint Software GmbH · Impressum</p></body></html>',
      'Kestrelpoint Software',
    ],
    ['nothing to go on', '<html><body><p>hello</p></body></html>', null],
  ])('%s', (_case, html, expected) => {
    expect(companyOf(html)).toBe(expected);
  });

  it.each([
    ['Brightmoor Analytics, Inc..', 'Brightmoor Analytics'],
    ['Saltmarsh Coffee Roasters Pty Ltd', 'Saltmarsh Coffee Roasters'],
    ['Brackenridge Outdoor Co.', 'Brackenridge Outdoor'],
    ['Orchard Lane Legal LLP', 'Orchard Lane Legal'],
    ['Verdantia SAS', 'Verdantia'],
    ['Acme GmbH & Co. KG', 'Acme'],
    ['Marlowe & Co.', 'Marlowe & Co'],
  ])('strips the legal form of %j', (name, expected) => {
    expect(stripLegalSuffix(name)).toBe(expected);
  });
});

describe('company name without branding markup', () => {
  it('uses the domain name as the page writes it', () => {
    expect(
      companyOf(
        '<html><body><p>Welcome to Verdantia, soil sensors for growers.</p></body></html>',
        'https://www.verdantia.fr/',
      ),
    ).toBe('Verdantia');
  });

  it('does not invent a name the page never writes', () => {
    expect(
      companyOf('<html><body><p>Welcome.</p></body></html>', 'https://www.verdantia.fr/'),
    ).toBeNull();
  });
});

describe('company name sources with extra words', () => {
  it.each([
    [
      '© with a dash',
      '<html><body><footer><p>© 2025 - Acme Studio</p></footer></body></html>',
      'Acme Studio',
    ],
    [
      'location after the brand in JSON-LD',
      '<html><head><script type="application/ld+json">{"@type":"Dentist","name":"Copperleaf Dental – Highlands"}</script></head><body></body></html>',
      'Copperleaf Dental',
    ],
  ])('%s', (_case, html, expected) => {
    expect(companyOf(html)).toBe(expected);
  });
});

describe('company name from the title alone', () => {
  it.each([
    [
      'a tagline after the brand',
      '<title>Northgate Dental | Family dentistry in Leeds</title>',
      'https://www.acme-widgets.co.uk/',
      'Northgate Dental',
    ],
    [
      'a tagline after a colon',
      '<title>Northgate Dental: Family dentistry in Leeds</title>',
      'https://www.northgatedental.co.uk/',
      'Northgate Dental',
    ],
    [
      'page furniture beside the brand',
      '<title>Northgate Dental Care - Home</title>',
      'https://www.acme-widgets.com/',
      'Northgate Dental Care',
    ],
    [
      'a greeting',
      '<title>Welcome to Smith Plumbing</title>',
      'https://www.smithplumbing.com/',
      'Smith Plumbing',
    ],
    [
      'a connector in the name',
      '<title>Contact | Atelier de la Mer</title>',
      'https://www.acme-widgets.fr/',
      'Atelier de la Mer',
    ],
    [
      'a preposition in the name',
      '<title>Apotheke am Markt | Öffnungszeiten</title>',
      'https://www.acme-widgets.de/',
      'Apotheke am Markt',
    ],
    [
      'a headline',
      '<title>How to pack for a day tour</title>',
      'https://www.acme-widgets.com/',
      null,
    ],
    ['one word', '<title>Changelog</title>', 'https://www.acme-widgets.com/', null],
  ])('%s', (_case, head, url, expected) => {
    expect(companyOf(`<html><head>${head}</head><body><p>x</p></body></html>`, url)).toBe(expected);
  });
});
