/**
 * Random ledger histories for property tests, shared by the in-memory test
 * of the decider (`credits.property.unit.spec.ts`) and the one through
 * PostgreSQL and the projection (`projections/ledger`). Imported as
 * `@quarry/ledger/testing`, never from the lib's index: it needs fast-check.
 */
import type { ErrorCode } from '@quarry/errors';
import fc from 'fast-check';
import type { CreditsRequest } from '../credits-ledger/credits-ledger';
import { GRANT_KINDS } from '../credits/credits.events';
import type { CreditsEvent, GrantKind } from '../credits/credits.events';
import {
  evolveCredits,
  initialCreditsState,
  reservationOf,
  reservationsOf,
} from '../credits/credits.state';
import type { CreditsState } from '../credits/credits.state';

const HOUR = 60 * 60_000;
const NOTES = ['goodwill', 'outage'];

/** A command in the abstract: indexes that `creditsRequestOf` turns into ids of the state at hand. */
export type CreditsAction =
  | { kind: 'grant'; grant: number; grantKind: GrantKind; amount: number; expiresIn: number | null }
  | { kind: 'adjust'; key: number; delta: number; note: number }
  | { kind: 'reserve'; reservation: number; amount: number; expiresIn: number }
  | { kind: 'settle'; reservation: number; percent: number }
  | { kind: 'release'; reservation: number }
  | { kind: 'expireReservation'; reservation: number }
  | { kind: 'refund'; reservation: number; key: number; amount: number; note: number }
  | { kind: 'expireCredits'; grant: number };

const grantIndex = fc.nat({ max: 5 });
const reservationIndex = fc.nat({ max: 7 });
const keyIndex = fc.nat({ max: 3 });
/** Aims at an existing reservation or grant, except for the top value or when there is none. */
const target = fc.nat({ max: 9 });
const noteIndex = fc.nat({ max: NOTES.length - 1 });

/** The weights of the arbitraries below add up to this (for callers mixing in other actions). */
export const CREDITS_ACTION_WEIGHT = 23;

export const creditsActionArb: fc.Arbitrary<CreditsAction> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('grant' as const),
      grant: grantIndex,
      grantKind: fc.constantFrom(...GRANT_KINDS),
      amount: fc.integer({ min: 1, max: 150 }),
      expiresIn: fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      key: keyIndex,
      delta: fc.integer({ min: -60, max: 60 }).filter((d) => d !== 0),
      note: noteIndex,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      reservation: reservationIndex,
      amount: fc.integer({ min: 1, max: 50 }),
      expiresIn: fc.integer({ min: 1, max: 24 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      reservation: target,
      percent: fc.integer({ min: 0, max: 110 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('release' as const), reservation: target }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('expireReservation' as const),
      reservation: target,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      reservation: target,
      key: keyIndex,
      amount: fc.integer({ min: 1, max: 40 }),
      note: noteIndex,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('expireCredits' as const), grant: target }),
  },
);

/** Time between steps: often none, often minutes, sometimes past every expiry. */
export const advanceMinutesArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 180 }) },
  { weight: 1, arbitrary: fc.integer({ min: 6 * 60, max: 48 * 60 }) },
);

const reservationIds = (state: CreditsState) => reservationsOf(state).map((r) => r.reservationId);
const pendingIds = (state: CreditsState) =>
  reservationsOf(state)
    .filter((r) => r.status === 'pending')
    .map((r) => r.reservationId);

/** One of `ids` picked by `index`, or an id nothing was created with. */
function aim(ids: readonly string[], index: number, prefix: string): string {
  return index < 9 && ids.length > 0 ? ids[index % ids.length] : `${prefix}-unknown`;
}

/** Mostly a pending reservation (so that histories go somewhere), else any, else an unknown one. */
function aimReservation(state: CreditsState, index: number): string {
  const pending = pendingIds(state);
  return index < 6 && pending.length > 0
    ? pending[index % pending.length]
    : aim(reservationIds(state), index, 'r');
}

