import type { QuarryError } from '@quarry/errors';
import {
  decideApiKey,
  evolveApiKey,
  initialApiKeyState,
  ROTATION_OVERLAP_MS,
} from './api-key.decider';
import type { ApiKeyCommand } from './api-key.decider';

const now = new Date('2026-11-23T10:00:00Z');
const create = (overrides: Partial<ApiKeyCommand['data']> = {}): ApiKeyCommand => ({
  type: 'CreateApiKey',
  data: {
    keyId: 'key_1',
    orgId: 'org_1',
    name: 'CI',
    scopes: ['jobs:read', 'jobs:read', 'audit:read'],
    environment: 'live',
    keyHash: 'h',
    prefix: 'qk_live_',
    hint: 'abcd',
    expiresAt: null,
    now,
    ...overrides,
  },
});

describe('API key decider', () => {
  it('given nothing, when CreateApiKey, then ApiKeyCreated with distinct scopes and no secret', () => {
    const [event] = decideApiKey(create(), initialApiKeyState);
    expect(event).toEqual({
      type: 'ApiKeyCreated',
      data: {
        keyId: 'key_1',
        orgId: 'org_1',
        name: 'CI',
        scopes: ['jobs:read', 'audit:read'],
        environment: 'live',
        keyHash: 'h',
        prefix: 'qk_live_',
        hint: 'abcd',
        expiresAt: null,
        createdAt: now.toISOString(),
      },
    });
  });

  it.each([
    ['an unknown scope', { scopes: ['jobs:read', 'root'] }, 'unknown scope root'],
    ['no scope', { scopes: [] }, 'scopes must name at least one scope'],
    ['an empty name', { name: ' ' }, 'name must be 1 to 100 characters'],
    [
      'an expiry in the past',
      { expiresAt: new Date(now.getTime() - 1000) },
      'expires_at must be in the future',
    ],
  ])('refuses %s', (_label, overrides, message) => {
    expect(() => decideApiKey(create(overrides), initialApiKeyState)).toThrow(
      expect.objectContaining({ code: 'invalid_request', message }) as QuarryError,
    );
  });

  it('given a created key, when CreateApiKey with its id again, then conflict', () => {
    const state = decideApiKey(create(), initialApiKeyState).reduce(
      evolveApiKey,
      initialApiKeyState,
    );
    expect(() => decideApiKey(create(), state)).toThrow(
      expect.objectContaining({ code: 'conflict' }) as QuarryError,
    );
  });
});

describe('API key revocation', () => {
  const created = decideApiKey(create(), initialApiKeyState).reduce(
    evolveApiKey,
    initialApiKeyState,
  );
  const revoke: ApiKeyCommand = { type: 'RevokeApiKey', data: { keyId: 'key_1', now } };

  it('given an active key, when RevokeApiKey, then ApiKeyRevoked for its organization', () => {
    expect(decideApiKey(revoke, created)).toEqual([
      {
        type: 'ApiKeyRevoked',
        data: { keyId: 'key_1', orgId: 'org_1', revokedAt: now.toISOString() },
      },
    ]);
  });

  it('given a revoked key, when RevokeApiKey again, then nothing happens', () => {
    const revoked = decideApiKey(revoke, created).reduce(evolveApiKey, created);
    expect(decideApiKey(revoke, revoked)).toEqual([]);
  });

  it('given no key, when RevokeApiKey, then not found', () => {
    expect(() => decideApiKey(revoke, initialApiKeyState)).toThrow('API key key_1 not found');
  });
});

describe('API key rotation', () => {
  const created = decideApiKey(create(), initialApiKeyState).reduce(
    evolveApiKey,
    initialApiKeyState,
  );
  const rotate = (at: Date): ApiKeyCommand => ({
    type: 'RotateApiKey',
    data: { keyId: 'key_1', replacedBy: 'key_2', now: at },
  });

  it('given an active key, when RotateApiKey, then ApiKeyRotated with a 24 h overlap', () => {
    expect(decideApiKey(rotate(now), created)).toEqual([
      {
        type: 'ApiKeyRotated',
        data: {
          keyId: 'key_1',
          orgId: 'org_1',
          replacedBy: 'key_2',
          rotatedAt: now.toISOString(),
          overlapEndsAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
        },
      },
    ]);
  });

  it('ends the overlap at the key’s own expiry when that comes first', () => {
    const soon = new Date(now.getTime() + 60_000);
    const expiring = decideApiKey(create({ expiresAt: soon }), initialApiKeyState).reduce(
      evolveApiKey,
      initialApiKeyState,
    );
    const [event] = decideApiKey(rotate(now), expiring);
    expect(event.type === 'ApiKeyRotated' && event.data.overlapEndsAt).toBe(soon.toISOString());
  });

  it.each([
    ['already rotated', 'API key key_1 was already rotated'],
    ['revoked', 'API key key_1 is revoked'],
    ['expired', 'API key key_1 has expired'],
  ])('refuses a key that is %s', (situation, message) => {
    let state = created;
    if (situation === 'already rotated')
      state = decideApiKey(rotate(now), created).reduce(evolveApiKey, created);
    if (situation === 'revoked') {
      state = decideApiKey({ type: 'RevokeApiKey', data: { keyId: 'key_1', now } }, created).reduce(
        evolveApiKey,
        created,
      );
    }
    const later = situation === 'expired' ? new Date(now.getTime() + 1000) : now;
    if (situation === 'expired') {
      state = decideApiKey(
        create({ expiresAt: new Date(now.getTime() + 500) }),
        initialApiKeyState,
      ).reduce(evolveApiKey, initialApiKeyState);
    }
    expect(() => decideApiKey(rotate(later), state)).toThrow(
      expect.objectContaining({ code: 'conflict', message }) as QuarryError,
    );
  });
});
