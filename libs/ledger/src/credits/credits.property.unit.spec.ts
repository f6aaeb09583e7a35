import { QuarryError } from '@quarry/errors';
import type { ErrorCode } from '@quarry/errors';
import fc from 'fast-check';
import { verifyChain } from '../ledger-hash';
import type { CreditsCommand } from './credits.commands';
import { decideCredits } from './credits.decider';
import { GRANT_KINDS, RESOLUTION_EVENT_TYPES } from './credits.events';
import type { CreditsEvent, GrantKind } from './credits.events';
import {
  conservation,
  evolveCredits,
  initialCreditsState,
  reservationOf,
  reservationsOf,
} from './credits.state';
import type { CreditsState } from './credits.state';

/**
 * Random histories of an organization's ledger, delivered at least once:
 * commands are redelivered at random later moments, and the handler
 * "crashes" (its state is re-folded from the events so far). After every
 * step the ledger must still add up, link up and replay to the same state.
 */

const NUM_RUNS = 500;
const MAX_STEPS = 60;
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOTES = ['goodwill', 'outage'];

type Action =
  | { kind: 'grant'; grant: number; grantKind: GrantKind; amount: number; expiresIn: number | null }
  | { kind: 'adjust'; key: number; delta: number; note: number }
  | { kind: 'reserve'; reservation: number; amount: number; expiresIn: number }
  | { kind: 'settle'; reservation: number; percent: number }
  | { kind: 'release'; reservation: number }
  | { kind: 'expireReservation'; reservation: number }
  | { kind: 'refund'; reservation: number; key: number; amount: number; note: number }
  | { kind: 'expireCredits'; grant: number }
  | { kind: 'redeliver'; pick: number }
  | { kind: 'crash' };

interface Step {
  readonly advanceMinutes: number;
  readonly action: Action;
}

const grantIndex = fc.nat({ max: 5 });
const reservationIndex = fc.nat({ max: 7 });
const keyIndex = fc.nat({ max: 3 });
/** Aims at an existing reservation or grant, except for the top value or when there is none. */
const target = fc.nat({ max: 9 });
const noteIndex = fc.nat({ max: NOTES.length - 1 });

const actionArb: fc.Arbitrary<Action> = fc.oneof(
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
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  advanceMinutes: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 180 }) },
    { weight: 1, arbitrary: fc.integer({ min: 6 * 60, max: 48 * 60 }) },
  ),
  action: actionArb,
});

const reservationIds = (state: CreditsState) => reservationsOf(state).map((r) => r.reservationId);

/** One of `ids` picked by `index`, or an id nothing was created with. */
function aim(ids: readonly string[], index: number, prefix: string): string {
  return index < 9 && ids.length > 0 ? ids[index % ids.length] : `${prefix}-unknown`;
}

function toCommand(
  action: Exclude<Action, { kind: 'redeliver' | 'crash' }>,
  state: CreditsState,
  now: Date,
): CreditsCommand {
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
          now,
        },
      };
    case 'adjust':
      return {
        type: 'AdjustCredits',
        data: {
          idempotencyKey: `adj-${action.key}`,
          delta: action.delta,
          note: NOTES[action.note] ?? 'note',
          now,
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
          now,
        },
      };
    case 'settle': {
      const reservationId = aim(reservationIds(state), action.reservation, 'r');
      const held = reservationOf(state, reservationId)?.amount;
      // Mostly a valid share of what is held; sometimes one more than it.
      const amount =
        held === undefined
          ? action.percent
          : action.percent > 100
            ? held + 1
            : Math.round((held * action.percent) / 100);
      return { type: 'SettleReservation', data: { reservationId, amount, now } };
    }
    case 'release':
      return {
        type: 'ReleaseReservation',
        data: {
          reservationId: aim(reservationIds(state), action.reservation, 'r'),
          reason: 'job failed',
          now,
        },
      };
    case 'expireReservation':
      return {
        type: 'ExpireReservation',
        data: {
          reservationId: aim(reservationIds(state), action.reservation, 'r'),
          now,
        },
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
          now,
        },
      };
    case 'expireCredits':
      return {
        type: 'ExpireCredits',
        data: { grantId: aim(Object.keys(state.grants), action.grant, 'g'), now },
      };
  }
}

/** A few outcomes known without the decider's help; `undefined` where the oracle has no opinion. */
function expectedOutcome(
  command: CreditsCommand,
  state: CreditsState,
): 'accepted' | ErrorCode | undefined {
  switch (command.type) {
    case 'ReserveCredits':
      if (reservationOf(state, command.data.reservationId)) return undefined;
      return command.data.amount > state.available ? 'insufficient_credits' : 'accepted';
    case 'SettleReservation': {
      const reservation = reservationOf(state, command.data.reservationId);
      if (!reservation) return 'not_found';
      if (reservation.status === 'pending')
        return command.data.amount <= reservation.amount ? 'accepted' : 'invalid_request';
      return reservation.status === 'settled' && reservation.charged === command.data.amount
        ? 'accepted'
        : 'conflict';
    }
    case 'ReleaseReservation': {
      const reservation = reservationOf(state, command.data.reservationId);
      if (!reservation) return 'not_found';
      return reservation.status === 'pending' || reservation.status === 'released'
        ? 'accepted'
        : 'conflict';
    }
    case 'GrantCredits':
    case 'AdjustCredits':
    case 'ExpireReservation':
    case 'RefundCharge':
    case 'ExpireCredits':
      return undefined;
  }
}

