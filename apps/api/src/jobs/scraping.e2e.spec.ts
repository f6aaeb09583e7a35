import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { serveFixtureSite } from '@quarry/crawler';
import type { FixtureSite } from '@quarry/crawler';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';
import { FIXTURE_SITE_DIR } from '../../../../test/harness';

const SITE = FIXTURE_SITE_DIR;

interface DepthLabels {
  readonly pages: string[];
  readonly emails: string[];
}
const labels = JSON.parse(readFileSync(join(SITE, 'site-labels.json'), 'utf8')) as Record<
  string,
  unknown
> & { forbidden: { emails: string[] } };

describe('scraping end to end: a job against the fixture site on loopback', () => {
  let quarry: TestQuarry;
  let site: FixtureSite;
  let operator: { key: string };

  beforeAll(async () => {
    site = await serveFixtureSite(SITE);
    quarry = await startTestQuarry({
      env: { SCRAPER_ALLOW_PRIVATE_NETWORKS: 'true', SCRAPER_DELAY_MS: '0' },
    });
    operator = await quarry.organization(['admin']);
  });

  afterAll(async () => {
    await quarry.close();
    await site.close();
  });

  async function customer(credits: number) {
    const org = await quarry.organization([
      'jobs:read',
      'jobs:write',
      'leads:read',
      'billing:read',
    ]);
    await request(quarry.url)
      .post(`/v1/admin/orgs/${org.orgId}/credits`)
      .set('Authorization', `Bearer ${operator.key}`)
      .send({ delta_credits: credits, note: 'test credits', idempotency_key: 'grant' })
      .expect(200);
    return org;
  }

  const get = (key: string, path: string) =>
    request(quarry.url).get(path).set('Authorization', `Bearer ${key}`);

  async function finished(key: string, jobId: string) {
    const res = await get(key, `/v1/jobs/${jobId}`).set('Prefer', 'wait=30').expect(200);
    expect(['completed', 'failed', 'cancelled']).toContain(res.body.status);
    return res.body as Record<string, unknown>;
  }

  async function settled(key: string, reserved = 0) {
    const deadline = Date.now() + 10_000;
    let credits = (await get(key, '/v1/account').expect(200)).body.credits;
    while (credits.reserved !== reserved && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      credits = (await get(key, '/v1/account').expect(200)).body.credits;
    }
    return credits as { balance: number; reserved: number; available: number; total_used: number };
  }

  it('crawls to depth 2, finds its contacts, and is charged exactly for the pages processed', async () => {
    const org = await customer(1000);
    const depth2 = labels.depth_2 as DepthLabels;
    const job = await request(quarry.url)
      .post('/v1/scrape')
      .set('Authorization', `Bearer ${org.key}`)
      .send({ type: 'single', urls: [`${site.origin}/index.html`], options: { depth: 2 } })
      .expect(201);
    const done = await finished(org.key, job.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      successful_urls: depth2.pages.length,
      credits_used: depth2.pages.length * 2,
      progress_percentage: 100,
    });

    const leads = await get(org.key, `/v1/leads?job_id=${job.body.id}&limit=100`).expect(200);
    const emails = new Set(leads.body.data.map((l: { email: string | null }) => l.email));
    for (const email of depth2.emails) expect(emails).toContain(email);
    for (const email of labels.forbidden.emails) expect(emails).not.toContain(email);
    expect(site.requests.some((r) => r.path.startsWith('/private/'))).toBe(false);

    const credits = await settled(org.key);
    expect(credits).toMatchObject({
      balance: 1000 - depth2.pages.length * 2,
      reserved: 0,
      total_used: depth2.pages.length * 2,
    });

    // Operators refund the job: all of it by default, once per idempotency key.
    const refund = (body: object, key = operator.key) =>
      request(quarry.url)
        .post(`/v1/admin/jobs/${job.body.id}/refund`)
        .set('Authorization', `Bearer ${key}`)
        .send(body);
    const refunded = await refund({ note: 'Site was half down', idempotency_key: 'r1' }).expect(
      200,
    );
    expect(refunded.body).toMatchObject({
      job_id: job.body.id,
      amount: depth2.pages.length * 2,
      balance_after: 1000,
      replayed: false,
    });
    const again = await refund({ note: 'Site was half down', idempotency_key: 'r1' }).expect(200);
    expect(again.body).toMatchObject({ amount: depth2.pages.length * 2, replayed: true });
    await refund({ note: 'Another reason', idempotency_key: 'r1' }).expect(422);
    await refund({ note: 'Twice', idempotency_key: 'r2' }).expect(409);
    await refund({ note: 'x', idempotency_key: 'r3' }, org.key).expect(403);
    await request(quarry.url)
      .post('/v1/admin/jobs/job_00000000000000000000/refund')
      .set('Authorization', `Bearer ${operator.key}`)
      .send({ note: 'x', idempotency_key: 'r4' })
      .expect(404);
    expect((await get(org.key, '/v1/account').expect(200)).body.credits).toMatchObject({
      balance: 1000,
      total_used: 0,
      total_refunded: depth2.pages.length * 2,
    });
  });

  it('stops at max_credits and charges no more', async () => {
    const org = await customer(1000);
    const job = await request(quarry.url)
      .post('/v1/scrape')
      .set('Authorization', `Bearer ${org.key}`)
      .send({
        type: 'single',
        urls: [`${site.origin}/index.html`],
        options: { depth: 3 },
        max_credits: 6,
      })
      .expect(201);
    expect(job.body.credits_estimated).toBe(6);
    const done = await finished(org.key, job.body.id);
    expect(done).toMatchObject({ status: 'completed', credits_used: 6, successful_urls: 3 });
    expect((await settled(org.key)).total_used).toBe(6);
  });

  it('cancels mid-crawl: pages done are kept and charged, the rest released', async () => {
    const org = await customer(1000);
    for (const path of ['/services.html', '/contact.html', '/careers.html', '/blog/index.html'])
      site.fault(path, { delayMs: 5000 });
    try {
      const job = await request(quarry.url)
        .post('/v1/scrape')
        .set('Authorization', `Bearer ${org.key}`)
        .send({ type: 'single', urls: [`${site.origin}/index.html`], options: { depth: 2 } })
        .expect(201);
      const deadline = Date.now() + 10_000;
      let processed = 0;
      while (processed < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        processed = (await get(org.key, `/v1/jobs/${job.body.id}`).expect(200)).body.processed_urls;
      }
      const cancelled = await request(quarry.url)
        .post(`/v1/jobs/${job.body.id}/cancel`)
        .set('Authorization', `Bearer ${org.key}`)
        .expect(200);
      const done = cancelled.body.processed_urls as number;
      expect(done).toBeGreaterThanOrEqual(2);
      expect(done).toBeLessThan(6);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', credits_used: done * 2 });
      const credits = await settled(org.key);
      expect(credits).toMatchObject({
        balance: 1000 - done * 2,
        reserved: 0,
        total_used: done * 2,
      });
      // Pages still in flight at the cancel are never recorded: the job stays as it was cancelled.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await get(org.key, `/v1/jobs/${job.body.id}`).expect(200)).body).toMatchObject({
        status: 'cancelled',
        processed_urls: done,
        credits_used: done * 2,
      });
      const results = await get(org.key, `/v1/jobs/${job.body.id}/results`).expect(200);
      expect(results.body.data.length).toBeGreaterThan(0);
    } finally {
      site.clearFaults();
    }
  });
});
