import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { serveFixtureSite } from '@quarry/crawler';
import type { FixtureSite } from '@quarry/crawler';
import { FIXTURE_SITE_DIR, redisUrl, uniquePrefix } from '../../../../test/harness';
import { startTestQuarry, TEST_PEPPER } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

const SITE = FIXTURE_SITE_DIR;
const CHILD = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'quarry-worker-child.ts');
const SLOW_PAGES = [
  'about.html',
  'services.html',
  'contact.html',
  'careers.html',
  'blog/index.html',
];

/** Kill a worker mid-crawl, start another: the job completes, and no page is charged twice. */
describe('scraping survives a worker killed mid-crawl', () => {
  let quarry: TestQuarry;
  let site: FixtureSite;
  const children: ChildProcess[] = [];
  const prefix = uniquePrefix('crash');

  beforeAll(async () => {
    // Slow pages, so the crawl is still running when its worker is killed.
    site = await serveFixtureSite(SITE, {
      faults: Object.fromEntries(SLOW_PAGES.map((p) => [`/${p}`, { delayMs: 3000 }])),
    });
    // The API alone: jobs are crawled only by the child workers.
    quarry = await startTestQuarry({ role: 'api', env: { REDIS_KEY_PREFIX: prefix } });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await quarry.close();
    await site.close();
  });

  function startWorker(): Promise<ChildProcess> {
    const child = fork(CHILD, [], {
      execArgv: ['-r', '@swc-node/register'],
      env: {
        ...process.env,
        DATABASE_URL: quarry.db.url,
        REDIS_URL: redisUrl(),
        REDIS_KEY_PREFIX: prefix,
        API_KEY_PEPPER: TEST_PEPPER,
        LOG_LEVEL: 'silent',
        QUARRY_ROLE: 'worker',
        SCRAPER_ALLOW_PRIVATE_NETWORKS: 'true',
        SCRAPER_DELAY_MS: '0',
        SCRAPER_LEASE_MS: '2000',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
  }

  it('resumes the job elsewhere; it completes charged once per page and the ledger verifies', async () => {
    // The worker runs the projections too: start it before anything needs them.
    const first = await startWorker();
    const org = await quarry.organization([
      'jobs:read',
      'jobs:write',
      'billing:read',
      'audit:read',
      'admin',
    ]);
    await request(quarry.url)
      .post(`/v1/admin/orgs/${org.orgId}/credits`)
      .set('Authorization', `Bearer ${org.key}`)
      .send({ delta_credits: 100, note: 'test credits', idempotency_key: 'grant' })
      .expect(200);
    const job = await request(quarry.url)
      .post('/v1/scrape')
      .set('Authorization', `Bearer ${org.key}`)
      .send({ type: 'single', urls: [`${site.origin}/index.html`], options: { depth: 2 } })
      .expect(201);

    // Kill the worker once some, not all, pages are recorded.
    const deadline = Date.now() + 20_000;
    let processed = 0;
    while (Date.now() < deadline) {
      const res = await request(quarry.url)
        .get(`/v1/jobs/${job.body.id}`)
        .set('Authorization', `Bearer ${org.key}`);
      processed = res.body.processed_urls as number;
      if (processed >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(processed).toBeGreaterThanOrEqual(2);
    expect(processed).toBeLessThan(6);
    first.kill('SIGKILL');
    const requestsBefore = site.requests.length;

    await startWorker();
    const done = await request(quarry.url)
      .get(`/v1/jobs/${job.body.id}`)
      .set('Authorization', `Bearer ${org.key}`)
      .set('Prefer', 'wait=30')
      .expect(200);
    expect(done.body).toMatchObject({ status: 'completed', successful_urls: 6, credits_used: 12 });
    expect(site.requests.length).toBeGreaterThan(requestsBefore);

    // Every page recorded once across both workers.
    const store = quarry.app.get<EventStore>(EVENT_STORE);
    const urls: string[] = [];
    for await (const e of store.readStream(`job-${job.body.id}`))
      if (e.type === 'PagesProcessed')
        urls.push(...(e.data as { pages: { url: string }[] }).pages.map((p) => p.url));
    expect(new Set(urls).size).toBe(urls.length);

    const deadline2 = Date.now() + 15_000;
    let credits = { reserved: -1 } as { reserved: number; total_used: number; balance: number };
    while (credits.reserved !== 0 && Date.now() < deadline2) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      credits = (
        await request(quarry.url).get('/v1/account').set('Authorization', `Bearer ${org.key}`)
      ).body.credits;
    }
    expect(credits).toMatchObject({ balance: 88, reserved: 0, total_used: 12 });
    const verify = await request(quarry.url)
      .get(`/v1/audit/ledger/verify?org_id=${org.orgId}`)
      .set('Authorization', `Bearer ${org.key}`)
      .expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