const fold = (events: readonly CreditsEvent[]) =>
  events.reduce<CreditsState>(evolveCredits, initialCreditsState);

/** The conservation equation tallied from the events alone, without the state's totals. */
function tallyFromEvents(events: readonly CreditsEvent[]) {
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
  return { sources, spent: balance.available + balance.reserved + used + expired };
}

function checkInvariants(events: readonly CreditsEvent[], state: CreditsState): void {
  expect(conservation(state)).toEqual({ ok: true });
  expect(state.available).toBeGreaterThanOrEqual(0);
  expect(state.reserved).toBeGreaterThanOrEqual(0);

  const resolutions = new Map<string, number>();
  for (const event of events) {
    if ((RESOLUTION_EVENT_TYPES as readonly string[]).includes(event.type)) {
      const id = (event.data as { reservationId: string }).reservationId;
      resolutions.set(id, (resolutions.get(id) ?? 0) + 1);
    }
  }
  for (const [reservationId, count] of resolutions)
    expect({ reservationId, count }).toEqual({ reservationId, count: 1 });

  expect(verifyChain(events)).toEqual({ ok: true });
  expect(fold(events)).toStrictEqual(state);
  const last = events.at(-1);
  if (last)
    expect(last.data.balanceAfter).toEqual({
      available: state.available,
      reserved: state.reserved,
    });
  const { sources, spent } = tallyFromEvents(events);
  expect(spent).toBe(sources);
}

const ALLOWED_REFUSALS: readonly ErrorCode[] = [
  'invalid_request',
  'insufficient_credits',
  'not_found',
  'conflict',
  'idempotency_mismatch',
];

describe('credits ledger under random at-least-once histories', () => {
  const totals = { runs: 0, steps: 0, events: 0, redeliveries: 0, crashes: 0, refusals: 0 };
  const byType = new Map<string, number>();

  afterAll(() => {
    console.log(
      `credits property: numRuns ${NUM_RUNS} (up to ${MAX_STEPS} steps each); executed ${totals.runs} runs, ${totals.steps} steps, ${totals.events} events, ${totals.redeliveries} redeliveries, ${totals.crashes} crashes, ${totals.refusals} refusals`,
      Object.fromEntries(byType),
    );
  });

  it('conserves credits, never goes negative, resolves each reservation once, keeps the chain and replays to the same state', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: MAX_STEPS, size: 'max' }),
        (steps) => {
          totals.runs += 1;
          let now = T0;
          let state = initialCreditsState;
          const events: CreditsEvent[] = [];
          const accepted: CreditsCommand[] = [];

          for (const { advanceMinutes, action } of steps) {
            totals.steps += 1;
            now += advanceMinutes * MINUTE;
            const at = new Date(now);

            if (action.kind === 'crash') {
              totals.crashes += 1;
              state = fold(events);
              checkInvariants(events, state);
              continue;
            }

            const redelivered = action.kind === 'redeliver';
            let command: CreditsCommand;
            if (action.kind === 'redeliver') {
              const original = accepted[action.pick % Math.max(accepted.length, 1)];
              if (!original) continue;
              totals.redeliveries += 1;
              command = { ...original, data: { ...original.data, now: at } } as CreditsCommand;
            } else {
              command = toCommand(action, state, at);
            }

            const expected = expectedOutcome(command, state);
            let decided: CreditsEvent[];
            try {
              decided = decideCredits(command, state);
            } catch (error) {
              if (!(error instanceof QuarryError)) throw error;
              totals.refusals += 1;
              byType.set(`refused ${error.code}`, (byType.get(`refused ${error.code}`) ?? 0) + 1);
              expect(ALLOWED_REFUSALS).toContain(error.code);
              // An accepted command redelivered is a no-op, never an error.
              expect({ redelivered, code: error.code }).toEqual({
                redelivered: false,
                code: error.code,
              });
              if (expected !== undefined) expect(error.code).toBe(expected);
              if (error.code === 'insufficient_credits' && command.type === 'ReserveCredits')
                expect(error.message).toBe(
                  `Insufficient credits. Required ${command.data.amount}, available ${state.available}.`,
                );
              checkInvariants(events, state);
              continue;
            }
            if (expected !== undefined) expect('accepted').toBe(expected);
            if (redelivered) expect(decided).toEqual([]);

            for (const event of decided) {
              events.push(event);
              state = evolveCredits(state, event);
            }
            totals.events += decided.length;
            for (const event of decided) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
            accepted.push(command);
            checkInvariants(events, state);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
