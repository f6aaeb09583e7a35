import type { SocialNetwork, Socials } from './page-extraction';
import { emptySocials } from './page-extraction';

export interface SocialProfile {
  readonly network: SocialNetwork;
  /** Canonical profile URL (https, canonical host, no query, no trailing slash). */
  readonly url: string;
}

/** Path segments that are site features, not accounts. */
const TWITTER_RESERVED = new Set([
  'intent',
  'share',
  'hashtag',
  'search',
  'explore',
  'home',
  'i',
  'settings',
  'login',
  'signup',
  'messages',
  'notifications',
  'compose',
  'tos',
  'privacy',
  'about',
  'download',
  'following',
  'followers',
  'lists',
  'topics',
  'widgets',
  'account',
  'oauth',
  'logout',
  'jobs',
  'en',
  'help',
]);
const FACEBOOK_RESERVED = new Set([
  'sharer',
  'sharer.php',
  'share',
  'share.php',
  'tr',
  'dialog',
  'plugins',
  'login',
  'login.php',
  'hashtag',
  'events',
  'groups',
  'watch',
  'photo',
  'photo.php',
  'photos',
  'story.php',
  'permalink.php',
  'posts',
  'reel',
  'reels',
  'videos',
  'video.php',
  'help',
  'policies',
  'privacy',
  'legal',
  'about',
  'business',
  'ads',
  'marketplace',
  'gaming',
  'fundraisers',
  'search',
  'home.php',
  'l.php',
  'media',
  'notes',
  'places',
  'pages',
  'public',
  'stories',
  'settings',
  'messages',
  'live',
  'terms',
  'careers',
  'badges',
  'donate',
  'campaign',
  'offsite',
  'profile.php',
]);
/** Facebook sub-paths that point to one piece of content rather than the page. */
const FACEBOOK_CONTENT = new Set([
  'posts',
  'videos',
  'photos',
  'photo',
  'story',
  'reel',
  'reels',
  'events',
  'permalink',
]);
const INSTAGRAM_RESERVED = new Set([
  'p',
  'reel',
  'reels',
  'tv',
  'stories',
  'explore',
  'accounts',
  'direct',
  'about',
  'legal',
  'developer',
  'web',
  'share',
  'embed.js',
  'static',
]);
const GITHUB_RESERVED = new Set([
  'features',
  'about',
  'pricing',
  'sponsors',
  'login',
  'join',
  'marketplace',
  'topics',
  'explore',
  'settings',
  'collections',
  'trending',
  'apps',
  'enterprise',
  'security',
  'site',
  'contact',
  'customer-stories',
  'readme',
  'events',
  'notifications',
  'new',
  'search',
  'pulls',
  'issues',
  'codespaces',
  'team',
  'home',
  'signup',
  'logout',
  'blog',
  'careers',
  'mobile',
  'nonprofit',
  'education',
  'resources',
  'solutions',
  'why-github',
  'git-guides',
  'premium-support',
  'orgs',
]);
const LINKEDIN_SECTIONS = new Set(['in', 'company']);

