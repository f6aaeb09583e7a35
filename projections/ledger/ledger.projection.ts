import type { RecordedEvent } from '@quarry/eventstore';
import type { CreditsEvent } from '@quarry/ledger';
import type { ProjectionContext, ProjectionDefinition } from '@quarry/projection-engine';
import { CREDITS_STREAM_PREFIX, ledgerEntryOf, orgIdOfCreditsStream } from './ledger-entry';
import type { LedgerEntry } from './ledger-entry';

/** Per-organization totals changed by one batch, added to `credit_balances` in one statement. */
interface BalanceChange {
  balance: number;
  reserved: number;
  available: number;
  sequence: number;
  hash: string;
  updatedAt: string;
  purchased: number;
  granted: number;
  adjusted: number;
  charged: number;
  refunded: number;
  expired: number;
}

const ENTRY_COLUMNS = [
  'txn_id',
  'org_id',
  'sequence',
  'type',
  'amount',
  'running_balance',
  'available_after',
  'reserved_after',
  'reservation_id',
  'grant_id',
  'job_id',
  'description',
  'actor',
  'request_id',
  'created_at',
  'position',
  'hash',
  'prev_hash',
] as const;

const entryRow = (e: LedgerEntry) => [
  e.txnId,
  e.orgId,
  e.sequence,
  e.type,
  e.amount,
  e.runningBalance,
  e.availableAfter,
  e.reservedAfter,
  e.reservationId,
  e.grantId,
  e.jobId,
  e.description,
  e.actor,
  e.requestId,
  e.createdAt,
  e.position,
  e.hash,
  e.prevHash,
];

/**
 * The credit ledger as read models: every ledger event as a statement line
 * with its running balance (`ledger_entries`), the balance and totals per
 * organization (`credit_balances`), reservations with their job and state
 * (`credit_reservations`, also the to-do list of expiries) and grants with
 * an expiry (`credit_grants`).
 */
