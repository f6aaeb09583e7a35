import type { RecordedEvent } from '@quarry/eventstore';
import type { ProcessManagerDefinition } from '@quarry/process-managers';
import type { JobEvent } from '../job/job.events';
import { SettleJobCredits } from './settle-job-credits.command';

/** Every job's reservation is resolved once the job ends: settled for the work done, or released. */
export const jobSettlement: ProcessManagerDefinition = {
  name: 'job_settlement',
  filter: {
    streamPrefixes: ['job-'],
    eventTypes: ['JobCompleted', 'JobFailed', 'JobCancelled'],
  },
  react(recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as JobEvent;
    if (
      event.type !== 'JobCompleted' &&
      event.type !== 'JobFailed' &&
      event.type !== 'JobCancelled'
    )
      return [];
    const outcome = (
      { JobCompleted: 'completed', JobFailed: 'failed', JobCancelled: 'cancelled' } as const
    )[event.type];
    return [
      new SettleJobCredits(recorded, {
        orgId: event.data.orgId,
        jobId: event.data.jobId,
        creditsUsed: event.data.creditsUsed,
        outcome,
      }),
    ];
  },
};
