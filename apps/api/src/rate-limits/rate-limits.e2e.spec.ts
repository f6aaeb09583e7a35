import request from 'supertest';
import { parseList } from 'structured-headers';
import type { Clock } from '@quarry/clock';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

describe('rate limits', () => {
  let quarry: TestQuarry;
  // Frozen, movable time: windows are counted against the injected clock.
  let nowMs = Date.UTC(2026, 10, 23, 10, 0, 0, 250);
  const clock: Clock = { now: () => new Date(nowMs) };

  beforeAll(async () => {
    quarry = await startTestQuarry({ clock });
  });

  afterAll(async () => {
    await quarry.close();
  });

  const get = (key: string) =>
    request(quarry.url).get('/v1/audit/events?limit=1').set('Authorization', `Bearer ${key}`);

  it('puts the IETF structured fields and the X-RateLimit headers on every response', async () => {
    const { key } = await quarry.organization(['audit:read'], 'starter');
    const first = await get(key).expect(200);
    const policy = parseList(first.headers['ratelimit-policy']);
    expect(policy.map(([name, params]) => [name, Object.fromEntries(params)])).toEqual([
      ['hour', { q: 1000, w: 3600 }],
      ['burst', { q: 20, w: 1 }],
    ]);
    const state = Object.fromEntries(
      parseList(first.headers.ratelimit).map(([name, params]) => [
        name,
        Object.fromEntries(params),
      ]),
    );
    expect(state).toEqual({ hour: { r: 999, t: 3600 }, burst: { r: 19, t: 1 } });
    expect(first.headers['x-ratelimit-limit']).toBe('1000');
    expect(first.headers['x-ratelimit-remaining']).toBe('999');
    expect(Number(first.headers['x-ratelimit-reset'])).toBe(Date.UTC(2026, 10, 23, 11) / 1000);

    const second = await get(key).expect(200);
    expect(second.headers['x-ratelimit-remaining']).toBe('998');
    // Refusals after authentication count and carry the headers too.
    const forbidden = await request(quarry.url)
      .get('/v1/api-keys')
      .set('Authorization', `Bearer ${key}`)
      .expect(403);
    expect(forbidden.headers['x-ratelimit-remaining']).toBe('997');
  });

  it('answers 429 with Retry-After past the per-second burst, and serves again in the next second', async () => {
    const { key } = await quarry.organization(['audit:read'], 'free');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await get(key)).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const refused = await get(key).expect(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body.error).toMatchObject({
      code: 'rate_limit_exceeded',
      message: 'Rate limit exceeded. Retry after 1 seconds.',
    });
    nowMs += 1000;
    await get(key).expect(200);
  });

  it('answers 429 past the hourly quota with Retry-After until the hour ends, at or after X-RateLimit-Reset', async () => {
    const { key } = await quarry.organization(['audit:read'], 'free');
    for (let i = 0; i < 100; i += 1) {
      if (i % 10 === 0) nowMs += 1000; // stay under the burst limit
      await get(key).expect(200);
    }
    nowMs += 1000;
    const refused = await get(key).expect(429);
    const hourEnds = Math.ceil((Math.floor(nowMs / 3_600_000) + 1) * 3600);
    expect(Number(refused.headers['retry-after'])).toBe(hourEnds - Math.floor(nowMs / 1000));
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(
      Number(refused.headers['x-ratelimit-reset']) - Math.ceil(nowMs / 1000),
    );
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    nowMs = (Math.floor(nowMs / 3_600_000) + 1) * 3_600_000; // the next hour
    await get(key).expect(200);
  });

  it('counts per key: another key of the same organization has its own quota', async () => {
    const { key } = await quarry.organization(['audit:read', 'keys:manage'], 'free');
    for (let i = 0; i < 9; i += 1) await get(key).expect(200);
    const other = await request(quarry.url)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${key}`)
      .send({ name: 'second', scopes: ['audit:read'] })
      .expect(201);
    await get(key).expect(429);
    await get(other.body.secret).expect(200);
  });
});

describe('failed authentication', () => {
  let quarry: TestQuarry;
  let nowMs = Date.UTC(2026, 10, 23, 12, 0, 0);
  const clock: Clock = { now: () => new Date(nowMs) };

  beforeAll(async () => {
    quarry = await startTestQuarry({ clock });
  });

  afterAll(async () => {
    await quarry.close();
  });

  it('is throttled per client address: 429 after 20 failures in a minute, while valid keys still work', async () => {
    const { key } = await quarry.organization(['audit:read']);
    const bad = 'qk_live_' + 'a'.repeat(38);
    for (let i = 0; i < 20; i += 1) {
      await request(quarry.url)
        .get('/v1/audit/events')
        .set('Authorization', `Bearer ${bad}`)
        .expect(401);
    }
    const throttled = await request(quarry.url)
      .get('/v1/audit/events')
      .set('Authorization', `Bearer ${bad}`)
      .expect(429);
    expect(throttled.body.error.message).toMatch(
      /^Too many failed authentications from this address\. Retry after \d+ seconds\.$/,
    );
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await request(quarry.url)
      .get('/v1/audit/events')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    nowMs += 60_000;
    await request(quarry.url)
      .get('/v1/audit/events')
      .set('Authorization', `Bearer ${bad}`)
      .expect(401);
  });
});

describe('rate limits when Redis is down', () => {
  it('still serves requests (without quota headers) and reports Redis not ready', async () => {
    const quarry = await startTestQuarry({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const { key } = await quarry.organization(['audit:read']);
      const res = await request(quarry.url)
        .get('/v1/audit/events')
        .set('Authorization', `Bearer ${key}`)
        .expect(200);
      expect(res.headers.ratelimit).toBeUndefined();
      const ready = await request(quarry.url).get('/health/ready').expect(503);
      expect(JSON.stringify(ready.body)).toContain('redis');
    } finally {
      await quarry.close();
    }
  });
});
