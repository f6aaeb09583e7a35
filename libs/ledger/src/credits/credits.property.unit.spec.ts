import { QuarryError } from '@quarry/errors';
import type { ErrorCode } from '@quarry/errors';
import fc from 'fast-check';
import { verifyChain } from '../ledger-hash';
import type { CreditsCommand } from './credits.commands';
import { decideCredits } from './credits.decider';
import { RESOLUTION_EVENT_TYPES } from './credits.events';
import type { CreditsEvent } from './credits.events';
import { conservation, evolveCredits, initialCreditsState, reservationOf } from './credits.state';
import type { CreditsState } from './credits.state';
import {
  ALLOWED_REFUSALS,
  advanceMinutesArb,
  creditsActionArb,
  creditsRequestOf,
  CREDITS_ACTION_WEIGHT,
  foldCredits,
  tallyFromEvents,
} from '../testing/credits-histories';
import type { CreditsAction } from '../testing/credits-histories';

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
type Action = CreditsAction | { kind: 'redeliver'; pick: number } | { kind: 'crash' };

interface Step {
  readonly advanceMinutes: number;
  readonly action: Action;
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: CREDITS_ACTION_WEIGHT, arbitrary: creditsActionArb },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  advanceMinutes: advanceMinutesArb,
  action: actionArb,
});

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
  expect(foldCredits(events)).toStrictEqual(state);
  const last = events.at(-1);
  if (last)
    expect(last.data.balanceAfter).toEqual({
      available: state.available,
      reserved: state.reserved,
    });
  const { sources, spent } = tallyFromEvents(events);
  expect(spent).toBe(sources);
}

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
              state = foldCredits(events);
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
              const request = creditsRequestOf(action, state, at);
              command = { ...request, data: { ...request.data, now: at } } as CreditsCommand;
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
