import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { CurrentPrincipal, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import { ReadYourWrites } from '../read-your-writes/read-your-writes';
import { CreditTransactionsQuery, CreditUsageQuery } from './credits.dto';
import { creditsOf, dateRange, statementOf } from './ledger-statement';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A usage report spans at most a year: one row per day. */
const MAX_USAGE_DAYS = 366;

/** The organization's account and credits, read from the `ledger` projection. */
@ApiTags('credits')
@ApiBearerAuth('api_key')
@Controller('v1')
@RequireScopes('billing:read')
export class CreditsController {
  constructor(
    private readonly reads: PooledQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: ReadYourWrites,
  ) {}

  @Get('account')
  @ApiOperation({ summary: 'The organization, its plan and its credits' })
  async account(@CurrentPrincipal() principal: Principal) {
    await this.writes.caughtUp(principal.orgId, 'ledger');
    const [org] = await this.reads.rows<{
      org_id: string;
      name: string;
      plan: string;
      status: string;
      created_at: Date;
    }>('SELECT org_id, name, plan, status, created_at FROM organizations WHERE org_id = $1', [
      principal.orgId,
    ]);
    if (!org) throw new QuarryError('not_found', `Organization ${principal.orgId} not found`);
    return {
      id: org.org_id,
      object: 'account' as const,
      name: org.name,
      plan: org.plan,
      status: org.status,
      credits: await creditsOf(this.reads, principal.orgId),
      created_at: org.created_at.toISOString(),
    };
  }

  @Get('credits/transactions')
  @ApiOperation({
    summary: 'Every ledger movement with its running balance, newest first',
    description:
      '`amount` is the change of the balance (available + reserved): reservations and releases move credits between available and reserved and show 0.',
  })
  async transactions(
    @Query() query: CreditTransactionsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.writes.caughtUp(principal.orgId, 'ledger');
    return statementOf(this.reads, principal.orgId, {
      types: query.type,
      startDate: query.start_date,
      endDate: query.end_date,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get('credits/usage')
  @ApiOperation({
    summary: 'Credits used per day (UTC) and per job, net of refunds',
    description: 'Default range: the 30 days before `end_date` (default now); at most 366 days.',
  })
  async usage(@Query() query: CreditUsageQuery, @CurrentPrincipal() principal: Principal) {
    const range = dateRange(query.start_date, query.end_date);
    await this.writes.caughtUp(principal.orgId, 'ledger');
    const to = range.to ?? this.clock.now();
    const from = range.from ?? new Date(to.getTime() - 30 * DAY_MS);
    if (to.getTime() - from.getTime() > MAX_USAGE_DAYS * DAY_MS) {
      const message = `A usage report spans at most ${MAX_USAGE_DAYS} days`;
      throw new QuarryError('invalid_request', message, [
        { field: 'start_date', code: 'range_too_long', message },
      ]);
    }
    // Deductions are negative amounts, refunds positive: usage is their negated sum.
    const used = `-sum(amount) FILTER (WHERE type IN ('deduction', 'refund'))`;
    const scope = `org_id = $1 AND created_at >= $2 AND created_at < $3`;
    const params = [principal.orgId, from, to];
    const [days, jobs] = await Promise.all([
      this.reads.rows<{ day: string; used: string }>(
        `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, ${used} AS used
           FROM ledger_entries WHERE ${scope} GROUP BY 1 HAVING ${used} <> 0 ORDER BY 1`,
        params,
      ),
      this.reads.rows<{ job_id: string; used: string }>(
        `SELECT job_id, ${used} AS used FROM ledger_entries
          WHERE ${scope} AND job_id IS NOT NULL GROUP BY 1 HAVING ${used} <> 0 ORDER BY 2 DESC, 1`,
        params,
      ),
    ]);
    return {
      object: 'credit_usage' as const,
      start_date: from.toISOString(),
      end_date: to.toISOString(),
      total_used: days.reduce((sum, d) => sum + Number(d.used), 0),
      days: days.map((d) => ({ date: d.day, credits_used: Number(d.used) })),
      jobs: jobs.map((j) => ({ job_id: j.job_id, credits_used: Number(j.used) })),
    };
  }
}
