import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { decideAndAppend, EVENT_STORE, metadataOf, newId } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { CreditsLedger } from '@quarry/ledger';
import { jobDecider, jobStream } from '../job/job.decider';
import {
  creditsPerPage,
  creditsToReserve,
  estimatedCompletion,
  worstCasePages,
} from '../job/job-estimate';
import { SubmitJob } from './submit-job.command';
import type { JobSubmittedResult } from './submit-job.command';

/** Long enough for the largest job; a reservation left by a job that never started expires. */
const RESERVATION_TTL_MS = 48 * 60 * 60 * 1000;

/**
 * Reserves the worst case and records the job in one transaction (PostgreSQL;
 * EventStoreDB appends the reservation first): a job exists only with its
 * reservation, and a refusal (402) leaves nothing. A retry with the same job
 * id finds the reservation made and appends the job only if it is missing.
 */
@CommandHandler(SubmitJob)
export class SubmitJobHandler implements ICommandHandler<SubmitJob, JobSubmittedResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ledger: CreditsLedger,
  ) {}

  async execute({ input, context }: SubmitJob): Promise<JobSubmittedResult> {
    const now = this.clock.now();
    const jobId = input.jobId ?? newId('job');
    const pages = worstCasePages(
      input.type,
      input.urls.length,
      input.options.depth,
      input.options.maxPages,
    );
    const perPage = creditsPerPage(input.options.qualifyLeads);
    const creditsReserved = creditsToReserve(pages, perPage, input.maxCredits);
    const finish = estimatedCompletion(now, pages);
    const command = {
      type: 'SubmitJob' as const,
      data: {
        jobId,
        orgId: input.orgId,
        jobType: input.type,
        urls: [...input.urls],
        options: { ...input.options, maxPages: pages },
        maxCredits: input.maxCredits,
        externalUserId: input.externalUserId,
        webhookUrl: input.webhookUrl,
        creditsReserved,
        creditsPerPage: perPage,
        estimatedCompletion: finish,
        now,
      },
    };
    const metadata = metadataOf(context);
    // A new job's stream is empty: its events are decided on the initial state.
    const jobEvents = jobDecider.decide(command, jobDecider.initialState);
    const reserved = await this.ledger.decide(
      input.orgId,
      {
        type: 'ReserveCredits',
        data: {
          reservationId: jobId,
          amount: creditsReserved,
          reason: {
            jobId,
            description: `Scrape job ${jobId} (${input.urls.length} URL${input.urls.length === 1 ? '' : 's'})`,
          },
          expiresAt: new Date(now.getTime() + RESERVATION_TTL_MS),
        },
      },
      context,
      undefined,
      [
        {
          streamId: jobStream(jobId),
          events: jobEvents.map((e) => ({ type: e.type, data: e.data, metadata })),
          expectedRevision: 'no_stream',
        },
      ],
    );
    let position = reserved.position;
    if (reserved.events.length === 0) {
      // A retry: the reservation was made before. The decider appends the job if it is missing.
      ({ position } = await decideAndAppend(this.store, jobStream(jobId), jobDecider, command, {
        metadata,
      }));
    }
    return {
      jobId,
      creditsReserved,
      submittedAt: now,
      estimatedCompletion: finish,
      position,
      reservationPosition: reserved.position,
    };
  }
}
