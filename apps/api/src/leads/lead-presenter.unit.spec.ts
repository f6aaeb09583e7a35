import { firstProfiles, networkOf } from './lead-presenter';
import { likeSubstring } from './list-leads';

describe('networkOf', () => {
  it.each([
    ['https://www.linkedin.com/in/janedoe', 'linkedin'],
    ['https://uk.linkedin.com/company/acme', 'linkedin'],
    ['https://x.com/janedoe', 'twitter'],
    ['https://twitter.com/janedoe', 'twitter'],
    ['https://www.facebook.com/acme', 'facebook'],
    ['https://m.facebook.com/acme', 'facebook'],
    ['https://instagram.com/acme', 'instagram'],
    ['https://www.youtube.com/@acme', 'youtube'],
    ['https://github.com/acme', 'github'],
    ['https://notlinkedin.com/in/janedoe', null],
    ['https://linkedin.com.evil.example/in/janedoe', null],
    ['https://box.com/acme', null],
    ['not a url', null],
  ])('%s is %s', (url, network) => {
    expect(networkOf(url)).toBe(network);
  });
});

describe('firstProfiles', () => {
  it('keeps the first profile of each network, null for the others', () => {
    expect(
      firstProfiles([
        'https://www.linkedin.com/company/acme',
        'https://x.com/acme',
        'https://www.linkedin.com/in/janedoe',
        'https://twitter.com/acme_old',
      ]),
    ).toEqual({
      linkedin: 'https://www.linkedin.com/company/acme',
      twitter: 'https://x.com/acme',
      facebook: null,
      instagram: null,
      youtube: null,
      github: null,
    });
  });
});

describe('likeSubstring', () => {
  it.each([
    ['acme', '%acme%'],
    ['100%', '%100\\%%'],
    ['sales_team', '%sales\\_team%'],
    ['a\\b', '%a\\\\b%'],
  ])('%s matches literally as %s', (text, pattern) => {
    expect(likeSubstring(text)).toBe(pattern);
  });
});
