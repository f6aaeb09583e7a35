/**
 * The credits ledger of one organization: stream `credits-{orgId}`.
 *
 * Model (after TigerBeetle's two-phase transfers and Formance's hash-chained log):
 * - Credits come in as grants (purchases, free tier, bonuses; some expire) and
 *   operator adjustments (either sign). `available` is what a job may reserve.
 * - A job reserves its worst case (available → reserved), and the reservation
 *   is resolved exactly once: settled (charge part, release the rest), released
 *   (void), or expired (the timeout, sent by a process manager once
 *   `now ≥ expiresAt`; until that is recorded the reservation may still be
 *   settled or released). Operators may refund a settled charge, up to what it
 *   charged.
 * - Conservation, always: granted + adjusted = available + reserved +
 *   (charged − refunded) + expired, with available ≥ 0 and reserved ≥ 0
 *   (see `conservation`).
 * - Every event carries the balance after it and is hash-chained to the one
 *   before (`sequence`, `prevHash`, `hash`; see ledger-hash.ts).
 *
 * Decisions check, in order: the command's shape (invalid_request), then
 * whether it is a redelivery of something already applied (a no-op), and only
 * then rules that depend on the state or on `now`, so that a message
 * redelivered late (after an expiry, after the balance moved) is still a no-op.
 */
import { QuarryError } from '@quarry/errors';
import type { Decider } from '@quarry/eventstore';
import { hashLedgerEvent } from '../ledger-hash';
import type { ChainFields } from '../ledger-hash';
import type { CreditsCommand } from './credits.commands';
import { GRANT_KINDS } from './credits.events';
import type {
  BalanceSnapshot,
  Consumption,
  CreditsEvent,
  CreditsEventOf,
  CreditsEventType,
} from './credits.events';
import {
  adjustmentOf,
  evolveCredits,
  initialCreditsState,
  refundOf,
  reservationOf,
} from './credits.state';
import { ownEntry } from './hashed-record';
import type { CreditsState, GrantLot, ReservationRecord } from './credits.state';

export const creditsStream = (orgId: string) => `credits-${orgId}`;

const MAX_ID_LENGTH = 255;
const MAX_NOTE_LENGTH = 500;

function invalid(field: string, code: string, message: string): QuarryError {
  return new QuarryError('invalid_request', message, [{ field, code, message }]);
}

function conflict(code: string, message: string): QuarryError {
  return new QuarryError('conflict', message, [{ code, message }]);
}

/** The 402 of PRODUCT.md, word for word. */
function insufficient(required: number, available: number): QuarryError {
  return new QuarryError(
    'insufficient_credits',
    `Insufficient credits. Required ${required}, available ${available}.`,
  );
}

function validId(field: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH)
    throw invalid(field, 'invalid_length', `${field} must be 1 to ${MAX_ID_LENGTH} characters`);
  return value;
}

/** Trimmed free text of 1 to 500 characters. */
function validText(field: string, raw: string): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text.length === 0 || text.length > MAX_NOTE_LENGTH)
    throw invalid(field, 'invalid_length', `${field} must be 1 to ${MAX_NOTE_LENGTH} characters`);
  return text;
}

function validAmount(field: string, value: number, minimum: 0 | 1): number {
  if (!Number.isSafeInteger(value) || value < minimum)
    throw invalid(
      field,
      'invalid_amount',
      minimum === 1
        ? `${field} must be a positive integer`
        : `${field} must be a non-negative integer`,
    );
  return value;
}

function validDate(field: string, value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalid(field, 'invalid_date', `${field} must be a valid date`);
  return value;
}

function assertInFuture(field: string, value: Date, now: Date): void {
  if (value.getTime() <= now.getTime())
    throw invalid(field, 'in_the_past', `${field} must be later than now`);
}

const notFound = (what: string, id: string) =>
  new QuarryError('not_found', `${what} ${id} not found`);

/**
 * Resolving a reservation twice. Exactly-once resolution with at-least-once
 * delivery: the *same* resolution again (settle with the same amount, release
 * again, expire again) is a redelivery and a no-op, decided before this is
 * called; only a *different* resolution of a resolved reservation is refused,
 * with TigerBeetle's typed codes (pending_transfer_already_posted/voided/expired).
 */
