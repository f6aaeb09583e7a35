import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EVENT_STORE, newId, WrongExpectedRevisionError } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { jobStream, SubmitJob } from '@quarry/jobs';
import type { JobSubmittedResult } from '@quarry/jobs';
import { waitForProjection } from '@quarry/projection-engine';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

describe('POST /v1/scrape and jobs', () => {
  let quarry: TestQuarry;
  let operator: { key: string };

  beforeAll(async () => {
    // No crawling here: these jobs stay queued unless a test ends them.
    quarry = await startTestQuarry({ env: { SCRAPER_JOBS_PER_WORKER: '0' } });
    operator = await quarry.organization(['admin']);
  });

  afterAll(async () => {
    await quarry.close();
  });

  const as = (key: string) => ({
    get: (path: string) => request(quarry.url).get(path).set('Authorization', `Bearer ${key}`),
    scrape: (body: unknown, idempotencyKey?: string) => {
      const req = request(quarry.url).post('/v1/scrape').set('Authorization', `Bearer ${key}`);
      if (idempotencyKey !== undefined) req.set('Idempotency-Key', idempotencyKey);
      return req.send(body as object);
    },
  });

  /** An organization holding `credits` and a key for jobs and billing reads. */
  async function customer(credits: number) {
    const org = await quarry.organization(['jobs:read', 'jobs:write', 'billing:read']);
    await as(operator.key)
      .get('/health/live')
      .then(() =>
        request(quarry.url)
          .post(`/v1/admin/orgs/${org.orgId}/credits`)
          .set('Authorization', `Bearer ${operator.key}`)
          .send({ delta_credits: credits, note: 'test credits', idempotency_key: 'grant' })
          .expect(200),
      );
    return org;
  }

  const single = { type: 'single', urls: ['https://example.com/contact'] };

  it('submits a job, reserves its worst case, and serves it at once', async () => {
    const org = await customer(100);
    const res = await as(org.key).scrape(single).expect(201);
    expect(res.body).toMatchObject({
      object: 'job',
      type: 'single',
      status: 'queued',
      total_urls: 1,
      processed_urls: 0,
      credits_estimated: 2, // one page, qualified (seed 003's example)
      replayed: false,
    });
    expect(res.body.id).toMatch(/^job_[0-9a-z]{20}$/);
    expect(Date.parse(res.body.estimated_completion)).toBeGreaterThan(
      Date.parse(res.body.created_at),
    );

    const job = await as(org.key).get(`/v1/jobs/${res.body.id}`).expect(200);
    expect(job.body).toMatchObject({ id: res.body.id, status: 'queued', credits_reserved: 2 });
    const account = await as(org.key).get('/v1/account').expect(200);
    expect(account.body.credits).toMatchObject({ balance: 100, reserved: 2, available: 98 });

    const other = await quarry.organization(['jobs:read']);
    await as(other.key).get(`/v1/jobs/${res.body.id}`).expect(404);
  });

  it('makes one job of 20 parallel identical submissions with one Idempotency-Key', async () => {
    const org = await customer(100);
    const body = { type: 'bulk', urls: ['https://a.example/', 'https://b.example/'] };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => as(org.key).scrape(body, 'order-42')),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => [201, 200, 409].includes(s))).toBe(true);
    const ids = new Set(responses.filter((r) => r.status !== 409).map((r) => r.body.id as string));
    expect(ids.size).toBe(1);

    const replay = await as(org.key).scrape(body, 'order-42').expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toMatchObject({ id: [...ids][0], replayed: true });
    const mismatch = await as(org.key).scrape(
      { ...body, urls: ['https://c.example/'] },
      'order-42',
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('idempotency_mismatch');

    const jobs = await as(org.key).get('/v1/jobs').expect(200);
    expect(jobs.body.data).toHaveLength(1);
    const account = await as(org.key).get('/v1/account').expect(200);
    expect(account.body.credits).toMatchObject({ reserved: 4, available: 96 });
  });

  it('refuses a job it cannot cover with 402, creating nothing, and frees the key for a retry', async () => {
    const org = await customer(5);
    const body = {
      type: 'bulk',
      urls: ['https://a.example/', 'https://b.example/', 'https://c.example/'],
    };
    const refused = await as(org.key).scrape(body, 'big-one').expect(402);
    expect(refused.body.error).toMatchObject({
      code: 'insufficient_credits',
      message: 'Insufficient credits. Required 6, available 5.',
    });
    expect((await as(org.key).get('/v1/jobs').expect(200)).body.data).toHaveLength(0);
    await as(org.key)
      .scrape({ ...body, max_credits: 5 }, 'big-two')
      .expect(201);
  });

  describe('a job and its reservation', () => {
    const submit = (orgId: string, jobId: string) =>
      quarry.app.get(CommandBus).execute<SubmitJob, JobSubmittedResult>(
        new SubmitJob(
          {
            orgId,
            jobId,
            type: 'single',
            urls: ['https://example.com/'],
            options: {
              depth: 1,
              extractEmails: true,
              extractPhones: true,
              extractSocial: true,
              qualifyLeads: true,
            },
            maxCredits: null,
            externalUserId: null,
            webhookUrl: null,
          },
          { actor: 'operator:test' },
        ),
      );

    it('are recorded together or not at all', async () => {
      const org = await customer(10);
      const jobId = newId('job');
      // Another writer got to the job's stream first: the job cannot be recorded…
      await quarry.app
        .get<symbol, EventStore>(EVENT_STORE)
        .append(jobStream(jobId), [{ type: 'Squatter', data: {} }], { expectedRevision: 'any' });
      await expect(submit(org.orgId, jobId)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      // …so neither is its reservation.
      await as(org.key).scrape(single).expect(201); // read-your-writes: the ledger is current
      const account = await as(org.key).get('/v1/account').expect(200);
      expect(account.body.credits).toMatchObject({ balance: 10, reserved: 2, available: 8 });
    });

    it('are recorded once when the same job id is submitted again', async () => {
      const org = await customer(10);
      const jobId = newId('job');
      await submit(org.orgId, jobId);
      const again = await submit(org.orgId, jobId);
      const dataSource = quarry.app.get(DataSource);
      for (const projection of ['jobs', 'ledger'])
        expect(await waitForProjection(dataSource, projection, again.position, 5000)).toBe(true);
      const store = quarry.app.get<symbol, EventStore>(EVENT_STORE);
      const events: string[] = [];
      for await (const event of store.readStream(jobStream(jobId))) events.push(event.type);
      expect(events).toEqual(['JobSubmitted']);
      await as(org.key).get(`/v1/jobs/${jobId}`).expect(200);
      const jobs = await as(org.key).get('/v1/jobs').expect(200);
      expect(jobs.body.data.map((job: { id: string }) => job.id)).toEqual([jobId]);
      const account = await as(org.key).get('/v1/account').expect(200);
      expect(account.body.credits).toMatchObject({ balance: 10, reserved: 2, available: 8 });
    });
  });

  it('lets exactly 10 of 50 concurrent 10-credit submissions through against 100 credits', async () => {
    const org = await customer(100);
    const body = {
      type: 'bulk',
      urls: Array.from({ length: 5 }, (_, i) => `https://site${i}.example/`),
    };
    const responses = await Promise.all(Array.from({ length: 50 }, () => as(org.key).scrape(body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 402)).toHaveLength(40);
    const account = await as(org.key).get('/v1/account').expect(200);
    expect(account.body.credits).toMatchObject({ balance: 100, reserved: 100, available: 0 });
  });

  it('lists jobs newest first with filters, and holds a GET with Prefer: wait', async () => {
    const org = await customer(100);
    const first = await as(org.key)
      .scrape({ ...single, external_user_id: 'cust-1' })
      .expect(201);
    const second = await as(org.key)
      .scrape({ type: 'sitemap', urls: ['https://s.example/'] })
      .expect(201);
    const all = await as(org.key).get('/v1/jobs?limit=1').expect(200);
    expect(all.body.data.map((j: { id: string }) => j.id)).toEqual([second.body.id]);
    const next = await as(org.key)
      .get(`/v1/jobs?limit=1&cursor=${all.body.pagination.next_cursor}`)
      .expect(200);
    expect(next.body.data.map((j: { id: string }) => j.id)).toEqual([first.body.id]);
    const mine = await as(org.key)
      .get('/v1/jobs?external_user_id=cust-1&status=pending')
      .expect(200);
    expect(mine.body.data.map((j: { id: string }) => j.id)).toEqual([first.body.id]);

    const started = Date.now();
    const held = await as(org.key)
      .get(`/v1/jobs/${first.body.id}`)
      .set('Prefer', 'wait=1')
      .expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(held.headers['preference-applied']).toBe('wait=1');
    expect(held.body.status).toBe('queued');
  });

  it('cancels a job: its reservation is released, a second cancel is a 409, another org gets 404', async () => {
    const org = await customer(50);
    const job = await as(org.key).scrape(single).expect(201);
    const other = await quarry.organization(['jobs:write']);
    await request(quarry.url)
      .post(`/v1/jobs/${job.body.id}/cancel`)
      .set('Authorization', `Bearer ${other.key}`)
      .expect(404);
    const cancelled = await request(quarry.url)
      .post(`/v1/jobs/${job.body.id}/cancel`)
      .set('Authorization', `Bearer ${org.key}`)
      .expect(200);
    expect(cancelled.body).toMatchObject({
      id: job.body.id,
      status: 'cancelled',
      processed_urls: 0,
      credits_used: 0,
      message: 'Job cancelled successfully. Partial results saved.',
    });
    const again = await request(quarry.url)
      .post(`/v1/jobs/${job.body.id}/cancel`)
      .set('Authorization', `Bearer ${org.key}`)
      .expect(409);
    expect(again.body.error.message).toBe(`Job ${job.body.id} is already cancelled`);

    // The settlement saga releases what the job reserved.
    const deadline = Date.now() + 10_000;
    let credits = (await as(org.key).get('/v1/account').expect(200)).body.credits;
    while (credits.reserved !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      credits = (await as(org.key).get('/v1/account').expect(200)).body.credits;
    }
    expect(credits).toMatchObject({ balance: 50, reserved: 0, available: 50, total_used: 0 });
    const statement = await as(org.key).get('/v1/credits/transactions').expect(200);
    expect(statement.body.data[0]).toMatchObject({
      type: 'deduction',
      amount: 0,
      job_id: job.body.id,
    });
  });

  it('wakes a long poll at once when the job ends', async () => {
    const org = await customer(10);
    const job = await as(org.key).scrape(single).expect(201);
    const started = Date.now();
    const held = as(org.key).get(`/v1/jobs/${job.body.id}`).set('Prefer', 'wait=20');
    setTimeout(() => {
      void request(quarry.url)
        .post(`/v1/jobs/${job.body.id}/cancel`)
        .set('Authorization', `Bearer ${org.key}`)
        .then();
    }, 300);
    const res = await held.expect(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.headers['preference-applied']).toBe('wait=20');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  describe('bad input changes nothing', () => {
    it.each([
      [{ urls: ['https://a.example/'] }, 'type'],
      [{ type: 'crawl', urls: ['https://a.example/'] }, 'type'],
      [{ type: 'bulk', urls: [] }, 'urls'],
      [{ type: 'bulk', urls: 'https://a.example/' }, 'urls'],
      [{ type: 'bulk', urls: ['https://a.example/', 'ftp://b.example/'] }, 'urls[1]'],
      [{ type: 'bulk', urls: ['https://a.example/', 'not a url'] }, 'urls[1]'],
      [{ type: 'single', urls: ['https://a.example/', 'https://b.example/'] }, 'urls'],
      [{ ...single, options: { depth: 4 } }, 'options.depth'],
      [{ ...single, options: { qualify_leads: 'yes' } }, 'options.qualify_leads'],
      [{ ...single, max_credits: 0 }, 'max_credits'],
      [{ ...single, webhook_url: 'http://hooks.example/' }, 'webhook_url'],
      [{ ...single, priority: 'high' }, 'priority'],
    ])('%j → 400 naming %s', async (body, field) => {
      const org = await customer(10);
      const res = await as(org.key).scrape(body).expect(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect((await as(org.key).get('/v1/jobs').expect(200)).body.data).toHaveLength(0);
    });

    it('refuses a bad Idempotency-Key, unknown job ids and a key without jobs:write', async () => {
      const org = await customer(10);
      await as(org.key).scrape(single, 'x'.repeat(256)).expect(400);
      await as(org.key).get('/v1/jobs/job_00000000000000000000').expect(404);
      await as(org.key).get('/v1/jobs/nope').expect(404);
      const reader = await quarry.organization(['jobs:read']);
      await as(reader.key).scrape(single).expect(403);
    });
  });
});
