import type { RecordedEvent } from '@quarry/eventstore';
import type { CreditsEvent } from '@quarry/ledger';

/** Seed 001's transaction types, plus the two-phase steps and operator adjustments. */
export const LEDGER_ENTRY_TYPES = [
  'purchase',
  'free_tier',
  'bonus',
  'adjustment',
  'reservation',
  'deduction',
  'release',
  'refund',
  'expiration',
] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

/** One row of `ledger_entries`: a ledger event as an account statement line. */
export interface LedgerEntry {
  readonly txnId: string;
  readonly orgId: string;
  readonly sequence: number;
  readonly type: LedgerEntryType;
  /** Change of the balance (available + reserved); 0 for reservations and releases. */
  readonly amount: number;
  /** The balance after this entry. */
  readonly runningBalance: number;
  readonly availableAfter: number;
  readonly reservedAfter: number;
  readonly reservationId: string | null;
  readonly grantId: string | null;
  readonly jobId: string | null;
  readonly description: string;
  readonly actor: string;
  readonly requestId: string | null;
  readonly createdAt: string;
  readonly position: bigint;
  readonly hash: string;
  readonly prevHash: string;
}

/** A `ledger_entries` row as pg returns it (bigint columns as text). */
export interface LedgerEntryRow {
  readonly txn_id: string;
  readonly sequence: number;
  readonly type: LedgerEntryType;
  readonly amount: string;
  readonly running_balance: string;
  readonly available_after: string;
  readonly reserved_after: string;
  readonly reservation_id: string | null;
  readonly job_id: string | null;
  readonly description: string;
  readonly actor: string;
  readonly request_id: string | null;
  readonly created_at: Date;
  readonly position: string;
  readonly hash: string;
}

export const CREDITS_STREAM_PREFIX = 'credits-';

export const orgIdOfCreditsStream = (streamId: string) =>
  streamId.slice(CREDITS_STREAM_PREFIX.length);

/** `txn_` and the event id's hex digits: stable across rebuilds, unique across the log. */
export const txnIdOf = (eventId: string) => `txn_${eventId.replaceAll('-', '')}`;

const plural = (n: number) => `${n} credit${n === 1 ? '' : 's'}`;

/**
 * The statement line of a ledger event (pure). `jobOf` gives the job of a
 * reservation reserved earlier, since only the reservation names it.
 */
export function ledgerEntryOf(
  recorded: RecordedEvent,
  jobOf: (reservationId: string) => string | null,
): LedgerEntry {
  const event = { type: recorded.type, data: recorded.data } as CreditsEvent;
  const { data } = event;
  const line = (
    type: LedgerEntryType,
    amount: number,
    description: string,
    refs: { reservationId?: string; grantId?: string; jobId?: string | null } = {},
  ): LedgerEntry => ({
    txnId: txnIdOf(recorded.id),
    orgId: orgIdOfCreditsStream(recorded.streamId),
    sequence: data.sequence,
    type,
    amount,
    runningBalance: data.balanceAfter.available + data.balanceAfter.reserved,
    availableAfter: data.balanceAfter.available,
    reservedAfter: data.balanceAfter.reserved,
    reservationId: refs.reservationId ?? null,
    grantId: refs.grantId ?? null,
    jobId:
      refs.jobId !== undefined ? refs.jobId : refs.reservationId ? jobOf(refs.reservationId) : null,
    description,
    actor: recorded.metadata.actor ?? 'unknown',
    requestId: recorded.metadata.requestId ?? null,
    createdAt: data.at,
    position: recorded.position,
    hash: data.hash,
    prevHash: data.prevHash,
  });
  switch (event.type) {
    case 'CreditsGranted': {
      const d = event.data;
      const what = {
        purchase: 'Credit purchase',
        free_tier: 'Free tier credits',
        bonus: 'Bonus credits',
      }[d.kind];
      return line(d.kind, d.amount, d.note ?? what, { grantId: d.grantId });
    }
    case 'CreditsAdjusted':
      return line('adjustment', event.data.delta, event.data.note);
    case 'CreditsReserved': {
      const d = event.data;
      return line('reservation', 0, d.reason.description, {
        reservationId: d.reservationId,
        jobId: d.reason.jobId,
      });
    }
    case 'ReservationSettled': {
      const d = event.data;
      return line(
        'deduction',
        -d.charged,
        `Charged ${plural(d.charged)}${d.released > 0 ? `, released ${plural(d.released)}` : ''}`,
        { reservationId: d.reservationId },
      );
    }
    case 'ReservationReleased':
      return line('release', 0, `Released ${plural(event.data.released)}: ${event.data.reason}`, {
        reservationId: event.data.reservationId,
      });
    case 'ReservationExpired':
      return line(
        'release',
        0,
        `Reservation expired unsettled: released ${plural(event.data.released)}`,
        { reservationId: event.data.reservationId },
      );
    case 'ChargeRefunded':
      return line('refund', event.data.amount, event.data.note, {
        reservationId: event.data.reservationId,
      });
    case 'CreditsExpired':
      return line(
        'expiration',
        -event.data.expired,
        `Expired ${plural(event.data.expired)} unused of a grant`,
        { grantId: event.data.grantId },
      );
  }
}
