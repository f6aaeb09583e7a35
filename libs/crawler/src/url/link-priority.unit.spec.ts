import { linkPriority } from './link-priority';

const priority = (path: string) => linkPriority(new URL(path, 'https://example.com'));

describe('linkPriority', () => {
  it.each([
    ['/contact.html', 3],
    ['/contact-us/', 3],
    ['/en/Contacts', 3],
    ['/kontakt', 3],
    ['/de/kontaktformular.html', 3],
    ['/contatti', 3],
    ['/contacto', 3],
    ['/impressum', 3],
    ['/about.html', 2],
    ['/about-us', 2],
    ['/team.html', 2],
    ['/company/leadership', 2],
    ['/de/ueber-uns', 2],
    ['/de/%C3%BCber-uns', 2],
    ['/fr/qui-sommes-nous', 2],
    ['/fr/%C3%A9quipe', 2],
    ['/es/quienes-somos', 2],
    ['/nl/over-ons', 2],
    ['/careers.html', 1],
    ['/careers/mechanic.html', 1],
    ['/jobs', 1],
    ['/karriere', 1],
    ['/fr/carri%C3%A8res', 1],
    ['/press-kit.html', 1],
    ['/', 0],
    ['/index.html', 0],
    ['/services.html', 0],
    ['/blog/gravel-season.html', 0],
    ['/wordpress/express', 0],
  ])('%s → %d', (path, expected) => {
    expect(priority(path)).toBe(expected);
  });

  it('takes the best segment', () => {
    expect(priority('/blog/contact-the-team')).toBe(3);
    expect(priority('/careers/contact')).toBe(3);
  });

  it('ignores the query string and the host', () => {
    expect(linkPriority(new URL('https://contact.example.com/?page=about'))).toBe(0);
  });
});