export const ledgerProjection: ProjectionDefinition = {
  name: 'ledger',
  version: 1,
  description:
    'Credit ledger entries with running balances, balances per organization, reservations and grants.',
  filter: { streamPrefixes: [CREDITS_STREAM_PREFIX] },
  tables: ['ledger_entries', 'credit_balances', 'credit_reservations', 'credit_grants'],
  createTables: (schema) => [
    `CREATE TABLE ${schema}.ledger_entries (
       txn_id text PRIMARY KEY,
       org_id text NOT NULL,
       sequence integer NOT NULL,
       type text NOT NULL,
       amount bigint NOT NULL,
       running_balance bigint NOT NULL,
       available_after bigint NOT NULL,
       reserved_after bigint NOT NULL,
       reservation_id text,
       grant_id text,
       job_id text,
       description text NOT NULL,
       actor text NOT NULL,
       request_id text,
       created_at timestamptz NOT NULL,
       position bigint NOT NULL,
       hash text NOT NULL,
       prev_hash text NOT NULL,
       UNIQUE (org_id, sequence))`,
    `CREATE INDEX ledger_entries_org_type ON ${schema}.ledger_entries (org_id, type, sequence)`,
    `CREATE INDEX ledger_entries_org_created ON ${schema}.ledger_entries (org_id, created_at)`,
    `CREATE INDEX ledger_entries_org_job ON ${schema}.ledger_entries (org_id, job_id) WHERE job_id IS NOT NULL`,
    `CREATE TABLE ${schema}.credit_balances (
       org_id text PRIMARY KEY,
       balance bigint NOT NULL,
       reserved bigint NOT NULL,
       available bigint NOT NULL,
       total_purchased bigint NOT NULL,
       total_granted bigint NOT NULL,
       total_adjusted bigint NOT NULL,
       total_charged bigint NOT NULL,
       total_refunded bigint NOT NULL,
       total_expired bigint NOT NULL,
       last_sequence integer NOT NULL,
       last_hash text NOT NULL,
       updated_at timestamptz NOT NULL)`,
    `CREATE TABLE ${schema}.credit_reservations (
       reservation_id text NOT NULL,
       org_id text NOT NULL,
       job_id text,
       amount bigint NOT NULL,
       status text NOT NULL,
       charged bigint NOT NULL DEFAULT 0,
       refunded bigint NOT NULL DEFAULT 0,
       expires_at timestamptz NOT NULL,
       created_at timestamptz NOT NULL,
       PRIMARY KEY (org_id, reservation_id))`,
    `CREATE INDEX credit_reservations_job ON ${schema}.credit_reservations (org_id, job_id) WHERE job_id IS NOT NULL`,
    `CREATE INDEX credit_reservations_due ON ${schema}.credit_reservations (expires_at) WHERE status = 'pending'`,
    `CREATE TABLE ${schema}.credit_grants (
       grant_id text NOT NULL,
       org_id text NOT NULL,
       kind text NOT NULL,
       amount bigint NOT NULL,
       expires_at timestamptz,
       expired boolean NOT NULL DEFAULT false,
       created_at timestamptz NOT NULL,
       PRIMARY KEY (org_id, grant_id))`,
    `CREATE INDEX credit_grants_due ON ${schema}.credit_grants (expires_at) WHERE NOT expired AND expires_at IS NOT NULL`,
  ],
  async apply(events: readonly RecordedEvent[], context: ProjectionContext) {
    const { manager, table } = context;
    const balances = new Map<string, BalanceChange>();
    const jobsBefore = await reservationJobsOf(events, context);
    const entries: LedgerEntry[] = [];
    // Rows are gathered per batch and written in a few statements, not one per event: a rebuild
    // of a million-event ledger is bound by COPY, not by round trips.
    const reservations = new BatchedRows<ReservationRow, ReservationChange>();
    const grants = new BatchedRows<GrantRow, { expired: boolean }>();

    for (const recorded of events) {
      const orgId = orgIdOfCreditsStream(recorded.streamId);
      const event = { type: recorded.type, data: recorded.data } as CreditsEvent;
      const key = (id: string) => `${orgId}/${id}`;
      const entry = ledgerEntryOf(recorded, (reservationId) => {
        const k = key(reservationId);
        return reservations.fresh.get(k)?.jobId ?? jobsBefore.get(k) ?? null;
      });
      entries.push(entry);
      const change = balances.get(orgId) ?? emptyChange();
      balances.set(orgId, change);
      change.balance = entry.runningBalance;
      change.available = entry.availableAfter;
      change.reserved = entry.reservedAfter;
      change.sequence = entry.sequence;
      change.hash = entry.hash;
      change.updatedAt = entry.createdAt;

      switch (event.type) {
        case 'CreditsGranted': {
          const d = event.data;
          change.granted += d.amount;
          if (d.kind === 'purchase') change.purchased += d.amount;
          grants.insert(key(d.grantId), {
            grantId: d.grantId,
            orgId,
            kind: d.kind,
            amount: d.amount,
            expiresAt: d.expiresAt,
            expired: false,
            createdAt: d.at,
          });
          break;
        }
        case 'CreditsAdjusted':
          change.adjusted += event.data.delta;
          break;
        case 'CreditsReserved': {
          const d = event.data;
          reservations.insert(key(d.reservationId), {
            reservationId: d.reservationId,
            orgId,
            jobId: d.reason.jobId,
            amount: d.amount,
            status: 'pending',
            charged: 0,
            refunded: 0,
            expiresAt: d.expiresAt,
            createdAt: d.at,
          });
          break;
        }
        case 'ReservationSettled':
          change.charged += event.data.charged;
          reservations.update(key(event.data.reservationId), emptyReservationChange, (r) => {
            r.status = 'settled';
            r.charged = event.data.charged;
          });
          break;
        case 'ReservationReleased':
        case 'ReservationExpired': {
          const status = event.type === 'ReservationReleased' ? 'released' : 'expired';
          reservations.update(key(event.data.reservationId), emptyReservationChange, (r) => {
            r.status = status;
          });
          break;
        }
        case 'ChargeRefunded': {
          const amount = event.data.amount;
          change.refunded += amount;
          reservations.update(key(event.data.reservationId), emptyReservationChange, (r) => {
            r.refunded += amount;
          });
          break;
        }
        case 'CreditsExpired':
          change.expired += event.data.expired;
          grants.update(
            key(event.data.grantId),
            () => ({ expired: false }),
            (g) => {
              g.expired = true;
            },
          );
          break;
      }
    }

    await context.copyRows('ledger_entries', ENTRY_COLUMNS, entries.map(entryRow));
    await context.copyRows(
      'credit_reservations',
      RESERVATION_COLUMNS,
      [...reservations.fresh.values()].map(reservationRow),
    );
    await context.copyRows(
      'credit_grants',
      GRANT_COLUMNS,
      [...grants.fresh.values()].map(grantRow),
    );
    if (reservations.changed.size > 0) {
      const rows = [...reservations.changed.entries()].map(([k, c]) => ({ ...splitKey(k), ...c }));
      await manager.query(
        `UPDATE ${table('credit_reservations')} r
            SET status = coalesce(c.status, r.status),
                charged = coalesce(c.charged, r.charged),
                refunded = r.refunded + c.refunded
           FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
                AS c(org_id, reservation_id, status, charged, refunded)
          WHERE r.org_id = c.org_id AND r.reservation_id = c.reservation_id`,
        [
          rows.map((r) => r.orgId),
          rows.map((r) => r.id),
          rows.map((r) => r.status),
          rows.map((r) => r.charged),
          rows.map((r) => r.refunded),
        ],
      );
    }
    if (grants.changed.size > 0) {
      const rows = [...grants.changed.keys()].map(splitKey);
      await manager.query(
        `UPDATE ${table('credit_grants')} g SET expired = true
           FROM unnest($1::text[], $2::text[]) AS c(org_id, grant_id)
          WHERE g.org_id = c.org_id AND g.grant_id = c.grant_id`,
        [rows.map((r) => r.orgId), rows.map((r) => r.id)],
      );
    }
    for (const [orgId, c] of balances) {
      await manager.query(
        `INSERT INTO ${table('credit_balances')} AS b (org_id, balance, reserved, available,
           total_purchased, total_granted, total_adjusted, total_charged, total_refunded,
           total_expired, last_sequence, last_hash, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (org_id) DO UPDATE SET
           balance = EXCLUDED.balance, reserved = EXCLUDED.reserved, available = EXCLUDED.available,
           total_purchased = b.total_purchased + EXCLUDED.total_purchased,
           total_granted = b.total_granted + EXCLUDED.total_granted,
           total_adjusted = b.total_adjusted + EXCLUDED.total_adjusted,
           total_charged = b.total_charged + EXCLUDED.total_charged,
           total_refunded = b.total_refunded + EXCLUDED.total_refunded,
           total_expired = b.total_expired + EXCLUDED.total_expired,
           last_sequence = EXCLUDED.last_sequence, last_hash = EXCLUDED.last_hash,
           updated_at = EXCLUDED.updated_at`,
        [
          orgId,
          c.balance,
          c.reserved,
          c.available,
          c.purchased,
          c.granted,
          c.adjusted,
          c.charged,
          c.refunded,
          c.expired,
          c.sequence,
          c.hash,
          c.updatedAt,
        ],
      );
    }
  },
};

