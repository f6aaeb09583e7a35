import request from 'supertest';
import { loadConfig } from '@quarry/config';
import { serveFixtureSite } from '@quarry/crawler';
import type { FixtureSite } from '@quarry/crawler';
import { createTestDatabase, FIXTURE_SITE_DIR } from '../../../test/harness';
import type { TestDatabase } from '../../../test/harness';
import { startTestQuarry, TEST_PEPPER } from '../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../test/harness/quarry-app';
import { createQuarryProcess } from './quarry-app';

/** How often a long poll re-reads its job when nobody tells it the job ended (jobs.controller). */
const RECHECK_MS = 2000;

describe('QUARRY_ROLE=all on two threads: the API here, the worker on its own thread', () => {
  let quarry: TestQuarry;
  let site: FixtureSite;
  let operator: { key: string };

  beforeAll(async () => {
    site = await serveFixtureSite(FIXTURE_SITE_DIR);
    quarry = await startTestQuarry({
      workerThread: true,
      // No Redis: "job ended" must cross from the worker's thread to the API's in process.
      env: { REDIS_URL: '', SCRAPER_ALLOW_PRIVATE_NETWORKS: 'true', SCRAPER_DELAY_MS: '0' },
    });
    operator = await quarry.organization(['admin']);
  });

  afterAll(async () => {
    await quarry.close();
    await site.close();
  });

  const as = (key: string) => ({
    get: (path: string) => request(quarry.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string) => request(quarry.url).post(path).set('Authorization', `Bearer ${key}`),
  });

  it('runs jobs on the worker thread; a long poll hears of each ending at once', async () => {
    const org = await quarry.organization(['jobs:read', 'jobs:write', 'billing:read']);
    await as(operator.key)
      .post(`/v1/admin/orgs/${org.orgId}/credits`)
      .send({ delta_credits: 500, note: 'test credits', idempotency_key: 'grant' })
      .expect(200);
    const customer = as(org.key);
    // Three jobs: a poll woken only by its 2 s re-read would answer this fast by luck ~3% of the time.
    for (let i = 0; i < 3; i += 1) {
      const submitted = await customer
        .post('/v1/scrape')
        .send({ type: 'single', urls: [`${site.origin}/index.html`], options: { depth: 1 } })
        .expect(201);
      const polled = await customer
        .get(`/v1/jobs/${submitted.body.id}`)
        .set('Prefer', 'wait=30')
        .expect(200);
      const answeredAt = Date.now();
      expect(polled.headers['preference-applied']).toBe('wait=30');
      expect(polled.body).toMatchObject({ status: 'completed' });
      expect(polled.body.processed_urls).toBeGreaterThan(0);
      const endedAt = Date.parse(polled.body.completed_at as string);
      expect(answeredAt - endedAt).toBeLessThan(RECHECK_MS * 0.3);
    }
    // The worker thread's projections and settlement: the list shows them, nothing stays reserved.
    const listed = await customer.get('/v1/jobs?status=completed').expect(200);
    expect(listed.body.data).toHaveLength(3);
    const account = await customer.get('/v1/account').expect(200);
    expect(account.body.credits.reserved).toBe(0);
    expect(account.body.credits.total_used).toBeGreaterThan(0);
  });

  it("serves the worker thread's metrics in the one /metrics scrape", async () => {
    const text = (await request(quarry.url).get('/metrics').expect(200)).text;
    // Projections run only on the worker thread; requests are served only on this one.
    const applied = /^quarry_projection_events_applied_total\{projection="jobs"\} (\d+)$/m.exec(
      text,
    );
    expect(Number(applied?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^quarry_http_request_duration_seconds_count\{/m);
    expect(text.match(/^# TYPE quarry_process_cpu_seconds_total /gm)).toHaveLength(1);
    // Lag is the database's to tell, read once per scrape by the main thread: a second reading
    // from the worker thread would be summed into it.
    expect(text).toMatch(/^quarry_projection_lag_events\{projection="jobs"\} 0$/m);
    const workerMetrics = await quarry.workerThread!.metrics();
    const workerLag = workerMetrics.find((m) => m.name === 'quarry_projection_lag_events');
    expect(workerLag?.values ?? []).toEqual([]);
  });
});

describe('a worker thread that cannot start', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('fails the start, saying why, and leaves nothing running', async () => {
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', API_KEY_PEPPER: TEST_PEPPER };
    const missing = db.url.replace(/\/[^/?]+(\?|$)/, '/quarry_no_such_database$1');
    await expect(
      createQuarryProcess({
        config: loadConfig(env),
        env,
        databaseUrl: missing,
        pepper: TEST_PEPPER,
        role: 'all',
      }),
    ).rejects.toThrow(/worker thread: .*quarry_no_such_database/s);
  });
});
