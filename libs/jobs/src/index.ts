export { jobDecider, jobStream, decideJob, evolveJob, initialJobState } from './job/job.decider';
export type { JobState } from './job/job.decider';
export type { JobCommand } from './job/job.commands';
export { JOB_STATUSES, JOB_TYPES, TERMINAL_STATUSES } from './job/job.events';
export type {
  JobEvent,
  JobEventType,
  JobOptions,
  JobStatus,
  JobType,
  LeadRecord,
  PageRecord,
} from './job/job.events';
export {
  creditsPerPage,
  creditsToReserve,
  estimatedCompletion,
  MAX_JOB_PAGES,
  worstCasePages,
} from './job/job-estimate';
export { evolveJobView, progressPercentage } from './job/job-view';
export type { JobView } from './job/job-view';
export { SubmitJob } from './submit-job/submit-job.command';
export type { JobSubmittedResult } from './submit-job/submit-job.command';
export { JobsModule } from './jobs.module';
export { CancelJob } from './cancel-job/cancel-job.command';
export { SettleJobCredits } from './settle-job/settle-job-credits.command';
export { jobSettlement } from './settle-job/job-settlement.process-manager';
export { JobLease } from './run-job/job-lease.entity';
export { JobEndings } from './job-endings';
export { JobLeases } from './run-job/job-leases';
export { leadIdOf, leadsOfPage } from './run-job/leads-of-page';
