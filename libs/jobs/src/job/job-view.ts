import type { JobEvent, JobStatus, JobType } from './job.events';

/** A job as clients see it: status, counters and times (seed 003's job). */
export interface JobView {
  readonly jobId: string;
  readonly orgId: string;
  readonly type: JobType;
  readonly status: JobStatus;
  readonly urls: readonly string[];
  readonly depth: number;
  readonly maxPages: number;
  readonly qualifyLeads: boolean;
  readonly processedUrls: number;
  readonly successfulUrls: number;
  readonly failedUrls: number;
  readonly leadsFound: number;
  readonly creditsReserved: number;
  readonly creditsUsed: number;
  readonly maxCredits: number | null;
  readonly externalUserId: string | null;
  readonly webhookUrl: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly estimatedCompletion: string;
  readonly stoppedBy: string | null;
  readonly failureReason: string | null;
}

/**
 * Folds one job event into its view (pure). The `jobs` projection and a GET
 * that arrives before the projection (read your writes) both use it, so the
 * two can never disagree.
 */
export function evolveJobView(view: JobView | null, event: JobEvent): JobView | null {
  if (event.type === 'JobSubmitted') {
    const d = event.data;
    return {
      jobId: d.jobId,
      orgId: d.orgId,
      type: d.jobType,
      status: 'queued',
      urls: d.urls,
      depth: d.options.depth,
      maxPages: d.options.maxPages,
      qualifyLeads: d.options.qualifyLeads,
      processedUrls: 0,
      successfulUrls: 0,
      failedUrls: 0,
      leadsFound: 0,
      creditsReserved: d.creditsReserved,
      creditsUsed: 0,
      maxCredits: d.maxCredits,
      externalUserId: d.externalUserId,
      webhookUrl: d.webhookUrl,
      createdAt: d.submittedAt,
      startedAt: null,
      completedAt: null,
      estimatedCompletion: d.estimatedCompletion,
      stoppedBy: null,
      failureReason: null,
    };
  }
  if (!view) return null;
  switch (event.type) {
    case 'JobStarted':
      return { ...view, status: 'processing', startedAt: event.data.startedAt };
    case 'PagesProcessed': {
      let successful = 0;
      let failed = 0;
      for (const page of event.data.pages) {
        if (page.outcome === 'processed') successful += 1;
        else if (page.outcome === 'failed') failed += 1;
      }
      return {
        ...view,
        processedUrls: view.processedUrls + successful + failed,
        successfulUrls: view.successfulUrls + successful,
        failedUrls: view.failedUrls + failed,
        leadsFound: view.leadsFound + event.data.leads.length,
        creditsUsed: event.data.creditsUsed,
      };
    }
    case 'JobCompleted':
      return {
        ...view,
        status: 'completed',
        completedAt: event.data.completedAt,
        creditsUsed: event.data.creditsUsed,
        stoppedBy: event.data.stoppedBy,
      };
    case 'JobFailed':
      return {
        ...view,
        status: 'failed',
        completedAt: event.data.failedAt,
        creditsUsed: event.data.creditsUsed,
        failureReason: event.data.reason,
      };
    case 'JobCancelled':
      return {
        ...view,
        status: 'cancelled',
        completedAt: event.data.cancelledAt,
        creditsUsed: event.data.creditsUsed,
      };
  }
}

/** Processed share of the worst case; 100 once the job is over. */
export function progressPercentage(view: JobView): number {
  if (view.status === 'completed') return 100;
  if (view.maxPages === 0) return 0;
  return Math.min(99, Math.floor((view.processedUrls / view.maxPages) * 100));
}
