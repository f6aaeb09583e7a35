import type { Signal } from './page-extraction';
import { extractPage } from './extract-page';
import { detectSignals } from './signals';

describe('buying signals about the site owner', () => {
  it.each<[string, string, string | null, Signal[]]>([
    [
      'we are hiring',
      'We’re hiring! 9 open roles across Seattle, Tacoma and remote.',
      'Tidewater Freight',
      ['hiring'],
    ],
    [
      'the company is hiring',
      'The company is hiring across engineering, clinical operations and sales.',
      'Lumenfold Health',
      ['hiring'],
    ],
    [
      'German',
      'Wir stellen ein! Aktuell 4 offene Stellen in Berlin.',
      'Kestrelpoint Software',
      ['hiring'],
    ],
    ['French', 'Nous recrutons ! Trois postes ouverts à Montréal.', 'Atelier Boréal', ['hiring']],
    ['job posting', 'Hiring manager: Theo Brandvold, Service Manager', 'Larkspur', ['hiring']],
    [
      'funding',
      'Lumenfold Health today announced it has raised an $18 million Series A round led by Granite Arc Ventures.',
      'Lumenfold Health',
      ['recent_funding'],
    ],
    [
      'funding headline',
      'Lumenfold Health Raises $18M Series A to Bring Monitoring to 200 Hospitals',
      'Lumenfold Health',
      ['recent_funding'],
    ],
    [
      'headcount growth',
      'Our team has grown from 40 to 130 people in the last two years.',
      'Tidewater',
      ['growing_company'],
    ],
    [
      'tripled',
      'Our team tripled in 2024 — and we’re still growing fast.',
      'Fernhollow',
      ['growing_company'],
    ],
    [
      'customer growth',
      'Our wholesale partners have grown from 12 cafés to more than 140.',
      'Saltmarsh',
      ['growing_company'],
    ],
    [
      'appointment',
      'Cobaltridge Appoints Miriam Okafor as Chief Revenue Officer',
      'Cobaltridge Security',
      ['new_leadership'],
    ],
    [
      'joined as',
      'Cobaltridge Security today announced that Miriam Okafor has joined as Chief Revenue Officer.',
      'Cobaltridge Security',
      ['new_leadership'],
    ],
    [
      'launch',
      'Today we’re launching the Ridgeline 45, our lightest expedition pack yet.',
      'Brackenridge Outdoor',
      ['product_launch'],
    ],
    [
      'new location',
      'Now open: our new Evanston clinic at 1603 Orrington Ave.',
      'Everwell Physiotherapy',
      ['expansion'],
    ],
    [
      'opening',
      'This September we’re opening our second roastery and tasting bar in Collingwood.',
      'Saltmarsh',
      ['expansion'],
    ],
    [
      'newest office',
      'Berlin, our newest office, opened in January 2025 — and we’re opening in Singapore later this year.',
      'Sablewood',
      ['expansion'],
    ],
    [
      'growth with the owner as the possessor',
      "Acme's customer base tripled in 2024, to more than 140 brands.",
      'Acme Widgets',
      ['growing_company'],
    ],
    [
      'a place name between "new" and the place',
      'Now booking: our new Dartmouth location opens June 2.',
      'Acme Physio',
      ['expansion'],
    ],
    ['Italian', 'Nel 2025 abbiamo aperto la nostra nuova sede di Torino.', 'Acme', ['expansion']],
    ['Portuguese', 'Inaugurámos uma nova loja no Porto.', 'Acme', ['expansion']],
    ['Dutch', 'Sinds maart hebben we een nieuwe vestiging in Utrecht.', 'Acme', ['expansion']],
  ])('%s', (_case, text, company, expected) => {
    expect(detectSignals([text], company)).toEqual(expected);
  });

  it.each<[string, string, string | null]>([
    ['a careers link alone', 'Careers', 'Fernhollow'],
    [
      'customers hiring',
      'If a customer is hiring aggressively but your seat count is flat, they’re onboarding elsewhere.',
      'Ashgrove',
    ],
    [
      'customers raising',
      'They just raised a big round. Fresh funding often triggers a tooling review.',
      'Ashgrove',
    ],
    [
      'generic leadership advice',
      'Watch for new leadership announcements at your customers — a new VP who didn’t choose you will re-evaluate.',
      'Ashgrove',
    ],
    [
      'someone else’s past',
      'Okafor joins from a vendor where she built the enterprise team from 35 to 220 sellers.',
      'Cobaltridge',
    ],
    [
      'company size',
      'Founded in 2020, the company is headquartered in Austin with 180 employees.',
      'Cobaltridge',
    ],
    ['past facility', 'We added a second cross-dock in Tacoma in 2024.', 'Tidewater'],
    [
      'team expansion is not a new location',
      'Lumenfold will use the funding to expand its clinical operations team.',
      'Lumenfold Health',
    ],
    ['prose about another fund', 'Fund III closed at $210M in 2024.', 'Lumenfold Health'],
    [
      'a customer’s growth',
      'With our help, Peakline’s customer base tripled in a year.',
      'Acme Widgets',
    ],
  ])('no signal from %s', (_case, text, company) => {
    expect(detectSignals([text], company)).toEqual([]);
  });

  it('lists signals in vocabulary order, once each', () => {
    expect(
      detectSignals(
        ['We’re opening a new office in Austin.', 'We’re hiring!', 'We are hiring engineers too.'],
        'Acme',
      ),
    ).toEqual(['hiring', 'expansion']);
  });
});

describe('signals that look alike but are not', () => {
  it.each<[string, string]>([
    ['no openings', 'There are no open positions at the moment, but we keep CVs on file.'],
    ['vague growth', 'Our business has grown steadily since 1987.'],
    ['a new colleague is not a product', 'Introducing our new team member, Jane!'],
  ])('%s', (_case, text) => {
    expect(detectSignals([text], 'Acme')).toEqual([]);
  });
});

describe('signals on a page', () => {
  const signalsOf = (body: string) =>
    extractPage({ html: `<html><body>${body}</body></html>`, url: 'https://acme-widgets.com/' })
      .signals;

  it('ignores menu and footer link labels', () => {
    expect(
      signalsOf(
        '<nav><a href="/careers">We are hiring</a></nav><footer><ul><li><a href="/jobs">Open positions</a></li></ul></footer>',
      ),
    ).toEqual([]);
  });

  it('reads a hiring banner even when it is a link', () => {
    expect(
      signalsOf('<div class="banner"><a href="/jobs">We’re hiring! See open roles</a></div>'),
    ).toEqual(['hiring']);
  });
});
