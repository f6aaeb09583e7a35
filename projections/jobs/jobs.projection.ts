import type { RecordedEvent } from '@quarry/eventstore';
import { evolveJobView } from '@quarry/jobs';
import type { JobEvent, JobView } from '@quarry/jobs';
import type { CopyValue, ProjectionContext, ProjectionDefinition } from '@quarry/projection-engine';

const LEAD_COLUMNS = [
  'lead_id',
  'org_id',
  'job_id',
  'external_user_id',
  'email',
  'phone',
  'name',
  'title',
  'company_name',
  'socials',
  'source_url',
  'score',
  'status',
  'signals',
  'qualification_notes',
  'created_at',
] as const;

interface JobIdOnly {
  readonly jobId: string;
}

/**
 * Jobs as clients see them (`jobs`: the view folded by `evolveJobView`, the
 * same fold a GET uses before the projection has caught up, plus columns to
 * filter on) and the leads they found (`leads`).
 */
export const jobsProjection: ProjectionDefinition = {
  name: 'jobs',
  version: 1,
  description: 'Scrape jobs with status and counters, and their leads.',
  filter: { streamPrefixes: ['job-'] },
  tables: ['jobs', 'leads'],
  createTables: (schema) => [
    `CREATE TABLE ${schema}.jobs (
       job_id text PRIMARY KEY,
       org_id text NOT NULL,
       type text NOT NULL,
       status text NOT NULL,
       external_user_id text,
       created_at timestamptz NOT NULL,
       view jsonb NOT NULL)`,
    `CREATE INDEX jobs_org_created ON ${schema}.jobs (org_id, created_at, job_id)`,
    `CREATE INDEX jobs_org_status ON ${schema}.jobs (org_id, status, created_at, job_id)`,
    `CREATE INDEX jobs_active ON ${schema}.jobs (created_at) WHERE status IN ('queued', 'processing')`,
    `CREATE TABLE ${schema}.leads (
       lead_id text PRIMARY KEY,
       org_id text NOT NULL,
       job_id text NOT NULL,
       external_user_id text,
       email text,
       phone text,
       name text,
       title text,
       company_name text,
       socials jsonb NOT NULL,
       source_url text NOT NULL,
       score integer NOT NULL,
       status text NOT NULL,
       signals text[] NOT NULL,
       qualification_notes text NOT NULL,
       created_at timestamptz NOT NULL)`,
    `CREATE INDEX leads_org_created ON ${schema}.leads (org_id, created_at, lead_id)`,
    `CREATE INDEX leads_org_score ON ${schema}.leads (org_id, score, lead_id)`,
    `CREATE INDEX leads_org_company ON ${schema}.leads (org_id, company_name, lead_id)`,
    `CREATE INDEX leads_org_job ON ${schema}.leads (org_id, job_id)`,
    `CREATE INDEX leads_org_status ON ${schema}.leads (org_id, status, created_at, lead_id)`,
    `CREATE INDEX leads_org_external_user ON ${schema}.leads (org_id, external_user_id, created_at, lead_id)`,
    // Substring search over email, company and phone (pg_trgm, created by a migration).
    `CREATE INDEX leads_search ON ${schema}.leads
       USING gin ((coalesce(email, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(phone, '')) public.gin_trgm_ops)`,
  ],
  async apply(events: readonly RecordedEvent[], { manager, table, copyRows }: ProjectionContext) {
    // Jobs submitted in this batch are new: only the others have a stored view to read.
    const submitted = new Set(
      events.filter((e) => e.type === 'JobSubmitted').map((e) => (e.data as JobIdOnly).jobId),
    );
    const stored = [...new Set(events.map((e) => (e.data as JobIdOnly).jobId))].filter(
      (id) => !submitted.has(id),
    );
    const rows =
      stored.length === 0
        ? []
        : await manager.query<{ view: JobView }[]>(
            `SELECT view FROM ${table('jobs')} WHERE job_id = ANY($1::text[])`,
            [stored],
          );
    const views = new Map<string, JobView | null>(rows.map((r) => [r.view.jobId, r.view]));
    const leads: CopyValue[][] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as JobEvent;
      const view = evolveJobView(views.get(event.data.jobId) ?? null, event);
      views.set(event.data.jobId, view);
      if (event.type !== 'PagesProcessed' || !view) continue;
      for (const lead of event.data.leads) {
        leads.push([
          lead.leadId,
          view.orgId,
          view.jobId,
          view.externalUserId,
          lead.email,
          lead.phone,
          lead.name,
          lead.title,
          lead.companyName,
          lead.socials,
          lead.sourceUrl,
          lead.score,
          lead.status,
          `{${lead.signals.map((s) => `"${s}"`).join(',')}}`,
          lead.notes,
          event.data.at,
        ]);
      }
    }
    const changed = [...views.values()].filter((v): v is JobView => v !== null);
    if (changed.length > 0) {
      await manager.query(
        `INSERT INTO ${table('jobs')} (job_id, org_id, type, status, external_user_id, created_at, view)
         SELECT v->>'jobId', v->>'orgId', v->>'type', v->>'status', v->>'externalUserId',
                (v->>'createdAt')::timestamptz, v
           FROM jsonb_array_elements($1::jsonb) AS v
         ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, view = EXCLUDED.view`,
        [JSON.stringify(changed)],
      );
    }
    await copyRows('leads', LEAD_COLUMNS, leads);
  },
};
