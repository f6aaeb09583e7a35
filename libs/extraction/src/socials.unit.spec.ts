import { extractPage } from './extract-page';
import { canonicalSocialProfile, canonicalSocialUrl } from './socials';

describe('canonical social profile URLs', () => {
  it.each([
    [
      'LinkedIn company, trailing slash',
      'https://www.linkedin.com/company/brightmoor-analytics/',
      'https://www.linkedin.com/company/brightmoor-analytics',
    ],
    [
      'LinkedIn person, country subdomain',
      'https://uk.linkedin.com/in/alistair-redwick/',
      'https://www.linkedin.com/in/alistair-redwick',
    ],
    [
      'LinkedIn query stripped',
      'https://www.linkedin.com/in/hannahcole-growth?originalSubdomain=uk',
      'https://www.linkedin.com/in/hannahcole-growth',
    ],
    [
      'LinkedIn sub-page stripped',
      'https://www.linkedin.com/company/acme-widgets/jobs/',
      'https://www.linkedin.com/company/acme-widgets',
    ],
    ['twitter.com becomes x.com', 'https://twitter.com/quillfeather', 'https://x.com/quillfeather'],
    [
      'twitter query stripped, case kept',
      'https://twitter.com/FernhollowHQ?lang=en',
      'https://x.com/FernhollowHQ',
    ],
    ['mobile twitter', 'https://mobile.twitter.com/acmehq/', 'https://x.com/acmehq'],
    ['old hashbang twitter link', 'https://twitter.com/#!/acmehq', 'https://x.com/acmehq'],
    [
      'Facebook case kept',
      'https://www.facebook.com/BrackenridgeOutdoor',
      'https://www.facebook.com/BrackenridgeOutdoor',
    ],
    [
      'Facebook m. and sub-page',
      'https://m.facebook.com/acmewidgets/about/',
      'https://www.facebook.com/acmewidgets',
    ],
    ['fb.com', 'https://fb.com/acmewidgets', 'https://www.facebook.com/acmewidgets'],
    [
      'Facebook profile.php id',
      'https://www.facebook.com/profile.php?id=100064123456789',
      'https://www.facebook.com/100064123456789',
    ],
    [
      'Instagram without www, query',
      'https://instagram.com/fernhollow.io/?hl=en',
      'https://www.instagram.com/fernhollow.io',
    ],
    [
      'YouTube handle without www',
      'https://youtube.com/@fernhollow',
      'https://www.youtube.com/@fernhollow',
    ],
    [
      'YouTube /videos stripped',
      'https://www.youtube.com/@halcyonsummit/videos',
      'https://www.youtube.com/@halcyonsummit',
    ],
    [
      'YouTube channel id',
      'https://www.youtube.com/channel/UC1234567890abcdef/featured',
      'https://www.youtube.com/channel/UC1234567890abcdef',
    ],
    [
      'YouTube /c/',
      'https://youtube.com/c/AcmeWidgets/shorts',
      'https://www.youtube.com/c/AcmeWidgets',
    ],
    ['GitHub org', 'https://github.com/fernhollow/', 'https://github.com/fernhollow'],
    [
      'protocol-relative',
      '//www.instagram.com/acme.widgets',
      'https://www.instagram.com/acme.widgets',
    ],
  ])('%s', (_case, url, expected) => {
    expect(canonicalSocialUrl(url)).toBe(expected);
  });

  it.each([
    ['tweet intent', 'https://twitter.com/intent/tweet?text=hi&via=acme'],
    ['x.com post intent', 'https://x.com/intent/post?text=hi'],
    ['twitter share', 'https://twitter.com/share?url=x'],
    ['hashtag', 'https://twitter.com/hashtag/HalcyonSummit25?src=hash'],
    ['status', 'https://twitter.com/acmehq/status/1234567890'],
    ['Facebook sharer', 'https://www.facebook.com/sharer/sharer.php?u=x'],
    ['Facebook sharer.php', 'https://www.facebook.com/sharer.php?u=x'],
    ['Meta pixel', 'https://www.facebook.com/tr?id=918273645501234&ev=PageView'],
    ['Facebook post', 'https://www.facebook.com/acmewidgets/posts/123456'],
    ['LinkedIn shareArticle', 'https://www.linkedin.com/shareArticle?mini=true&url=x'],
    ['LinkedIn share-offsite', 'https://www.linkedin.com/sharing/share-offsite/?url=x'],
    ['LinkedIn post', 'https://www.linkedin.com/posts/acme_activity-123'],
    ['Instagram post', 'https://www.instagram.com/p/Cxyz123/'],
    ['Instagram explore', 'https://www.instagram.com/explore/tags/coffee/'],
    ['YouTube embed', 'https://www.youtube.com/embed/Xq7PzR2kT1w?feature=oembed'],
    ['YouTube watch', 'https://www.youtube.com/watch?v=Xq7PzR2kT1w'],
    ['youtu.be', 'https://youtu.be/Xq7PzR2kT1w'],
    ['YouTube shorts', 'https://www.youtube.com/shorts/abc123'],
    ['GitHub repository', 'https://github.com/acme/widgets'],
    ['XING', 'https://www.xing.com/pages/kestrelpoint-software'],
    ['Pinterest', 'https://www.pinterest.com/glimmerstonejewelry/'],
    ['TikTok', 'https://www.tiktok.com/@acme'],
    ['lookalike host', 'https://notfacebook.com/acme'],
    ['not a URL', 'javascript:void(0)'],
  ])('%s is not a profile', (_case, url) => {
    expect(canonicalSocialUrl(url)).toBeNull();
  });

  it('names the network', () => {
    expect(canonicalSocialProfile('https://x.com/acme')).toEqual({
      network: 'twitter',
      url: 'https://x.com/acme',
    });
  });
});

describe('profiles on a page', () => {
  it('reads links, rel=me and JSON-LD sameAs, de-duplicated case-insensitively; not plain-text @handles', () => {
    const html = `<html><head><link rel="me" href="https://x.com/aredwick">
      <script type="application/ld+json">{"@type":"Organization","sameAs":["https://www.instagram.com/acme.widgets/","https://www.youtube.com/@acme"]}</script></head>
      <body><a href="https://twitter.com/ARedwick">X</a><a href="https://instagram.com/acme.widgets">IG</a><p>Follow @acmehq</p></body></html>`;
    expect(extractPage({ html, url: 'https://acme-widgets.com/' }).socials).toEqual({
      linkedin: [],
      twitter: ['https://x.com/ARedwick'],
      facebook: [],
      instagram: ['https://www.instagram.com/acme.widgets'],
      youtube: ['https://www.youtube.com/@acme'],
      github: [],
    });
  });
});
