import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Prefixed, random, URL-safe ids such as `org_3k9…` (20 characters ≈ 103 bits). */
export function newId(prefix: 'org' | 'key' | 'job' | 'lead'): string {
  let body = '';
  while (body.length < 20) {
    // 252 = 7 × 36: bytes above it are dropped so every character is equally likely.
    for (const byte of randomBytes(24))
      if (byte < 252 && body.length < 20) body += ALPHABET[byte % 36];
  }
  return `${prefix}_${body}`;
}