interface ReservationRow {
  reservationId: string;
  orgId: string;
  jobId: string | null;
  amount: number;
  status: string;
  charged: number;
  refunded: number;
  expiresAt: string;
  createdAt: string;
}

/** What a batch changes of a reservation written by an earlier batch. */
interface ReservationChange {
  status: string | null;
  charged: number | null;
  refunded: number;
}

const emptyReservationChange = (): ReservationChange => ({
  status: null,
  charged: null,
  refunded: 0,
});

interface GrantRow {
  grantId: string;
  orgId: string;
  kind: string;
  amount: number;
  expiresAt: string | null;
  expired: boolean;
  createdAt: string;
}

const RESERVATION_COLUMNS = [
  'reservation_id',
  'org_id',
  'job_id',
  'amount',
  'status',
  'charged',
  'refunded',
  'expires_at',
  'created_at',
] as const;
const reservationRow = (r: ReservationRow) => [
  r.reservationId,
  r.orgId,
  r.jobId,
  r.amount,
  r.status,
  r.charged,
  r.refunded,
  r.expiresAt,
  r.createdAt,
];

const GRANT_COLUMNS = [
  'grant_id',
  'org_id',
  'kind',
  'amount',
  'expires_at',
  'expired',
  'created_at',
] as const;
const grantRow = (g: GrantRow) => [
  g.grantId,
  g.orgId,
  g.kind,
  g.amount,
  g.expiresAt,
  g.expired,
  g.createdAt,
];

/** `org/id` keys of a batch's maps (org ids hold no slash). */
const splitKey = (key: string) => {
  const slash = key.indexOf('/');
  return { orgId: key.slice(0, slash), id: key.slice(slash + 1) };
};

/**
 * A batch's writes to one table: rows created in the batch (changed in
 * memory, then copied) and changes to rows of earlier batches (one UPDATE).
 */
class BatchedRows<Row, Change> {
  readonly fresh = new Map<string, Row>();
  readonly changed = new Map<string, Change>();

  insert(key: string, row: Row): void {
    this.fresh.set(key, row);
  }

  /** Applies `edit` to the fresh row, or to the pending change of an older one. */
  update(key: string, empty: () => Change, edit: (target: Row | Change) => void): void {
    const row = this.fresh.get(key);
    if (row) return edit(row);
    const change = this.changed.get(key) ?? empty();
    this.changed.set(key, change);
    edit(change);
  }
}

function emptyChange(): BalanceChange {
  return {
    balance: 0,
    reserved: 0,
    available: 0,
    sequence: 0,
    hash: '',
    updatedAt: '',
    purchased: 0,
    granted: 0,
    adjusted: 0,
    charged: 0,
    refunded: 0,
    expired: 0,
  };
}

/** The jobs of the reservations this batch resolves or refunds, reserved in earlier batches. */
async function reservationJobsOf(
  events: readonly RecordedEvent[],
  { manager, table }: ProjectionContext,
): Promise<Map<string, string | null>> {
  const orgs: string[] = [];
  const ids: string[] = [];
  for (const recorded of events) {
    if (recorded.type === 'CreditsReserved') continue;
    const reservationId = (recorded.data as { reservationId?: unknown }).reservationId;
    if (typeof reservationId !== 'string') continue;
    orgs.push(orgIdOfCreditsStream(recorded.streamId));
    ids.push(reservationId);
  }
  const jobs = new Map<string, string | null>();
  if (ids.length === 0) return jobs;
  const rows = await manager.query<
    { org_id: string; reservation_id: string; job_id: string | null }[]
  >(
    `SELECT r.org_id, r.reservation_id, r.job_id
       FROM ${table('credit_reservations')} r
       JOIN unnest($1::text[], $2::text[]) AS wanted(org_id, reservation_id)
         USING (org_id, reservation_id)`,
    [orgs, ids],
  );
  for (const row of rows) jobs.set(`${row.org_id}/${row.reservation_id}`, row.job_id);
  return jobs;
}
