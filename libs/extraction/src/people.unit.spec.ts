import { extractPage } from './extract-page';
import { cleanTitle } from './job-title';
import { cleanPersonName } from './person-name';

const peopleOn = (body: string, head = '') =>
  extractPage({
    html: `<html lang="en"><head>${head}</head><body>${body}</body></html>`,
    url: 'https://www.acme-widgets.com/team',
  }).people;
const pairs = (body: string, head = '') => peopleOn(body, head).map((p) => [p.name, p.title]);

describe('people with titles', () => {
  it.each([
    [
      'team cards (heading + title)',
      '<article><h3>Imogen Pryce</h3><p>Founder &amp; Creative Director</p></article><article><h3>Rohan Mistry</h3><p>Head of Strategy</p></article>',
      [
        ['Imogen Pryce', 'Founder & Creative Director'],
        ['Rohan Mistry', 'Head of Strategy'],
      ],
    ],
    [
      'name and title in one block',
      '<p><strong>Marisol Vega</strong><br><em>Talent Acquisition Lead</em></p>',
      [['Marisol Vega', 'Talent Acquisition Lead']],
    ],
    [
      'table row',
      '<table><tr><td><b>James Marlowe</b></td><td>Senior Partner</td><td>j.marlowe(at)acme-widgets.co.uk</td></tr></table>',
      [['James Marlowe', 'Senior Partner']],
    ],
    [
      'role | name table rows',
      '<table><tr><td>Head Chef</td><td>Callum Fraser</td></tr><tr><td>Events Manager</td><td>Isla MacLeod</td></tr></table>',
      [
        ['Callum Fraser', 'Head Chef'],
        ['Isla MacLeod', 'Events Manager'],
      ],
    ],
    [
      'spans without spaces',
      '<div class="person"><span class="name">Ravi Menon</span><span class="role">Chief Technology Officer</span></div>',
      [['Ravi Menon', 'Chief Technology Officer']],
    ],
    [
      'role class above the name',
      '<div class="member"><p class="position">Head of People</p><h4>Liam O\'Connor</h4></div>',
      [["Liam O'Connor", 'Head of People']],
    ],
    [
      'speaker card drops the company',
      '<li><h3>Renata Kowalczyk</h3><p>Chief Revenue Officer, Corvane Systems</p></li>',
      [['Renata Kowalczyk', 'Chief Revenue Officer']],
    ],
    [
      'qualifier after a comma is kept',
      '<div><h3>Declan Moreau</h3><p>Partner, Real Estate</p></div>',
      [['Declan Moreau', 'Partner, Real Estate']],
    ],
    [
      '"Name, Title" in prose',
      '<p>Office lead: <strong>Whitney Calloway</strong>, Managing Partner</p>',
      [['Whitney Calloway', 'Managing Partner']],
    ],
    [
      'country qualifier',
      '<p>Office lead: Élodie Marchand, Managing Director, France</p>',
      [['Élodie Marchand', 'Managing Director, France']],
    ],
    [
      '"Title: Name"',
      '<p>Geschäftsführerin: Lena Brandhorst<br>Geschäftsführer: Matthias Oberreiter</p>',
      [
        ['Lena Brandhorst', 'Geschäftsführerin'],
        ['Matthias Oberreiter', 'Geschäftsführer'],
      ],
    ],
    [
      'quote attribution with "of Org"',
      '<blockquote>“Recovery doesn’t end at the door,” said Naomi Achterberg, Co-founder and CEO of Lumenfold Health.</blockquote>',
      [['Naomi Achterberg', 'Co-founder and CEO']],
    ],
    [
      'quote attribution with "at Org"',
      '<p>“Great,” said Tomas Reyes, General Partner at Granite Arc Ventures, who will join the board.</p>',
      [['Tomas Reyes', 'General Partner']],
    ],
    [
      '"for …" dropped',
      '<p>“We tested 11 prototypes,” says Colm Driscoll, Senior Product Manager for packs.</p>',
      [['Colm Driscoll', 'Senior Product Manager']],
    ],
    [
      'testimonial',
      '<blockquote><p>— Fenella Brook, Operations Director, Tamsin &amp; Rowe Homewares</p></blockquote>',
      [['Fenella Brook', 'Operations Director']],
    ],
    [
      'credentials dropped',
      '<p><strong>Karina Holt, PT, DPT</strong> — Clinic Director. Karina founded the clinic in 2016.</p>',
      [['Karina Holt', 'Clinic Director']],
    ],
    [
      'honorific dropped',
      '<div><h3>Dr. Jane Roe, PhD</h3><p>Chief Scientist</p></div>',
      [['Jane Roe', 'Chief Scientist']],
    ],
    [
      'French honorific and credential',
      '<div><h3>Me Julie Tremblay</h3><p>Associée directrice</p></div><div><h3>Marc-André Gagnon, ing.</h3><p>Directeur des opérations</p></div>',
      [
        ['Julie Tremblay', 'Associée directrice'],
        ['Marc-André Gagnon', 'Directeur des opérations'],
      ],
    ],
    [
      'appointment',
      '<h1>Cobaltridge Appoints Miriam Okafor as Chief Revenue Officer</h1>',
      [['Miriam Okafor', 'Chief Revenue Officer']],
    ],
    [
      'joined as',
      '<p>Today Cobaltridge announced that Miriam Okafor has joined as Chief Revenue Officer.</p>',
      [['Miriam Okafor', 'Chief Revenue Officer']],
    ],
    [
      'promotion of … to …',
      '<p>It follows the promotion of Dev Malhotra to Chief Technology Officer in October 2024.</p>',
      [['Dev Malhotra', 'Chief Technology Officer']],
    ],
    [
      'title before the name',
      '<p>“We’re just getting started,” said Northwind CEO Dana Whitfield.</p>',
      [['Dana Whitfield', 'CEO']],
    ],
    [
      'byline with a title',
      '<p class="byline">By Maya Castellanos, Head Mechanic · March 12, 2025</p>',
      [['Maya Castellanos', 'Head Mechanic']],
    ],
    [
      '"is a Title at Org"',
      '<p>Kim Alvarez is a Senior Strategist at Brightline.</p>',
      [['Kim Alvarez', 'Senior Strategist']],
    ],
    [
      'weak title in a role slot',
      '<div><h3>Zoë Ashcroft</h3><p class="role"><em>Managing Director</em></p></div><div><h3>Maïa Núñez</h3><p class="role"><em>Accounts &amp; Compliance</em></p></div>',
      [
        ['Zoë Ashcroft', 'Managing Director'],
        ['Maïa Núñez', 'Accounts & Compliance'],
      ],
    ],
  ])('%s', (_case, body, expected) => {
    expect(pairs(body)).toEqual(expected);
  });

  it.each([
    [
      'no title',
      '<div><h3>Sam Marsh</h3><p>Builds the machines, fixes the machines, occasionally breaks them.</p></div>',
    ],
    ['title without a name', '<p>— a Head of Planning at a UK grocery brand</p>'],
    ['customer initial', '<p>— Karen W., patient since 2023</p>'],
    [
      'not a name',
      '<div><h3>Could this be you?</h3><p>We take on freelance illustrators.</p></div>',
    ],
    [
      'job listings',
      '<h3>Senior Backend Engineer (Routing)</h3><p>Engineering · Seattle</p><h3>Account Executive, Grocery</h3>',
    ],
    [
      'addresses',
      '<p>548 Market Street, Suite 2210<br>San Francisco, CA 94104</p><p>30 Crown Place, London EC2A 4ES</p>',
    ],
    ['company with a legal form', '<p>Orchard Lane Legal, Managing Partners since 2009</p>'],
    ['practice areas', '<p>Partner, Real Estate</p>'],
    ['comments', '<p><strong>Marcus T.</strong> · Feb 27, 2025</p>'],
  ])('ignores %s', (_case, body) => {
    expect(peopleOn(body)).toEqual([]);
  });

  it('takes email and phone from the person’s own card, not a neighbour’s', () => {
    const people = peopleOn(`
      <div class="grid">
        <div class="vcard"><h3 class="fn">Gwendolyn Asante</h3><p class="title">Managing Partner</p>
          <a class="email" href="mailto:gasante@acme-widgets.ca">gasante@acme-widgets.ca</a><p>Direct: <span class="tel">(604) 555-0111</span></p></div>
        <div class="vcard"><h3 class="fn">Priyanka Sethi</h3><p class="title">Associate</p></div>
      </div>
      <p>Reception: reception@acme-widgets.ca</p>`);
    expect(people).toEqual([
      {
        name: 'Gwendolyn Asante',
        title: 'Managing Partner',
        email: 'gasante@acme-widgets.ca',
        phone: '+16045550111',
      },
      { name: 'Priyanka Sethi', title: 'Associate', email: null, phone: null },
    ]);
  });

  it('takes the email written on the person’s line', () => {
    const [owen] = peopleOn(
      '<p>General: events [at] acme-widgets [dot] com<br>Owen Thackeray, Event Director — owen [at] acme-widgets [dot] com</p>',
    );
    expect(owen).toMatchObject({ name: 'Owen Thackeray', email: 'owen@acme-widgets.com' });
  });

  it('reads schema.org Person in JSON-LD and microdata', () => {
    const head =
      '<script type="application/ld+json">{"@type":"Person","name":"Alistair Redwick","jobTitle":"Principal Consultant","email":"alistair@acme-widgets.co.uk","telephone":"+44 20 7946 0384"}</script>';
    const body =
      '<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jane Roe</span> <span itemprop="jobTitle">Chief Executive Officer</span><a itemprop="email" href="mailto:jane@acme-widgets.com">mail</a></div>';
    expect(peopleOn(body, head)).toEqual([
      {
        name: 'Alistair Redwick',
        title: 'Principal Consultant',
        email: 'alistair@acme-widgets.co.uk',
        phone: '+442079460384',
      },
      {
        name: 'Jane Roe',
        title: 'Chief Executive Officer',
        email: 'jane@acme-widgets.com',
        phone: null,
      },
    ]);
  });
});

