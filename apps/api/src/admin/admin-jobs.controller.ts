import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import type { CommandContext } from '@quarry/eventstore';
import { CreditsLedger, RefundCharge, refundOf, reservationOf } from '@quarry/ledger';
import type { LedgerDecision } from '@quarry/ledger';
import { waitForProjection } from '@quarry/projection-engine';
import { RequestContext, RequireScopes } from '../auth';

export class RefundJobBody {
  @ApiPropertyOptional({
    description: 'Credits to give back; default: all that is left to refund.',
  })
  @IsOptional()
  @Min(1)
  @Max(1_000_000_000)
  @IsInt()
  amount?: number;

  @ApiProperty({ maxLength: 500, example: 'Site was down during the crawl' })
  @Length(1, 500)
  @IsString()
  note!: string;

  @ApiProperty({ maxLength: 255, description: 'A retry with the same key refunds nothing more.' })
  @Length(1, 255)
  @IsString()
  idempotency_key!: string;
}

const JOB_ID = /^job_[0-9a-z]{20}$/;

/** Operators: refund what a job was charged, whatever its organization. */
@ApiTags('admin')
@ApiBearerAuth('api_key')
@Controller('v1/admin/jobs')
@RequireScopes('admin')
export class AdminJobsController {
  constructor(
    private readonly reads: PooledQueries,
    private readonly dataSource: DataSource,
    private readonly commandBus: CommandBus,
    private readonly ledger: CreditsLedger,
  ) {}

  @Post(':id/refund')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Refund a finished job's charge (all that is left, or `amount`), once per idempotency key",
  })
  async refund(
    @Param('id') id: string,
    @Body() body: RefundJobBody,
    @RequestContext() context: CommandContext,
  ) {
    const [job] = JOB_ID.test(id)
      ? await this.reads.rows<{ org_id: string }>('SELECT org_id FROM jobs WHERE job_id = $1', [id])
      : [];
    if (!job) throw new QuarryError('not_found', `Job ${id} not found`);
    const orgId = job.org_id;
    const state = await this.ledger.state(orgId);
    const earlier = refundOf(state, body.idempotency_key);
    let replayed = true;
    if (earlier) {
      // A retry: "all that is left" meant what was left the first time.
      const same =
        earlier.reservationId === id &&
        earlier.note === body.note.trim() &&
        (body.amount === undefined || body.amount === earlier.amount);
      if (!same)
        throw new QuarryError(
          'idempotency_mismatch',
          'This idempotency key was used for a different refund; use a new key',
        );
    } else {
      const reservation = reservationOf(state, id);
      if (!reservation || reservation.status !== 'settled')
        throw new QuarryError('conflict', `Job ${id} has no settled charge to refund yet`);
      const amount = body.amount ?? reservation.charged - reservation.refunded;
      if (amount <= 0) throw new QuarryError('conflict', `Job ${id} was refunded in full already`);
      const decision = await this.commandBus.execute<RefundCharge, LedgerDecision>(
        new RefundCharge(
          {
            orgId,
            reservationId: id,
            amount,
            idempotencyKey: body.idempotency_key,
            note: body.note,
          },
          context,
        ),
      );
      await waitForProjection(this.dataSource, 'ledger', decision.position, 5000);
      replayed = decision.events.length === 0;
    }
    const refund = refundOf(await this.ledger.state(orgId), body.idempotency_key)!;
    return {
      object: 'credit_refund' as const,
      job_id: id,
      org_id: orgId,
      amount: refund.amount,
      note: refund.note,
      balance_after: refund.balanceAfter.available + refund.balanceAfter.reserved,
      created_at: refund.at,
      replayed,
    };
  }
}
