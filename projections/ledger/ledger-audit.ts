import type { PooledQueries } from '@quarry/database';
import type { EventStore, RecordedEvent } from '@quarry/eventstore';
import { creditsStream, LedgerReplay } from '@quarry/ledger';
import type { CreditsEvent, LedgerProblem, ReplayedBalance } from '@quarry/ledger';
import { ledgerEntryOf } from './ledger-entry';
import type { LedgerEntry, LedgerEntryRow } from './ledger-entry';

/** An organization's ledger replayed from its events up to an instant. */
export interface LedgerAsOf {
  readonly orgId: string;
  readonly asOf: Date;
  readonly balance: ReplayedBalance;
  /** The requested window of entries (by sequence, ascending). */
  readonly entries: LedgerEntry[];
  readonly hasMore: boolean;
}

/**
 * Replays `credits-{orgId}` from the event store (never from read models),
 * stopping before the first event decided after `asOf`: a prefix of the
 * chain, so the balance equals the running balance recorded at that instant.
 */
export async function replayLedger(
  store: EventStore,
  orgId: string,
  options: {
    readonly asOf: Date;
    /** Entries with a sequence above this are returned, at most `limit` of them. */
    readonly afterSequence?: number;
    readonly limit?: number;
    readonly onEvent?: () => void;
    /** Every entry up to `asOf`, in order, as it is replayed (for exports of any size). */
    readonly onEntry?: (entry: LedgerEntry) => void;
  },
): Promise<LedgerAsOf> {
  const replay = new LedgerReplay({ checkHashes: false });
  const jobs = new Map<string, string | null>();
  const entries: LedgerEntry[] = [];
  const limit = options.limit ?? 100;
  const after = options.afterSequence ?? 0;
  let hasMore = false;
  // ISO 8601 instants in UTC compare as strings: no date parse per event.
  const asOf = options.asOf.toISOString();
  // Entries name the job of a reservation made earlier; a balance alone needs none of that.
  const withEntries = limit > 0 || options.onEntry !== undefined;
  replaying: for await (const batch of store.readStreamBatches(creditsStream(orgId))) {
    for (const recorded of batch) {
      const event = asCreditsEvent(recorded);
      if (event.data.at > asOf) break replaying;
      replay.apply(event);
      options.onEvent?.();
      if (!withEntries) continue;
      rememberJob(jobs, event);
      const wanted = event.data.sequence > after;
      const kept = wanted && entries.length < limit;
      if (wanted && !kept) hasMore = true;
      if (!kept && !options.onEntry) continue;
      const entry = ledgerEntryOf(recorded, (id) => jobs.get(id) ?? null);
      options.onEntry?.(entry);
      if (kept) entries.push(entry);
    }
  }
  return { orgId, asOf: options.asOf, balance: replay.balance, entries, hasMore };
}

/** What `verify` found for one organization. */
export interface LedgerVerification {
  readonly orgId: string;
  readonly ok: boolean;
  readonly events: number;
  readonly balance: ReplayedBalance;
  /** In the events themselves: chain, recorded balances, conservation. */
  readonly eventProblems: LedgerProblem[];
  /** Read model rows that differ from the replay, by entry. */
  readonly readModelProblems: ReadModelProblem[];
}

export interface ReadModelProblem {
  /** The entry (`txn_…`) or table the problem is in. */
  readonly entry: string;
  readonly sequence: number | null;
  readonly message: string;
}

/** The columns `verify` compares. */
type EntryRow = Pick<
  LedgerEntryRow,
  | 'txn_id'
  | 'sequence'
  | 'type'
  | 'amount'
  | 'running_balance'
  | 'available_after'
  | 'reserved_after'
  | 'reservation_id'
  | 'job_id'
  | 'hash'
>;

/** Columns of a read-model row against the replayed entry, as [column, stored, replayed]. */
function differences(row: EntryRow, entry: LedgerEntry): [string, unknown, unknown][] {
  const pairs: [string, unknown, unknown][] = [
    ['txn_id', row.txn_id, entry.txnId],
    ['type', row.type, entry.type],
    ['amount', Number(row.amount), entry.amount],
    ['running_balance', Number(row.running_balance), entry.runningBalance],
    ['available_after', Number(row.available_after), entry.availableAfter],
    ['reserved_after', Number(row.reserved_after), entry.reservedAfter],
    ['reservation_id', row.reservation_id, entry.reservationId],
    ['job_id', row.job_id, entry.jobId],
    ['hash', row.hash, entry.hash],
  ];
  return pairs.filter(([, stored, replayed]) => stored !== replayed);
}

const CHUNK = 2000;
const MAX_PROBLEMS = 100;

/**
 * Verifies one organization's ledger: the hash chain, every recorded balance
 * and conservation after every event (from the event store), and the
 * `ledger` read model (every entry and the balance row) against the replay.
 */
