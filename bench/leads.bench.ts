/**
 * `GET /v1/leads` at a million leads: one organization holding
 * BENCH_LEADS leads (default 1,000,000) among others holding a fifth of
 * that, every filter and sort of seed 003 (and a second page by cursor),
 * each for BENCH_SECONDS at BENCH_CONNECTIONS connections through HTTP.
 * The leads are written straight into the `jobs` projection's table (as the
 * projection's COPY would, with all its indexes): this measures the read
 * path, not the crawl that finds them.
 *
 *   npm run bench:leads    BENCH_LEADS=1000000 BENCH_SECONDS=3 BENCH_CONNECTIONS=16
 */
import { DataSource } from 'typeorm';
import { ensureActiveBuild } from '@quarry/projection-engine';
import { jobsProjection } from '@quarry/projections';
import { benchKeys, measure, startBenchQuarry } from './http-quarry';
import type { Measured } from './http-quarry';
import type { BenchDatabase } from './support';
import { envNumber, log, round, withBenchDatabase } from './support';

const LEADS = Math.floor(envNumber('BENCH_LEADS', 1_000_000));
const SECONDS = envNumber('BENCH_SECONDS', 3);
const CONNECTIONS = Math.floor(envNumber('BENCH_CONNECTIONS', 16));
const OTHER_ORGS = 4;
const LEADS_PER_JOB = 50;
/** 50 first words × 50 second words × 10 kinds. */
const COMPANIES = 25_000;

const FIRST =
  'anna ben carla david emma felix greta hugo ines jonas karin luca maya nils olga paul quinn rosa sven tara uwe vera wim xenia yusuf zoe'.split(
    ' ',
  );
const LAST =
  'adler berg costa dubois eriksen fischer garcia hansen ito jansen kowalski lopez meyer nowak olsen petit quist rossi schmidt tanaka urban vogel weber young zimmer'.split(
    ' ',
  );
const WORDS =
  'acme blue cedar delta ember fjord granite harbor iris juniper kestrel lumen maple nimbus orbit pioneer quartz river summit tundra umber vertex willow xylo yonder zephyr atlas beacon cobalt dune echo falcon glacier helix indigo jade krypton lattice meadow nova onyx prism quill raven sierra titan ultra vapor wave yarrow'.split(
    ' ',
  );
const KINDS = 'labs systems works group digital partners logistics health energy studio'.split(' ');
const TLDS = 'com io de co.uk fr nl es it'.split(' ');
const ROLES = 'info sales contact hello office'.split(' ');
const array = (words: readonly string[]) => `(ARRAY[${words.map((w) => `'${w}'`).join(',')}])`;

/**
 * Leads with the spread a real account has: 50 per job; 50 × 50 × 10
 * company names over 8 top-level domains (one lead in seven without a
 * company); a third of the emails role addresses (info@, sales@…), the rest
 * first.last; phones for half, in several countries; scores 0–100 with
 * their status; a third without an external user id; one every 7 s over
 * about 80 days. Text that varies keeps the trigram index honest: every row
 * made of the same words would make each search read every posting list.
 */
async function seedLeads(
  dataSource: DataSource,
  table: string,
  orgId: string,
  offset: number,
  count: number,
) {
  await dataSource.query(
    `INSERT INTO ${table} (lead_id, org_id, job_id, external_user_id, email, phone, name, title,
       company_name, socials, source_url, score, status, signals, qualification_notes, created_at)
     SELECT 'lead_' || lpad(to_hex(i), 20, '0'), $1,
            'job_' || lpad(to_hex(i / ${LEADS_PER_JOB}), 20, '0'),
            CASE WHEN i % 3 = 0 THEN NULL ELSE 'cust-' || (i % 1000) END,
            CASE WHEN i % 3 = 1 THEN r.role ELSE p.first || '.' || p.last END || '@' || c.domain,
            CASE WHEN i % 2 = 0 THEN
              (ARRAY['+1', '+44', '+49', '+33', '+31'])[1 + (i * 13) % 5]
              || ((i * 7919 + 123456789) % 900000000 + 100000000) || (i % 10) END,
            initcap(p.first) || ' ' || initcap(p.last),
            CASE WHEN i % 4 = 0 THEN 'Head of Sales' END,
            CASE WHEN i % 7 = 0 THEN NULL ELSE c.name END,
            jsonb_build_array('https://www.linkedin.com/company/' || c.slug),
            'https://' || c.domain || '/contact',
            s.score,
            CASE WHEN s.score >= 70 THEN 'hot' WHEN s.score >= 40 THEN 'warm' ELSE 'cold' END,
            ARRAY['business_email', 'contact_page'],
            'Business email on a contact page.',
            timestamptz '2026-08-01T00:00:00Z' + i * interval '7 seconds'
       FROM generate_series($2::bigint, $3::bigint) AS i,
            LATERAL (SELECT ((i * 7919) % 101)::int AS score) AS s,
            LATERAL (SELECT ${array(FIRST)}[1 + (i * 31) % ${FIRST.length}] AS first,
                            ${array(LAST)}[1 + (i * 17) % ${LAST.length}] AS last) AS p,
            LATERAL (SELECT ${array(ROLES)}[1 + i % ${ROLES.length}] AS role) AS r,
            LATERAL (SELECT k / 500 AS a, (k / 10) % 50 AS b, k % 10 AS kind
                       FROM (SELECT ((i * 2654435761) % ${COMPANIES}) AS k) AS h) AS n,
            LATERAL (SELECT w.one || w.two || w.kind AS slug,
                            initcap(w.one) || ' ' || initcap(w.two) || ' ' || initcap(w.kind) AS name,
                            w.one || w.two || '.' || ${array(TLDS)}[1 + (n.a + n.b) % ${TLDS.length}]
                              AS domain
                       FROM (SELECT ${array(WORDS)}[1 + n.a] AS one, ${array(WORDS)}[1 + n.b] AS two,
                                    ${array(KINDS)}[1 + n.kind] AS kind) AS w) AS c`,
    [orgId, offset + 1, offset + count],
  );
}

