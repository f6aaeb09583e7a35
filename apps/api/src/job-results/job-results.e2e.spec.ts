import request from 'supertest';
import { DataSource } from 'typeorm';
import { decideAndAppend, EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { jobDecider, jobStream } from '@quarry/jobs';
import type { JobCommand, LeadRecord, PageRecord } from '@quarry/jobs';
import { waitForProjection } from '@quarry/projection-engine';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

const COLUMNS = [
  'email',
  'phone',
  'full_name',
  'job_title',
  'company_name',
  'linkedin_url',
  'twitter_url',
  'facebook_url',
  'instagram_url',
  'youtube_url',
  'github_url',
  'lead_score',
  'lead_status',
  'signals_detected',
  'qualification_notes',
  'source_url',
];

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

const processed = (url: string): PageRecord => ({
  url,
  depth: 1,
  outcome: 'processed',
  reason: null,
  status: 200,
  links: [],
});
const failed = (url: string, reason: string, status: number | null = null): PageRecord => ({
  url,
  depth: 1,
  outcome: 'failed',
  reason,
  status,
  links: [],
});
const skipped = (url: string): PageRecord => ({
  url,
  depth: 1,
  outcome: 'skipped',
  reason: 'robots_disallowed',
  status: null,
  links: [],
});

/** A lead found on `sourceUrl`, id `lead_` + 20 [0-9a-z] from the job id and its number. */
function lead(
  jobId: string,
  n: number,
  sourceUrl: string,
  fields: Partial<LeadRecord> & Pick<LeadRecord, 'email'>,
): LeadRecord {
  return {
    leadId: `lead_${jobId.slice(4, 16)}${String(n).padStart(8, '0')}`,
    key: fields.email ?? fields.phone ?? sourceUrl,
    sourceUrl,
    phone: null,
    name: null,
    title: null,
    companyName: null,
    socials: [],
    score: 50,
    status: 'warm',
    signals: ['business_email'],
    notes: 'A business address.',
    ...fields,
  };
}

describe('GET /v1/jobs/{id}/results', () => {
  let quarry: TestQuarry;
  let operator: { key: string };

  beforeAll(async () => {
    // The test plays the crawler: the worker's scrape runner must not claim these jobs.
    quarry = await startTestQuarry({ env: { SCRAPER_JOBS_PER_WORKER: '0' } });
    operator = await quarry.organization(['admin']);
  });

  afterAll(async () => {
    await quarry.close();
  });

  const get = (key: string, path: string, query: Record<string, string | number> = {}) =>
    request(quarry.url).get(path).query(query).set('Authorization', `Bearer ${key}`);

  /** An organization holding credits, with a key that submits and reads jobs. */
  async function customer(credits = 100) {
    const org = await quarry.organization(['jobs:read', 'jobs:write']);
    await request(quarry.url)
      .post(`/v1/admin/orgs/${org.orgId}/credits`)
      .set('Authorization', `Bearer ${operator.key}`)
      .send({ delta_credits: credits, note: 'test credits', idempotency_key: 'grant' })
      .expect(200);
    return org;
  }

  async function submit(key: string, body: object = {}): Promise<string> {
    const res = await request(quarry.url)
      .post('/v1/scrape')
      .set('Authorization', `Bearer ${key}`)
      .send({
        type: 'bulk',
        urls: ['https://northwind.example/', 'https://northwind.example/careers'],
        options: { depth: 2, max_pages: 10 },
        ...body,
      })
      .expect(201);
    return res.body.id as string;
  }

  /** Plays the crawler: the job's commands through its decider, then waits for the `jobs` projection. */
  async function drive(jobId: string, ...commands: JobCommand[]) {
    const store = quarry.app.get<EventStore>(EVENT_STORE);
    let position = 0n;
    for (const command of commands) {
      ({ position } = await decideAndAppend(store, jobStream(jobId), jobDecider, command, {
        metadata: { actor: 'system:test' },
      }));
    }
    if (!(await waitForProjection(quarry.app.get(DataSource), 'jobs', position, 5000)))
      throw new Error('jobs projection did not catch up');
  }

  const start = (jobId: string): JobCommand => ({ type: 'StartJob', data: { jobId, now: at(0) } });
  const record = (
    jobId: string,
    minute: number,
    pages: PageRecord[],
    leads: LeadRecord[] = [],
  ): JobCommand => ({ type: 'RecordPages', data: { jobId, pages, leads, now: at(minute) } });
  const complete = (jobId: string, stoppedBy: string | null = null): JobCommand => ({
    type: 'CompleteJob',
    data: { jobId, stoppedBy, now: at(10) },
  });

  it('is a 409 while the job is queued or processing, and a 404 for anyone else’s job', async () => {
    const org = await customer();
    const jobId = await submit(org.key);
    const queued = await get(org.key, `/v1/jobs/${jobId}/results`).expect(409);
    expect(queued.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('current status: queued') as string,
    });

    await drive(jobId, start(jobId));
    const processing = await get(org.key, `/v1/jobs/${jobId}/results`).expect(409);
    expect(processing.body.error.message).toContain('current status: processing');
    expect(processing.body.error.details[0].code).toBe('job_not_completed');

    const other = await quarry.organization(['jobs:read']);
    const hidden = await get(other.key, `/v1/jobs/${jobId}/results`).expect(404);
    expect(hidden.body.error.code).toBe('not_found');
    await get(org.key, '/v1/jobs/job_00000000000000000000/results').expect(404);
    await get(org.key, '/v1/jobs/nope/results').expect(404);
    const leadsOnly = await quarry.organization(['leads:read']);
    await get(leadsOnly.key, `/v1/jobs/${jobId}/results`).expect(403);
  });

  it('pages through a completed job’s rows: 5 leads at limit 2 are 3 pages', async () => {
    const org = await customer();
    const jobId = await submit(org.key, { external_user_id: 'tenant-42' });
    const team = 'https://northwind.example/team';
    const careers = 'https://northwind.example/careers';
    const leads = [
      lead(jobId, 0, team, {
        email: 'olivia.chen@northwind.io',
        phone: '+14155550134',
        name: 'Olivia Chen',
        title: 'Head of Growth',
        companyName: 'Northwind Analytics',
        socials: [
          'https://www.linkedin.com/in/oliviachen',
          'https://twitter.com/oliviachen',
          'https://github.com/ochen',
        ],
        score: 84,
        status: 'hot',
        signals: ['hiring', 'decision_maker'],
        notes: 'A growth leader at a company that is hiring.',
      }),
      lead(jobId, 1, team, { email: 'sales@northwind.io', companyName: 'Northwind Analytics' }),
      lead(jobId, 2, team, {
        email: null,
        phone: '+14155550188',
        name: 'Marcus Lee',
        title: 'Office Manager',
        score: 25,
        status: 'cold',
        signals: [],
        notes: 'A direct phone without a company address.',
      }),
      lead(jobId, 3, careers, {
        email: 'jobs@northwind.io',
        companyName: 'Northwind Analytics',
        score: 61,
        signals: ['hiring', 'business_email'],
        notes: 'Hiring for several roles.',
      }),
      lead(jobId, 4, careers, {
        email: 'press@northwind.io',
        companyName: 'Northwind Analytics',
        score: 40,
      }),
    ];
    await drive(
      jobId,
      start(jobId),
      record(jobId, 1, [processed(team)], leads.slice(0, 3)),
      record(jobId, 2, [processed(careers)], leads.slice(3)),
      complete(jobId),
    );

    const first = await get(org.key, `/v1/jobs/${jobId}/results`, { limit: 2 }).expect(200);
    expect(first.body).toMatchObject({
      job_id: jobId,
      external_user_id: 'tenant-42',
      status: 'completed',
      columns: COLUMNS,
      messages: ['2 pages processed.', '5 leads found.'],
      pagination: { page: 1, limit: 2, total: 5, total_pages: 3, has_next: true, has_prev: false },
    });
    expect(first.body.data[0]).toEqual({
      email: 'olivia.chen@northwind.io',
      phone: '+14155550134',
      full_name: 'Olivia Chen',
      job_title: 'Head of Growth',
      company_name: 'Northwind Analytics',
      linkedin_url: 'https://www.linkedin.com/in/oliviachen',
      twitter_url: 'https://twitter.com/oliviachen',
      facebook_url: null,
      instagram_url: null,
      youtube_url: null,
      github_url: 'https://github.com/ochen',
      lead_score: 84,
      lead_status: 'hot',
      signals_detected: ['hiring', 'decision_maker'],
      qualification_notes: 'A growth leader at a company that is hiring.',
      source_url: team,
    });
    for (const row of first.body.data) expect(Object.keys(row)).toEqual(COLUMNS);

    const second = await get(org.key, `/v1/jobs/${jobId}/results`, { page: 2, limit: 2 }).expect(
      200,
    );
    expect(second.body.pagination).toEqual({
      page: 2,
      limit: 2,
      total: 5,
      total_pages: 3,
      has_next: true,
      has_prev: true,
    });
    const third = await get(org.key, `/v1/jobs/${jobId}/results`, { page: 3, limit: 2 }).expect(
      200,
    );
    expect(third.body.pagination).toMatchObject({ page: 3, has_next: false, has_prev: true });
    const rows = [first, second, third].flatMap((res) => res.body.data as { email: string }[]);
    expect(rows.map((r) => r.email)).toEqual(leads.map((l) => l.email));

    const beyond = await get(org.key, `/v1/jobs/${jobId}/results`, { page: 4, limit: 2 }).expect(
      200,
    );
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.pagination).toMatchObject({ total: 5, has_next: false, has_prev: true });

    const all = await get(org.key, `/v1/jobs/${jobId}/results`).expect(200);
    expect(all.body.data).toHaveLength(5);
    expect(all.body.pagination).toEqual({
      page: 1,
      limit: 50,
      total: 5,
      total_pages: 1,
      has_next: false,
      has_prev: false,
    });
  });

  it('tells how the crawl went: failures by reason, robots.txt skips, the credit cap', async () => {
    const org = await customer();
    // Three processed pages at 2 credits each use the whole cap.
    const jobId = await submit(org.key, { max_credits: 6 });
    const site = 'https://northwind.example';
    await drive(
      jobId,
      start(jobId),
      record(
        jobId,
        1,
        [
          processed(`${site}/`),
          processed(`${site}/about`),
          failed(`${site}/blog`, 'timeout'),
          failed(`${site}/shop`, 'timeout'),
          failed(`${site}/old-page`, 'http_status', 404),
          skipped(`${site}/admin`),
          skipped(`${site}/private`),
        ],
        [
          lead(jobId, 0, `${site}/about`, {
            email: 'founders@northwind.io',
            companyName: 'Northwind Analytics',
          }),
        ],
      ),
      // Beyond the cap the decider records the page as failed: nothing is charged.
      record(
        jobId,
        2,
        [processed(`${site}/contact`), processed(`${site}/team`)],
        [lead(jobId, 1, `${site}/contact`, { email: 'hello@northwind.io' })],
      ),
      complete(jobId, 'max_credits'),
    );

    const res = await get(org.key, `/v1/jobs/${jobId}/results`).expect(200);
    expect(res.body.messages).toEqual([
      'Stopped at max_credits: the cap of 6 credits was reached before the crawl finished.',
      '3 pages processed.',
      "4 pages failed: 2 timed out, 1 exceeded the job's credit budget, 1 returned an HTTP error status.",
      '2 pages skipped (disallowed by robots.txt).',
      '2 leads found.',
    ]);
    expect(res.body.data.map((r: { email: string }) => r.email)).toEqual([
      'founders@northwind.io',
      'hello@northwind.io',
    ]);
  });

  it('returns the partial results of a cancelled job', async () => {
    const org = await customer();
    const jobId = await submit(org.key);
    const page = 'https://northwind.example/';
    await drive(
      jobId,
      start(jobId),
      record(
        jobId,
        1,
        [processed(page)],
        [
          lead(jobId, 0, page, { email: 'info@northwind.io' }),
          lead(jobId, 1, page, { email: 'support@northwind.io', score: 35, status: 'cold' }),
        ],
      ),
    );
    await get(org.key, `/v1/jobs/${jobId}/results`).expect(409);
    await request(quarry.url)
      .post(`/v1/jobs/${jobId}/cancel`)
      .set('Authorization', `Bearer ${org.key}`)
      .expect(200);

    const res = await get(org.key, `/v1/jobs/${jobId}/results`).expect(200);
    expect(res.body).toMatchObject({
      status: 'cancelled',
      external_user_id: null,
      messages: [
        'Partial results: the job was cancelled before it finished.',
        '1 page processed.',
        '2 leads found.',
      ],
      pagination: { total: 2, total_pages: 1 },
    });
    expect(res.body.data.map((r: { email: string }) => r.email)).toEqual([
      'info@northwind.io',
      'support@northwind.io',
    ]);
  });

  it('returns what a failed job found, and none for a job that found nothing', async () => {
    const org = await customer();
    const jobId = await submit(org.key);
    const page = 'https://northwind.example/';
    await drive(
      jobId,
      start(jobId),
      record(jobId, 1, [processed(page)], [lead(jobId, 0, page, { email: 'info@northwind.io' })]),
      { type: 'FailJob', data: { jobId, reason: 'crawler_crashed', now: at(5) } },
    );
    const res = await get(org.key, `/v1/jobs/${jobId}/results`).expect(200);
    expect(res.body).toMatchObject({
      status: 'failed',
      messages: [
        'Partial results: the job failed (crawler_crashed).',
        '1 page processed.',
        '1 lead found.',
      ],
      pagination: { total: 1 },
    });

    const empty = await submit(org.key);
    await drive(empty, start(empty), complete(empty));
    const none = await get(org.key, `/v1/jobs/${empty}/results`).expect(200);
    expect(none.body).toMatchObject({
      status: 'completed',
      data: [],
      messages: ['No pages were crawled.', 'No leads found.'],
      pagination: { page: 1, total: 0, total_pages: 0, has_next: false, has_prev: false },
    });
  });

  it.each<[Record<string, string | number>, string]>([
    [{ page: 0 }, 'page'],
    [{ page: 'first' }, 'page'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 201 }, 'limit'],
    [{ limit: '' }, 'limit'],
    [{ cursor: 'abc' }, 'cursor'],
  ])('%j → 400 naming %s', async (query, field) => {
    const org = await customer();
    const jobId = await submit(org.key);
    await drive(jobId, start(jobId), complete(jobId));
    const res = await get(org.key, `/v1/jobs/${jobId}/results`, query).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
