import type { PooledQueries } from '@quarry/database';
import type { LedgerEntryRow, LedgerEntryType } from '@quarry/projections';
import { decodeCursor, encodeCursor, INTEGER } from '../pagination/cursor';
import { timeRange } from '../pagination/time-range';
import type { Page } from '../pagination/cursor';

/** A ledger entry as a statement line (seed 001's credit_transaction, with the two-phase steps). */
export function presentEntry(row: LedgerEntryRow, audit: boolean) {
  return {
    id: row.txn_id,
    object: 'credit_transaction' as const,
    type: row.type,
    amount: Number(row.amount),
    running_balance: Number(row.running_balance),
    available_after: Number(row.available_after),
    reserved_after: Number(row.reserved_after),
    description: row.description,
    job_id: row.job_id,
    reservation_id: row.reservation_id,
    request_id: row.request_id,
    created_at: row.created_at.toISOString(),
    // What operators and auditors need to tie a line to the log.
    ...(audit && {
      sequence: row.sequence,
      actor: row.actor,
      position: row.position,
      hash: row.hash,
    }),
  };
}

export type StatementLine = ReturnType<typeof presentEntry>;

export interface StatementFilter {
  readonly types?: readonly LedgerEntryType[];
  readonly startDate?: string;
  readonly endDate?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Accepts ISO dates and instants; refuses an empty or reversed range. */
export const dateRange = (start?: string, end?: string) =>
  timeRange(['start_date', start], ['end_date', end]);

/** An organization's ledger entries, newest first, by sequence. */
export async function statementOf(
  reads: PooledQueries,
  orgId: string,
  filter: StatementFilter,
  audit = false,
): Promise<Page<StatementLine>> {
  const { from, to } = dateRange(filter.startDate, filter.endDate);
  const params: unknown[] = [orgId];
  const where = ['org_id = $1'];
  if (filter.types?.length) {
    params.push(filter.types);
    where.push(`type = ANY($${params.length}::text[])`);
  }
  if (from) {
    params.push(from);
    where.push(`created_at >= $${params.length}`);
  }
  if (to) {
    params.push(to);
    where.push(`created_at < $${params.length}`);
  }
  if (filter.cursor) {
    params.push(Number(decodeCursor(filter.cursor, { sequence: INTEGER }).sequence));
    where.push(`sequence < $${params.length}`);
  }
  params.push(filter.limit + 1);
  const rows = await reads.rows<LedgerEntryRow>(
    `SELECT txn_id, sequence, type, amount, running_balance, available_after, reserved_after,
            reservation_id, job_id, description, actor, request_id, created_at, position, hash
       FROM ledger_entries WHERE ${where.join(' AND ')}
      ORDER BY sequence DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > filter.limit;
  return {
    data: page.map((row) => presentEntry(row, audit)),
    pagination: {
      has_more: hasMore,
      next_cursor: hasMore && last ? encodeCursor({ sequence: String(last.sequence) }) : null,
    },
  };
}

interface BalanceRow {
  readonly balance: string;
  readonly reserved: string;
  readonly available: string;
  readonly total_purchased: string;
  readonly total_granted: string;
  readonly total_charged: string;
  readonly total_refunded: string;
  readonly total_expired: string;
}

/** PRODUCT.md's credits block; zeros for an organization that never had credits. */
export async function creditsOf(reads: PooledQueries, orgId: string) {
  const [row] = await reads.rows<BalanceRow>(
    `SELECT balance, reserved, available, total_purchased, total_granted, total_charged,
            total_refunded, total_expired
       FROM credit_balances WHERE org_id = $1`,
    [orgId],
  );
  const n = (value: string | undefined) => Number(value ?? 0);
  return {
    balance: n(row?.balance),
    reserved: n(row?.reserved),
    available: n(row?.available),
    total_purchased: n(row?.total_purchased),
    total_granted: n(row?.total_granted),
    total_used: n(row?.total_charged) - n(row?.total_refunded),
    total_refunded: n(row?.total_refunded),
    total_expired: n(row?.total_expired),
  };
}