function alreadyResolved(reservation: ReservationRecord): QuarryError {
  const { reservationId, status, charged } = reservation;
  switch (status) {
    case 'settled':
      return conflict(
        'reservation_already_settled',
        `Reservation ${reservationId} was already settled for ${charged} credits.`,
      );
    case 'released':
      return conflict(
        'reservation_already_released',
        `Reservation ${reservationId} was already released.`,
      );
    case 'expired':
      return conflict(
        'reservation_already_expired',
        `Reservation ${reservationId} already expired.`,
      );
    case 'pending':
      return new QuarryError('internal_error', `Reservation ${reservationId} is not resolved.`);
  }
}

/** PRODUCT.md: the same idempotency key with another payload is a 422, never a second effect. */
function idempotencyKeyReused(key: string, what: string): QuarryError {
  const message = `Idempotency key ${key} was already used for a different ${what}.`;
  return new QuarryError('idempotency_mismatch', message, [
    { field: 'idempotencyKey', code: 'idempotency_key_reused', message },
  ]);
}

/** Expiring grants by soonest expiry, then non-expiring ones; grant order breaks ties. */
function byConsumptionOrder(a: GrantLot, b: GrantLot): number {
  if (a.expiresAt !== b.expiresAt) {
    if (a.expiresAt === null) return 1;
    if (b.expiresAt === null) return -1;
    const diff = Date.parse(a.expiresAt) - Date.parse(b.expiresAt);
    if (diff !== 0) return diff;
  }
  return a.grantedSequence - b.grantedSequence;
}

/**
 * Where consumed credits come from: the grant that expires soonest first, then
 * non-expiring grants, then the pool (adjustments, refunds) — so the credits
 * a customer is about to lose are the ones spent. That is what makes expiry
 * decidable: a grant's unconsumed `remaining` is what may expire (capped at
 * the available balance, because reserved credits never expire).
 */
function consume(state: CreditsState, amount: number): Consumption[] {
  const consumed: Consumption[] = [];
  let left = amount;
  const lots = Object.values(state.grants)
    .filter((lot) => lot.remaining > 0 && !lot.expired)
    .sort(byConsumptionOrder);
  for (const lot of lots) {
    if (left === 0) break;
    const taken = Math.min(lot.remaining, left);
    consumed.push({ grantId: lot.grantId, amount: taken });
    left -= taken;
  }
  if (left > 0 && state.pooled > 0) {
    const taken = Math.min(state.pooled, left);
    consumed.push({ grantId: null, amount: taken });
    left -= taken;
  }
  // Unreachable while conservation holds: grants and pool hold available + reserved.
  if (left > 0)
    throw new QuarryError(
      'internal_error',
      `The ledger holds ${amount - left} of ${amount} credits to consume.`,
    );
  return consumed;
}

type EntryBody<T extends CreditsEventType> = Omit<CreditsEventOf<T>['data'], keyof ChainFields>;

/** The next ledger event: numbered, linked to the last one, and hashed. */
function entry<T extends CreditsEventType>(
  state: CreditsState,
  type: T,
  body: EntryBody<T>,
): CreditsEventOf<T> {
  const content = { ...body, sequence: state.sequence + 1, prevHash: state.lastHash };
  const event = { type, data: { ...content, hash: hashLedgerEvent(type, content) } };
  // TypeScript cannot pair a generic `type` with its member of the union; `body` is typed by it.
  return event as unknown as CreditsEventOf<T>;
}

const balance = (available: number, reserved: number): BalanceSnapshot => ({ available, reserved });

function grantCredits(
  { data }: Extract<CreditsCommand, { type: 'GrantCredits' }>,
  state: CreditsState,
): CreditsEvent[] {
  const grantId = validId('grantId', data.grantId);
  if (!GRANT_KINDS.includes(data.kind))
    throw invalid('kind', 'invalid_kind', `kind must be one of ${GRANT_KINDS.join(', ')}`);
  const amount = validAmount('amount', data.amount, 1);
  const expiresAt = data.expiresAt === null ? null : validDate('expiresAt', data.expiresAt);
  const note = data.note === null ? null : validText('note', data.note);
  const paymentRef = data.paymentRef === null ? null : validId('paymentRef', data.paymentRef);
  // A redelivered purchase (same grantId) grants nothing twice, whatever its payload.
  if (ownEntry(state.grants, grantId)) return [];
  if (expiresAt) assertInFuture('expiresAt', expiresAt, data.now);
  return [
    entry(state, 'CreditsGranted', {
      grantId,
      kind: data.kind,
      amount,
      expiresAt: expiresAt?.toISOString() ?? null,
      note,
      paymentRef,
      at: data.now.toISOString(),
      balanceAfter: balance(state.available + amount, state.reserved),
    }),
  ];
}

