import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { jobSettlement } from '@quarry/jobs';
import { ExpireDueCredits } from '@quarry/ledger';
import { ScrapeRunner } from './scraping/scrape-runner';
import { PROCESS_MANAGERS, WorkerSupervisor } from './worker-supervisor';

/** Projections and process managers. Later issues add sagas to PROCESS_MANAGERS. */
@Module({
  imports: [CqrsModule],
  providers: [
    WorkerSupervisor,
    ExpireDueCredits,
    ScrapeRunner,
    { provide: PROCESS_MANAGERS, useValue: [jobSettlement] },
  ],
})
export class WorkerModule {}
