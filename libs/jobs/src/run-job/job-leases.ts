import type { PooledQueries } from '@quarry/database';

/**
 * Leases on jobs in PostgreSQL: claimed atomically by one worker, renewed
 * while it crawls, taken over once expired. The events stay the only truth
 * about the job; a lease only says who is working on it.
 */
export class JobLeases {
  constructor(
    private readonly sql: PooledQueries,
    private readonly workerId: string,
  ) {}

  /** Queued or processing jobs nobody holds, oldest first. */
  async claimable(now: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ job_id: string }>(
      `SELECT j.job_id FROM jobs j LEFT JOIN job_leases l ON l.job_id = j.job_id
        WHERE j.status IN ('queued', 'processing') AND (l.job_id IS NULL OR l.lease_until < $1)
        ORDER BY j.created_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.job_id);
  }

  /** True when this worker now holds the job until `until`. */
  async claim(jobId: string, now: Date, until: Date): Promise<boolean> {
    const rows = await this.sql.rows(
      `INSERT INTO job_leases AS l (job_id, worker_id, lease_until) VALUES ($1, $2, $3)
       ON CONFLICT (job_id) DO UPDATE SET worker_id = EXCLUDED.worker_id, lease_until = EXCLUDED.lease_until
        WHERE l.lease_until < $4 OR l.worker_id = EXCLUDED.worker_id
       RETURNING 1`,
      [jobId, this.workerId, until, now],
    );
    return rows.length === 1;
  }

  /** Extends a lease this worker holds; false when another worker took it over. */
  async renew(jobId: string, until: Date): Promise<boolean> {
    const rows = await this.sql.rows(
      `UPDATE job_leases SET lease_until = $3 WHERE job_id = $1 AND worker_id = $2 RETURNING 1`,
      [jobId, this.workerId, until],
    );
    return rows.length === 1;
  }

  async release(jobId: string): Promise<void> {
    await this.sql.rows('DELETE FROM job_leases WHERE job_id = $1 AND worker_id = $2', [
      jobId,
      this.workerId,
    ]);
  }
}
