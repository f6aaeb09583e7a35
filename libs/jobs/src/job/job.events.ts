export const JOB_TYPES = ['single', 'bulk', 'sitemap'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATUSES = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

export interface JobOptions {
  readonly depth: 1 | 2 | 3;
  readonly extractEmails: boolean;
  readonly extractPhones: boolean;
  readonly extractSocial: boolean;
  readonly qualifyLeads: boolean;
  /** Pages the crawl may fetch in all (the worst case reserved). */
  readonly maxPages: number;
}

/** One page the crawl finished with, as recorded (its links let a resumed crawl rebuild its frontier). */
export interface PageRecord {
  readonly url: string;
  readonly depth: number;
  readonly outcome: 'processed' | 'failed' | 'skipped';
  readonly reason: string | null;
  readonly status: number | null;
  readonly links: readonly string[];
}

/** A contact found on a page: one lead per contact per job. */
export interface LeadRecord {
  readonly leadId: string;
  /** What makes it the same contact: normalized email, else phone, else profile URL. */
  readonly key: string;
  readonly sourceUrl: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly name: string | null;
  readonly title: string | null;
  readonly companyName: string | null;
  readonly socials: readonly string[];
  readonly score: number;
  readonly status: 'hot' | 'warm' | 'cold';
  readonly signals: readonly string[];
  readonly notes: string;
}

export type JobEvent =
  | {
      type: 'JobSubmitted';
      data: {
        jobId: string;
        orgId: string;
        jobType: JobType;
        urls: string[];
        options: JobOptions;
        maxCredits: number | null;
        externalUserId: string | null;
        webhookUrl: string | null;
        /** Worst case, reserved as reservation `jobId` of the organization's ledger. */
        creditsReserved: number;
        creditsPerPage: number;
        submittedAt: string;
        estimatedCompletion: string;
      };
    }
  | { type: 'JobStarted'; data: { jobId: string; orgId: string; startedAt: string } }
  | {
      type: 'PagesProcessed';
      data: {
        jobId: string;
        orgId: string;
        pages: PageRecord[];
        leads: LeadRecord[];
        /** Credits the job has used after these pages. */
        creditsUsed: number;
        at: string;
      };
    }
  | {
      type: 'JobCompleted';
      data: {
        jobId: string;
        orgId: string;
        creditsUsed: number;
        completedAt: string;
        stoppedBy: string | null;
      };
    }
  | {
      type: 'JobFailed';
      data: { jobId: string; orgId: string; creditsUsed: number; failedAt: string; reason: string };
    }
  | {
      type: 'JobCancelled';
      data: { jobId: string; orgId: string; creditsUsed: number; cancelledAt: string };
    };

export type JobEventType = JobEvent['type'];
