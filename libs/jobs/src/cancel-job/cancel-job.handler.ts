import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { decideAndAppend, EVENT_STORE, metadataOf } from '@quarry/eventstore';
import type { DecideResult, EventStore } from '@quarry/eventstore';
import { jobDecider, jobStream } from '../job/job.decider';
import { JobEndings } from '../job-endings';
import type { JobEvent } from '../job/job.events';
import { CancelJob } from './cancel-job.command';

@CommandHandler(CancelJob)
export class CancelJobHandler implements ICommandHandler<CancelJob, DecideResult<JobEvent>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly endings: JobEndings,
  ) {}

  async execute({ input, context }: CancelJob): Promise<DecideResult<JobEvent>> {
    // Deciding again after a crawl batch landed meanwhile is safe: cancel sees the new counts.
    const result = await decideAndAppend(
      this.store,
      jobStream(input.jobId),
      jobDecider,
      { type: 'CancelJob', data: { jobId: input.jobId, now: this.clock.now() } },
      { metadata: metadataOf(context), retryOnConflict: true },
    );
    await this.endings.publish(input.jobId);
    return result;
  }
}
