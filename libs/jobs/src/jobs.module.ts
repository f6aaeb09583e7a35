import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SubmitJobHandler } from './submit-job/submit-job.handler';

/** Scrape jobs: submission, the scraping saga's commands, cancellation. */
@Global()
@Module({
  imports: [CqrsModule],
  providers: [SubmitJobHandler],
})
export class JobsModule {}
