import request from 'supertest';
import type { Clock } from '@quarry/clock';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

const HOUR = 60 * 60 * 1000;

describe('POST /v1/api-keys/{id}/rotate', () => {
  let quarry: TestQuarry;
  let manager: { orgId: string; key: string };
  let offsetMs = 0;
  // Injected time: the 24 h overlap is checked at its edges, not waited for.
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    quarry = await startTestQuarry({ clock });
    manager = await quarry.organization(['keys:manage', 'audit:read']);
  });

  afterAll(async () => {
    await quarry.close();
  });

  beforeEach(() => {
    offsetMs = 0;
  });

  const as = (key: string) => ({
    get: (path: string) => request(quarry.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body: object = {}) =>
      request(quarry.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
    delete: (path: string) =>
      request(quarry.url).delete(path).set('Authorization', `Bearer ${key}`),
  });
  const newKey = async (name: string) =>
    (
      await as(manager.key)
        .post('/v1/api-keys', { name, scopes: ['audit:read'], environment: 'test' })
        .expect(201)
    ).body as {
      id: string;
      secret: string;
    };

  it('gives a new key like the old one; the old works for exactly 24 h more', async () => {
    const old = await newKey('Rotated');
    const before = clock.now().getTime();
    const res = await as(manager.key).post(`/v1/api-keys/${old.id}/rotate`).expect(200);
    const { new_key: fresh, old_key_expires_at: oldExpiresAt } = res.body;
    expect(fresh).toMatchObject({
      object: 'api_key',
      name: 'Rotated',
      scopes: ['audit:read'],
      environment: 'test',
      status: 'active',
    });
    expect(fresh.secret).toMatch(/^qk_test_/);
    expect(fresh.id).not.toBe(old.id);
    const overlapEnd = Date.parse(oldExpiresAt);
    expect(overlapEnd - before).toBeGreaterThanOrEqual(24 * HOUR);
    expect(overlapEnd - before).toBeLessThan(24 * HOUR + 5000);

    await as(old.secret).get('/v1/audit/events').expect(200);
    await as(fresh.secret).get('/v1/audit/events').expect(200);
    const listed = await as(manager.key).get('/v1/api-keys?limit=100').expect(200);
    expect(listed.body.data.find((k: { id: string }) => k.id === old.id)).toMatchObject({
      status: 'rotating',
      expires_at: oldExpiresAt,
    });

    offsetMs = overlapEnd - Date.now() - 1000; // 24 h − 1 s
    await as(old.secret).get('/v1/audit/events').expect(200);
    offsetMs = overlapEnd - Date.now() + 1000; // 24 h + 1 s
    const refused = await as(old.secret).get('/v1/audit/events').expect(401);
    expect(refused.body.error.message).toBe('API key expired');
    await as(fresh.secret).get('/v1/audit/events').expect(200);
  });

  it('refuses a second rotation of the same key and a rotation of a revoked key (409)', async () => {
    const old = await newKey('Twice');
    await as(manager.key).post(`/v1/api-keys/${old.id}/rotate`).expect(200);
    const again = await as(manager.key).post(`/v1/api-keys/${old.id}/rotate`).expect(409);
    expect(again.body.error.message).toBe(`API key ${old.id} was already rotated`);

    const gone = await newKey('Gone');
    await as(manager.key).delete(`/v1/api-keys/${gone.id}`).expect(204);
    const revoked = await as(manager.key).post(`/v1/api-keys/${gone.id}/rotate`).expect(409);
    expect(revoked.body.error.message).toBe(`API key ${gone.id} is revoked`);
  });

  it('revokes a key inside its overlap at once, leaving its successor working', async () => {
    const old = await newKey('Overlap');
    const { new_key: fresh } = (
      await as(manager.key).post(`/v1/api-keys/${old.id}/rotate`).expect(200)
    ).body;
    await as(manager.key).delete(`/v1/api-keys/${old.id}`).expect(204);
    const refused = await as(old.secret).get('/v1/audit/events').expect(401);
    expect(refused.body.error.message).toBe('API key revoked');
    await as(fresh.secret).get('/v1/audit/events').expect(200);
  });

  it("cannot rotate another organization's key (404) and records who rotated", async () => {
    const other = await quarry.organization(['keys:manage']);
    await as(manager.key).post(`/v1/api-keys/${other.keyId}/rotate`).expect(404);
    await as(other.key).get('/v1/api-keys').expect(200);

    const old = await newKey('Audited');
    await as(manager.key)
      .post(`/v1/api-keys/${old.id}/rotate`)
      .set('X-Request-Id', 'req-rotate-1')
      .expect(200);
    const history = await as(manager.key)
      .get(`/v1/audit/events?stream=apikey-${old.id}`)
      .expect(200);
    expect(history.body.data.map((e: { type: string }) => e.type)).toEqual([
      'ApiKeyCreated',
      'ApiKeyRotated',
    ]);
    expect(history.body.data[1].metadata).toMatchObject({ requestId: 'req-rotate-1' });
    expect(history.body.data[1].metadata.actor).toMatch(/^key_/);
  });
});
