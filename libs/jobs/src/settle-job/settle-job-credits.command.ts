import type { RecordedEvent } from '@quarry/eventstore';
import { ProcessCommand } from '@quarry/process-managers';

/** After a job ends: charge what it used (completed, cancelled) or nothing (failed). */
export class SettleJobCredits extends ProcessCommand {
  constructor(
    cause: RecordedEvent,
    readonly input: {
      readonly orgId: string;
      readonly jobId: string;
      readonly creditsUsed: number;
      readonly outcome: 'completed' | 'failed' | 'cancelled';
    },
  ) {
    super(cause, 'settle-job-credits');
  }
}
