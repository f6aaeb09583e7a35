import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { newId } from '@quarry/eventstore';
import type { CommandContext, DecideResult } from '@quarry/eventstore';
import { CancelJob, JobEndings, SubmitJob, TERMINAL_STATUSES } from '@quarry/jobs';
import type { JobEvent, JobSubmittedResult } from '@quarry/jobs';
import { waitForProjection } from '@quarry/projection-engine';
import { CurrentPrincipal, RequestContext, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { ReadYourWrites } from '../read-your-writes/read-your-writes';
import { presentJob } from './job-presenter';
import { JobViews } from './job-views';
import { JobsQuery } from './jobs.query';
import { listJobs } from './list-jobs';
import { ScrapeBody } from './scrape.dto';
import { checkScrapeUrls } from './scrape-urls';

const MAX_WAIT_SECONDS = 60;
const RECHECK_MS = 2000;

/** `Prefer: wait=N` (RFC 7240): seconds to hold the answer for a terminal state, at most 60. */
function preferredWait(prefer: string | undefined): number | null {
  const match = prefer ? /(?:^|[,;\s])wait\s*=\s*(\d{1,6})\b/i.exec(prefer) : null;
  return match ? Math.min(Number(match[1]), MAX_WAIT_SECONDS) : null;
}

@ApiTags('jobs')
@ApiBearerAuth('api_key')
@Controller('v1')
export class JobsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly idempotency: IdempotentRequests,
    private readonly jobs: JobViews,
    private readonly reads: PooledQueries,
    private readonly dataSource: DataSource,
    private readonly endings: JobEndings,
    private readonly writes: ReadYourWrites,
  ) {}

  @Post('scrape')
  @RequireScopes('jobs:write')
  @ApiOperation({
    summary: 'SubmitJob: scrape websites into leads; the worst case is reserved now',
    description:
      '201 with the job. With `Idempotency-Key`, the same key and body answer 200 with the first response (`Idempotent-Replayed: true`, `"replayed": true`) for 24 h; another body is a 422; while the first runs, a 409. 402 when the available credits cannot cover the worst case.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async scrape(
    @Body() body: ScrapeBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const urls = checkScrapeUrls(body.type, body.urls);
    const options = body.options ?? {};
    const submit = async (jobId: string) => {
      const submitted = await this.commandBus.execute<SubmitJob, JobSubmittedResult>(
        new SubmitJob(
          {
            orgId: principal.orgId,
            jobId,
            type: body.type,
            urls,
            options: {
              depth: options.depth ?? 1,
              extractEmails: options.extract_emails ?? true,
              extractPhones: options.extract_phones ?? true,
              extractSocial: options.extract_social ?? true,
              qualifyLeads: options.qualify_leads ?? true,
              maxPages: options.max_pages,
            },
            maxCredits: body.max_credits ?? null,
            externalUserId: body.external_user_id ?? null,
            webhookUrl: body.webhook_url ?? null,
          },
          context,
        ),
      );
      // A GET of the job never needs to wait (JobViews); lists and balances wait for these.
      this.writes.wrote(principal.orgId, 'jobs', submitted.position);
      this.writes.wrote(principal.orgId, 'ledger', submitted.reservationPosition);
      return {
        status: 201,
        body: {
          id: submitted.jobId,
          object: 'job' as const,
          type: body.type,
          status: 'queued' as const,
          total_urls: urls.length,
          processed_urls: 0,
          credits_estimated: submitted.creditsReserved,
          created_at: submitted.submittedAt.toISOString(),
          estimated_completion: submitted.estimatedCompletion.toISOString(),
        },
      };
    };
    const key = IdempotentRequests.validKey(idempotencyKey);
    const outcome = key
      ? await this.idempotency.run(principal.orgId, key, body, newId('job'), context, submit)
      : { ...(await submit(newId('job'))), replayed: false };
    res.status(outcome.replayed ? 200 : outcome.status);
    if (outcome.replayed) res.header('Idempotent-Replayed', 'true');
    return { ...(outcome.body as object), replayed: outcome.replayed };
  }

  @Get('jobs/:id')
  @RequireScopes('jobs:read')
  @ApiOperation({
    summary: "A job's status and counters",
    description:
      '`Prefer: wait=N` (N ≤ 60) holds the answer until the job ends or N seconds pass; the answer is 200 either way, with `Preference-Applied`.',
  })
  @ApiHeader({ name: 'Prefer', required: false, example: 'wait=30' })
  async get(
    @Param('id') id: string,
    @Headers('prefer') prefer: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    let view = await this.jobs.find(principal.orgId, id);
    if (!view) throw new QuarryError('not_found', `Job ${id} not found`);
    const wait = preferredWait(prefer);
    if (wait !== null) {
      res.header('Preference-Applied', `wait=${wait}`);
      const deadline = Date.now() + wait * 1000;
      while (!TERMINAL_STATUSES.includes(view.status) && Date.now() < deadline) {
        // Woken at once when the job ends; the slow timer covers a lost message.
        await this.endings.wait(view.jobId, Math.min(RECHECK_MS, deadline - Date.now()));
        const current = await this.jobs.currentAt(principal.orgId, id);
        if (!current) break;
        view = current.view;
        // A client told "completed" goes on to list its leads: let the read models catch up.
        if (TERMINAL_STATUSES.includes(view.status))
          await waitForProjection(this.dataSource, 'jobs', current.position, 2000);
      }
    }
    return presentJob(view);
  }

  @Post('jobs/:id/cancel')
  @HttpCode(200)
  @RequireScopes('jobs:write')
  @ApiOperation({
    summary: 'Cancel a job: partial results are kept, the work done is charged, the rest released',
    description: '409 when the job has already ended.',
  })
  async cancel(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CommandContext,
  ) {
    if (!(await this.jobs.find(principal.orgId, id)))
      throw new QuarryError('not_found', `Job ${id} not found`);
    const { position } = await this.commandBus.execute<CancelJob, DecideResult<JobEvent>>(
      new CancelJob({ jobId: id }, context),
    );
    await waitForProjection(this.dataSource, 'jobs', position, 2000);
    const view = (await this.jobs.current(principal.orgId, id))!;
    return {
      ...presentJob(view),
      message: 'Job cancelled successfully. Partial results saved.',
    };
  }

  @Get('jobs')
  @RequireScopes('jobs:read')
  @ApiOperation({ summary: "The organization's jobs, newest first" })
  async list(@Query() query: JobsQuery, @CurrentPrincipal() principal: Principal) {
    await this.writes.caughtUp(principal.orgId, 'jobs');
    return listJobs(this.reads, principal.orgId, query);
  }
}
