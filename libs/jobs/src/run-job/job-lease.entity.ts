import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which worker is crawling a job, until when. Operational state, not a fact
 * of the business: a worker that dies stops renewing, and once the lease
 * runs out another worker claims the job and resumes it from its events.
 */
@Entity({ name: 'job_leases' })
export class JobLease {
  @PrimaryColumn({ name: 'job_id', type: 'text', primaryKeyConstraintName: 'job_leases_pkey' })
  jobId!: string;

  @Column({ name: 'worker_id', type: 'text' })
  workerId!: string;

  @Column({ name: 'lease_until', type: 'timestamptz' })
  leaseUntil!: Date;
}