export const TWITTER_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
export const INSTAGRAM_HANDLE = /^[A-Za-z0-9._]{1,30}$/;
export const FACEBOOK_NAME = /^[A-Za-z0-9.\-_]{2,100}$/;
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
export const LINKEDIN_SLUG = /^[\p{L}\p{N}_%.\-&']{2,100}$/u;
export const YOUTUBE_HANDLE = /^@[\p{L}\p{N}._-]{2,100}$/u;
export const YOUTUBE_ID = /^[A-Za-z0-9_\-.]{2,100}$/;

function parseUrl(raw: string): URL | null {
  let text = raw.trim();
  if (text.length > 2_000) return null;
  if (text.startsWith('//')) text = `https:${text}`;
  else if (!/^[a-z][a-z0-9+.-]{0,20}:/i.test(text)) text = `https://${text}`;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function segmentsOf(url: URL): string[] {
  // Old "hashbang" profile links keep the path in the fragment: twitter.com/#!/acme.
  const path =
    url.pathname === '/' && url.hash.startsWith('#!/') ? url.hash.slice(2) : url.pathname;
  return path
    .split('/')
    .filter(Boolean)
    .slice(0, 8)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

const hostIs = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

function linkedin(segments: string[]): string | null {
  const [section, slug] = segments;
  if (
    !section ||
    !LINKEDIN_SECTIONS.has(section.toLowerCase()) ||
    !slug ||
    !LINKEDIN_SLUG.test(slug)
  )
    return null;
  return `https://www.linkedin.com/${section.toLowerCase()}/${encodeURI(slug)}`;
}

function twitter(segments: string[]): string | null {
  const [handle, sub] = segments;
  if (!handle || !TWITTER_HANDLE.test(handle) || TWITTER_RESERVED.has(handle.toLowerCase()))
    return null;
  // A post (`/status/…`) is content, not the profile.
  if (sub && /^(?:status|statuses|moments|broadcasts)$/i.test(sub)) return null;
  return `https://x.com/${handle}`;
}

function facebook(segments: string[], url: URL): string | null {
  const [first, second] = segments;
  if (!first) return null;
  if (first.toLowerCase() === 'profile.php') {
    const id = url.searchParams.get('id');
    return id && /^\d{5,20}$/.test(id) ? `https://www.facebook.com/${id}` : null;
  }
  if (first.toLowerCase() === 'people' || first.toLowerCase() === 'pg') {
    return second && FACEBOOK_NAME.test(second) ? `https://www.facebook.com/${second}` : null;
  }
  if (FACEBOOK_RESERVED.has(first.toLowerCase()) || !FACEBOOK_NAME.test(first)) return null;
  if (second && FACEBOOK_CONTENT.has(second.toLowerCase()) && segments.length > 2) return null;
  return `https://www.facebook.com/${first}`;
}

function instagram(segments: string[]): string | null {
  const [handle] = segments;
  if (!handle || !INSTAGRAM_HANDLE.test(handle) || INSTAGRAM_RESERVED.has(handle.toLowerCase()))
    return null;
  return `https://www.instagram.com/${handle}`;
}

function youtube(segments: string[]): string | null {
  const [first, second] = segments;
  if (!first) return null;
  if (first.startsWith('@'))
    return YOUTUBE_HANDLE.test(first) ? `https://www.youtube.com/${encodeURI(first)}` : null;
  const kind = first.toLowerCase();
  if ((kind === 'channel' || kind === 'c' || kind === 'user') && second && YOUTUBE_ID.test(second))
    return `https://www.youtube.com/${kind}/${second}`;
  return null;
}

function github(segments: string[]): string | null {
  // `github.com/orgs/<org>/…` is the organisation's own page.
  const [login, repo] = segments[0]?.toLowerCase() === 'orgs' ? segments.slice(1, 2) : segments;
  if (!login || !GITHUB_LOGIN.test(login) || GITHUB_RESERVED.has(login.toLowerCase())) return null;
  // `github.com/org/repo` is a repository, not the account.
  if (repo) return null;
  return `https://github.com/${login}`;
}

/**
 * The canonical profile URL of a LinkedIn, X/Twitter, Facebook, Instagram,
 * YouTube or GitHub link, or null when the link is not a profile (share and
 * intent links, tracking pixels, posts, videos, hashtags, repositories, other
 * networks). Path case is kept; compare handles case-insensitively.
 */
/** Cheap test before parsing: most links on a page point elsewhere. */
const SOCIAL_HOST_HINT = /linkedin|twitter|x\.com|facebook|fb\.com|instagram|youtube|github/i;

export function canonicalSocialProfile(raw: string): SocialProfile | null {
  if (!SOCIAL_HOST_HINT.test(raw.slice(0, 200))) return null;
  const url = parseUrl(raw);
  if (!url) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const segments = segmentsOf(url);
  let network: SocialNetwork;
  let canonical: string | null;
  if (hostIs(host, 'linkedin.com')) {
    network = 'linkedin';
    canonical = linkedin(segments);
  } else if (hostIs(host, 'twitter.com') || hostIs(host, 'x.com')) {
    network = 'twitter';
    canonical = twitter(segments);
  } else if (hostIs(host, 'facebook.com') || host === 'fb.com' || host === 'www.fb.com') {
    if (
      !/^(?:www\.|m\.|web\.|mobile\.|touch\.|[a-z]{2}-[a-z]{2}\.)?(?:facebook|fb)\.com$/.test(host)
    )
      return null;
    network = 'facebook';
    canonical = facebook(segments, url);
  } else if (hostIs(host, 'instagram.com')) {
    if (!/^(?:www\.|m\.)?instagram\.com$/.test(host)) return null;
    network = 'instagram';
    canonical = instagram(segments);
  } else if (hostIs(host, 'youtube.com')) {
    if (!/^(?:www\.|m\.)?youtube\.com$/.test(host)) return null;
    network = 'youtube';
    canonical = youtube(segments);
  } else if (host === 'github.com' || host === 'www.github.com') {
    network = 'github';
    canonical = github(segments);
  } else {
    return null;
  }
  return canonical ? { network, url: canonical } : null;
}

/** {@link canonicalSocialProfile}'s URL alone. */
export function canonicalSocialUrl(raw: string): string | null {
  return canonicalSocialProfile(raw)?.url ?? null;
}

/** Profiles grouped by network, de-duplicated case-insensitively, in order of appearance. */
export function groupProfiles(urls: Iterable<string>): Socials {
  const socials = emptySocials();
  const seen = new Set<string>();
  for (const raw of urls) {
    const profile = canonicalSocialProfile(raw);
    if (!profile) continue;
    const key = profile.url.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    socials[profile.network].push(profile.url);
  }
  return socials;
}