export async function verifyLedger(
  store: EventStore,
  reads: PooledQueries,
  orgId: string,
  options: { readonly onEvent?: () => void } = {},
): Promise<LedgerVerification> {
  const replay = new LedgerReplay({ checkHashes: true });
  const jobs = new Map<string, string | null>();
  const eventProblems: LedgerProblem[] = [];
  const readModelProblems: ReadModelProblem[] = [];
  let chunk: LedgerEntry[] = [];

  const compareChunk = async () => {
    if (chunk.length === 0) return;
    const first = chunk[0].sequence;
    const last = chunk[chunk.length - 1].sequence;
    const rows = await reads.rows<EntryRow>(
      `SELECT txn_id, sequence, type, amount, running_balance, available_after, reserved_after,
              reservation_id, job_id, hash
         FROM ledger_entries WHERE org_id = $1 AND sequence BETWEEN $2 AND $3`,
      [orgId, first, last],
    );
    const bySequence = new Map(rows.map((row) => [row.sequence, row]));
    for (const entry of chunk) {
      const row = bySequence.get(entry.sequence);
      if (!row) {
        readModelProblems.push({
          entry: entry.txnId,
          sequence: entry.sequence,
          message: 'missing from ledger_entries',
        });
        continue;
      }
      for (const [column, stored, replayed] of differences(row, entry)) {
        readModelProblems.push({
          entry: entry.txnId,
          sequence: entry.sequence,
          message: `${column} is ${String(stored)} in ledger_entries, ${String(replayed)} in the events`,
        });
      }
    }
    chunk = [];
  };

  for await (const batch of store.readStreamBatches(creditsStream(orgId))) {
    for (const recorded of batch) {
      const event = asCreditsEvent(recorded);
      if (eventProblems.length < MAX_PROBLEMS) eventProblems.push(...replay.apply(event));
      else replay.apply(event);
      rememberJob(jobs, event);
      options.onEvent?.();
      chunk.push(ledgerEntryOf(recorded, (id) => jobs.get(id) ?? null));
      if (chunk.length >= CHUNK && readModelProblems.length < MAX_PROBLEMS) await compareChunk();
      else if (chunk.length >= CHUNK) chunk = [];
    }
  }
  await compareChunk();

  const balance = replay.balance;
  const [extra] = await reads.rows<{ n: string }>(
    'SELECT count(*) AS n FROM ledger_entries WHERE org_id = $1 AND sequence > $2',
    [orgId, balance.events],
  );
  if (Number(extra.n) > 0) {
    readModelProblems.push({
      entry: 'ledger_entries',
      sequence: null,
      message: `${extra.n} entries beyond the last event (sequence ${balance.events})`,
    });
  }
  readModelProblems.push(...(await compareBalanceRow(reads, orgId, balance)));

  return {
    orgId,
    ok: eventProblems.length === 0 && readModelProblems.length === 0,
    events: balance.events,
    balance,
    eventProblems: eventProblems.slice(0, MAX_PROBLEMS),
    readModelProblems: readModelProblems.slice(0, MAX_PROBLEMS),
  };
}

async function compareBalanceRow(
  reads: PooledQueries,
  orgId: string,
  balance: ReplayedBalance,
): Promise<ReadModelProblem[]> {
  const [row] = await reads.rows<Record<string, string>>(
    `SELECT balance, reserved, available, total_purchased, total_granted, total_adjusted,
            total_charged, total_refunded, total_expired, last_sequence
       FROM credit_balances WHERE org_id = $1`,
    [orgId],
  );
  if (!row) {
    return balance.events === 0
      ? []
      : [
          {
            entry: 'credit_balances',
            sequence: null,
            message: 'no balance row for this organization',
          },
        ];
  }
  const expected: Record<string, number> = {
    balance: balance.balance,
    reserved: balance.reserved,
    available: balance.available,
    total_purchased: balance.totalPurchased,
    total_granted: balance.totalGranted,
    total_adjusted: balance.totalAdjusted,
    total_charged: balance.totalCharged,
    total_refunded: balance.totalRefunded,
    total_expired: balance.totalExpired,
    last_sequence: balance.lastSequence,
  };
  return Object.entries(expected)
    .filter(([column, value]) => Number(row[column]) !== value)
    .map(([column, value]) => ({
      entry: 'credit_balances',
      sequence: null,
      message: `${column} is ${row[column]} in credit_balances, ${value} in the events`,
    }));
}

/** How many events an organization's ledger holds (for progress bars). */
export async function ledgerLength(store: EventStore, orgId: string): Promise<number> {
  for await (const last of store.readStream(creditsStream(orgId), {
    direction: 'backwards',
    maxCount: 1,
  }))
    return Number(last.revision) + 1;
  return 0;
}

/** Every organization known to the read models, for `verify` of all. */
export async function ledgerOrganizations(reads: PooledQueries): Promise<string[]> {
  const rows = await reads.rows<{ org_id: string }>(
    'SELECT org_id FROM organizations UNION SELECT org_id FROM credit_balances ORDER BY 1',
  );
  return rows.map((row) => row.org_id);
}

function asCreditsEvent(recorded: RecordedEvent): CreditsEvent {
  return { type: recorded.type, data: recorded.data } as CreditsEvent;
}

function rememberJob(jobs: Map<string, string | null>, event: CreditsEvent): void {
  if (event.type === 'CreditsReserved') jobs.set(event.data.reservationId, event.data.reason.jobId);
}
