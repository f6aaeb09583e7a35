import type { JobOptions, JobType, LeadRecord, PageRecord } from './job.events';

/** Every command carries `now`: the decider never reads a clock. */
export type JobCommand =
  | {
      type: 'SubmitJob';
      data: {
        jobId: string;
        orgId: string;
        jobType: JobType;
        urls: string[];
        options: JobOptions;
        maxCredits: number | null;
        externalUserId: string | null;
        webhookUrl: string | null;
        creditsReserved: number;
        creditsPerPage: number;
        estimatedCompletion: Date;
        now: Date;
      };
    }
  | { type: 'StartJob'; data: { jobId: string; now: Date } }
  | {
      type: 'RecordPages';
      data: { jobId: string; pages: PageRecord[]; leads: LeadRecord[]; now: Date };
    }
  | { type: 'CompleteJob'; data: { jobId: string; stoppedBy: string | null; now: Date } }
  | { type: 'FailJob'; data: { jobId: string; reason: string; now: Date } }
  | { type: 'CancelJob'; data: { jobId: string; now: Date } };
