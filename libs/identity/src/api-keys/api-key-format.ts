import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

export type KeyEnvironment = 'live' | 'test';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const KEY_SHAPE = /^qk_(live|test)_([0-9A-Za-z]{32,64})$/;

function toBase62(value: number, width: number): string {
  let out = '';
  for (let v = value; out.length < width; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out;
}

function randomBase62(length: number): string {
  // Rejection sampling keeps every character equally likely.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

const checksumOf = (prefixAndRandom: string) => toBase62(crc32(prefixAndRandom), CHECKSUM_LENGTH);

export interface GeneratedApiKey {
  /** Shown to the user once, never stored. */
  readonly secret: string;
  /** `qk_live_` or `qk_test_`. */
  readonly prefix: string;
  /** Last four characters, to recognise a key in a list. */
  readonly hint: string;
}

/** `qk_<env>_` + 32 random base62 characters + a 6-character CRC32 checksum. */
export function generateApiKey(environment: KeyEnvironment): GeneratedApiKey {
  const prefix = `qk_${environment}_`;
  const random = randomBase62(RANDOM_LENGTH);
  const secret = `${prefix}${random}${checksumOf(prefix + random)}`;
  return { secret, prefix, hint: secret.slice(-4) };
}

export type ParsedApiKey =
  | { readonly ok: true; readonly environment: KeyEnvironment }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_checksum' };

/** Rejects a mistyped key before any lookup. */
export function parseApiKey(candidate: string): ParsedApiKey {
  const match = KEY_SHAPE.exec(candidate);
  if (!match) return { ok: false, reason: 'malformed' };
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  const checksum = candidate.slice(-CHECKSUM_LENGTH);
  const expected = checksumOf(body);
  if (!timingSafeEqual(Buffer.from(checksum), Buffer.from(expected)))
    return { ok: false, reason: 'bad_checksum' };
  return { ok: true, environment: match[1] as KeyEnvironment };
}

/** Keys are stored only as an HMAC with a server-side pepper: a leaked table reveals nothing usable. */
export function hashApiKey(secret: string, pepper: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}
