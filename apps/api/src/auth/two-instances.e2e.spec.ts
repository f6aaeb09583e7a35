import request from 'supertest';
import { createTestDatabase, type TestDatabase, uniquePrefix } from '../../../../test/harness';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

/** Two API instances on one database and one Redis, as behind a load balancer. */
describe('two API instances sharing Redis', () => {
  let db: TestDatabase;
  let a: TestQuarry;
  let b: TestQuarry;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { REDIS_KEY_PREFIX: uniquePrefix('shared') };
    a = await startTestQuarry({ db, env });
    b = await startTestQuarry({ db, env, role: 'api' });
  });

  afterAll(async () => {
    await b.close();
    await a.close();
    await db.drop();
  });

  const get = (instance: TestQuarry, key: string) =>
    request(instance.url).get('/v1/audit/events?limit=1').set('Authorization', `Bearer ${key}`);

  it('refuses a key revoked on one instance on the other within a second', async () => {
    const manager = await a.organization(['keys:manage', 'audit:read']);
    const created = await request(a.url)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${manager.key}`)
      .send({ name: 'shared', scopes: ['audit:read'] })
      .expect(201);
    const key = created.body.secret as string;
    await get(a, key).expect(200);
    await get(b, key).expect(200); // now cached on both

    await request(a.url)
      .delete(`/v1/api-keys/${created.body.id}`)
      .set('Authorization', `Bearer ${manager.key}`)
      .expect(204);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 1000) status = (await get(b, key)).status;
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    expect((await get(b, key)).body.error.message).toBe('API key revoked');
  });

  it('counts one quota across both instances', async () => {
    const { key } = await a.organization(['audit:read'], 'free');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await get(i % 2 ? b : a, key)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const refused = await get(b, key);
    // The burst window is one second of wall time; if it turned over mid-loop, the hour still counted all 11.
    if (refused.status === 200) expect(refused.headers['x-ratelimit-remaining']).toBe('89');
    else expect(refused.status).toBe(429);
  });
});
