import { GENESIS_HASH } from '../ledger-hash';
import { emptyHashedRecord, hashedGet, hashedSet, hashedValues, ownEntry } from './hashed-record';
import type { HashedRecord } from './hashed-record';
import type {
  BalanceSnapshot,
  Consumption,
  CreditsEvent,
  GrantKind,
  ReservationReason,
} from './credits.events';

/** What is left of one grant; consumption takes the soonest-expiring grant first. */
export interface GrantLot {
  readonly grantId: string;
  readonly kind: GrantKind;
  readonly amount: number;
  /** Not yet consumed nor expired (may be partly held by reservations). */
  readonly remaining: number;
  readonly expiresAt: string | null;
  /** Set by CreditsExpired; its remainder was then expired or moved to the pool. */
  readonly expired: boolean;
  /** Sequence of its CreditsGranted: the tie-break between grants expiring at the same time. */
  readonly grantedSequence: number;
}

export type ReservationStatus = 'pending' | 'settled' | 'released' | 'expired';

export interface ReservationRecord {
  readonly reservationId: string;
  readonly amount: number;
  readonly reason: ReservationReason;
  readonly expiresAt: string;
  readonly status: ReservationStatus;
  /** Set when settled. */
  readonly charged: number;
  readonly refunded: number;
}

/** Enough of an applied adjustment to answer its redelivery with the earlier result. */
export interface AdjustmentRecord {
  readonly delta: number;
  readonly note: string;
  readonly sequence: number;
  readonly at: string;
  readonly balanceAfter: BalanceSnapshot;
}

export interface RefundRecord {
  readonly reservationId: string;
  readonly amount: number;
  readonly note: string;
  readonly sequence: number;
  readonly at: string;
  readonly balanceAfter: BalanceSnapshot;
}

/**
 * Plain JSON-able data (records, not maps), so it can be compared, snapshotted
 * and logged. Reservations grow with every job and live in a hashed record:
 * read them with `reservationOf` / `reservationsOf`.
 */
export interface CreditsState {
  readonly available: number;
  readonly reserved: number;
  /**
   * Credits not tied to a live grant: positive adjustments, refunds, and the
   * remainder of an expired grant that reservations held at its expiry. They
   * never expire and are consumed last.
   */
  readonly pooled: number;
  /** By grant id; a flat record, as grants are few and every consumption looks at all of them. */
  readonly grants: Readonly<Record<string, GrantLot>>;
  /** One per job, forever: a hashed record, so an update copies one bucket, not every reservation. */
  readonly reservations: HashedRecord<ReservationRecord>;
  /** By idempotency key; operator actions, few. */
  readonly adjustments: Readonly<Record<string, AdjustmentRecord>>;
  /** By idempotency key. Flat while refunds stay rare; make it hashed if a saga refunds per job. */
  readonly refunds: Readonly<Record<string, RefundRecord>>;
  readonly totalGranted: Readonly<Record<GrantKind, number>>;
  /** Net sum of adjustment deltas (negative when operators took more than they gave). */
  readonly totalAdjusted: number;
  readonly totalCharged: number;
  readonly totalRefunded: number;
  /** Net work paid for: totalCharged − totalRefunded (the account's `total_used`). */
  readonly totalUsed: number;
  readonly totalExpired: number;
  /** Number of ledger events so far; the next one gets `sequence + 1`. */
  readonly sequence: number;
  /** `hash` of the last ledger event, or the genesis hash. */
  readonly lastHash: string;
}

export const initialCreditsState: CreditsState = {
  available: 0,
  reserved: 0,
  pooled: 0,
  grants: {},
  reservations: emptyHashedRecord,
  adjustments: {},
  refunds: {},
  totalGranted: { purchase: 0, free_tier: 0, bonus: 0 },
  totalAdjusted: 0,
  totalCharged: 0,
  totalRefunded: 0,
  totalUsed: 0,
  totalExpired: 0,
  sequence: 0,
  lastHash: GENESIS_HASH,
};

export const reservationOf = (state: CreditsState, reservationId: string) =>
  hashedGet(state.reservations, reservationId);
export const adjustmentOf = (state: CreditsState, idempotencyKey: string) =>
  ownEntry(state.adjustments, idempotencyKey);
export const refundOf = (state: CreditsState, idempotencyKey: string) =>
  ownEntry(state.refunds, idempotencyKey);
export const reservationsOf = (state: CreditsState): ReservationRecord[] =>
  hashedValues(state.reservations);

function withConsumption(
  state: CreditsState,
  consumed: readonly Consumption[],
): Pick<CreditsState, 'grants' | 'pooled'> {
  let { grants, pooled } = state;
  for (const { grantId, amount } of consumed) {
    if (grantId === null) {
      pooled -= amount;
    } else {
      const lot = ownEntry(grants, grantId);
      if (lot) grants = { ...grants, [grantId]: { ...lot, remaining: lot.remaining - amount } };
    }
  }
  return { grants, pooled };
}

function withReservation(
  state: CreditsState,
  reservationId: string,
  change: Partial<ReservationRecord>,
): CreditsState['reservations'] {
  const reservation = reservationOf(state, reservationId);
  if (!reservation) return state.reservations;
  return hashedSet(state.reservations, reservationId, { ...reservation, ...change });
}

/**
 * Applies an event's facts. Amounts move the balance here; `balanceAfter` is
 * the decider's statement of the result, checked against this by tests and
 * the auditor, never trusted by it.
 */