describe('names and titles', () => {
  it.each([
    ['Dr. Marcus Delgado, DDS', 'Marcus Delgado'],
    ['Siobhán O’Dwyer', 'Siobhán O’Dwyer'],
    ['Astrid Lindgren-Bauer', 'Astrid Lindgren-Bauer'],
    ['Jan van der Berg', 'Jan van der Berg'],
    ['Chef Marco Bellini', 'Marco Bellini'],
    ['Jane Q. Public, P.Eng.', 'Jane Q. Public'],
    ['Managing Director', null],
    ['Real Estate', null],
    ['Karen W.', null],
    ['BOSTON', null],
    ['Seán Ó Ceallaigh', 'Seán Ó Ceallaigh'],
    ['Áine Ní Bhriain', 'Áine Ní Bhriain'],
    ['C.P. María José López', 'María José López'],
    ['Lic. Tomás Herrera', 'Tomás Herrera'],
    ['Arch. Paola Conti', 'Paola Conti'],
    ['DI Karin Berger', 'Karin Berger'],
    ['Di Stefano Rossi', 'Di Stefano Rossi'],
    ['Eng Wei Tan', 'Eng Wei Tan'],
    ['Chi Siamo', null],
    ['Chi Nguyen', 'Chi Nguyen'],
    ['Ihre Ansprechpersonen', null],
    ['Según Laura Pérez', null],
  ])('name %j → %j', (raw, expected) => {
    expect(cleanPersonName(raw)).toBe(expected);
  });

  it.each([
    ['Head of Communications, Lumenfold Health', 'Head of Communications'],
    ['CEO and Co-founder of Cobaltridge Security.', 'CEO and Co-founder'],
    ['VP of Sales, Kilnworth Software', 'VP of Sales'],
    ['Head of RevOps, Meridell Health', 'Head of RevOps'],
    ['Partner, Tax Advisory', 'Partner, Tax Advisory'],
    ['Chief Technology Officer in October 2024.', 'Chief Technology Officer'],
    ['Head Mechanic · March 12, 2025', 'Head Mechanic'],
    ['patient since 2023', null],
    ['Anschrift wie oben', null],
  ])('title %j → %j', (raw, expected) => {
    expect(cleanTitle(raw, { companyName: 'Lumenfold Health' })).toBe(expected);
  });

  it.each([
    ['Vice President of Preconstruction', 'Vice President of Preconstruction'],
    ['Vice President of Corvane Systems', 'Vice President'],
    ['President of Acme Widgets', 'President'],
    ['directora de ventas de Acme Widgets', 'directora de ventas'],
    ['Jefe de tráfico', 'Jefe de tráfico'],
    ['diretora comercial da Acme Widgets', 'diretora comercial'],
    ['directora comercial de Corvane S.L.', 'directora comercial'],
    ['Directora de Ventas & Marketing', 'Directora de Ventas & Marketing'],
    ['Joins Acme Widgets as CFO', null],
  ])('title %j → %j (employer Acme Widgets)', (raw, expected) => {
    expect(cleanTitle(raw, { companyName: 'Acme Widgets' })).toBe(expected);
  });
});