/** The request a handler would send for `action` in `state` (the ledger stamps `now`). */
export function creditsRequestOf(
  action: CreditsAction,
  state: CreditsState,
  now: Date,
): CreditsRequest {
  switch (action.kind) {
    case 'grant':
      return {
        type: 'GrantCredits',
        data: {
          grantId: `g${action.grant}`,
          kind: action.grantKind,
          amount: action.amount,
          expiresAt:
            action.expiresIn === null ? null : new Date(now.getTime() + action.expiresIn * HOUR),
          note: null,
          paymentRef: action.grantKind === 'purchase' ? `cs_${action.grant}` : null,
        },
      };
    case 'adjust':
      return {
        type: 'AdjustCredits',
        data: {
          idempotencyKey: `adj-${action.key}`,
          delta: action.delta,
          note: NOTES[action.note] ?? 'note',
        },
      };
    case 'reserve':
      return {
        type: 'ReserveCredits',
        data: {
          reservationId: `r${action.reservation}`,
          amount: action.amount,
          reason: { jobId: `job_${action.reservation}`, description: 'scrape' },
          expiresAt: new Date(now.getTime() + action.expiresIn * HOUR),
        },
      };
    case 'settle': {
      const reservationId = aimReservation(state, action.reservation);
      const held = reservationOf(state, reservationId)?.amount;
      // Mostly a valid share of what is held; sometimes one more than it.
      const amount =
        held === undefined
          ? action.percent
          : action.percent > 100
            ? held + 1
            : Math.round((held * action.percent) / 100);
      return { type: 'SettleReservation', data: { reservationId, amount } };
    }
    case 'release':
      return {
        type: 'ReleaseReservation',
        data: {
          reservationId: aimReservation(state, action.reservation),
          reason: 'job failed',
        },
      };
    case 'expireReservation':
      return {
        type: 'ExpireReservation',
        data: { reservationId: aimReservation(state, action.reservation) },
      };
    case 'refund':
      return {
        type: 'RefundCharge',
        data: {
          // Mostly at settled reservations: refunding anything else is only refused.
          reservationId: aim(
            reservationsOf(state)
              .filter((r) => r.status === 'settled')
              .map((r) => r.reservationId),
            action.reservation,
            'r',
          ),
          amount: action.amount,
          idempotencyKey: `rf-${action.key}`,
          note: NOTES[action.note] ?? 'note',
        },
      };
    case 'expireCredits':
      return {
        type: 'ExpireCredits',
        data: { grantId: aim(Object.keys(state.grants), action.grant, 'g') },
      };
  }
}

export const foldCredits = (events: readonly CreditsEvent[]): CreditsState =>
  events.reduce<CreditsState>(evolveCredits, initialCreditsState);

/** The conservation equation tallied from the events alone, without any state's totals. */
export function tallyFromEvents(events: readonly CreditsEvent[]) {
  let sources = 0;
  let used = 0;
  let expired = 0;
  for (const { type, data } of events) {
    switch (type) {
      case 'CreditsGranted':
        sources += data.amount;
        break;
      case 'CreditsAdjusted':
        sources += data.delta;
        break;
      case 'ReservationSettled':
        used += data.charged;
        break;
      case 'ChargeRefunded':
        used -= data.amount;
        break;
      case 'CreditsExpired':
        expired += data.expired;
        break;
      case 'CreditsReserved':
      case 'ReservationReleased':
      case 'ReservationExpired':
        break;
    }
  }
  const balance = events.at(-1)?.data.balanceAfter ?? { available: 0, reserved: 0 };
  return { balance, sources, spent: balance.available + balance.reserved + used + expired };
}

/** The only refusals a random history may meet; anything else is a bug. */
export const ALLOWED_REFUSALS: readonly ErrorCode[] = [
  'invalid_request',
  'insufficient_credits',
  'not_found',
  'conflict',
  'idempotency_mismatch',
];
