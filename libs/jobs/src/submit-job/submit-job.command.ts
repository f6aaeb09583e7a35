import type { CommandContext } from '@quarry/eventstore';
import type { JobOptions, JobType } from '../job/job.events';

/** A validated scrape request; the job reserves its worst case before it exists. */
export class SubmitJob {
  constructor(
    readonly input: {
      readonly orgId: string;
      /** Chosen by the caller when a retry must find the same job (Idempotency-Key). */
      readonly jobId?: string;
      readonly type: JobType;
      readonly urls: readonly string[];
      readonly options: Omit<JobOptions, 'maxPages'> & { readonly maxPages?: number };
      readonly maxCredits: number | null;
      readonly externalUserId: string | null;
      readonly webhookUrl: string | null;
    },
    readonly context: CommandContext,
  ) {}
}

export interface JobSubmittedResult {
  readonly jobId: string;
  readonly creditsReserved: number;
  readonly submittedAt: Date;
  readonly estimatedCompletion: Date;
  /** Position of JobSubmitted: read models show the job once past it. */
  readonly position: bigint;
  /** Position of the reservation in the organization's credits stream. */
  readonly reservationPosition: bigint;
}