function adjustCredits(
  { data }: Extract<CreditsCommand, { type: 'AdjustCredits' }>,
  state: CreditsState,
): CreditsEvent[] {
  const idempotencyKey = validId('idempotencyKey', data.idempotencyKey);
  if (!Number.isSafeInteger(data.delta) || data.delta === 0)
    throw invalid('delta', 'invalid_amount', 'delta must be a non-zero integer');
  const { delta } = data;
  const note = validText('note', data.note);
  const earlier = adjustmentOf(state, idempotencyKey);
  if (earlier) {
    // The handler answers a redelivery with `earlier.balanceAfter`.
    if (earlier.delta === delta && earlier.note === note) return [];
    throw idempotencyKeyReused(idempotencyKey, 'adjustment');
  }
  if (state.available + delta < 0) throw insufficient(-delta, state.available);
  return [
    entry(state, 'CreditsAdjusted', {
      idempotencyKey,
      delta,
      note,
      consumed: delta < 0 ? consume(state, -delta) : [],
      at: data.now.toISOString(),
      balanceAfter: balance(state.available + delta, state.reserved),
    }),
  ];
}

function reserveCredits(
  { data }: Extract<CreditsCommand, { type: 'ReserveCredits' }>,
  state: CreditsState,
): CreditsEvent[] {
  const reservationId = validId('reservationId', data.reservationId);
  const amount = validAmount('amount', data.amount, 1);
  const description = validText('reason.description', data.reason?.description);
  const jobId = data.reason.jobId === undefined ? null : validId('reason.jobId', data.reason.jobId);
  const expiresAt = validDate('expiresAt', data.expiresAt);
  const existing = reservationOf(state, reservationId);
  if (existing) {
    if (existing.amount === amount) return [];
    throw conflict(
      'reservation_amount_mismatch',
      `Reservation ${reservationId} already exists for ${existing.amount} credits, not ${amount}.`,
    );
  }
  assertInFuture('expiresAt', expiresAt, data.now);
  if (state.available < amount) throw insufficient(amount, state.available);
  return [
    entry(state, 'CreditsReserved', {
      reservationId,
      amount,
      reason: { jobId, description },
      expiresAt: expiresAt.toISOString(),
      at: data.now.toISOString(),
      balanceAfter: balance(state.available - amount, state.reserved + amount),
    }),
  ];
}

function settleReservation(
  { data }: Extract<CreditsCommand, { type: 'SettleReservation' }>,
  state: CreditsState,
): CreditsEvent[] {
  const reservationId = validId('reservationId', data.reservationId);
  const charged = validAmount('amount', data.amount, 0);
  const reservation = reservationOf(state, reservationId);
  if (!reservation) throw notFound('Reservation', reservationId);
  if (reservation.status === 'settled' && reservation.charged === charged) return [];
  if (reservation.status !== 'pending') throw alreadyResolved(reservation);
  if (charged > reservation.amount)
    throw invalid(
      'amount',
      'exceeds_reserved',
      `Cannot settle ${charged} credits: reservation ${reservationId} holds ${reservation.amount}.`,
    );
  const released = reservation.amount - charged;
  return [
    entry(state, 'ReservationSettled', {
      reservationId,
      charged,
      released,
      consumed: consume(state, charged),
      at: data.now.toISOString(),
      balanceAfter: balance(state.available + released, state.reserved - reservation.amount),
    }),
  ];
}

function releaseReservation(
  { data }: Extract<CreditsCommand, { type: 'ReleaseReservation' }>,
  state: CreditsState,
): CreditsEvent[] {
  const reservationId = validId('reservationId', data.reservationId);
  const reason = validText('reason', data.reason);
  const reservation = reservationOf(state, reservationId);
  if (!reservation) throw notFound('Reservation', reservationId);
  if (reservation.status === 'released') return [];
  if (reservation.status !== 'pending') throw alreadyResolved(reservation);
  return [
    entry(state, 'ReservationReleased', {
      reservationId,
      released: reservation.amount,
      reason,
      at: data.now.toISOString(),
      balanceAfter: balance(
        state.available + reservation.amount,
        state.reserved - reservation.amount,
      ),
    }),
  ];
}

