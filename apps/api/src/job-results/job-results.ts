import type { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import type { EventStore } from '@quarry/eventstore';
import { jobStream, TERMINAL_STATUSES } from '@quarry/jobs';
import type { JobEvent, JobView } from '@quarry/jobs';
import { LEAD_COLUMNS, presentLead } from '../leads/lead-presenter';
import type { LeadBody, LeadRow } from '../leads/lead-presenter';
import { jobMessages, PageTally } from './job-messages';
import type { JobResultsQuery } from './job-results.query';

/** The columns of every results row, in this order (seed 000's `columns`). */
export const RESULT_COLUMNS = [
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
] as const satisfies readonly (keyof LeadBody)[];

type ResultColumn = (typeof RESULT_COLUMNS)[number];

function resultRow(lead: LeadBody): Pick<LeadBody, ResultColumn> {
  const row: Partial<Record<ResultColumn, unknown>> = {};
  for (const column of RESULT_COLUMNS) row[column] = lead[column];
  return row as Pick<LeadBody, ResultColumn>;
}

/** Every page the job recorded, tallied one batch of events at a time. */
async function tallyPages(store: EventStore, jobId: string): Promise<PageTally> {
  const tally = new PageTally();
  for await (const batch of store.readStreamBatches(jobStream(jobId))) {
    for (const recorded of batch) {
      const event = { type: recorded.type, data: recorded.data } as JobEvent;
      if (event.type === 'PagesProcessed') for (const page of event.data.pages) tally.add(page);
    }
  }
  return tally;
}

/**
 * Seed 000's JobResultsResponse for a job that has ended. Rows and the
 * job's status come from the same projection (written in one transaction),
 * so a completed job's rows are all there; the messages come from its events.
 */
export async function readJobResults(
  reads: PooledQueries,
  store: EventStore,
  view: JobView,
  query: JobResultsQuery,
) {
  if (!TERMINAL_STATUSES.includes(view.status)) {
    const message = `Job ${view.jobId} is not completed (current status: ${view.status}); its results are available once it ends`;
    throw new QuarryError('conflict', message, [{ code: 'job_not_completed', message }]);
  }
  const scope = [view.orgId, view.jobId];
  const [pages, [count], rows] = await Promise.all([
    tallyPages(store, view.jobId),
    reads.rows<{ total: string }>(
      'SELECT count(*) AS total FROM leads WHERE org_id = $1 AND job_id = $2',
      scope,
    ),
    reads.rows<LeadRow>(
      `SELECT ${LEAD_COLUMNS} FROM leads WHERE org_id = $1 AND job_id = $2
        ORDER BY created_at, lead_id LIMIT $3 OFFSET $4`,
      [...scope, query.limit, (query.page - 1) * query.limit],
    ),
  ]);
  const total = Number(count?.total ?? 0);
  const totalPages = Math.ceil(total / query.limit);
  return {
    job_id: view.jobId,
    external_user_id: view.externalUserId,
    status: view.status,
    columns: [...RESULT_COLUMNS],
    data: rows.map((row) => resultRow(presentLead(row))),
    messages: jobMessages(view, pages),
    pagination: {
      page: query.page,
      limit: query.limit,
      total,
      total_pages: totalPages,
      has_next: query.page < totalPages,
      has_prev: query.page > 1,
    },
  };
}
