import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CancelJobHandler } from './cancel-job/cancel-job.handler';
import { SettleJobCreditsHandler } from './settle-job/settle-job-credits.handler';
import { JobEndings } from './job-endings';
import { SubmitJobHandler } from './submit-job/submit-job.handler';

/** Scrape jobs: submission, the scraping saga's commands, cancellation. */
@Global()
@Module({
  imports: [CqrsModule],
  providers: [SubmitJobHandler, CancelJobHandler, SettleJobCreditsHandler, JobEndings],
  exports: [JobEndings],
})
export class JobsModule {}
