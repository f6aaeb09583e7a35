import { deobfuscateEmails } from './email-obfuscation';
import { isKnownTld } from './tlds';

const LOCAL_CHAR = /[A-Za-z0-9._%+'-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;
export const LOCAL_PART = /^[a-z0-9._%+'-]{1,64}$/;
export const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Retina/density suffixes of image names: `logo@2x.png`, `hero@1.5x.jpg`. */
export const DENSITY_SUFFIX = /^\d{1,2}(?:\.\d{1,2})?x$/;
/** A Sentry DSN key or similar token: long hex is never somebody's mailbox. */
export const HEX_TOKEN = /^[0-9a-f]{24,64}$/;

const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'avif',
  'svg',
  'ico',
  'bmp',
  'tif',
  'tiff',
  'heic',
  'css',
  'js',
  'mjs',
  'cjs',
  'ts',
  'json',
  'map',
  'xml',
  'pdf',
  'mp4',
  'webm',
  'mov',
  'mp3',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'zip',
  'gz',
  'txt',
  'html',
  'htm',
  'php',
]);

/** Domains that only ever appear in templates, docs and tracking DSNs. */
const PLACEHOLDER_DOMAINS = new Set([
  'domain.com',
  'domain.tld',
  'email.com',
  'yourdomain.com',
  'yourcompany.com',
  'company.com',
  'yoursite.com',
  'mysite.com',
  'website.com',
  'site.com',
  'test.com',
  'sample.com',
  'mydomain.com',
  'yourbusiness.com',
  'business.com',
  'acme.com',
  'emailaddress.com',
  'somewhere.com',
  'somedomain.com',
  'anydomain.com',
]);
const TRACKING_DOMAINS =
  /(?:^|\.)(?:sentry\.io|sentry-next\.wixpress\.com|wixpress\.com|ingest\.us\.sentry\.io)$/;

/** Template local parts: `you@`, `yourname@`, `firstname.lastname@`, `email@`… */
const PLACEHOLDER_LOCALS = new Set([
  'you',
  'your',
  'yourname',
  'your.name',
  'your-name',
  'your_name',
  'youremail',
  'your.email',
  'yourmail',
  'name',
  'firstname',
  'first.name',
  'first_name',
  'first-name',
  'firstname.lastname',
  'firstname_lastname',
  'firstname-lastname',
  'first.last',
  'firstlast',
  'lastname',
  'surname',
  'fname.lname',
  'fname',
  'email',
  'e-mail',
  'user',
  'username',
  'someone',
  'somebody',
  'john.doe',
  'jane.doe',
  'johndoe',
  'janedoe',
  'example',
  'test',
  'xxx',
  'foo',
  'bar',
  'foobar',
  'git',
]);
export const TEMPLATE_LOCAL = /^your[._-]?(?:name|e?-?mail|address|company|first|last|user)/;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isPlaceholder(local: string, domain: string): boolean {
  if (PLACEHOLDER_DOMAINS.has(domain) || TRACKING_DOMAINS.test(domain)) return true;
  // example.com, example.org, example.co.uk, …
  if (/^(?:[a-z0-9-]{1,63}\.)?example\.[a-z.]{2,12}$/.test(domain)) return true;
  // yourcompany.com, yourbrand.co.uk, your-domain.com…
  if (
    /^your-?(?:company|domain|brand|site|website|business|name|email|mail|shop|store|firm|agency|org)\.[a-z.]{2,12}$/.test(
      domain,
    )
  )
    return true;
  return PLACEHOLDER_LOCALS.has(local) || TEMPLATE_LOCAL.test(local);
}

/**
 * The canonical form of an address (lower case, no `mailto:`, no
 * percent-encoding), or null when it is not a plausible mailbox: invalid
 * syntax or TLD, image names, package specs, placeholders, DSN keys.
 */
