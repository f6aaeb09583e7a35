import type { CountryCode } from 'libphonenumber-js/max';
import { extractPage } from './extract-page';
import { inferRegion } from './phone-region';
import { findPhonesInText, normalizePhone, phonesFromHref } from './phones';

describe('phones in text', () => {
  it.each<[string, string, CountryCode, string[]]>([
    ['US parentheses', 'Call (415) 555-0142 today', 'US', ['+14155550142']],
    ['US dashes', 'call/text 206-555-0133 (Mon–Fri 9–5)', 'US', ['+12065550133']],
    ['US dots', 'Call 312.555.0199', 'US', ['+13125550199']],
    ['US toll-free with 1-', 'Toll free: 1-800-555-0127', 'US', ['+18005550127']],
    ['US 1 (800)', 'call 1 (800) 555-0136, Tue–Sat', 'US', ['+18005550136']],
    ['international +1', 'T +1 (617) 555-0184', 'US', ['+16175550184']],
    ['UK national', 'Telephone 0117 496 0321 (9am–5.30pm)', 'GB', ['+441174960321']],
    ['UK trunk in parentheses', '+44 (0)20 7946 0118', 'GB', ['+442079460118']],
    [
      'German national with dash',
      'Support-Hotline: 030 23125-141 (Mo–Fr 9–17 Uhr)',
      'DE',
      ['+493023125141'],
    ],
    ['German international', 'Telefon: +49 (0)30 23125-140', 'DE', ['+493023125140']],
    ['German slash style', 'Tel. 089 / 123 456 78', 'DE', ['+498912345678']],
    ['French international', '+33 (0)1 99 00 14 72', 'FR', ['+33199001472']],
    ['Australian landline', 'Phone: (02) 5550 1487', 'AU', ['+61255501487']],
    ['Australian mobile', 'Mobile: 0491 570 157', 'AU', ['+61491570157']],
    ['00 international prefix', 'Tel 0044 20 7946 0455', 'US', ['+442079460455']],
    ['extension dropped', '(415) 555-0104 ext. 22', 'US', ['+14155550104']],
    ['x extension dropped', '415-555-0105 x7', 'US', ['+14155550105']],
    ['poste extension dropped', '514 555-0123, poste 210', 'CA', ['+15145550123']],
    ['bare digits with a phone label', 'Tel: 4155550142', 'US', ['+14155550142']],
  ])('%s', (_case, text, region, expected) => {
    expect(findPhonesInText(text, region)).toEqual(expected);
  });

  it.each<[string, string, CountryCode]>([
    ['placeholder', 'placeholder="(555) 000-0000" (555) 000-0000', 'US'],
    ['sequence placeholder', '123-456-7890', 'US'],
    ['ZIP', 'San Francisco, CA 94104', 'US'],
    ['dates', 'Posted 2025-02-25 · valid through 06/30/2025 · Stand: 01.02.2025', 'DE'],
    ['year range', '2023–2024', 'US'],
    ['prices', '$148,000 – $182,000 · £1,950–£2,300 pcm', 'US'],
    ['German registration numbers', 'Registernummer: HRB 214587 B', 'DE'],
    ['VAT id with country prefix', 'USt-IdNr.: DE 318 442 907', 'DE'],
    ['UK VAT', 'VAT reg. GB 284 5521 93', 'GB'],
    ['IBAN', 'IBAN: DE44 1009 0000 2712 0456 03', 'DE'],
    ['ABN', 'ABN 27 618 904 352', 'AU'],
    ['company number', 'Company no. 11923804', 'GB'],
    ['order number', 'Order #GS-104-5532', 'US'],
    ['part number', 'Part no. 010-12345-67', 'US'],
    ['file reference', 'File references look like OLL-2024-0187', 'CA'],
    ['bare id without a label', 'Shopify variant 43120987652257 and 4155550109 units', 'US'],
    ['coordinates', 'GPS: 37.8052, -122.4033', 'US'],
    ['national number without its trunk prefix', 'Chausseestraße 48 10115 Berlin', 'DE'],
    ['EAN', '0753725488219', 'US'],
  ])('ignores %s', (_case, text, region) => {
    expect(findPhonesInText(text, region)).toEqual([]);
  });
});