describe('titles in other languages', () => {
  it.each([
    [
      'Spanish, feminine',
      '<div><h3>Laura Pérez</h3><p>Directora comercial</p></div><div><h3>Marta Gil</h3><p>Abogada</p></div>',
      [
        ['Laura Pérez', 'Directora comercial'],
        ['Marta Gil', 'Abogada'],
      ],
    ],
    [
      'Portuguese',
      '<div><h3>Ana Costa</h3><p>Diretora de marketing</p></div><div><h3>Rui Lopes</h3><p>Consultor sénior</p></div>',
      [
        ['Ana Costa', 'Diretora de marketing'],
        ['Rui Lopes', 'Consultor sénior'],
      ],
    ],
    [
      'Italian',
      '<div><h3>Luca Bianchi</h3><p>Responsabile commerciale</p></div><div><h3>Sara Ricci</h3><p>Direttore tecnico</p></div>',
      [
        ['Luca Bianchi', 'Responsabile commerciale'],
        ['Sara Ricci', 'Direttore tecnico'],
      ],
    ],
    [
      'Dutch',
      '<dl><dt>Jan de Boer</dt><dd>Hoofd verkoop</dd><dt>Eva Smit</dt><dd>Eigenaar</dd></dl>',
      [
        ['Jan de Boer', 'Hoofd verkoop'],
        ['Eva Smit', 'Eigenaar'],
      ],
    ],
    [
      'German',
      '<div><h3>Anna Schmidt</h3><p>Leiterin Marketing</p></div><p>Geschäftsleitung: Max Huber</p>',
      [
        ['Anna Schmidt', 'Leiterin Marketing'],
        ['Max Huber', 'Geschäftsleitung'],
      ],
    ],
    [
      'French',
      '<div><h3>Claire Dubois</h3><p>Assistante de direction</p></div><div><h3>Hugo Martin</h3><p>Comptable</p></div>',
      [
        ['Claire Dubois', 'Assistante de direction'],
        ['Hugo Martin', 'Comptable'],
      ],
    ],
    [
      'schema.org jobTitle in sentence case',
      '<div itemscope itemtype="https://schema.org/Person"><h3 itemprop="name">Laura Pérez</h3><p itemprop="jobTitle">Directora general</p></div>',
      [['Laura Pérez', 'Directora general']],
    ],
    [
      'forms of address',
      '<div><h3>C.P. María José López</h3><h4>Contadora pública</h4></div><div><h3>DI Karin Berger</h3><p>Prokurist &amp; Leiter Technik</p></div>',
      [
        ['María José López', 'Contadora pública'],
        ['Karin Berger', 'Prokurist & Leiter Technik'],
      ],
    ],
    [
      'quote attribution drops the employer after "de"',
      '<p>Según Laura Pérez, directora de ventas de Acme, el mercado crece.</p><footer>© 2025 Acme S.L.</footer>',
      [['Laura Pérez', 'directora de ventas']],
    ],
  ])('%s', (_case, body, expected) => {
    expect(pairs(body)).toEqual(expected);
  });

  it.each([
    ['an Italian "About us" heading', '<h2>Chi Siamo</h2><p>Responsabile qualità</p>'],
    ['a German jobs heading', '<h2>Freie Stellen</h2><p>Vertriebsleiter (m/w/d)</p>'],
    [
      'a German "your contacts" heading',
      '<h2>Ihre Ansprechpersonen</h2><p>Geschäftsleitung: siehe unten</p>',
    ],
    ['a Spanish team heading', '<h2>Nuestro Equipo</h2><p>Gerente de proyecto</p>'],
  ])('ignores %s', (_case, body) => {
    expect(peopleOn(body)).toEqual([]);
  });
});

