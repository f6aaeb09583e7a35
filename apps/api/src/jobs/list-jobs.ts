import type { PooledQueries } from '@quarry/database';
import type { JobView } from '@quarry/jobs';
import { decodeCursor, encodeCursor, INTEGER } from '../pagination/cursor';
import type { Page } from '../pagination/cursor';
import { presentJob } from './job-presenter';
import type { JobBody } from './job-presenter';
import type { JobsQuery } from './jobs.query';

const JOB_ID = /^job_[0-9a-z]{20}$/;

/** Newest first by (created_at, job_id), keyset-paginated, every filter indexed by org. */
export async function listJobs(
  reads: PooledQueries,
  orgId: string,
  query: JobsQuery,
): Promise<Page<JobBody>> {
  const params: unknown[] = [orgId];
  const where = ['org_id = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (query.status) add('status = ?', query.status);
  if (query.type) add('type = ?', query.type);
  if (query.external_user_id) add('external_user_id = ?', query.external_user_id);
  const created = query.createdRange();
  if (created.from) add('created_at >= ?', created.from);
  if (created.to) add('created_at < ?', created.to);
  if (query.cursor) {
    const after = decodeCursor(query.cursor, { at: INTEGER, id: JOB_ID });
    params.push(new Date(Number(after.at)), after.id);
    where.push(`(created_at, job_id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(query.limit + 1);
  const rows = await reads.rows<{ view: JobView; created_at: Date }>(
    `SELECT view, created_at FROM jobs WHERE ${where.join(' AND ')}
      ORDER BY created_at DESC, job_id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > query.limit;
  return {
    data: page.map((row) => presentJob(row.view)),
    pagination: {
      has_more: hasMore,
      next_cursor:
        hasMore && last
          ? encodeCursor({ at: String(last.created_at.getTime()), id: last.view.jobId })
          : null,
    },
  };
}