interface Probe {
  readonly name: string;
  readonly path: string;
}

/** Every filter and sort of seed 003, alone and combined, plus a second page. */
function probes(secondPageCursor: string): Probe[] {
  const job = `job_${(1234).toString(16).padStart(20, '0')}`;
  return [
    { name: 'newest', path: '' },
    { name: 'oldest', path: 'order=asc' },
    { name: 'second_page', path: `cursor=${encodeURIComponent(secondPageCursor)}` },
    { name: 'hot_by_score', path: 'status=hot&sort=score&order=desc' },
    { name: 'score_range', path: 'score_min=80&score_max=90' },
    { name: 'by_company', path: 'sort=company&order=asc' },
    { name: 'company_desc', path: 'sort=company&order=desc' },
    // One company's domain (about 40 leads in a million), a role address (a third of them),
    // and the start of a phone number.
    { name: 'search_rare', path: 'search=cedarmaple.es' },
    { name: 'search_common', path: 'search=sales%40' },
    { name: 'search_phone', path: 'search=%2B44207' },
    { name: 'job', path: `job_id=${job}` },
    { name: 'external_user', path: 'external_user_id=cust-17' },
    {
      name: 'week',
      path: 'created_after=2026-09-01T00:00:00Z&created_before=2026-09-08T00:00:00Z',
    },
    {
      name: 'combined',
      path: 'status=warm&score_min=50&search=fischer&sort=score&order=asc',
    },
    { name: 'cold_oldest', path: 'status=cold&order=asc' },
  ];
}

async function run(db: BenchDatabase) {
  const quarry = await startBenchQuarry(db, { SCRAPER_JOBS_PER_WORKER: '0' });
  try {
    const dataSource = quarry.app.get(DataSource);
    const { orgId, keys } = await benchKeys(quarry, CONNECTIONS, ['leads:read']);
    const build = await ensureActiveBuild(dataSource, jobsProjection);
    const table = `proj_jobs_g${build.generation}.leads`;
    log(`seeding ${LEADS} leads for the measured organization`);
    const started = Date.now();
    for (let done = 0; done < LEADS; done += 100_000)
      await seedLeads(dataSource, table, orgId, done, Math.min(100_000, LEADS - done));
    const others = Math.floor(LEADS / 5);
    for (let org = 0; org < OTHER_ORGS; org += 1)
      await seedLeads(
        dataSource,
        table,
        `org_other${org}`.padEnd(24, '0'),
        LEADS + org * others,
        others,
      );
    await dataSource.query(`ANALYZE ${table}`);
    log(
      `seeded ${LEADS + OTHER_ORGS * others} leads in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    const first = await fetch(`${quarry.base}/v1/leads`, {
      headers: { authorization: `Bearer ${keys[0]}` },
    });
    const page = (await first.json()) as { data: unknown[]; pagination: { next_cursor: string } };
    if (first.status !== 200 || page.data.length === 0)
      throw new Error(`GET /v1/leads answered ${first.status}`);

    log('warming up');
    await measure({ url: `${quarry.base}/v1/leads`, connections: CONNECTIONS, duration: 2 }, keys);
    const results: Record<string, { requests_per_s: number; p50_ms: number; p99_ms: number }> = {};
    let worst: Measured | undefined;
    let all = 0;
    for (const probe of probes(page.pagination.next_cursor)) {
      const url = `${quarry.base}/v1/leads${probe.path ? `?${probe.path}` : ''}`;
      const check = await fetch(url, { headers: { authorization: `Bearer ${keys[0]}` } });
      if (check.status !== 200)
        throw new Error(`${probe.name}: ${check.status} ${await check.text()}`);
      const measured = await measure({ url, connections: CONNECTIONS, duration: SECONDS }, keys);
      if (measured.non2xx > 0) throw new Error(`${probe.name}: ${measured.non2xx} non-2xx answers`);
      results[probe.name] = {
        requests_per_s: round(measured.rps, 1),
        p50_ms: measured.p50,
        p99_ms: measured.p99,
      };
      log(
        `${probe.name}: ${round(measured.rps)} requests/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms`,
      );
      if (!worst || measured.rps < worst.rps) worst = measured;
      all += measured.rps;
    }
    return { results, worst: worst!, mean: all / Object.keys(results).length };
  } finally {
    await quarry.close();
  }
}

void withBenchDatabase(run).then(
  ({ results, worst, mean }) => {
    console.log(
      JSON.stringify({
        bench: 'leads',
        unit: 'requests/s',
        value: round(mean, 1),
        slowest_per_s: round(worst.rps, 1),
        slowest_p99_ms: worst.p99,
        p99_ms: Math.max(...Object.values(results).map((r) => r.p99_ms)),
        leads: LEADS,
        connections: CONNECTIONS,
        queries: results,
      }),
    );
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