function expireReservation(
  { data }: Extract<CreditsCommand, { type: 'ExpireReservation' }>,
  state: CreditsState,
): CreditsEvent[] {
  const reservationId = validId('reservationId', data.reservationId);
  const reservation = reservationOf(state, reservationId);
  if (!reservation) throw notFound('Reservation', reservationId);
  if (reservation.status === 'expired') return [];
  if (reservation.status !== 'pending') throw alreadyResolved(reservation);
  if (data.now.getTime() < Date.parse(reservation.expiresAt))
    throw conflict(
      'reservation_not_expired',
      `Reservation ${reservationId} expires at ${reservation.expiresAt}.`,
    );
  return [
    entry(state, 'ReservationExpired', {
      reservationId,
      released: reservation.amount,
      at: data.now.toISOString(),
      balanceAfter: balance(
        state.available + reservation.amount,
        state.reserved - reservation.amount,
      ),
    }),
  ];
}

function refundCharge(
  { data }: Extract<CreditsCommand, { type: 'RefundCharge' }>,
  state: CreditsState,
): CreditsEvent[] {
  const reservationId = validId('reservationId', data.reservationId);
  const amount = validAmount('amount', data.amount, 1);
  const idempotencyKey = validId('idempotencyKey', data.idempotencyKey);
  const note = validText('note', data.note);
  const earlier = refundOf(state, idempotencyKey);
  if (earlier) {
    if (
      earlier.reservationId === reservationId &&
      earlier.amount === amount &&
      earlier.note === note
    )
      return [];
    throw idempotencyKeyReused(idempotencyKey, 'refund');
  }
  const reservation = reservationOf(state, reservationId);
  if (!reservation) throw notFound('Reservation', reservationId);
  if (reservation.status !== 'settled')
    throw conflict(
      'reservation_not_settled',
      `Reservation ${reservationId} is ${reservation.status}; only a settled charge can be refunded.`,
    );
  const refundable = reservation.charged - reservation.refunded;
  if (amount > refundable)
    throw invalid(
      'amount',
      'exceeds_refundable',
      `Cannot refund ${amount} credits: reservation ${reservationId} has ${refundable} left to refund (charged ${reservation.charged}, refunded ${reservation.refunded}).`,
    );
  return [
    entry(state, 'ChargeRefunded', {
      reservationId,
      amount,
      idempotencyKey,
      note,
      at: data.now.toISOString(),
      balanceAfter: balance(state.available + amount, state.reserved),
    }),
  ];
}

function expireCredits(
  { data }: Extract<CreditsCommand, { type: 'ExpireCredits' }>,
  state: CreditsState,
): CreditsEvent[] {
  const grantId = validId('grantId', data.grantId);
  const lot = ownEntry(state.grants, grantId);
  if (!lot) throw notFound('Grant', grantId);
  if (lot.expired) return [];
  if (lot.expiresAt === null)
    throw conflict('grant_does_not_expire', `Grant ${grantId} does not expire.`);
  if (data.now.getTime() < Date.parse(lot.expiresAt))
    throw conflict('grant_not_expired', `Grant ${grantId} expires at ${lot.expiresAt}.`);
  // Only what is unused and not held by a reservation expires; the held rest
  // is kept as non-expiring credits (the grant is closed, it cannot expire twice).
  const expired = Math.min(lot.remaining, state.available);
  return [
    entry(state, 'CreditsExpired', {
      grantId,
      expired,
      retained: lot.remaining - expired,
      at: data.now.toISOString(),
      balanceAfter: balance(state.available - expired, state.reserved),
    }),
  ];
}

export function decideCredits(command: CreditsCommand, state: CreditsState): CreditsEvent[] {
  switch (command.type) {
    case 'GrantCredits':
      return grantCredits(command, state);
    case 'AdjustCredits':
      return adjustCredits(command, state);
    case 'ReserveCredits':
      return reserveCredits(command, state);
    case 'SettleReservation':
      return settleReservation(command, state);
    case 'ReleaseReservation':
      return releaseReservation(command, state);
    case 'ExpireReservation':
      return expireReservation(command, state);
    case 'RefundCharge':
      return refundCharge(command, state);
    case 'ExpireCredits':
      return expireCredits(command, state);
  }
}

export const creditsDecider: Decider<CreditsCommand, CreditsEvent, CreditsState> = {
  initialState: initialCreditsState,
  decide: decideCredits,
  evolve: evolveCredits,
};