describe('phone links', () => {
  it.each([
    ['tel: international with dashes', 'tel:+1-512-555-0176', ['+15125550176']],
    ['tel: national', 'tel:5125550190', ['+15125550190']],
    ['tel: with extension parameter', 'tel:+1-415-555-0110;ext=12', ['+14155550110']],
    ['tel: percent-encoded', 'tel:+44%2020%207946%200384', ['+442079460384']],
    ['sms:', 'sms:+14155550101', ['+14155550101']],
    ['wa.me', 'https://wa.me/14155550102?text=hi', ['+14155550102']],
    [
      'api.whatsapp.com',
      'https://api.whatsapp.com/send?phone=14155550103&text=hi',
      ['+14155550103'],
    ],
    ['invalid number', 'tel:555-0000', []],
    ['not a phone link', 'https://acme-widgets.com/tel/5125550190', []],
  ])('%s', (_case, href, expected) => {
    expect(phonesFromHref(href, 'US')).toEqual(expected);
  });
});

describe('normalizePhone', () => {
  it.each<[string, CountryCode | undefined, string | null]>([
    ['+1-720-555-0165', undefined, '+17205550165'],
    ['(720) 555-0165', 'US', '+17205550165'],
    ['020 7946 0384', 'GB', '+442079460384'],
    ['(555) 000-0000', 'US', null],
    ['12', 'US', null],
  ])('%j in %s → %j', (raw, region, expected) => {
    expect(normalizePhone(raw, region)).toBe(expected);
  });
});

describe('the region national numbers are read in', () => {
  it.each<[string, Parameters<typeof inferRegion>[0], CountryCode]>([
    ['country TLD', { lang: 'en', url: 'https://www.quillfeather.co.uk/studio' }, 'GB'],
    ['compound TLD', { lang: 'en', url: 'https://saltmarsh.com.au/' }, 'AU'],
    ['lang region', { lang: 'en-GB', url: 'https://www.example-firm.com/' }, 'GB'],
    [
      'generic ccTLD ignored',
      { lang: 'en', url: 'https://lumenfold.io/', text: '548 Market St, San Francisco, CA 94104' },
      'US',
    ],
    ['structured-data country', { lang: 'en', url: 'https://firm.com/', countries: ['CA'] }, 'CA'],
    [
      'UK postcode in the address',
      { lang: 'en', url: 'https://firm.com/', text: '30 Crown Place, London EC2A 4ES' },
      'GB',
    ],
    ['language alone', { lang: 'de', url: 'https://firm.com/' }, 'DE'],
    ['og:locale last', { lang: null, url: 'https://firm.com/', ogLocale: 'en_AU' }, 'AU'],
    ['US by default', { lang: null, url: 'https://firm.com/' }, 'US'],
  ])('%s', (_case, hints, expected) => {
    expect(inferRegion(hints)).toBe(expected);
  });
});

describe('numbers on a page', () => {
  const phonesOf = (body: string) =>
    extractPage({ html: `<html><body>${body}</body></html>`, url: 'https://acme-widgets.com/' })
      .phones;

  it.each([
    ['a label glued to the number', '<p><span>Tel</span>(415) 555-0142</p>', ['+14155550142']],
    [
      'a bold label glued to the number',
      '<p><strong>Phone</strong>415-555-0143</p>',
      ['+14155550143'],
    ],
    [
      'a number glued to the opening hours',
      '<p><span>(415) 555-0144</span><span>Mon–Fri 9–5</span></p>',
      ['+14155550144'],
    ],
  ])('%s', (_case, body, expected) => {
    expect(phonesOf(body)).toEqual(expected);
  });
});
