import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { ledgerOrganizations, replayLedger, verifyLedger } from '@quarry/projections';
import type { LedgerEntry, LedgerVerification } from '@quarry/projections';
import { CurrentPrincipal, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import { decodeCursor, encodeCursor, INTEGER } from '../pagination/cursor';
import { AuditLedgerQuery, VerifyLedgerQuery } from './audit-ledger.query';

const presentEntry = (e: LedgerEntry) => ({
  id: e.txnId,
  sequence: e.sequence,
  type: e.type,
  amount: e.amount,
  running_balance: e.runningBalance,
  available_after: e.availableAfter,
  reserved_after: e.reservedAfter,
  reservation_id: e.reservationId,
  grant_id: e.grantId,
  job_id: e.jobId,
  description: e.description,
  actor: e.actor,
  request_id: e.requestId,
  created_at: e.createdAt,
  position: e.position.toString(),
  hash: e.hash,
  prev_hash: e.prevHash,
});

const presentVerification = (v: LedgerVerification) => ({
  org_id: v.orgId,
  ok: v.ok,
  events: v.events,
  balance: v.balance.balance,
  reserved: v.balance.reserved,
  available: v.balance.available,
  last_hash: v.balance.lastHash,
  event_problems: v.eventProblems,
  read_model_problems: v.readModelProblems,
});

/**
 * For auditors: the ledger replayed from the event store (never from read
 * models) at any instant, and its verification. A key sees its own
 * organization; `admin` sees any.
 */
@ApiTags('audit')
@ApiBearerAuth('api_key')
@Controller('v1/audit/ledger')
@RequireScopes('audit:read')
export class AuditLedgerController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reads: PooledQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Balance, reserved, available and the entries up to an instant, replayed from events',
  })
  async asOf(@Query() query: AuditLedgerQuery, @CurrentPrincipal() principal: Principal) {
    this.mayRead(principal, query.org_id);
    const asOf = query.as_of ? new Date(query.as_of) : this.clock.now();
    const after = query.cursor
      ? Number(decodeCursor(query.cursor, { sequence: INTEGER }).sequence)
      : 0;
    const replayed = await replayLedger(this.store, query.org_id, {
      asOf,
      afterSequence: after,
      limit: query.limit,
    });
    const last = replayed.entries[replayed.entries.length - 1];
    return {
      object: 'ledger_replay' as const,
      org_id: query.org_id,
      as_of: asOf.toISOString(),
      events: replayed.balance.events,
      balance: replayed.balance.balance,
      reserved: replayed.balance.reserved,
      available: replayed.balance.available,
      totals: {
        granted: replayed.balance.totalGranted,
        purchased: replayed.balance.totalPurchased,
        adjusted: replayed.balance.totalAdjusted,
        charged: replayed.balance.totalCharged,
        refunded: replayed.balance.totalRefunded,
        expired: replayed.balance.totalExpired,
      },
      last_hash: replayed.balance.lastHash,
      data: replayed.entries.map(presentEntry),
      pagination: {
        has_more: replayed.hasMore,
        next_cursor:
          replayed.hasMore && last ? encodeCursor({ sequence: String(last.sequence) }) : null,
      },
    };
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Verify ledgers: hash chain, recorded balances, conservation, read model = replay',
    description: 'A report per organization; `ok` is false when anything differs.',
  })
  async verify(@Query() query: VerifyLedgerQuery, @CurrentPrincipal() principal: Principal) {
    if (query.org_id) this.mayRead(principal, query.org_id);
    const orgs = query.org_id
      ? [query.org_id]
      : principal.scopes.has('admin')
        ? await ledgerOrganizations(this.reads)
        : [principal.orgId];
    const reports: ReturnType<typeof presentVerification>[] = [];
    for (const orgId of orgs)
      reports.push(presentVerification(await verifyLedger(this.store, this.reads, orgId)));
    return {
      object: 'ledger_verification' as const,
      ok: reports.every((r) => r.ok),
      organizations: reports.length,
      data: reports,
    };
  }

  /** Another organization's ledger is as unknown as one that does not exist. */
  private mayRead(principal: Principal, orgId: string): void {
    if (orgId !== principal.orgId && !principal.scopes.has('admin'))
      throw new QuarryError('not_found', `Organization ${orgId} not found`);
  }
}
