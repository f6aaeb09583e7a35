import request from 'supertest';
import { DataSource } from 'typeorm';
import { decideAndAppend, EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { jobDecider, jobStream } from '@quarry/jobs';
import type { JobCommand, LeadRecord, PageRecord } from '@quarry/jobs';
import { waitForProjection } from '@quarry/projection-engine';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

/** What a test lead is made of; the rest of its LeadRecord is derived. */
interface Contact {
  readonly email: string | null;
  readonly phone: string | null;
  readonly name?: string;
  readonly title?: string;
  readonly company: string | null;
  readonly socials?: string[];
  readonly score: number;
  readonly status: 'hot' | 'warm' | 'cold';
  readonly signals?: string[];
  readonly notes: string;
}

/** A lead as the test expects to find it. */
interface Expected {
  readonly id: string;
  readonly jobId: string;
  readonly at: number;
  readonly contact: Contact;
}

type Sort = 'created_at' | 'score' | 'company';
type Order = 'asc' | 'desc';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

/** `lead_` + 20 [0-9a-z]: twelve characters of the job id and the lead's number in it. */
const leadIdOf = (jobId: string, n: number) =>
  `lead_${jobId.slice(4, 16)}${String(n).padStart(8, '0')}`;

const page = (url: string): PageRecord => ({
  url,
  depth: 1,
  outcome: 'processed',
  reason: null,
  status: 200,
  links: [],
});

describe('GET /v1/leads', () => {
  let quarry: TestQuarry;
  let operator: { key: string };
  let acme: { orgId: string; key: string };
  let rival: { orgId: string; key: string };
  let firstJob: string;
  let secondJob: string;
  let rivalLead: string;
  const leads: Expected[] = [];

  const get = (key: string, path: string, query: Record<string, string | number> = {}) =>
    request(quarry.url).get(path).query(query).set('Authorization', `Bearer ${key}`);

  /** An organization holding credits, with a key that submits jobs and reads leads. */
  async function customer(credits: number) {
    const org = await quarry.organization(['jobs:read', 'jobs:write', 'leads:read']);
    await request(quarry.url)
      .post(`/v1/admin/orgs/${org.orgId}/credits`)
      .set('Authorization', `Bearer ${operator.key}`)
      .send({ delta_credits: credits, note: 'test credits', idempotency_key: 'grant' })
      .expect(200);
    return org;
  }

  async function submit(key: string, body: object): Promise<string> {
    const res = await request(quarry.url)
      .post('/v1/scrape')
      .set('Authorization', `Bearer ${key}`)
      .send(body)
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

  /** One page of contacts recorded at `minute`; every contact becomes an expected lead. */
  function recordPage(jobId: string, url: string, minute: number, contacts: Contact[]) {
    const records: LeadRecord[] = contacts.map((contact) => {
      const id = leadIdOf(jobId, leads.filter((l) => l.jobId === jobId).length);
      leads.push({ id, jobId, at: at(minute).getTime(), contact });
      return {
        leadId: id,
        key: (contact.email ?? contact.phone)!,
        sourceUrl: url,
        email: contact.email,
        phone: contact.phone,
        name: contact.name ?? null,
        title: contact.title ?? null,
        companyName: contact.company,
        socials: contact.socials ?? [],
        score: contact.score,
        status: contact.status,
        signals: contact.signals ?? [],
        notes: contact.notes,
      };
    });
    return {
      type: 'RecordPages',
      data: { jobId, pages: [page(url)], leads: records, now: at(minute) },
    } satisfies JobCommand;
  }

  const start = (jobId: string): JobCommand => ({
    type: 'StartJob',
    data: { jobId, now: at(0) },
  });
  const complete = (jobId: string): JobCommand => ({
    type: 'CompleteJob',
    data: { jobId, stoppedBy: null, now: at(10) },
  });

  beforeAll(async () => {
    // The test plays the crawler: the worker's scrape runner must not claim these jobs.
    quarry = await startTestQuarry({ env: { SCRAPER_JOBS_PER_WORKER: '0' } });
    operator = await quarry.organization(['admin']);
    acme = await customer(100);
    rival = await customer(100);

    firstJob = await submit(acme.key, {
      type: 'bulk',
      urls: [
        'https://acmerobotics.example/',
        'https://growthlabs.example/',
        'https://brightpath.example/',
      ],
      options: { depth: 2, max_pages: 10 },
      external_user_id: 'cust-7',
    });
    await drive(
      firstJob,
      start(firstJob),
      recordPage(firstJob, 'https://acmerobotics.example/team', 0, [
        {
          email: 'jane.doe@acmerobotics.com',
          phone: '+14155550101',
          name: 'Jane Doe',
          title: 'VP of Sales',
          company: 'Acme Robotics',
          socials: [
            'https://www.linkedin.com/in/janedoe',
            'https://x.com/janedoe',
            'https://www.linkedin.com/company/acme-robotics',
          ],
          score: 88,
          status: 'hot',
          signals: ['hiring', 'recent_funding', 'decision_maker'],
          notes: 'VP of Sales at a company that just raised a Series A and is hiring.',
        },
        {
          email: 'info@acmerobotics.com',
          phone: null,
          company: 'Acme Robotics',
          score: 45,
          status: 'warm',
          signals: ['business_email'],
          notes: 'A generic business address.',
        },
      ]),
      recordPage(firstJob, 'https://growthlabs.example/contact', 1, [
        {
          email: 'sales_team@growthlabs.io',
          phone: '+442071838750',
          company: 'Growth Labs',
          socials: ['https://github.com/growthlabs'],
          score: 72,
          status: 'hot',
          signals: ['growing_company', 'business_email'],
          notes: 'A growing company with a sales team address.',
        },
        {
          email: null,
          phone: '+12125550199',
          name: 'Sam Rivera',
          title: 'Office Manager',
          company: null,
          score: 20,
          status: 'cold',
          notes: 'A phone number without a company.',
        },
      ]),
      recordPage(firstJob, 'https://brightpath.example/about', 2, [
        {
          email: 'ceo@brightpath.co',
          phone: '+16175550142',
          name: 'Priya Shah',
          title: 'CEO',
          company: 'BrightPath',
          socials: [
            'https://www.linkedin.com/in/priyashah',
            'https://www.youtube.com/@brightpath',
            'https://www.instagram.com/brightpath',
          ],
          score: 91,
          status: 'hot',
          signals: ['new_leadership', 'decision_maker'],
          notes: 'The new CEO of an expanding company.',
        },
        {
          // Matches `sales_team` if `_` were a wildcard.
          email: 'sales-team@brightpath.co',
          phone: null,
          company: 'BrightPath',
          score: 45,
          status: 'warm',
          notes: 'A team address.',
        },
        {
          email: 'hello@pure100.com',
          phone: null,
          company: 'Pure 100% Organic',
          socials: ['https://www.facebook.com/pure100organic'],
          score: 55,
          status: 'warm',
          notes: 'A business address.',
        },
        {
          // Matches `100%` if `%` were a wildcard.
          email: 'contact@harvest1000.farm',
          phone: '+13055550123',
          company: 'Harvest 1000 Acres',
          score: 30,
          status: 'cold',
          notes: 'A contact form address.',
        },
      ]),
      complete(firstJob),
    );

    secondJob = await submit(acme.key, {
      type: 'single',
      urls: ['https://nordicfreight.example/'],
      options: { depth: 2, max_pages: 5 },
    });
    await drive(
      secondJob,
      start(secondJob),
      recordPage(secondJob, 'https://nordicfreight.example/kontakt', 3, [
        {
          email: 'anna.berg@nordicfreight.se',
          phone: '+46812345678',
          name: 'Anna Berg',
          title: 'Head of Logistics',
          company: 'Nordic Freight AB',
          score: 64,
          status: 'warm',
          signals: ['expansion'],
          notes: 'Expanding into new markets.',
        },
        {
          email: 'ops@quietstartup.dev',
          phone: null,
          company: null,
          score: 45,
          status: 'warm',
          notes: 'A business address.',
        },
        {
          email: 'maria@zenithhealth.com',
          phone: '+13125550177',
          company: 'Zenith Health',
          score: 10,
          status: 'cold',
          notes: 'No buying signals.',
        },
      ]),
    );

    // Another tenant found the same person: it must never show up in acme's answers.
    const rivalJob = await submit(rival.key, {
      type: 'single',
      urls: ['https://acmerobotics.example/'],
    });
    rivalLead = leadIdOf(rivalJob, 0);
    await drive(rivalJob, start(rivalJob), {
      type: 'RecordPages',
      data: {
        jobId: rivalJob,
        pages: [page('https://acmerobotics.example/')],
        leads: [
          {
            leadId: rivalLead,
            key: 'jane.doe@acmerobotics.com',
            sourceUrl: 'https://acmerobotics.example/',
            email: 'jane.doe@acmerobotics.com',
            phone: null,
            name: 'Jane Doe',
            title: null,
            companyName: 'Acme Robotics',
            socials: [],
            score: 80,
            status: 'hot',
            signals: [],
            notes: 'Found by another organization.',
          },
        ],
        now: at(5),
      },
    });
  });

  afterAll(async () => {
    await quarry.close();
  });

  const ids = (res: request.Response) => (res.body.data as { id: string }[]).map((l) => l.id);

  /** The expected order of a sort: its value, then lead_id, both in `order`; companies null last. */
  function ordered(subset: readonly Expected[], sort: Sort = 'created_at', order: Order = 'desc') {
    const sign = order === 'asc' ? 1 : -1;
    const value = (l: Expected) =>
      sort === 'created_at' ? l.at : sort === 'score' ? l.contact.score : l.contact.company;
    return [...subset]
      .sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;
        } else if (x !== y) return (x < y ? -1 : 1) * sign;
        return (a.id < b.id ? -1 : 1) * sign;
      })
      .map((l) => l.id);
  }

  /** Follows next_cursor to the end. */
  async function everyPage(query: Record<string, string | number>) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const res = await get(acme.key, '/v1/leads', { ...query, ...(cursor && { cursor }) }).expect(
        200,
      );
      seen.push(...ids(res));
      const { has_more, next_cursor } = res.body.pagination;
      expect(has_more).toBe(next_cursor !== null);
      if (!has_more) return seen;
      cursor = next_cursor as string;
    }
    throw new Error('more pages than leads');
  }

  it('lists the organization’s leads newest first, each with its profiles by network', async () => {
    const res = await get(acme.key, '/v1/leads').expect(200);
    expect(ids(res)).toEqual(ordered(leads));
    expect(res.body.pagination).toEqual({ has_more: false, next_cursor: null });
    const jane = leads[0];
    expect(res.body.data.find((l: { id: string }) => l.id === jane.id)).toEqual({
      id: jane.id,
      object: 'lead',
      email: 'jane.doe@acmerobotics.com',
      phone: '+14155550101',
      full_name: 'Jane Doe',
      job_title: 'VP of Sales',
      company_name: 'Acme Robotics',
      linkedin_url: 'https://www.linkedin.com/in/janedoe',
      twitter_url: 'https://x.com/janedoe',
      facebook_url: null,
      instagram_url: null,
      youtube_url: null,
      github_url: null,
      socials: [
        'https://www.linkedin.com/in/janedoe',
        'https://x.com/janedoe',
        'https://www.linkedin.com/company/acme-robotics',
      ],
      lead_score: 88,
      lead_status: 'hot',
      qualification_notes: 'VP of Sales at a company that just raised a Series A and is hiring.',
      signals_detected: ['hiring', 'recent_funding', 'decision_maker'],
      source_url: 'https://acmerobotics.example/team',
      job_id: firstJob,
      external_user_id: 'cust-7',
      created_at: at(0).toISOString(),
    });
  });

  it('shows one lead in detail; another organization’s or an unknown id is a 404', async () => {
    const priya = leads.find((l) => l.contact.email === 'ceo@brightpath.co')!;
    const res = await get(acme.key, `/v1/leads/${priya.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: priya.id,
      object: 'lead',
      full_name: 'Priya Shah',
      linkedin_url: 'https://www.linkedin.com/in/priyashah',
      youtube_url: 'https://www.youtube.com/@brightpath',
      instagram_url: 'https://www.instagram.com/brightpath',
      twitter_url: null,
      lead_score: 91,
      lead_status: 'hot',
      signals_detected: ['new_leadership', 'decision_maker'],
      job_id: firstJob,
      created_at: at(2).toISOString(),
    });
    const orgless = leads.find((l) => l.contact.email === 'ops@quietstartup.dev')!;
    expect((await get(acme.key, `/v1/leads/${orgless.id}`).expect(200)).body).toMatchObject({
      company_name: null,
      external_user_id: null,
      socials: [],
    });

    const unknown = await get(acme.key, '/v1/leads/lead_zzzzzzzzzzzzzzzzzzzz').expect(404);
    expect(unknown.body.error.code).toBe('not_found');
    await get(acme.key, '/v1/leads/not-a-lead').expect(404);
    await get(acme.key, `/v1/leads/${rivalLead}`).expect(404);
    await get(rival.key, `/v1/leads/${priya.id}`).expect(404);
    await get(rival.key, `/v1/leads/${rivalLead}`).expect(200);
  });

  it('keeps tenants apart and needs leads:read', async () => {
    const theirs = await get(rival.key, '/v1/leads').expect(200);
    expect(ids(theirs)).toEqual([rivalLead]);
    const searched = await get(rival.key, '/v1/leads', { search: 'brightpath' }).expect(200);
    expect(searched.body.data).toEqual([]);
    const filtered = await get(rival.key, '/v1/leads', { job_id: firstJob }).expect(200);
    expect(filtered.body.data).toEqual([]);

    const stranger = await quarry.organization(['leads:read']);
    expect((await get(stranger.key, '/v1/leads').expect(200)).body.data).toEqual([]);
    const jobsOnly = await quarry.organization(['jobs:read']);
    const refused = await get(jobsOnly.key, '/v1/leads').expect(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  const haystack = (l: Expected) =>
    [l.contact.email, l.contact.company, l.contact.phone]
      .map((v) => v ?? '')
      .join(' ')
      .toLowerCase();

  describe('filters', () => {
    const filters: [string, () => Record<string, string | number>, (l: Expected) => boolean][] = [
      ['job_id', () => ({ job_id: secondJob }), (l) => l.jobId === secondJob],
      ['external_user_id', () => ({ external_user_id: 'cust-7' }), (l) => l.jobId === firstJob],
      ['external_user_id of nobody', () => ({ external_user_id: 'cust-8' }), () => false],
      ['status=hot', () => ({ status: 'hot' }), (l) => l.contact.status === 'hot'],
      ['status=cold', () => ({ status: 'cold' }), (l) => l.contact.status === 'cold'],
      ['score_min=70', () => ({ score_min: 70 }), (l) => l.contact.score >= 70],
      ['score_max=30', () => ({ score_max: 30 }), (l) => l.contact.score <= 30],
      [
        'score_min=45&score_max=64',
        () => ({ score_min: 45, score_max: 64 }),
        (l) => l.contact.score >= 45 && l.contact.score <= 64,
      ],
      [
        'score_min=score_max=45',
        () => ({ score_min: 45, score_max: 45 }),
        (l) => l.contact.score === 45,
      ],
      [
        'created_after (inclusive)',
        () => ({ created_after: at(2).toISOString() }),
        (l) => l.at >= at(2).getTime(),
      ],
      [
        'created_before (exclusive)',
        () => ({ created_before: at(1).toISOString() }),
        (l) => l.at < at(1).getTime(),
      ],
      [
        'created_after and created_before',
        () => ({ created_after: at(1).toISOString(), created_before: '2026-03-02T09:03:00+00:00' }),
        (l) => l.at >= at(1).getTime() && l.at < at(3).getTime(),
      ],
      [
        'search by email domain',
        () => ({ search: 'acmerobotics' }),
        (l) => haystack(l).includes('acmerobotics'),
      ],
      [
        'search by company, any case',
        () => ({ search: 'GROWTH labs' }),
        (l) => l.contact.company === 'Growth Labs',
      ],
      ['search by phone digits', () => ({ search: '555' }), (l) => haystack(l).includes('555')],
      [
        'search with % taken literally',
        () => ({ search: '100%' }),
        (l) => l.contact.company === 'Pure 100% Organic',
      ],
      [
        'search with _ taken literally',
        () => ({ search: 'sales_team' }),
        (l) => l.contact.email === 'sales_team@growthlabs.io',
      ],
      ['search for a lone %', () => ({ search: '%' }), (l) => haystack(l).includes('%')],
      ['search for a backslash', () => ({ search: '\\' }), () => false],
      [
        'several filters at once',
        () => ({ job_id: firstJob, status: 'warm', search: 'brightpath', score_max: 50 }),
        (l) => l.contact.email === 'sales-team@brightpath.co',
      ],
    ];

    it.each(filters)('%s', async (_name, query, keep) => {
      const expected = ordered(leads.filter(keep));
      const res = await get(acme.key, '/v1/leads', query()).expect(200);
      expect(ids(res)).toEqual(expected);
      // A filter that keeps something keeps less than everything, or it tests nothing.
      expect(expected.length).toBeLessThan(leads.length);
    });

    it('pages through a filtered list', async () => {
      const query = { status: 'warm', sort: 'score', order: 'asc', limit: 2 };
      expect(await everyPage(query)).toEqual(
        ordered(
          leads.filter((l) => l.contact.status === 'warm'),
          'score',
          'asc',
        ),
      );
    });
  });

  describe('sorts', () => {
    const sorts: [Sort, Order][] = [
      ['created_at', 'desc'],
      ['created_at', 'asc'],
      ['score', 'desc'],
      ['score', 'asc'],
      ['company', 'desc'],
      ['company', 'asc'],
    ];

    it.each(sorts)('sort=%s&order=%s, one page', async (sort, order) => {
      const res = await get(acme.key, '/v1/leads', { sort, order }).expect(200);
      expect(ids(res)).toEqual(ordered(leads, sort, order));
    });

    it.each(sorts)(
      'sort=%s&order=%s, paged by cursor with no duplicate and no gap',
      async (sort, order) => {
        for (const limit of [1, 3, 4]) {
          const seen = await everyPage({ sort, order, limit });
          expect(seen).toEqual(ordered(leads, sort, order));
        }
      },
    );

    it('orders by created_at descending when asked for nothing, and puts companyless leads last', async () => {
      const res = await get(acme.key, '/v1/leads', { sort: 'company', order: 'desc' }).expect(200);
      const companies = (res.body.data as { company_name: string | null }[]).map(
        (l) => l.company_name,
      );
      expect(companies.slice(-2)).toEqual([null, null]);
      expect(companies[0]).toBe('Zenith Health');
      const byDefault = await get(acme.key, '/v1/leads', { limit: 3 }).expect(200);
      expect(ids(byDefault)).toEqual(ordered(leads).slice(0, 3));
    });
  });

  describe('bad input gets a 400 naming the field', () => {
    it.each<[Record<string, string | number>, string]>([
      [{ score_min: 101 }, 'score_min'],
      [{ score_min: -1 }, 'score_min'],
      [{ score_max: 'high' }, 'score_max'],
      [{ score_min: '' }, 'score_min'],
      [{ score_min: 80, score_max: 20 }, 'score_min'],
      [{ status: 'lukewarm' }, 'status'],
      [{ sort: 'name' }, 'sort'],
      [{ order: 'up' }, 'order'],
      [{ created_after: 'yesterday' }, 'created_after'],
      [{ created_before: '2026-13-01' }, 'created_before'],
      [
        { created_after: '2026-03-02T10:00:00Z', created_before: '2026-03-02T09:00:00Z' },
        'created_after',
      ],
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ search: '' }, 'search'],
      [{ search: 'x'.repeat(101) }, 'search'],
      [{ job_id: 'job-42' }, 'job_id'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ colour: 'blue' }, 'colour'],
    ])('%j → %s', async (query, field) => {
      const res = await get(acme.key, '/v1/leads', query).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('refuses a cursor made for another sort or order', async () => {
      const byScore = await get(acme.key, '/v1/leads', { sort: 'score', limit: 2 }).expect(200);
      const cursor = byScore.body.pagination.next_cursor as string;
      expect(cursor).toEqual(expect.any(String));
      const others: Record<string, string>[] = [
        {},
        { sort: 'company' },
        { sort: 'score', order: 'asc' },
      ];
      for (const query of others) {
        const res = await get(acme.key, '/v1/leads', { ...query, cursor }).expect(400);
        expect(res.body.error.details[0]).toMatchObject({
          field: 'cursor',
          code: 'cursor_mismatch',
        });
      }
      await get(acme.key, '/v1/leads', { sort: 'score', cursor }).expect(200);

      const jobsCursor = Buffer.from(JSON.stringify({ at: '1', id: firstJob })).toString(
        'base64url',
      );
      const res = await get(acme.key, '/v1/leads', { cursor: jobsCursor }).expect(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
    });
  });
});
