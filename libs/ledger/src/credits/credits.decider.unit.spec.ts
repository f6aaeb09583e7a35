import type { QuarryError } from '@quarry/errors';
import { GENESIS_HASH, hashLedgerEvent, verifyChain } from '../ledger-hash';
import type { CreditsCommand } from './credits.commands';
import { creditsDecider, creditsStream, decideCredits } from './credits.decider';
import type { CreditsEvent, GrantKind } from './credits.events';
import {
  adjustmentOf,
  conservation,
  evolveCredits,
  initialCreditsState,
  refundOf,
  reservationOf,
  reservationsOf,
} from './credits.state';
import type { CreditsState } from './credits.state';

const T0 = new Date('2026-11-23T10:00:00.000Z');
const hoursLater = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

const grant = (
  grantId: string,
  amount: number,
  options: {
    kind?: GrantKind;
    expiresAt?: Date | null;
    note?: string | null;
    paymentRef?: string | null;
    now?: Date;
  } = {},
): CreditsCommand => ({
  type: 'GrantCredits',
  data: {
    grantId,
    kind: options.kind ?? 'purchase',
    amount,
    expiresAt: options.expiresAt ?? null,
    note: options.note ?? null,
    paymentRef: options.paymentRef ?? null,
    now: options.now ?? T0,
  },
});
const adjust = (idempotencyKey: string, delta: number, note = 'goodwill', now = T0) =>
  ({ type: 'AdjustCredits', data: { idempotencyKey, delta, note, now } }) satisfies CreditsCommand;
const reserve = (
  reservationId: string,
  amount: number,
  options: { expiresAt?: Date; jobId?: string; description?: string; now?: Date } = {},
): CreditsCommand => ({
  type: 'ReserveCredits',
  data: {
    reservationId,
    amount,
    reason: {
      ...(options.jobId !== undefined && { jobId: options.jobId }),
      description: options.description ?? 'scrape job',
    },
    expiresAt: options.expiresAt ?? hoursLater(24),
    now: options.now ?? T0,
  },
});
const settle = (reservationId: string, amount: number, now = T0) =>
  ({ type: 'SettleReservation', data: { reservationId, amount, now } }) satisfies CreditsCommand;
const release = (reservationId: string, reason = 'job failed', now = T0) =>
  ({ type: 'ReleaseReservation', data: { reservationId, reason, now } }) satisfies CreditsCommand;
const expireReservation = (reservationId: string, now: Date) =>
  ({ type: 'ExpireReservation', data: { reservationId, now } }) satisfies CreditsCommand;
const refund = (
  reservationId: string,
  amount: number,
  idempotencyKey: string,
  note = 'pages failed',
  now = T0,
) =>
  ({
    type: 'RefundCharge',
    data: { reservationId, amount, idempotencyKey, note, now },
  }) satisfies CreditsCommand;
const expireCredits = (grantId: string, now: Date) =>
  ({ type: 'ExpireCredits', data: { grantId, now } }) satisfies CreditsCommand;

/** Given these commands were accepted, when `command` is decided… */
function given(...history: CreditsCommand[]) {
  let state: CreditsState = initialCreditsState;
  const events: CreditsEvent[] = [];
  for (const command of history) {
    for (const event of decideCredits(command, state)) {
      events.push(event);
      state = evolveCredits(state, event);
    }
  }
  return {
    state,
    events,
    when(command: CreditsCommand) {
      const decide = () => decideCredits(command, state);
      return {
        /** …then exactly these events, each the next link of the chain. */
        then(...expected: { type: CreditsEvent['type']; data: object }[]) {
          const decided = decide();
          expect(decided).toEqual(
            expected.map(({ type, data }, i) => ({
              type,
              data: expect.objectContaining({
                ...data,
                sequence: state.sequence + 1 + i,
              }) as unknown,
            })),
          );
          const all = [...events, ...decided];
          expect(verifyChain(all)).toEqual({ ok: true });
          expect(decided[0]?.data.prevHash).toBe(state.lastHash);
          expect(JSON.parse(JSON.stringify(decided))).toStrictEqual(decided);
          const after = decided.reduce(evolveCredits, state);
          expect(conservation(after)).toEqual({ ok: true });
          const last = decided.at(-1);
          if (last) expect(last.data.balanceAfter).toEqual(balanceOf(after));
          return after;
        },
        thenNothing() {
          expect(decide()).toEqual([]);
        },
        thenThrows(code: QuarryError['code'], message?: string, detailCode?: string) {
          expect(decide).toThrow(
            expect.objectContaining({
              code,
              ...(message !== undefined && { message }),
              ...(detailCode !== undefined && {
                details: [expect.objectContaining({ code: detailCode })],
              }),
            }) as QuarryError,
          );
        },
      };
    },
  };
}