describe('card structure', () => {
  it.each([
    [
      'BEM role class above the name',
      '<div class="team-member"><p class="team-member__position">Head of Operations</p><h3>Laura Chen</h3></div><div class="team-member"><p class="team-member__position">Finance Lead</p><h3>Tom Baker</h3></div>',
      [
        ['Laura Chen', 'Head of Operations'],
        ['Tom Baker', 'Finance Lead'],
      ],
    ],
    [
      'role class named in Portuguese, a heading after the last card',
      '<div class="membro"><span class="cargo">Sócia-gerente</span><h4>Ana Costa</h4></div><div class="membro"><span class="cargo">Consultor sénior</span><h4>Rui Lopes</h4></div><h2>Contactos</h2>',
      [
        ['Ana Costa', 'Sócia-gerente'],
        ['Rui Lopes', 'Consultor sénior'],
      ],
    ],
    [
      'a name is not titled by the next card’s first line',
      '<div class="member"><p>Operations</p><h3>Laura Chen</h3></div><div class="member"><p>Finance Lead</p><h3>Tom Baker</h3></div>',
      [],
    ],
    [
      'a description belongs to the term before it',
      '<dl><dt>Jan de Boer</dt><dd>Algemeen directeur</dd><dt>Eva Smit</dt><dd>werkvoorbereiding en planning</dd></dl>',
      [['Jan de Boer', 'Algemeen directeur']],
    ],
    [
      'a BEM modifier on the role class',
      '<div class="team-member"><p class="team-member__role--lead">Head of Operations</p><h3>Laura Chen</h3></div>',
      [['Laura Chen', 'Head of Operations']],
    ],
    [
      'a layout utility is not a role class',
      '<div class="card position-relative"><p>Read more</p><h5>Laura Chen</h5></div>',
      [],
    ],
    [
      'a field edge ends the name',
      '<figure><figcaption><strong>Paola Conti</strong><span>Project manager</span></figcaption></figure>',
      [['Paola Conti', 'Project manager']],
    ],
    [
      'a name split over two elements',
      '<p><span>Naomi</span> <strong>Forde</strong>, CEO</p>',
      [['Naomi Forde', 'CEO']],
    ],
    [
      'a linked name in a news headline',
      '<h2><a href="/news/1">Laura Chen</a> Joins Acme as CFO</h2>',
      [['Laura Chen', 'CFO']],
    ],
    [
      'a vice president of a function',
      '<div><h3>Laura Chen</h3><p>Vice President of Preconstruction</p></div>',
      [['Laura Chen', 'Vice President of Preconstruction']],
    ],
    [
      'an Irish name in a table row',
      '<table><tr><td>Seán Ó Ceallaigh</td><td>Associate Director, Bridges</td></tr></table>',
      [['Seán Ó Ceallaigh', 'Associate Director, Bridges']],
    ],
  ])('%s', (_case, body, expected) => {
    expect(pairs(body)).toEqual(expected);
  });
});

describe('product cards are not people', () => {
  it.each([
    ['lead time', '<div class="card"><h3>Fjord Chartplotter</h3><p>Lead time: 2 weeks</p></div>'],
    [
      'collection',
      '<div class="card"><h3>Aurora Pendant</h3><p>Designer collection, limited run</p></div>',
    ],
  ])('%s', (_case, body) => {
    expect(peopleOn(body)).toEqual([]);
  });
});

describe('card noise around names', () => {
  it.each([
    [
      'pronouns',
      '<div><h3>Jane Doe (she/her)</h3><p>Head of Operations</p></div>',
      [['Jane Doe', 'Head of Operations']],
    ],
    [
      'icon label',
      '<div><h3>Jane Doe <span class="sr-only">LinkedIn</span></h3><p>Head of Operations</p></div>',
      [['Jane Doe', 'Head of Operations']],
    ],
    [
      'a section title is not a role',
      '<h2 class="section-title">Our Team</h2><h3>Jane Doe</h3><p>Loves hiking and long lunches.</p>',
      [],
    ],
  ])('%s', (_case, body, expected) => {
    expect(pairs(body)).toEqual(expected);
  });
});
