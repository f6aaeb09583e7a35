import {
  decodeCloudflareEmail,
  emailFromCloudflareHref,
  emailsFromMailto,
  emailsInText,
  normalizeEmail,
} from './emails';
import { extractPage } from './extract-page';

/** Cloudflare's encoding: a random key byte, then every byte XOR the key, in hex. */
function cloudflareHex(email: string, key = 0x5a): string {
  const bytes = [key, ...Buffer.from(email).map((b) => b ^ key)];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('emails in text', () => {
  it.each([
    ['plain', 'Write to sales@acme-widgets.com today.', ['sales@acme-widgets.com']],
    ['upper case is lowered', 'Contact: Sales@Acme-Widgets.COM', ['sales@acme-widgets.com']],
    [
      '[at] and [dot]',
      'enquiries [at] acme-widgets [dot] co [dot] uk',
      ['enquiries@acme-widgets.co.uk'],
    ],
    ['(at)', 'info(at)acme-widgets.de', ['info@acme-widgets.de']],
    [
      '(at) with spaces and (dot)',
      'sponsors (at) acme-widgets (dot) com',
      ['sponsors@acme-widgets.com'],
    ],
    ['{at}{dot}', 'bookkeeping{at}acme-widgets{dot}co{dot}uk', ['bookkeeping@acme-widgets.co.uk']],
    ['[@] and [.]', 'x [@] acme-widgets [.] com', ['x@acme-widgets.com']],
    ['(arobase)', 'bonjour (arobase) atelier-boreal.ca', ['bonjour@atelier-boreal.ca']],
    ['[arroba]', 'maria [arroba] empresa-ejemplo.es', ['maria@empresa-ejemplo.es']],
    ['uppercase AT/DOT', 'SALES AT ACME-WIDGETS DOT COM', ['sales@acme-widgets.com']],
    [
      'spoken at … dot',
      'Write to us at admin at acme-widgets dot co dot uk',
      ['admin@acme-widgets.co.uk'],
    ],
    ['half-obfuscated', 'hannah [at] ashgrove-insights.com', ['hannah@ashgrove-insights.com']],
    ['full-width @', 'info＠acme-widgets.com', ['info@acme-widgets.com']],
    ['trailing punctuation', '(email: ops@acme-widgets.com).', ['ops@acme-widgets.com']],
    [
      'two in one line',
      'a@acme-widgets.com, b@acme-widgets.com',
      ['a@acme-widgets.com', 'b@acme-widgets.com'],
    ],
  ])('%s', (_case, text, expected) => {
    expect(emailsInText(text)).toEqual(expected);
  });

  it.each([
    ['prose " at " with a real domain', 'roles are listed at acme-widgets.com/careers'],
    ['prose "more at www."', 'Learn more at www.acme-widgets.com.'],
    ['prose "now at"', "It's available now at acme-widgets.com and in stores."],
    ['capitalised prose', 'she is speaking at Harbourside dot Live on 14 May'],
    ['spoken URL', 'the lineup at acme-widgets dot com slash speakers'],
    ['prose "us at the"', 'meet us at the Expo dot com booth'],
    ['image names', 'logo@2x.png hero@3x.jpg icon_600x600@2x.webp you@2x.jpg'],
    ['npm specs', 'npm i esbuild@0.20.2 @acme/cli@3.4.1 release acme-web@2025.02.18'],
    ['git SSH remote', 'git clone git@github.com:acme/widgets.git'],
    [
      'Sentry DSN',
      'dsn: "https://4f8a2c19e0b74d1c9a6e2f3b5d7c8a90@o448121.ingest.sentry.io/5523917"',
    ],
    [
      'placeholders',
      'you@example.com name@company.com email@domain.com yourname@gmail.com firstname.lastname@acme-widgets.com',
    ],
    ['invalid TLD', 'user@localhost test@acme.invalidtld a@b.c'],
    ['Cloudflare visible text', '[email protected]'],
  ])('ignores %s', (_case, text) => {
    expect(emailsInText(text)).toEqual([]);
  });
});

describe('mailto links', () => {
  it.each([
    [
      'subject and body',
      'mailto:sales@acme-widgets.com?subject=Demo%20request&body=Hi',
      ['sales@acme-widgets.com'],
    ],
    [
      'cc and bcc',
      'mailto:a@acme-widgets.com?cc=b@acme-widgets.com&bcc=c@acme-widgets.com',
      ['a@acme-widgets.com', 'b@acme-widgets.com', 'c@acme-widgets.com'],
    ],
    [
      'several recipients',
      'mailto:a@acme-widgets.com,b@acme-widgets.com;c@acme-widgets.com',
      ['a@acme-widgets.com', 'b@acme-widgets.com', 'c@acme-widgets.com'],
    ],
    ['%40 and upper-case scheme', 'MAILTO:Info%40Acme-Widgets.com', ['info@acme-widgets.com']],
    [
      'share link without recipient',
      'mailto:?subject=Read%20this&body=https%3A%2F%2Facme-widgets.com',
      [],
    ],
    ['not a mailto', 'https://acme-widgets.com/contact', []],
  ])('%s', (_case, href, expected) => {
    expect(emailsFromMailto(href)).toEqual(expected);
  });
});

describe('Cloudflare email protection', () => {
  it('decodes data-cfemail hex', () => {
    expect(decodeCloudflareEmail(cloudflareHex('quotes@pinecrest-solar.com', 0x3c))).toBe(
      'quotes@pinecrest-solar.com',
    );
  });

  it('decodes /cdn-cgi/l/email-protection#HEX hrefs', () => {
    expect(
      emailFromCloudflareHref(
        `/cdn-cgi/l/email-protection#${cloudflareHex('info@pinecrest-solar.com')}`,
      ),
    ).toBe('info@pinecrest-solar.com');
  });

  it.each(['', 'zz', '3c4', 'not-hex-at-all'])('rejects malformed hex %j', (hex) => {
    expect(decodeCloudflareEmail(hex)).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['mailto:Mia.Lopez@Acme-Widgets.com', 'mia.lopez@acme-widgets.com'],
    [' <ops@acme-widgets.co.uk>. ', 'ops@acme-widgets.co.uk'],
    ['jane%40acme-widgets.com', 'jane@acme-widgets.com'],
    ['a..b@acme-widgets.com', null],
    ['more@www.acme-widgets.com', null],
    ['logo@2x.png', null],
    ['you@example.org', null],
    ['info@sub.example.co.uk', null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });
});

describe('where addresses count on a page', () => {
  const page = (body: string, head = '') =>
    extractPage({
      html: `<html><head>${head}</head><body>${body}</body></html>`,
      url: 'https://acme-widgets.com/',
    }).emails;

  it.each([
    [
      'HTML entities',
      '<p>aisha&#64;acme-widgets.com and bookings&#64;acme-widgets&#46;com and p&commat;acme-widgets.com</p>',
      ['aisha@acme-widgets.com', 'bookings@acme-widgets.com', 'p@acme-widgets.com'],
    ],
    [
      'data-cfemail',
      `<a href="/cdn-cgi/l/email-protection" class="__cf_email__" data-cfemail="${cloudflareHex('service@acme-widgets.com')}">[email&#160;protected]</a>`,
      ['service@acme-widgets.com'],
    ],
    [
      'microdata',
      '<div itemscope itemtype="https://schema.org/Organization"><meta itemprop="email" content="hello@acme-widgets.com"></div>',
      ['hello@acme-widgets.com'],
    ],
    [
      'a tag split across inline elements',
      '<p>ops<span>@</span>acme-widgets<span>.com</span></p>',
      ['ops@acme-widgets.com'],
    ],
    [
      'an address glued to its label',
      '<p><i class="icon"></i><span>E-mail</span>sales@acme-widgets.com</p>',
      ['sales@acme-widgets.com'],
    ],
    [
      'an address glued to the next field',
      '<p><span>info@acme-widgets.com</span><span>Call us</span></p>',
      ['info@acme-widgets.com'],
    ],
  ])('reads %s', (_case, body, expected) => {
    expect(page(body)).toEqual(expected);
  });

  it('reads JSON-LD, including mailto: values', () => {
    const head =
      '<script type="application/ld+json">{"@type":"Dentist","email":"appointments@acme-widgets.com","employee":{"@type":"Person","email":"mailto:jd@acme-widgets.com"}}</script>';
    expect(page('', head)).toEqual(['appointments@acme-widgets.com', 'jd@acme-widgets.com']);
  });

  it.each([
    ['HTML comments', '<!-- ops-team@acme-widgets.com --><p>hi</p>'],
    [
      'non-LD scripts',
      '<script>window.__NEXT_DATA__={"email":"internal@acme-widgets.com"}; var e="a"+"@acme-widgets.com";</script>',
    ],
    [
      'JSON scripts',
      '<script type="application/json">{"vendor_contact":"wholesale@acme-widgets.com"}</script>',
    ],
    [
      'hidden inputs',
      '<form><input type="hidden" name="to" value="hidden@acme-widgets.com"></form>',
    ],
    ['placeholders', '<input type="email" placeholder="jane@acme-widgets.com">'],
    ['display:none', '<p style="display:none">honeypot@acme-widgets.com</p>'],
    ['image names', '<img src="/img/team@2x.jpg" alt=""><p>team@2x.jpg</p>'],
  ])('ignores %s', (_case, body) => {
    expect(page(body)).toEqual([]);
  });
});

describe('structured data without types', () => {
  it('reads an untyped contactPoint', () => {
    const html =
      '<html><head><script type="application/ld+json">{"@type":"Organization","contactPoint":[{"contactType":"sales","email":"sales@acme-widgets.com","telephone":"+1-415-555-0142"}]}</script></head><body></body></html>';
    const page = extractPage({ html, url: 'https://acme-widgets.com/' });
    expect([page.emails, page.phones]).toEqual([['sales@acme-widgets.com'], ['+14155550142']]);
  });
});

describe('more placeholders', () => {
  it.each(['hello@yourbrand.com', 'info@your-domain.co.uk', 'someone@somewhere.com'])(
    '%s',
    (email) => {
      expect(normalizeEmail(email)).toBeNull();
    },
  );
});
