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
});
