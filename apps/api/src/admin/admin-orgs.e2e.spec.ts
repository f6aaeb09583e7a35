import request from 'supertest';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

describe('/v1/admin/orgs', () => {
  let quarry: TestQuarry;
  let operator: { orgId: string; keyId: string; key: string };
  let tenant: { orgId: string; key: string };

  beforeAll(async () => {
    quarry = await startTestQuarry();
    operator = await quarry.organization(['admin', 'audit:read']);
    tenant = await quarry.organization(['audit:read']);
  });

  afterAll(async () => {
    await quarry.close();
  });

  const as = (key: string) => ({
    get: (path: string) => request(quarry.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) =>
      request(quarry.url)
        .post(path)
        .set('Authorization', `Bearer ${key}`)
        .set('X-Request-Id', 'req-suspend-test')
        .send(body ?? {}),
    patch: (path: string, body: unknown) =>
      request(quarry.url)
        .patch(path)
        .set('Authorization', `Bearer ${key}`)
        .set('X-Request-Id', 'req-update-test')
        .send(body as object),
  });

  it('lists organizations with cursor pagination and shows one', async () => {
    const first = await as(operator.key).get('/v1/admin/orgs?limit=1').expect(200);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.pagination.has_more).toBe(true);
    const second = await as(operator.key)
      .get(`/v1/admin/orgs?limit=1&cursor=${first.body.pagination.next_cursor}`)
      .expect(200);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    const one = await as(operator.key).get(`/v1/admin/orgs/${tenant.orgId}`).expect(200);
    expect(one.body).toMatchObject({
      id: tenant.orgId,
      name: 'Test org',
      plan: 'enterprise',
      status: 'active',
    });
  });

  it('suspends an organization: its keys get 403 on every call until it is unsuspended', async () => {
    await as(tenant.key).get('/v1/audit/events').expect(200);
    const suspended = await as(operator.key)
      .post(`/v1/admin/orgs/${tenant.orgId}/suspend`, { reason: 'Payment failed' })
      .expect(200);
    expect(suspended.body.status).toBe('suspended');
    const refused = await as(tenant.key).get('/v1/audit/events').expect(403);
    expect(refused.body.error).toMatchObject({
      code: 'forbidden',
      message: 'Organization suspended',
    });

    const again = await as(operator.key).post(`/v1/admin/orgs/${tenant.orgId}/suspend`).expect(409);
    expect(again.body.error.message).toBe(`Organization ${tenant.orgId} is already suspended`);

    const lifted = await as(operator.key)
      .post(`/v1/admin/orgs/${tenant.orgId}/unsuspend`)
      .expect(200);
    expect(lifted.body.status).toBe('active');
    await as(tenant.key).get('/v1/audit/events').expect(200);
    await as(operator.key).post(`/v1/admin/orgs/${tenant.orgId}/unsuspend`).expect(409);

    // Who did it and under which request, in the organization's own history.
    const history = await as(operator.key)
      .get(`/v1/audit/events?stream=org-${tenant.orgId}`)
      .expect(200);
    expect(history.body.data.map((e: { type: string }) => e.type)).toEqual([
      'OrganizationCreated',
      'OrganizationSuspended',
      'OrganizationUnsuspended',
    ]);
    expect(history.body.data[1]).toMatchObject({
      data: { reason: 'Payment failed' },
      metadata: { actor: operator.keyId, requestId: 'req-suspend-test' },
    });
  });

  it("refuses to suspend the operator's own organization", async () => {
    const res = await as(operator.key).post(`/v1/admin/orgs/${operator.orgId}/suspend`).expect(409);
    expect(res.body.error.message).toBe(
      'An operator cannot suspend the organization of the key in use',
    );
  });

  it.each([
    ['an unknown id', '/v1/admin/orgs/org_00000000000000000000/suspend', 404],
    ['a malformed id', '/v1/admin/orgs/not-an-id/suspend', 404],
  ])('answers %s with 404', async (_label, path, status) => {
    const res = await as(operator.key).post(path).expect(status);
    expect(res.body.error.code).toBe('not_found');
  });

  it.each([
    ['a reason that is not a string', { reason: 42 }, 'reason'],
    ['a reason too long', { reason: 'x'.repeat(501) }, 'reason'],
    ['an unknown field', { why: 'x' }, 'why'],
  ])('refuses %s with 400 and changes nothing', async (_label, body, field) => {
    const res = await as(operator.key)
      .post(`/v1/admin/orgs/${tenant.orgId}/suspend`, body)
      .expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    await as(tenant.key).get('/v1/audit/events').expect(200);
  });

  it('requires the admin scope and refuses a tampered cursor', async () => {
    const forbidden = await as(tenant.key)
      .post(`/v1/admin/orgs/${operator.orgId}/suspend`)
      .expect(403);
    expect(forbidden.body.error.message).toBe('This API key lacks the scope admin');
    const cursor = Buffer.from(JSON.stringify({ at: '1', id: "x' OR 1=1" })).toString('base64url');
    await as(operator.key).get(`/v1/admin/orgs?cursor=${cursor}`).expect(400);
  });

  describe('PATCH /v1/admin/orgs/{id}', () => {
    const historyOf = async (orgId: string) =>
      (await as(operator.key).get(`/v1/audit/events?stream=org-${orgId}`).expect(200)).body
        .data as { type: string; data: Record<string, unknown>; metadata: object }[];

    it('renames an organization: the new name shows in GET and in the list, and a repeat records nothing', async () => {
      const org = await quarry.organization(['audit:read']);
      const renamed = await as(operator.key)
        .patch(`/v1/admin/orgs/${org.orgId}`, { name: '  Renamed Co ' })
        .expect(200);
      const shown = await as(operator.key).get(`/v1/admin/orgs/${org.orgId}`).expect(200);
      expect(renamed.body).toEqual(shown.body);
      expect(shown.body).toMatchObject({
        id: org.orgId,
        name: 'Renamed Co',
        plan: 'enterprise',
        status: 'active',
      });
      const list = await as(operator.key).get('/v1/admin/orgs?limit=100').expect(200);
      expect(list.body.data).toContainEqual(shown.body);

      await as(operator.key)
        .patch(`/v1/admin/orgs/${org.orgId}`, { name: 'Renamed Co', plan: 'enterprise' })
        .expect(200);
      expect((await historyOf(org.orgId)).map((e) => e.type)).toEqual([
        'OrganizationCreated',
        'OrganizationRenamed',
      ]);
    });

    it("changes the plan: it shows in GET and sets the rate limits of the organization's keys at once", async () => {
      const org = await quarry.organization(['audit:read']);
      const before = await as(org.key).get('/v1/audit/events').expect(200);
      expect(before.headers['x-ratelimit-limit']).toBe('100000');

      const changed = await as(operator.key)
        .patch(`/v1/admin/orgs/${org.orgId}`, { plan: 'free' })
        .expect(200);
      expect(changed.body).toMatchObject({ id: org.orgId, name: 'Test org', plan: 'free' });
      const shown = await as(operator.key).get(`/v1/admin/orgs/${org.orgId}`).expect(200);
      expect(shown.body.plan).toBe('free');

      const after = await as(org.key).get('/v1/audit/events').expect(200);
      expect(after.headers['x-ratelimit-limit']).toBe('100');
    });

    it('renames and changes the plan in one request, recording who did it and under which request', async () => {
      const org = await quarry.organization(['audit:read']);
      const res = await as(operator.key)
        .patch(`/v1/admin/orgs/${org.orgId}`, { name: 'Both Ltd', plan: 'starter' })
        .expect(200);
      expect(res.body).toMatchObject({ name: 'Both Ltd', plan: 'starter' });

      const history = await historyOf(org.orgId);
      expect(history.map((e) => e.type)).toEqual([
        'OrganizationCreated',
        'OrganizationRenamed',
        'OrganizationPlanChanged',
      ]);
      const who = { actor: operator.keyId, requestId: 'req-update-test' };
      expect(history[1]).toMatchObject({
        data: { name: 'Both Ltd', previousName: 'Test org' },
        metadata: who,
      });
      expect(history[2]).toMatchObject({
        data: { plan: 'starter', previousPlan: 'enterprise' },
        metadata: who,
      });
    });

    it.each([
      ['an empty body', {}, ['name', 'plan']],
      ['a name that is not a string', { name: 42 }, ['name']],
      ['a null name', { name: null }, ['name']],
      ['a blank name', { name: '   ' }, ['name']],
      ['a name too long', { name: 'x'.repeat(201) }, ['name']],
      ['an unknown plan', { plan: 'gold' }, ['plan']],
      ['a plan that is not a string', { plan: 3 }, ['plan']],
      ['an unknown field', { name: 'Fine', tier: 'pro' }, ['tier']],
    ])(
      'refuses %s with 400 naming the field, and changes nothing',
      async (_label, body, fields) => {
        const org = await quarry.organization(['audit:read']);
        const res = await as(operator.key).patch(`/v1/admin/orgs/${org.orgId}`, body).expect(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(
          expect.arrayContaining(fields),
        );
        const shown = await as(operator.key).get(`/v1/admin/orgs/${org.orgId}`).expect(200);
        expect(shown.body).toMatchObject({ name: 'Test org', plan: 'enterprise' });
      },
    );

    it.each([
      ['an unknown id', 'org_00000000000000000000'],
      ['a malformed id', 'not-an-id'],
    ])('answers %s with 404', async (_label, id) => {
      const res = await as(operator.key).patch(`/v1/admin/orgs/${id}`, { name: 'X' }).expect(404);
      expect(res.body.error.code).toBe('not_found');
    });

    it('requires the admin scope', async () => {
      const res = await as(tenant.key)
        .patch(`/v1/admin/orgs/${tenant.orgId}`, { plan: 'free' })
        .expect(403);
      expect(res.body.error.message).toBe('This API key lacks the scope admin');
      const shown = await as(operator.key).get(`/v1/admin/orgs/${tenant.orgId}`).expect(200);
      expect(shown.body.plan).toBe('enterprise');
    });
  });
});
