import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { waitForProjection } from '@quarry/projection-engine';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

describe('/v1/admin/projections', () => {
  let quarry: TestQuarry;
  let operator: { orgId: string; key: string };

  beforeAll(async () => {
    quarry = await startTestQuarry();
    operator = await quarry.organization(['admin', 'audit:read']);
  });

  afterAll(async () => {
    await quarry.close();
  });

  const as = (key: string) => ({
    get: (path: string) => request(quarry.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string) => request(quarry.url).post(path).set('Authorization', `Bearer ${key}`),
  });

  it('lists every projection with position, lag and state', async () => {
    const res = await as(operator.key).get('/v1/admin/projections').expect(200);
    const names = res.body.data.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['audit_events', 'organizations', 'api_keys']));
    const audit = res.body.data.find((p: { name: string }) => p.name === 'audit_events');
    expect(audit).toMatchObject({
      state: 'running',
      version: 2,
      generation: 1,
      last_error: null,
      rebuild: null,
    });
    expect(typeof audit.lag_events).toBe('number');
    expect(typeof audit.lag_seconds).toBe('number');
  });

  it('exports projection lag to Prometheus', async () => {
    const res = await request(quarry.url).get('/metrics').expect(200);
    expect(res.text).toMatch(/^quarry_projection_lag_events\{projection="audit_events"\} \d+$/m);
    expect(res.text).toMatch(/^quarry_projection_lag_seconds\{projection="api_keys"\} [\d.]+$/m);
    expect(res.text).toMatch(/^quarry_events_appended_total [1-9]\d*$/m);
  });

  it('requires the admin scope and 404s an unknown projection', async () => {
    const tenant = await quarry.organization(['audit:read']);
    const forbidden = await as(tenant.key).get('/v1/admin/projections').expect(403);
    expect(forbidden.body.error.message).toBe('This API key lacks the scope admin');
    const missing = await as(operator.key).get('/v1/admin/projections/nope').expect(404);
    expect(missing.body.error).toMatchObject({
      code: 'not_found',
      message: 'No projection named nope',
    });
    await as(operator.key).post('/v1/admin/projections/nope/rebuild').expect(404);
  });

  it('rebuilds audit_events blue/green while the API keeps answering from the old tables', async () => {
    // Enough history that the rebuild takes a moment.
    for (let i = 0; i < 40; i += 1) await quarry.organization(['jobs:read']);
    // The history to compare with is all of it: audit_events has caught up with the log.
    const head = await quarry.app.get<EventStore>(EVENT_STORE).headPosition();
    expect(await waitForProjection(quarry.app.get(DataSource), 'audit_events', head, 10_000)).toBe(
      true,
    );
    const before = await as(operator.key).get('/v1/audit/events?limit=100').expect(200);

    let serving = true;
    const answers: number[] = [];
    const reader = (async () => {
      while (serving) {
        const res = await as(operator.key).get('/v1/audit/events?limit=100');
        answers.push(res.status);
        await sleep(2);
      }
    })();

    const started = await as(operator.key)
      .post('/v1/admin/projections/audit_events/rebuild')
      .expect(202);
    expect(started.body).toMatchObject({
      projection: 'audit_events',
      state: 'rebuilding',
      generation: 2,
    });
    const conflict = await as(operator.key).post('/v1/admin/projections/audit_events/rebuild');
    expect([202, 409]).toContain(conflict.status); // 409 while the first still runs

    const deadline = Date.now() + 30_000;
    let status;
    do {
      await sleep(50);
      status = (await as(operator.key).get('/v1/admin/projections/audit_events').expect(200)).body;
    } while ((status.rebuild !== null || status.generation < 2) && Date.now() < deadline);
    serving = false;
    await reader;

    expect(status.generation).toBeGreaterThanOrEqual(2);
    expect(status.state).toBe('running');
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((s) => s === 200)).toBe(true);
    const after = await as(operator.key).get('/v1/audit/events?limit=100').expect(200);
    expect(after.body.data).toEqual(before.body.data);
  });
});
