import { extractPage } from './extract-page';
import { SIGNALS } from './page-extraction';

/** windows-1252 bytes for text that is Latin-1 plus the cp1252 specials used here (’ and €). */
function cp1252(text: string): Buffer {
  const specials: Record<string, number> = { '’': 0x92, '€': 0x80, '–': 0x96 };
  return Buffer.from([...text].map((c) => specials[c] ?? c.charCodeAt(0)));
}

const card = (charset: string) =>
  `<html lang="en-GB"><head>${charset}<title>Team – Oakhaven</title></head><body>` +
  '<div><h3>Siobhán O’Dwyer</h3><p>Tenant Liaison</p></div><div><h3>Zoë Ashcroft</h3><p>Managing Director</p></div>' +
  '<p>Rents from €1,950. Call 020 7946 0271.</p></body></html>';

describe('extractPage', () => {
  it('decodes a windows-1252 page that declares its charset', () => {
    const page = extractPage({
      html: cp1252(card('<meta charset="windows-1252">')),
      url: 'http://www.oakhaven.co.uk/team/',
    });
    expect(page.people.map((p) => p.name)).toEqual(['Siobhán O’Dwyer', 'Zoë Ashcroft']);
    expect(page.phones).toEqual(['+442079460271']);
  });

  it('lets the Content-Type charset decide over the page', () => {
    const page = extractPage({
      html: cp1252(card('<meta charset="utf-8">')),
      url: 'http://www.oakhaven.co.uk/team/',
      contentType: 'text/html; charset=windows-1252',
    });
    expect(page.people.map((p) => p.name)).toEqual(['Siobhán O’Dwyer', 'Zoë Ashcroft']);
  });

  it('reads undeclared UTF-8 bytes as UTF-8, and accepts strings', () => {
    const html = card('');
    for (const input of [Buffer.from(html, 'utf8'), html]) {
      expect(
        extractPage({ html: input, url: 'https://www.oakhaven.co.uk/team/' }).people[0].name,
      ).toBe('Siobhán O’Dwyer');
    }
  });

  it('returns the documented shape for an empty page', () => {
    expect(extractPage({ html: '', url: 'not a url' })).toEqual({
      companyName: null,
      emails: [],
      phones: [],
      socials: { linkedin: [], twitter: [], facebook: [], instagram: [], youtube: [], github: [] },
      people: [],
      signals: [],
    });
  });

  it('finds contacts anywhere in a large page', () => {
    const filler =
      '<div class="card"><h3>Fjord Chartplotter</h3><p>SKU HM-FJO-1000 · $2,506.99 · EAN 0753725488219</p></div>'.repeat(
        2_500,
      );
    const html = `<html><body><p>Order by phone: 1-800-555-0141</p>${filler}<p>Email techsupport@halvorsen-marine.com</p>${filler}<footer>Sales: sales@halvorsen-marine.com · (206) 555-0150</footer></body></html>`;
    const page = extractPage({ html, url: 'https://www.halvorsen-marine.com/c/electronics' });
    expect(html.length).toBeGreaterThan(300_000);
    expect(page.emails).toEqual(['techsupport@halvorsen-marine.com', 'sales@halvorsen-marine.com']);
    expect(page.phones).toEqual(['+18005550141', '+12065550150']);
    expect(page.people).toEqual([]);
  });

  it('only ever reports signals from the fixed vocabulary', () => {
    const html =
      '<p>We’re hiring! We raised a $5M seed round. Our team doubled. We’re launching Widget 2. We’re opening a new office in Leeds.</p>';
    const { signals } = extractPage({ html, url: 'https://acme-widgets.com/' });
    expect(signals.every((s) => (SIGNALS as readonly string[]).includes(s))).toBe(true);
    expect(signals).toEqual([
      'hiring',
      'recent_funding',
      'growing_company',
      'product_launch',
      'expansion',
    ]);
  });
});
