import { generateApiKey, hashApiKey, parseApiKey } from './api-key-format';

describe('API key format', () => {
  it.each(['live', 'test'] as const)('generates %s keys that parse back', (environment) => {
    const key = generateApiKey(environment);
    expect(key.secret).toMatch(new RegExp(`^qk_${environment}_[0-9A-Za-z]{38}$`));
    expect(key.hint).toBe(key.secret.slice(-4));
    expect(parseApiKey(key.secret)).toEqual({ ok: true, environment });
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey('live').secret));
    expect(keys.size).toBe(1000);
  });

  it('rejects a single mistyped character through the checksum', () => {
    const { secret } = generateApiKey('live');
    const i = 12;
    const typo = secret.slice(0, i) + (secret[i] === 'a' ? 'b' : 'a') + secret.slice(i + 1);
    expect(parseApiKey(typo)).toEqual({ ok: false, reason: 'bad_checksum' });
  });

  it.each([
    ['empty', ''],
    ['another vendor', 'sk_live_abcdefabcdefabcdefabcdefabcdefabcdef'],
    ['unknown environment', 'qk_prod_abcdefabcdefabcdefabcdefabcdefabcdef'],
    ['too short', 'qk_live_abc123'],
    ['bad characters', 'qk_live_abcdefabcdefabcdefabcdefabcdef-bcdef'],
  ])('rejects a malformed key (%s)', (_label, candidate) => {
    expect(parseApiKey(candidate)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('hashes with the pepper: same key and pepper agree, another pepper does not', () => {
    const { secret } = generateApiKey('live');
    expect(hashApiKey(secret, 'p'.repeat(32))).toBe(hashApiKey(secret, 'p'.repeat(32)));
    expect(hashApiKey(secret, 'p'.repeat(32))).not.toBe(hashApiKey(secret, 'q'.repeat(32)));
    expect(hashApiKey(secret, 'p'.repeat(32))).not.toContain(secret);
  });
});
