import request from 'supertest';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

describe('GET /v1/audit/events', () => {
  let quarry: TestQuarry;
  let auditor: { orgId: string; key: string };
  let noAudit: { key: string };

  beforeAll(async () => {
    quarry = await startTestQuarry();
    auditor = await quarry.organization(['audit:read']);
    noAudit = await quarry.organization(['jobs:read']);
  });

  afterAll(async () => {
    await quarry.close();
  });

  const get = (path: string, key?: string) => {
    const req = request(quarry.url).get(path);
    return key ? req.set('Authorization', `Bearer ${key}`) : req;
  };

  it("returns a stream's history in order with the metadata of who did it", async () => {
    const res = await get(`/v1/audit/events?stream=org-${auditor.orgId}`, auditor.key).expect(200);
    expect(res.body.data).toHaveLength(1);
    const [event] = res.body.data;
    expect(event).toMatchObject({
      stream: `org-${auditor.orgId}`,
      revision: 0,
      type: 'OrganizationCreated',
      data: { orgId: auditor.orgId, name: 'Test org', plan: 'enterprise' },
      metadata: { actor: 'operator:test' },
    });
    expect(event.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.created_at)).not.toBeNaN();
    expect(res.body.pagination).toEqual({ has_more: false, next_cursor: null });
  });

  async function pageThrough(key: string): Promise<{ position: string; stream: string }[]> {
    const seen: { position: string; stream: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await get(
        `/v1/audit/events?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        key,
      ).expect(200);
      seen.push(...res.body.data);
      cursor = res.body.pagination.next_cursor;
    } while (cursor);
    return seen;
  }

  it("pages through the organization's whole log with cursors, without gaps, repeats or other tenants", async () => {
    const seen = await pageThrough(auditor.key);
    expect(seen.map((e) => e.stream.split('-')[0])).toEqual(['org', 'apikey']);
    expect(
      seen.every((e) => e.stream === `org-${auditor.orgId}` || e.stream.startsWith('apikey-')),
    ).toBe(true);
    const other = await get(
      `/v1/audit/events?stream=org-${(await quarry.organization(['jobs:read'])).orgId}`,
      auditor.key,
    ).expect(200);
    expect(other.body.data).toEqual([]);
  });

  it('shows an operator (admin scope) every organization in global order', async () => {
    const operator = await quarry.organization(['admin', 'audit:read']);
    const seen = await pageThrough(operator.key);
    expect(seen.length).toBeGreaterThanOrEqual(8);
    const positions = seen.map((e) => BigInt(e.position));
    expect(new Set(positions).size).toBe(positions.length);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('refuses a missing key, a malformed key and a mistyped key with 401', async () => {
    const missing = await get('/v1/audit/events').expect(401);
    expect(missing.body.error).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('Missing API key'),
    });
    const malformed = await get('/v1/audit/events', 'not-a-key').expect(401);
    expect(malformed.body.error.message).toContain('Malformed API key');
    const typo =
      auditor.key.slice(0, 10) + (auditor.key[10] === 'x' ? 'y' : 'x') + auditor.key.slice(11);
    const mistyped = await get('/v1/audit/events', typo).expect(401);
    expect(mistyped.body.error.message).toContain('checksum');
  });

  it('names the missing scope with 403', async () => {
    const res = await get('/v1/audit/events', noAudit.key).expect(403);
    expect(res.body.error).toMatchObject({
      code: 'forbidden',
      message: 'This API key lacks the scope audit:read',
    });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=garbage', 'cursor'],
    ['stream=', 'stream'],
  ])('refuses %s with 400 naming the field', async (query, field) => {
    const res = await get(`/v1/audit/events?${query}`, auditor.key).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('returns an empty page for an unknown stream', async () => {
    const res = await get('/v1/audit/events?stream=org-org_doesnotexist', auditor.key).expect(200);
    expect(res.body).toEqual({ data: [], pagination: { has_more: false, next_cursor: null } });
  });
});
