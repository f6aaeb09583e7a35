import request from 'supertest';
import type { Clock } from '@quarry/clock';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

const MINUTE = 60_000;

describe('API key usage: last_used_at and the calling key', () => {
  let quarry: TestQuarry;
  let manager: { orgId: string; keyId: string; key: string };
  // Injected time, starting on a minute boundary so "the same minute" is exact.
  const start = Math.ceil(Date.now() / MINUTE) * MINUTE + 60 * MINUTE;
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(start + offsetMs) };

  beforeAll(async () => {
    quarry = await startTestQuarry({ clock });
    manager = await quarry.organization(['keys:manage', 'audit:read'], 'pro');
  });

  afterAll(async () => {
    await quarry.close();
  });

  const get = (key: string, path: string) =>
    request(quarry.url).get(path).set('Authorization', `Bearer ${key}`);

  async function lastUsedAt(keyId: string): Promise<string | null> {
    const listed = await get(manager.key, '/v1/api-keys?limit=100').expect(200);
    return (listed.body.data as { id: string; last_used_at: string | null }[]).find(
      (k) => k.id === keyId,
    )!.last_used_at;
  }

  async function eventually(keyId: string, expected: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while ((await lastUsedAt(keyId)) !== expected && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await lastUsedAt(keyId)).toBe(expected);
  }

  it('records a use to the minute: once per minute, never more', async () => {
    offsetMs = 0;
    const created = await request(quarry.url)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${manager.key}`)
      .send({ name: 'reporting', scopes: ['audit:read'] })
      .expect(201);
    expect(created.body.last_used_at).toBeNull();
    expect(await lastUsedAt(created.body.id)).toBeNull();

    offsetMs = 5_000;
    await get(created.body.secret, '/v1/audit/events').expect(200);
    await eventually(created.body.id, new Date(start + 5_000).toISOString());

    // Later in the same minute: no second write.
    offsetMs = 50_000;
    await get(created.body.secret, '/v1/audit/events').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await lastUsedAt(created.body.id)).toBe(new Date(start + 5_000).toISOString());

    // The next minute: written again.
    offsetMs = 65_000;
    await get(created.body.secret, '/v1/audit/events').expect(200);
    await eventually(created.body.id, new Date(start + 65_000).toISOString());
  });

  it('describes the calling key to any valid key, whatever its scopes', async () => {
    offsetMs = 0;
    const created = await request(quarry.url)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${manager.key}`)
      .send({ name: 'read only', scopes: ['audit:read'], environment: 'test' })
      .expect(201);
    const res = await get(created.body.secret, '/v1/api-keys/current').expect(200);
    expect(res.body).toEqual({
      id: created.body.id,
      object: 'api_key',
      name: 'read only',
      prefix: 'qk_test_',
      hint: created.body.hint,
      scopes: ['audit:read'],
      environment: 'test',
      status: 'active',
      organization: { id: manager.orgId, plan: 'pro' },
      created_at: created.body.created_at,
      expires_at: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(created.body.secret);
    expect(res.headers['ratelimit-policy']).toBeDefined();
    await request(quarry.url).get('/v1/api-keys/current').expect(401);
  });
});