export function evolveCredits(state: CreditsState, event: CreditsEvent): CreditsState {
  const chain = { sequence: event.data.sequence, lastHash: event.data.hash };
  switch (event.type) {
    case 'CreditsGranted': {
      const { grantId, kind, amount, expiresAt, sequence } = event.data;
      return {
        ...state,
        ...chain,
        available: state.available + amount,
        grants: {
          ...state.grants,
          [grantId]: {
            grantId,
            kind,
            amount,
            remaining: amount,
            expiresAt,
            expired: false,
            grantedSequence: sequence,
          },
        },
        totalGranted: { ...state.totalGranted, [kind]: state.totalGranted[kind] + amount },
      };
    }
    case 'CreditsAdjusted': {
      const { idempotencyKey, delta, note, consumed, sequence, at, balanceAfter } = event.data;
      const drawn = withConsumption(state, consumed);
      return {
        ...state,
        ...chain,
        available: state.available + delta,
        grants: drawn.grants,
        pooled: drawn.pooled + Math.max(delta, 0),
        adjustments: {
          ...state.adjustments,
          [idempotencyKey]: { delta, note, sequence, at, balanceAfter },
        },
        totalAdjusted: state.totalAdjusted + delta,
      };
    }
    case 'CreditsReserved': {
      const { reservationId, amount, reason, expiresAt } = event.data;
      return {
        ...state,
        ...chain,
        available: state.available - amount,
        reserved: state.reserved + amount,
        reservations: hashedSet(state.reservations, reservationId, {
          reservationId,
          amount,
          reason,
          expiresAt,
          status: 'pending',
          charged: 0,
          refunded: 0,
        }),
      };
    }
    case 'ReservationSettled': {
      const { reservationId, charged, released, consumed } = event.data;
      return {
        ...state,
        ...chain,
        ...withConsumption(state, consumed),
        available: state.available + released,
        reserved: state.reserved - charged - released,
        reservations: withReservation(state, reservationId, { status: 'settled', charged }),
        totalCharged: state.totalCharged + charged,
        totalUsed: state.totalUsed + charged,
      };
    }
    case 'ReservationReleased':
    case 'ReservationExpired': {
      const { reservationId, released } = event.data;
      const status = event.type === 'ReservationReleased' ? 'released' : 'expired';
      return {
        ...state,
        ...chain,
        available: state.available + released,
        reserved: state.reserved - released,
        reservations: withReservation(state, reservationId, { status }),
      };
    }
    case 'ChargeRefunded': {
      const { reservationId, amount, idempotencyKey, note, sequence, at, balanceAfter } =
        event.data;
      const refunded = reservationOf(state, reservationId)?.refunded ?? 0;
      return {
        ...state,
        ...chain,
        available: state.available + amount,
        pooled: state.pooled + amount,
        reservations: withReservation(state, reservationId, { refunded: refunded + amount }),
        refunds: {
          ...state.refunds,
          [idempotencyKey]: { reservationId, amount, note, sequence, at, balanceAfter },
        },
        totalRefunded: state.totalRefunded + amount,
        totalUsed: state.totalUsed - amount,
      };
    }
    case 'CreditsExpired': {
      const { grantId, expired, retained } = event.data;
      const lot = ownEntry(state.grants, grantId);
      return {
        ...state,
        ...chain,
        available: state.available - expired,
        pooled: state.pooled + retained,
        grants: lot
          ? { ...state.grants, [grantId]: { ...lot, remaining: 0, expired: true } }
          : state.grants,
        totalExpired: state.totalExpired + expired,
      };
    }
  }
}

export type ConservationReport =
  { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * The ledger's invariants on one state:
 * granted + adjusted = available + reserved + (charged − refunded) + expired,
 * no negative balance, and the detail (grants, pool, reservations) adding up
 * to the totals. Pure: tests call it after every step, the auditor after a replay.
 */
export function conservation(state: CreditsState): ConservationReport {
  const problems: string[] = [];
  const granted = Object.values(state.totalGranted).reduce((sum, n) => sum + n, 0);
  const sources = granted + state.totalAdjusted;
  const uses =
    state.available +
    state.reserved +
    (state.totalCharged - state.totalRefunded) +
    state.totalExpired;
  if (sources !== uses) {
    problems.push(
      `granted ${granted} + adjusted ${state.totalAdjusted} = ${sources}, but available ${state.available} + reserved ${state.reserved} + (charged ${state.totalCharged} − refunded ${state.totalRefunded}) + expired ${state.totalExpired} = ${uses}`,
    );
  }
  if (state.available < 0) problems.push(`available is negative: ${state.available}`);
  if (state.reserved < 0) problems.push(`reserved is negative: ${state.reserved}`);
  if (state.pooled < 0) problems.push(`pooled is negative: ${state.pooled}`);
  if (state.totalUsed !== state.totalCharged - state.totalRefunded) {
    problems.push(
      `used ${state.totalUsed} is not charged ${state.totalCharged} − refunded ${state.totalRefunded}`,
    );
  }

  let unconsumed = state.pooled;
  for (const lot of Object.values(state.grants)) {
    unconsumed += lot.remaining;
    if (lot.remaining < 0 || lot.remaining > lot.amount)
      problems.push(`grant ${lot.grantId} has ${lot.remaining} of ${lot.amount} remaining`);
  }
  if (unconsumed !== state.available + state.reserved) {
    problems.push(
      `grants and pool hold ${unconsumed}, but available + reserved is ${state.available + state.reserved}`,
    );
  }

  let pending = 0;
  for (const reservation of reservationsOf(state)) {
    if (reservation.status === 'pending') pending += reservation.amount;
    if (reservation.charged > reservation.amount || reservation.refunded > reservation.charged)
      problems.push(
        `reservation ${reservation.reservationId} charged ${reservation.charged} of ${reservation.amount}, refunded ${reservation.refunded}`,
      );
  }
  if (pending !== state.reserved)
    problems.push(`pending reservations hold ${pending}, but reserved is ${state.reserved}`);

  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
