import request from 'supertest';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

describe('/v1/api-keys', () => {
  let quarry: TestQuarry;
  let manager: { orgId: string; keyId: string; key: string };
  let other: { orgId: string; keyId: string; key: string };

  beforeAll(async () => {
    quarry = await startTestQuarry();
    manager = await quarry.organization(['keys:manage', 'jobs:read', 'jobs:write', 'audit:read']);
    other = await quarry.organization(['keys:manage']);
  });

  afterAll(async () => {
    await quarry.close();
  });

  const as = (key: string) => ({
    get: (path: string) => request(quarry.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body: unknown) =>
      request(quarry.url)
        .post(path)
        .set('Authorization', `Bearer ${key}`)
        .send(body as object),
    delete: (path: string) =>
      request(quarry.url).delete(path).set('Authorization', `Bearer ${key}`),
  });

  it('creates a key whose secret is shown once and works at once, with only its scopes', async () => {
    const res = await as(manager.key)
      .post('/v1/api-keys', {
        name: 'CRM sync',
        scopes: ['jobs:read', 'audit:read'],
        environment: 'test',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'CRM sync',
      prefix: 'qk_test_',
      scopes: ['jobs:read', 'audit:read'],
      environment: 'test',
      status: 'active',
      expires_at: null,
    });
    expect(res.body.secret).toMatch(/^qk_test_[0-9A-Za-z]{38}$/);
    expect(res.body.hint).toBe(res.body.secret.slice(-4));
    await as(res.body.secret).get('/v1/audit/events').expect(200);
    const denied = await as(res.body.secret).get('/v1/api-keys').expect(403);
    expect(denied.body.error.message).toBe('This API key lacks the scope keys:manage');

    const listed = await as(manager.key).get('/v1/api-keys').expect(200);
    const mine = listed.body.data.find((k: { id: string }) => k.id === res.body.id);
    expect(mine).toMatchObject({ name: 'CRM sync', hint: res.body.hint, status: 'active' });
    expect(JSON.stringify(listed.body)).not.toContain(res.body.secret);
  });

  it('revokes a key at once: the next request with it is refused as revoked', async () => {
    const created = await as(manager.key)
      .post('/v1/api-keys', { name: 'temp', scopes: ['audit:read'] })
      .expect(201);
    await as(created.body.secret).get('/v1/audit/events').expect(200);
    await as(manager.key).delete(`/v1/api-keys/${created.body.id}`).expect(204);
    const refused = await as(created.body.secret).get('/v1/audit/events').expect(401);
    expect(refused.body.error).toMatchObject({ code: 'unauthorized', message: 'API key revoked' });
    await as(manager.key).delete(`/v1/api-keys/${created.body.id}`).expect(204); // safe to retry
    const listed = await as(manager.key).get('/v1/api-keys').expect(200);
    expect(listed.body.data.find((k: { id: string }) => k.id === created.body.id).status).toBe(
      'revoked',
    );
  });

  it("never shows, nor revokes, another organization's keys (404)", async () => {
    const theirs = await as(other.key).get('/v1/api-keys').expect(200);
    expect(theirs.body.data.map((k: { id: string }) => k.id)).toEqual([other.keyId]);
    const res = await as(manager.key).delete(`/v1/api-keys/${other.keyId}`).expect(404);
    expect(res.body.error).toMatchObject({
      code: 'not_found',
      message: `API key ${other.keyId} not found`,
    });
    await as(other.key).get('/v1/api-keys').expect(200);
    await as(manager.key).delete('/v1/api-keys/key_doesnotexist').expect(404);
  });

  it('pages through keys with a cursor', async () => {
    const first = await as(manager.key).get('/v1/api-keys?limit=1').expect(200);
    expect(first.body.pagination.has_more).toBe(true);
    const second = await as(manager.key)
      .get(`/v1/api-keys?limit=1&cursor=${first.body.pagination.next_cursor}`)
      .expect(200);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
  });

  it('refuses to grant a scope the key does not hold', async () => {
    const res = await as(manager.key)
      .post('/v1/api-keys', { name: 'escalate', scopes: ['admin'] })
      .expect(403);
    expect(res.body.error.message).toBe(
      'This API key cannot grant the scope admin, which it does not hold',
    );
  });

  it.each([
    ['a missing name', { scopes: ['jobs:read'] }, 'name'],
    ['an empty scope list', { name: 'x', scopes: [] }, 'scopes'],
    ['an unknown scope', { name: 'x', scopes: ['root'] }, 'scopes'],
    ['scopes of the wrong type', { name: 'x', scopes: 'jobs:read' }, 'scopes'],
    [
      'an unknown environment',
      { name: 'x', scopes: ['jobs:read'], environment: 'prod' },
      'environment',
    ],
    [
      'an expiry that is not a date',
      { name: 'x', scopes: ['jobs:read'], expires_at: 'tomorrow' },
      'expires_at',
    ],
    [
      'an expiry in the past',
      { name: 'x', scopes: ['jobs:read'], expires_at: '2001-01-01T00:00:00Z' },
      'expires_at',
    ],
    ['an unknown field', { name: 'x', scopes: ['jobs:read'], owner: 'me' }, 'owner'],
  ])('refuses %s with 400 and creates nothing', async (_label, body, field) => {
    const before = (await as(manager.key).get('/v1/api-keys?limit=100').expect(200)).body.data
      .length;
    const res = await as(manager.key).post('/v1/api-keys', body).expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(
      (await as(manager.key).get('/v1/api-keys?limit=100').expect(200)).body.data,
    ).toHaveLength(before);
  });

  it('refuses a key that has expired, saying so', async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await as(manager.key)
      .post('/v1/api-keys', { name: 'short', scopes: ['audit:read'], expires_at: soon })
      .expect(201);
    await as(created.body.secret).get('/v1/audit/events').expect(200);
    await new Promise((r) => setTimeout(r, 1600));
    const refused = await as(created.body.secret).get('/v1/audit/events').expect(401);
    expect(refused.body.error.message).toBe('API key expired');
    const listed = await as(manager.key).get('/v1/api-keys?limit=100').expect(200);
    expect(listed.body.data.find((k: { id: string }) => k.id === created.body.id).status).toBe(
      'expired',
    );
  });
});
