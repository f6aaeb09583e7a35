import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminCreditsController } from './admin/admin-credits.controller';
import { AdminJobsController } from './admin/admin-jobs.controller';
import { AdminOrgsController } from './admin/admin-orgs.controller';
import { AdminProjectionsController } from './admin/admin-projections.controller';
import { ProjectionOperations } from './admin/projection-operations.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AuditLedgerController } from './audit/audit-ledger.controller';
import { AuditController } from './audit/audit.controller';
import { AuthModule } from './auth';
import { CreditsController } from './credits/credits.controller';
import { IdempotentRequests } from './idempotency/idempotent-requests';
import { JobResultsController } from './job-results/job-results.controller';
import { JobViews } from './jobs/job-views';
import { ReadYourWrites } from './read-your-writes/read-your-writes';
import { WorkerCheckpoints } from './read-your-writes/worker-checkpoints';
import { JobsController } from './jobs/jobs.controller';
import { LeadsController } from './leads/leads.controller';

/** The /v1 API: controllers stay thin, reads come from projections, writes go through the CommandBus. */
@Module({
  imports: [CqrsModule, AuthModule],
  controllers: [
    AuditController,
    ApiKeysController,
    AdminProjectionsController,
    AdminOrgsController,
    AdminCreditsController,
    AdminJobsController,
    AuditLedgerController,
    CreditsController,
    JobsController,
    JobResultsController,
    LeadsController,
  ],
  providers: [
    ProjectionOperations,
    IdempotentRequests,
    JobViews,
    ReadYourWrites,
    WorkerCheckpoints,
  ],
})
export class ApiModule {}
