import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { CurrentPrincipal, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import { JobViews } from '../jobs/job-views';
import { readJobResults } from './job-results';
import { JobResultsQuery } from './job-results.query';

/** A finished job's leads as rows of fixed columns, page by page (seed 000). */
@ApiTags('jobs')
@ApiBearerAuth('api_key')
@Controller('v1/jobs/:id/results')
export class JobResultsController {
  constructor(
    private readonly jobs: JobViews,
    private readonly reads: PooledQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @RequireScopes('jobs:read')
  @ApiOperation({
    summary: "A finished job's results: columns, rows, messages about the crawl, page/limit",
    description:
      'Completed, cancelled and failed jobs answer with what was found; a queued or processing job is a 409.',
  })
  async results(
    @Param('id') id: string,
    @Query() query: JobResultsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const view = await this.jobs.find(principal.orgId, id);
    if (!view) throw new QuarryError('not_found', `Job ${id} not found`);
    return readJobResults(this.reads, this.store, view, query);
  }
}
