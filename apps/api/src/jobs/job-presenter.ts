import { progressPercentage } from '@quarry/jobs';
import type { JobView } from '@quarry/jobs';

/** Seed 003's job, with PRODUCT.md's counters. */
export function presentJob(view: JobView) {
  return {
    id: view.jobId,
    object: 'job' as const,
    type: view.type,
    status: view.status,
    total_urls: view.urls.length,
    processed_urls: view.processedUrls,
    successful_urls: view.successfulUrls,
    failed_urls: view.failedUrls,
    leads_found: view.leadsFound,
    credits_reserved: view.creditsReserved,
    credits_used: view.creditsUsed,
    max_credits: view.maxCredits,
    progress_percentage: progressPercentage(view),
    external_user_id: view.externalUserId,
    created_at: view.createdAt,
    started_at: view.startedAt,
    completed_at: view.completedAt,
    estimated_completion: view.estimatedCompletion,
    ...(view.failureReason !== null && { failure_reason: view.failureReason }),
    ...(view.stoppedBy !== null && { stopped_by: view.stoppedBy }),
  };
}

export type JobBody = ReturnType<typeof presentJob>;