const balanceOf = (state: CreditsState) => ({
  available: state.available,
  reserved: state.reserved,
});

describe('credits decider', () => {
  it('names the stream after the organization and fits the Decider shape', () => {
    expect(creditsStream('org_1')).toBe('credits-org_1');
    expect(creditsDecider.initialState).toBe(initialCreditsState);
    expect(creditsDecider.decide).toBe(decideCredits);
    expect(creditsDecider.evolve).toBe(evolveCredits);
  });

  describe('GrantCredits', () => {
    it('given nothing, when a purchase is granted, then CreditsGranted opens the chain', () => {
      const [event] = decideCredits(
        grant('g1', 100, {
          expiresAt: hoursLater(24 * 365),
          note: ' Starter pack ',
          paymentRef: 'cs_123',
        }),
        initialCreditsState,
      );
      const content = {
        grantId: 'g1',
        kind: 'purchase',
        amount: 100,
        expiresAt: '2027-11-23T10:00:00.000Z',
        note: 'Starter pack',
        paymentRef: 'cs_123',
        at: '2026-11-23T10:00:00.000Z',
        balanceAfter: { available: 100, reserved: 0 },
        sequence: 1,
        prevHash: GENESIS_HASH,
      };
      expect(event).toStrictEqual({
        type: 'CreditsGranted',
        data: { ...content, hash: hashLedgerEvent('CreditsGranted', content) },
      });
    });

    it('given a grant, when the same grantId is granted again (a redelivered purchase), then nothing, whatever the payload and however late', () => {
      const spec = given(grant('g1', 100, { expiresAt: hoursLater(1) }));
      spec.when(grant('g1', 100, { expiresAt: hoursLater(1), now: hoursLater(2) })).thenNothing();
      spec.when(grant('g1', 999)).thenNothing();
    });

    it('keeps totals by kind', () => {
      const { state } = given(
        grant('g1', 100),
        grant('g2', 20, { kind: 'free_tier' }),
        grant('g3', 5, { kind: 'bonus' }),
        grant('g4', 50),
      );
      expect(state.totalGranted).toEqual({ purchase: 150, free_tier: 20, bonus: 5 });
      expect(balanceOf(state)).toEqual({ available: 175, reserved: 0 });
    });

    it.each<[string, CreditsCommand, string]>([
      ['a zero amount', grant('g1', 0), 'amount'],
      ['a negative amount', grant('g1', -5), 'amount'],
      ['a fractional amount', grant('g1', 1.5), 'amount'],
      ['NaN', grant('g1', Number.NaN), 'amount'],
      ['an unknown kind', grant('g1', 10, { kind: 'gift' as GrantKind }), 'kind'],
      ['an expiry at now', grant('g1', 10, { expiresAt: T0 }), 'expiresAt'],
      ['an expiry in the past', grant('g1', 10, { expiresAt: hoursLater(-1) }), 'expiresAt'],
      ['an invalid date', grant('g1', 10, { expiresAt: new Date('nope') }), 'expiresAt'],
      ['an empty note', grant('g1', 10, { note: '  ' }), 'note'],
      ['a note of 501 characters', grant('g1', 10, { note: 'x'.repeat(501) }), 'note'],
      ['an empty grantId', grant('', 10), 'grantId'],
      ['an empty paymentRef', grant('g1', 10, { paymentRef: '' }), 'paymentRef'],
    ])('refuses %s, naming the field', (_, command, field) => {
      expect(() => decideCredits(command, initialCreditsState)).toThrow(
        expect.objectContaining({
          code: 'invalid_request',
          details: [expect.objectContaining({ field })],
        }) as QuarryError,
      );
    });
  });

  describe('AdjustCredits', () => {
    it('given 100 available, when an operator adds 25, then CreditsAdjusted and the adjustment is remembered with its balance', () => {
      const state = given(grant('g1', 100))
        .when(adjust('adj-1', 25, '  sorry for the outage '))
        .then({
          type: 'CreditsAdjusted',
          data: {
            idempotencyKey: 'adj-1',
            delta: 25,
            note: 'sorry for the outage',
            consumed: [],
            balanceAfter: { available: 125, reserved: 0 },
          },
        });
      expect(adjustmentOf(state, 'adj-1')).toEqual({
        delta: 25,
        note: 'sorry for the outage',
        sequence: 2,
        at: T0.toISOString(),
        balanceAfter: { available: 125, reserved: 0 },
      });
      expect(state.totalAdjusted).toBe(25);
    });

    it('given 100 available, when an operator takes 40, then the credits come from the grant', () => {
      given(grant('g1', 100))
        .when(adjust('adj-1', -40))
        .then({
          type: 'CreditsAdjusted',
          data: {
            delta: -40,
            consumed: [{ grantId: 'g1', amount: 40 }],
            balanceAfter: { available: 60, reserved: 0 },
          },
        });
    });

    it('given an applied adjustment, when it is redelivered (same key, delta and note), then nothing, even where it would now be refused', () => {
      const spec = given(grant('g1', 100), adjust('adj-1', -60), reserve('r1', 40));
      spec.when(adjust('adj-1', -60)).thenNothing();
      spec.when(adjust('adj-1', -60, ' goodwill ')).thenNothing();
      expect(adjustmentOf(spec.state, 'adj-1')?.balanceAfter).toEqual({
        available: 40,
        reserved: 0,
      });
    });

    it.each([
      ['a different delta', adjust('adj-1', 30)],
      ['a different note', adjust('adj-1', 25, 'other reason')],
    ])('given an applied adjustment, when its key comes with %s, then conflict', (_, command) => {
      given(grant('g1', 100), adjust('adj-1', 25))
        .when(command)
        .thenThrows('idempotency_mismatch', undefined, 'idempotency_key_reused');
    });

    it('given 100 available and 30 reserved, when an operator takes 80, then insufficient_credits: reserved credits cannot be taken', () => {
      given(grant('g1', 130), reserve('r1', 30))
        .when(adjust('adj-1', -101))
        .thenThrows('insufficient_credits', 'Insufficient credits. Required 101, available 100.');
      given(grant('g1', 130), reserve('r1', 30))
        .when(adjust('adj-1', -100))
        .then({
          type: 'CreditsAdjusted',
          data: { balanceAfter: { available: 0, reserved: 30 } },
        });
    });

    it.each<[string, CreditsCommand, string]>([
      ['a zero delta', adjust('adj-1', 0), 'delta'],
      ['a fractional delta', adjust('adj-1', 2.5), 'delta'],
      ['an empty note', adjust('adj-1', 5, ''), 'note'],
      ['a blank note', adjust('adj-1', 5, '   '), 'note'],
      ['a note of 501 characters', adjust('adj-1', 5, 'x'.repeat(501)), 'note'],
      ['an empty key', adjust('', 5), 'idempotencyKey'],
    ])('refuses %s, naming the field', (_, command, field) => {
      expect(() => decideCredits(command, initialCreditsState)).toThrow(
        expect.objectContaining({
          code: 'invalid_request',
          details: [expect.objectContaining({ field })],
        }) as QuarryError,
      );
    });

    it('accepts a note of 500 characters', () => {
      expect(decideCredits(adjust('adj-1', 5, 'x'.repeat(500)), initialCreditsState)).toHaveLength(
        1,
      );
    });
  });

  describe('ReserveCredits', () => {
    it('given 100 available, when 40 are reserved for a job, then CreditsReserved moves them to reserved', () => {
      const state = given(grant('g1', 100))
        .when(reserve('r1', 40, { jobId: 'job_1', description: 'scrape 20 pages' }))
        .then({
          type: 'CreditsReserved',
          data: {
            reservationId: 'r1',
            amount: 40,
            reason: { jobId: 'job_1', description: 'scrape 20 pages' },
            expiresAt: hoursLater(24).toISOString(),
            balanceAfter: { available: 60, reserved: 40 },
          },
        });
      expect(reservationOf(state, 'r1')?.status).toBe('pending');
    });

    it('records a reason without a job as jobId null (events are JSON)', () => {
      given(grant('g1', 100))
        .when(reserve('r1', 40))
        .then({
          type: 'CreditsReserved',
          data: { reason: { jobId: null, description: 'scrape job' } },
        });
    });

    it('given 120 available, when 500 are reserved, then 402 with the exact message', () => {
      given(grant('g1', 150), reserve('r0', 30))
        .when(reserve('r1', 500))
        .thenThrows('insufficient_credits', 'Insufficient credits. Required 500, available 120.');
    });

    it('given nothing, when 1 is reserved, then 402 naming zero available', () => {
      given()
        .when(reserve('r1', 1))
        .thenThrows('insufficient_credits', 'Insufficient credits. Required 1, available 0.');
    });

    it('given 100 available, when exactly 100 are reserved, then it fits', () => {
      given(grant('g1', 100))
        .when(reserve('r1', 100))
        .then({
          type: 'CreditsReserved',
          data: { balanceAfter: { available: 0, reserved: 100 } },
        });
    });

    it('given a reservation, when it is redelivered with the same amount, then nothing, even once resolved, short or past its expiry', () => {
      const spec = given(grant('g1', 100), reserve('r1', 80));
      spec.when(reserve('r1', 80)).thenNothing();
      spec.when(reserve('r1', 80, { now: hoursLater(48) })).thenNothing();
      given(grant('g1', 100), reserve('r1', 80), settle('r1', 80))
        .when(reserve('r1', 80))
        .thenNothing();
    });

    it('given a reservation, when its id comes with another amount, then conflict', () => {
      given(grant('g1', 100), reserve('r1', 40))
        .when(reserve('r1', 41))
        .thenThrows(
          'conflict',
          'Reservation r1 already exists for 40 credits, not 41.',
          'reservation_amount_mismatch',
        );
    });

    it.each<[string, CreditsCommand, string]>([
      ['a zero amount', reserve('r1', 0), 'amount'],
      ['a fractional amount', reserve('r1', 0.5), 'amount'],
      ['an expiry at now', reserve('r1', 5, { expiresAt: T0 }), 'expiresAt'],
      ['an empty description', reserve('r1', 5, { description: ' ' }), 'reason.description'],
      ['an empty job id', reserve('r1', 5, { jobId: '' }), 'reason.jobId'],
      ['an empty reservation id', reserve('', 5), 'reservationId'],
    ])('refuses %s, naming the field, before looking at the balance', (_, command, field) => {
      expect(() => decideCredits(command, initialCreditsState)).toThrow(
        expect.objectContaining({
          code: 'invalid_request',
          details: [expect.objectContaining({ field })],
        }) as QuarryError,
      );
    });
  });

  describe('SettleReservation', () => {
    const reserved = [grant('g1', 100), reserve('r1', 50)];

    it.each([
      [30, 20, { available: 70, reserved: 0 }],
      [50, 0, { available: 50, reserved: 0 }],
      [0, 50, { available: 100, reserved: 0 }],
    ])(
      'given 50 reserved, when settled for %i, then %i are released in the same event',
      (charged, released, balanceAfter) => {
        const state = given(...reserved)
          .when(settle('r1', charged))
          .then({
            type: 'ReservationSettled',
            data: { reservationId: 'r1', charged, released, balanceAfter },
          });
        expect(reservationOf(state, 'r1')).toMatchObject({ status: 'settled', charged });
        expect(state.totalCharged).toBe(charged);
        expect(state.totalUsed).toBe(charged);
      },
    );

    it('given 50 reserved, when settled for 51, then invalid_request', () => {
      given(...reserved)
        .when(settle('r1', 51))
        .thenThrows(
          'invalid_request',
          'Cannot settle 51 credits: reservation r1 holds 50.',
          'exceeds_reserved',
        );
    });

    it.each([-1, 1.5])('refuses to settle %p credits', (amount) => {
      given(...reserved)
        .when(settle('r1', amount))
        .thenThrows('invalid_request');
    });

    it('given a reservation past its expiry whose timeout is not recorded yet, when settled, then it is settled', () => {
      given(...reserved)
        .when(settle('r1', 10, hoursLater(25)))
        .then({ type: 'ReservationSettled', data: { charged: 10, released: 40 } });
    });
  });

  describe('ReleaseReservation and ExpireReservation', () => {
    const reserved = [grant('g1', 100), reserve('r1', 50, { expiresAt: hoursLater(2) })];

    it('given 50 reserved, when released, then ReservationReleased returns all of it', () => {
      const state = given(...reserved)
        .when(release('r1', ' job failed '))
        .then({
          type: 'ReservationReleased',
          data: {
            reservationId: 'r1',
            released: 50,
            reason: 'job failed',
            balanceAfter: { available: 100, reserved: 0 },
          },
        });
      expect(reservationOf(state, 'r1')?.status).toBe('released');
    });

    it('refuses a release without a reason', () => {
      given(...reserved)
        .when(release('r1', ''))
        .thenThrows('invalid_request');
    });

    it('given 50 reserved until +2 h, when the timeout comes at +2 h, then ReservationExpired returns all of it', () => {
      given(...reserved)
        .when(expireReservation('r1', hoursLater(2)))
        .then({
          type: 'ReservationExpired',
          data: {
            reservationId: 'r1',
            released: 50,
            balanceAfter: { available: 100, reserved: 0 },
          },
        });
    });

    it('given 50 reserved until +2 h, when the timeout comes a millisecond early, then conflict', () => {
      given(...reserved)
        .when(expireReservation('r1', new Date(hoursLater(2).getTime() - 1)))
        .thenThrows(
          'conflict',
          `Reservation r1 expires at ${hoursLater(2).toISOString()}.`,
          'reservation_not_expired',
        );
    });
  });

  describe('a reservation is resolved exactly once', () => {
    const late = hoursLater(48);
    const resolutions = {
      settled: settle('r1', 30, late),
      released: release('r1', 'job cancelled', late),
      expired: expireReservation('r1', late),
    };
    const base = [grant('g1', 100), reserve('r1', 50)];

    it.each<[keyof typeof resolutions, CreditsCommand]>([
      ['settled', settle('r1', 30, late)],
      ['released', release('r1', 'another reason', late)],
      ['expired', expireReservation('r1', late)],
    ])(
      'given a reservation %s, when the same resolution is redelivered, then nothing',
      (done, again) => {
        given(...base, resolutions[done])
          .when(again)
          .thenNothing();
      },
    );

    it.each<[keyof typeof resolutions, string, CreditsCommand, string]>([
      [
        'settled',
        'settled for another amount',
        settle('r1', 31, late),
        'reservation_already_settled',
      ],
      ['settled', 'released', release('r1', 'job failed', late), 'reservation_already_settled'],
      ['settled', 'expired', expireReservation('r1', late), 'reservation_already_settled'],
      ['released', 'settled', settle('r1', 30, late), 'reservation_already_released'],
      ['released', 'expired', expireReservation('r1', late), 'reservation_already_released'],
      ['expired', 'settled', settle('r1', 30, late), 'reservation_already_expired'],
      ['expired', 'released', release('r1', 'job failed', late), 'reservation_already_expired'],
    ])(
      'given a reservation %s, when it is %s, then conflict %s',
      (done, _, command, detailCode) => {
        given(...base, resolutions[done])
          .when(command)
          .thenThrows('conflict', undefined, detailCode);
      },
    );

    it('names the earlier charge in the message', () => {
      given(...base, resolutions.settled)
        .when(settle('r1', 31))
        .thenThrows('conflict', 'Reservation r1 was already settled for 30 credits.');
    });

    it.each([
      ['settled', settle('nope', 1)],
      ['released', release('nope')],
      ['expired', expireReservation('nope', late)],
    ])(
      'given nothing reserved, when an unknown reservation is %s, then not_found',
      (_, command) => {
        given(grant('g1', 100)).when(command).thenThrows('not_found', 'Reservation nope not found');
      },
    );

    it('does not find inherited properties for client-chosen ids', () => {
      given(grant('g1', 100)).when(settle('constructor', 1)).thenThrows('not_found');
      given(grant('g1', 100)).when(expireCredits('toString', late)).thenThrows('not_found');
      const state = given(grant('g1', 100))
        .when(reserve('__proto__', 10))
        .then({ type: 'CreditsReserved', data: { reservationId: '__proto__' } });
      expect(reservationsOf(state).map((r) => r.reservationId)).toEqual(['__proto__']);
      expect(decideCredits(settle('__proto__', 10), state)).toHaveLength(1);
    });
  });

  describe('RefundCharge', () => {
    const settled = [grant('g1', 100), reserve('r1', 50), settle('r1', 30)];

    it('given a charge of 30, when 10 are refunded, then ChargeRefunded and used goes down', () => {
      const state = given(...settled)
        .when(refund('r1', 10, 'rf-1', ' 5 pages failed '))
        .then({
          type: 'ChargeRefunded',
          data: {
            reservationId: 'r1',
            amount: 10,
            idempotencyKey: 'rf-1',
            note: '5 pages failed',
            balanceAfter: { available: 80, reserved: 0 },
          },
        });
      expect(state).toMatchObject({ totalCharged: 30, totalRefunded: 10, totalUsed: 20 });
      expect(refundOf(state, 'rf-1')?.balanceAfter).toEqual({ available: 80, reserved: 0 });
    });

    it('given a charge of 30 with 10 refunded, when 21 more are refunded, then invalid_request naming the remainder', () => {
      const spec = given(...settled, refund('r1', 10, 'rf-1'));
      spec
        .when(refund('r1', 21, 'rf-2'))
        .thenThrows(
          'invalid_request',
          'Cannot refund 21 credits: reservation r1 has 20 left to refund (charged 30, refunded 10).',
          'exceeds_refundable',
        );
      spec.when(refund('r1', 20, 'rf-2')).then({ type: 'ChargeRefunded', data: { amount: 20 } });
    });

    it('given an applied refund, when it is redelivered, then nothing, even with nothing left to refund', () => {
      given(...settled, refund('r1', 30, 'rf-1'))
        .when(refund('r1', 30, 'rf-1'))
        .thenNothing();
    });

    it.each([
      ['amount', refund('r1', 11, 'rf-1')],
      ['note', refund('r1', 10, 'rf-1', 'other')],
      ['reservation', refund('r2', 10, 'rf-1')],
    ])(
      'given an applied refund, when its key comes with another %s, then conflict',
      (_, command) => {
        given(...settled, reserve('r2', 10), settle('r2', 10), refund('r1', 10, 'rf-1'))
          .when(command)
          .thenThrows('idempotency_mismatch', undefined, 'idempotency_key_reused');
      },
    );

    it.each([
      ['pending', [grant('g1', 100), reserve('r1', 50)]],
      ['released', [grant('g1', 100), reserve('r1', 50), release('r1')]],
    ])('given a %s reservation, when refunded, then conflict', (status, history) => {
      given(...history)
        .when(refund('r1', 1, 'rf-1'))
        .thenThrows(
          'conflict',
          `Reservation r1 is ${status}; only a settled charge can be refunded.`,
          'reservation_not_settled',
        );
    });

    it('given nothing reserved, when refunded, then not_found', () => {
      given(grant('g1', 100))
        .when(refund('r1', 1, 'rf-1'))
        .thenThrows('not_found');
    });

    it('given a reservation settled for 0, when refunded, then nothing is refundable', () => {
      given(grant('g1', 100), reserve('r1', 50), settle('r1', 0))
        .when(refund('r1', 1, 'rf-1'))
        .thenThrows('invalid_request', undefined, 'exceeds_refundable');
    });
  });

  describe('consumption and expiry', () => {
    const day = 24;

    it('charges the grant that expires soonest first, non-expiring grants and adjustments last', () => {
      const spec = given(
        adjust('adj-1', 10),
        grant('forever', 100),
        grant('late', 100, { expiresAt: hoursLater(2 * day) }),
        grant('soon', 100, { expiresAt: hoursLater(day) }),
        reserve('r1', 310),
      );
      spec.when(settle('r1', 305)).then({
        type: 'ReservationSettled',
        data: {
          consumed: [
            { grantId: 'soon', amount: 100 },
            { grantId: 'late', amount: 100 },
            { grantId: 'forever', amount: 100 },
            { grantId: null, amount: 5 },
          ],
        },
      });
    });

    it('breaks ties between grants expiring together by grant order', () => {
      given(
        grant('b', 10, { expiresAt: hoursLater(day) }),
        grant('a', 10, { expiresAt: hoursLater(day) }),
        reserve('r1', 15),
      )
        .when(settle('r1', 15))
        .then({
          type: 'ReservationSettled',
          data: {
            consumed: [
              { grantId: 'b', amount: 10 },
              { grantId: 'a', amount: 5 },
            ],
          },
        });
    });

    it('given a soon and a late grant partly used, when each expires, then only its unused remainder expires', () => {
      const used = given(
        grant('forever', 100),
        grant('late', 100, { expiresAt: hoursLater(2 * day) }),
        grant('soon', 100, { expiresAt: hoursLater(day) }),
        reserve('r1', 150),
        settle('r1', 150),
      );
      used.when(expireCredits('soon', hoursLater(day))).then({
        type: 'CreditsExpired',
        data: { grantId: 'soon', expired: 0, retained: 0 },
      });
      const afterLate = used.when(expireCredits('late', hoursLater(2 * day))).then({
        type: 'CreditsExpired',
        data: {
          grantId: 'late',
          expired: 50,
          retained: 0,
          balanceAfter: { available: 100, reserved: 0 },
        },
      });
      expect(afterLate.totalExpired).toBe(50);
      expect(afterLate.grants.late).toMatchObject({ remaining: 0, expired: true });
    });

    it('never expires reserved credits: the held remainder is kept as non-expiring credits', () => {
      const spec = given(grant('g1', 100, { expiresAt: hoursLater(day) }), reserve('r1', 80));
      const expired = spec.when(expireCredits('g1', hoursLater(day))).then({
        type: 'CreditsExpired',
        data: { expired: 20, retained: 80, balanceAfter: { available: 0, reserved: 80 } },
      });
      expect(expired.pooled).toBe(80);
      const released = decideCredits(release('r1'), expired).reduce(evolveCredits, expired);
      expect(balanceOf(released)).toEqual({ available: 80, reserved: 0 });
      expect(decideCredits(expireCredits('g1', hoursLater(3 * day)), released)).toEqual([]);
    });

    it('returns refunded credits as non-expiring', () => {
      const spec = given(
        grant('g1', 100, { expiresAt: hoursLater(day) }),
        reserve('r1', 100),
        settle('r1', 100),
        refund('r1', 40, 'rf-1'),
      );
      spec.when(expireCredits('g1', hoursLater(day))).then({
        type: 'CreditsExpired',
        data: { expired: 0, retained: 0, balanceAfter: { available: 40, reserved: 0 } },
      });
    });

    it('takes a negative adjustment from the soonest-expiring grant too', () => {
      given(grant('forever', 50), grant('soon', 50, { expiresAt: hoursLater(day) }))
        .when(adjust('adj-1', -60))
        .then({
          type: 'CreditsAdjusted',
          data: {
            consumed: [
              { grantId: 'soon', amount: 50 },
              { grantId: 'forever', amount: 10 },
            ],
          },
        });
    });

    it('given an expiring grant, when ExpireCredits comes early, then conflict; twice, then nothing', () => {
      const spec = given(grant('g1', 100, { expiresAt: hoursLater(day) }));
      spec
        .when(expireCredits('g1', hoursLater(day - 1)))
        .thenThrows(
          'conflict',
          `Grant g1 expires at ${hoursLater(day).toISOString()}.`,
          'grant_not_expired',
        );
      const once = given(
        grant('g1', 100, { expiresAt: hoursLater(day) }),
        expireCredits('g1', hoursLater(day)),
      );
      expect(once.state).toMatchObject({ available: 0, totalExpired: 100 });
      once.when(expireCredits('g1', hoursLater(day + 1))).thenNothing();
    });

    it('refuses to expire a non-expiring grant, and an unknown one', () => {
      given(grant('g1', 100))
        .when(expireCredits('g1', hoursLater(day)))
        .thenThrows('conflict', 'Grant g1 does not expire.', 'grant_does_not_expire');
      given()
        .when(expireCredits('g1', hoursLater(day)))
        .thenThrows('not_found', 'Grant g1 not found');
    });
  });

  describe('the ledger as a whole', () => {
    const history = [
      grant('g1', 100, { kind: 'free_tier', expiresAt: hoursLater(24) }),
      grant('g2', 500, { paymentRef: 'cs_1' }),
      reserve('r1', 200, { jobId: 'job_1' }),
      settle('r1', 120),
      refund('r1', 20, 'rf-1'),
      adjust('adj-1', -30),
      reserve('r2', 300, { expiresAt: hoursLater(12) }),
      expireReservation('r2', hoursLater(12)),
      expireCredits('g1', hoursLater(24)),
    ];

    it('numbers, links and hashes every event, each with the balance after it', () => {
      const { events, state } = given(...history);
      expect(events.map((e) => e.data.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(verifyChain(events)).toEqual({ ok: true });
      expect(state).toMatchObject({ sequence: 9, lastHash: events[8]?.data.hash });
      let replayed = initialCreditsState;
      for (const event of events) {
        replayed = evolveCredits(replayed, event);
        expect(event.data.balanceAfter).toEqual(balanceOf(replayed));
      }
    });

    it('conserves credits: granted + adjusted = available + reserved + used + expired', () => {
      const { state } = given(...history);
      expect(state).toMatchObject({
        totalGranted: { purchase: 500, free_tier: 100, bonus: 0 },
        totalAdjusted: -30,
        available: 470,
        reserved: 0,
        totalCharged: 120,
        totalRefunded: 20,
        totalUsed: 100,
        totalExpired: 0,
      });
      expect(conservation(state)).toEqual({ ok: true });
    });

    it('reports a state that does not add up', () => {
      const { state } = given(...history);
      const report = conservation({ ...state, available: state.available + 1 });
      expect(report.ok).toBe(false);
      expect(!report.ok && report.problems[0]).toMatch(/^granted 600 \+ adjusted -30 = 570/);
      expect(conservation({ ...state, reserved: -1, available: state.available + 1 })).toEqual({
        ok: false,
        problems: expect.arrayContaining(['reserved is negative: -1']) as unknown,
      });
    });

    it('does not change the state it evolves', () => {
      const { state, events } = given(...history);
      const frozen = JSON.stringify(state);
      evolveCredits(state, events[0]);
      decideCredits(reserve('r3', 1), state);
      expect(JSON.stringify(state)).toBe(frozen);
    });
  });
});