export function normalizeEmail(raw: string): string | null {
  if (raw.length > 400) return null;
  let text = raw.trim().replace(/^mailto:/i, '');
  if (text.includes('%')) text = safeDecode(text);
  text = text
    .trim()
    .replace(/^[<("'[\s]+/, '')
    .replace(/[>)"'\]\s.,;:!?]+$/, '')
    .toLowerCase();
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (
    !LOCAL_PART.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  )
    return null;
  if (domain.length > 253 || domain.startsWith('www.')) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.length > 10 || !labels.every((l) => DOMAIN_LABEL.test(l)))
    return null;
  const tld = labels[labels.length - 1];
  if (!/^[a-z]{2,24}$/.test(tld) || !isKnownTld(tld) || FILE_EXTENSIONS.has(tld)) return null;
  if (DENSITY_SUFFIX.test(labels[0]) || HEX_TOKEN.test(local)) return null;
  if (isPlaceholder(local, domain)) return null;
  return `${local}@${domain}`;
}

/** Bounded windows over long text, overlapping by more than any address is long. */
export function* windows(text: string, size = 8_192, overlap = 320): Generator<string> {
  if (text.length <= size) {
    yield text;
    return;
  }
  for (let start = 0; start < text.length; start += size - overlap) {
    yield text.slice(start, start + size);
    if (start + size >= text.length) return;
  }
}

/**
 * Addresses written in plain text, found by expanding around each `@`
 * (no backtracking regex). Addresses that are part of a URL (`https://key@host`),
 * a git remote (`git@host:org/repo`) or a path are skipped.
 */
export function findEmailsInText(text: string): string[] {
  const found: string[] = [];
  for (const window of windows(text)) {
    let at = window.indexOf('@');
    while (at !== -1) {
      let start = at;
      while (start > 0 && at - start < 64 && LOCAL_CHAR.test(window[start - 1])) start--;
      let end = at + 1;
      while (end < window.length && end - at < 254 && DOMAIN_CHAR.test(window[end])) end++;
      const before = window[start - 1] ?? ' ';
      const after = window.slice(end, end + 2);
      const inUrl = before === '/' || /^[:/][^\s]/.test(after);
      if (!inUrl && start < at && end > at + 1) {
        const email = normalizeEmail(window.slice(start, end));
        if (email) found.push(email);
      }
      at = window.indexOf('@', at + 1);
    }
  }
  return found;
}

/** Addresses in text after undoing `[at]`/`(dot)`/spoken disguises. */
export function emailsInText(text: string): string[] {
  return findEmailsInText(deobfuscateEmails(text));
}

/** Every recipient of a `mailto:` link: the path, `to=`, `cc=` and `bcc=`, comma- or semicolon-separated. */
export function emailsFromMailto(href: string): string[] {
  const trimmed = href.trim();
  if (!/^mailto:/i.test(trimmed)) return [];
  const rest = trimmed.slice(7, 4_000);
  const q = rest.indexOf('?');
  const recipients = [safeDecode(q === -1 ? rest : rest.slice(0, q))];
  if (q !== -1) {
    for (const pair of rest
      .slice(q + 1)
      .split('&')
      .slice(0, 20)) {
      const [key, value = ''] = pair.split('=');
      if (/^(?:to|cc|bcc)$/i.test(key)) recipients.push(safeDecode(value.replace(/\+/g, ' ')));
    }
  }
  return recipients
    .flatMap((r) => r.split(/[,;]/))
    .map((r) => normalizeEmail(r))
    .filter((e): e is string => e !== null);
}

/** Cloudflare email protection: the first byte is the XOR key of the rest. */
export function decodeCloudflareEmail(hex: string): string | null {
  const clean = hex.trim();
  if (clean.length < 4 || clean.length > 512 || clean.length % 2 || !/^[0-9a-f]+$/i.test(clean))
    return null;
  const key = parseInt(clean.slice(0, 2), 16);
  const bytes: number[] = [];
  for (let i = 2; i < clean.length; i += 2) bytes.push(parseInt(clean.slice(i, i + 2), 16) ^ key);
  return normalizeEmail(Buffer.from(bytes).toString('utf8'));
}

/** `/cdn-cgi/l/email-protection#HEX` hrefs carry the same encoding in the fragment. */
export function emailFromCloudflareHref(href: string): string | null {
  const match = /\/cdn-cgi\/l\/email-protection#([0-9a-f]{4,512})/i.exec(href.slice(0, 1_000));
  return match ? decodeCloudflareEmail(match[1]) : null;
}
