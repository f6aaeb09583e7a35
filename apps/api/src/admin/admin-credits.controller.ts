import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import type { CommandContext } from '@quarry/eventstore';
import { AdjustCredits, adjustmentOf, CreditsLedger, RefundCharge, refundOf } from '@quarry/ledger';
import type { LedgerDecision } from '@quarry/ledger';
import { waitForProjection } from '@quarry/projection-engine';
import { RequestContext, RequireScopes } from '../auth';
import { CreditTransactionsQuery } from '../credits/credits.dto';
import { creditsOf, statementOf } from '../credits/ledger-statement';
import { AdjustCreditsBody, RefundChargeBody } from './admin-credits.dto';

const ORG_ID = /^org_[0-9a-z]{20}$/;

/** Operators: credit adjustments and refunds, with idempotency keys, and any organization's ledger. */
@ApiTags('admin')
@ApiBearerAuth('api_key')
@Controller('v1/admin/orgs/:id')
@RequireScopes('admin')
export class AdminCreditsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: PooledQueries,
    private readonly commandBus: CommandBus,
    private readonly ledger: CreditsLedger,
  ) {}

  @Post('credits')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Adjust credits (signed), with a note and an idempotency key',
    description:
      'A retry with the same key and body answers as the first time (`replayed: true`); the same key with another body is a 422.',
  })
  async adjust(
    @Param('id') id: string,
    @Body() body: AdjustCreditsBody,
    @RequestContext() context: CommandContext,
  ) {
    await this.findOrganization(id);
    const decision = await this.commandBus.execute<AdjustCredits, LedgerDecision>(
      new AdjustCredits(
        {
          orgId: id,
          idempotencyKey: body.idempotency_key,
          delta: body.delta_credits,
          note: body.note,
        },
        context,
      ),
    );
    await this.caughtUp(decision);
    const adjustment = adjustmentOf(await this.ledger.state(id), body.idempotency_key)!;
    const [entry] = await this.reads.rows<{ txn_id: string }>(
      'SELECT txn_id FROM ledger_entries WHERE org_id = $1 AND sequence = $2',
      [id, adjustment.sequence],
    );
    return {
      object: 'credit_adjustment' as const,
      org_id: id,
      transaction_id: entry?.txn_id ?? null,
      delta_credits: adjustment.delta,
      note: adjustment.note,
      balance_after: adjustment.balanceAfter.available + adjustment.balanceAfter.reserved,
      available_after: adjustment.balanceAfter.available,
      created_at: adjustment.at,
      replayed: decision.events.length === 0,
    };
  }

  @Post('refunds')
  @HttpCode(200)
  @ApiOperation({
    summary: "Refund (part of) a settled reservation's charge, by reservation or job id",
    description:
      'Once per idempotency key; at most what the reservation charged, all refunds together.',
  })
  async refund(
    @Param('id') id: string,
    @Body() body: RefundChargeBody,
    @RequestContext() context: CommandContext,
  ) {
    await this.findOrganization(id);
    const reservationId = body.reservation_id ?? (await this.reservationOfJob(id, body.job_id!));
    const decision = await this.commandBus.execute<RefundCharge, LedgerDecision>(
      new RefundCharge(
        {
          orgId: id,
          reservationId,
          amount: body.amount,
          idempotencyKey: body.idempotency_key,
          note: body.note,
        },
        context,
      ),
    );
    await this.caughtUp(decision);
    const refund = refundOf(await this.ledger.state(id), body.idempotency_key)!;
    const [entry] = await this.reads.rows<{ txn_id: string; job_id: string | null }>(
      'SELECT txn_id, job_id FROM ledger_entries WHERE org_id = $1 AND sequence = $2',
      [id, refund.sequence],
    );
    return {
      object: 'credit_refund' as const,
      org_id: id,
      transaction_id: entry?.txn_id ?? null,
      reservation_id: refund.reservationId,
      job_id: entry?.job_id ?? null,
      amount: refund.amount,
      note: refund.note,
      balance_after: refund.balanceAfter.available + refund.balanceAfter.reserved,
      available_after: refund.balanceAfter.available,
      created_at: refund.at,
      replayed: decision.events.length === 0,
    };
  }

  @Get('ledger')
  @ApiOperation({
    summary: "An organization's ledger: balance and entries newest first, with actor and hash",
  })
  async ledgerOf(@Param('id') id: string, @Query() query: CreditTransactionsQuery) {
    await this.findOrganization(id);
    const [credits, entries] = await Promise.all([
      creditsOf(this.reads, id),
      statementOf(
        this.reads,
        id,
        {
          types: query.type,
          startDate: query.start_date,
          endDate: query.end_date,
          limit: query.limit,
          cursor: query.cursor,
        },
        true,
      ),
    ]);
    return { org_id: id, credits, ...entries };
  }

  private async findOrganization(id: string): Promise<void> {
    const [org] = ORG_ID.test(id)
      ? await this.reads.rows('SELECT 1 FROM organizations WHERE org_id = $1', [id])
      : [];
    if (!org) throw new QuarryError('not_found', `Organization ${id} not found`);
  }

  private async reservationOfJob(orgId: string, jobId: string): Promise<string> {
    const rows = await this.reads.rows<{ reservation_id: string }>(
      `SELECT reservation_id FROM credit_reservations
        WHERE org_id = $1 AND job_id = $2 AND status = 'settled' ORDER BY created_at DESC LIMIT 1`,
      [orgId, jobId],
    );
    if (!rows[0]) throw new QuarryError('not_found', `No settled charge of job ${jobId} to refund`);
    return rows[0].reservation_id;
  }

  /** Read your writes: the ledger read model shows the decision once this returns. */
  private async caughtUp(decision: LedgerDecision): Promise<void> {
    await waitForProjection(this.dataSource, 'ledger', decision.position, 5000);
  }
}
