import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { Clock } from '@quarry/clock';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import type { ErrorCode } from '@quarry/errors';
import { deterministicId, PostgresEventStore } from '@quarry/eventstore';
import type { RecordedEvent } from '@quarry/eventstore';
import {
  conservation,
  CreditsLedger,
  decideCredits,
  evolveCredits,
  GRANT_KINDS,
  initialCreditsState,
  RESOLUTION_EVENT_TYPES,
  reservationsOf,
  verifyChain,
} from '@quarry/ledger';
import type {
  CreditsCommand,
  CreditsEvent,
  CreditsRequest,
  CreditsState,
  LedgerDecision,
} from '@quarry/ledger';
import {
  ALLOWED_REFUSALS,
  advanceMinutesArb,
  creditsActionArb,
  creditsRequestOf,
  CREDITS_ACTION_WEIGHT,
  foldCredits,
  tallyFromEvents,
} from '@quarry/ledger/testing';
import type { CreditsAction } from '@quarry/ledger/testing';
import { ensureActiveBuild, ProjectionRunner, waitForProjection } from '@quarry/projection-engine';
import { ledgerProjection, verifyLedger } from '@quarry/projections';
import { createTestDatabase, schemaDataSource, type TestDatabase } from '../../test/harness';

/**
 * The credits ledger on the real stack, under random at-least-once
 * histories: commands go through CreditsLedger (DecisionQueue, per-stream
 * cache, group commit) into PostgresEventStore, and the `ledger` projection
 * follows in a ProjectionRunner. Commands are redelivered with their own
 * deterministic event ids, sometimes several at once; the ledger "crashes"
 * (a new CreditsLedger, cold cache). After every step: every outcome and
 * every stored event is what the pure decider gives on the replayed state,
 * the chain links, each reservation is resolved at most once, credits are
 * conserved, available ≥ 0, the ledger's cached state equals the replay, and
 * the read models equal the replay (verifyLedger, reservations, grants).
 * A crash is clean: the old process is gone before the next one starts, so
 * one process decides at a time and its queue order is the oracle's order;
 * two live processes racing on the same redelivery are not simulated here.
 * Histories come from `@quarry/ledger/testing`, as in the decider's own property test.
 */

const NUM_RUNS = 30;
const MAX_STEPS = 25;
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const MINUTE = 60_000;
const ACTOR = 'operator:property-test';
const PROJECTION_WAIT_MS = 10_000;

/** One delivery: a new command, or one sent before (picked by `pick`) sent again with its ids. */
type Send = CreditsAction | { kind: 'redeliver'; pick: number };

type Action = Send | { kind: 'burst'; sends: Send[] } | { kind: 'crash' };

interface Step {
  readonly advanceMinutes: number;
  readonly action: Action;
}

const redeliverArb = fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() });

const sendArb: fc.Arbitrary<Send> = fc.oneof(
  { weight: 4, arbitrary: creditsActionArb },
  { weight: 1, arbitrary: redeliverArb },
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: CREDITS_ACTION_WEIGHT, arbitrary: creditsActionArb },
  { weight: 4, arbitrary: redeliverArb },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      sends: fc.array(sendArb, { minLength: 2, maxLength: 5 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'crash' as const }) },
);

/** Every history opens with a grant, so that most of its steps have credits to work on. */
const openingArb: fc.Arbitrary<Step> = fc.record({
  advanceMinutes: fc.constant(0),
  action: fc.record({
    kind: fc.constant('grant' as const),
    grant: fc.nat({ max: 5 }),
    grantKind: fc.constantFrom(...GRANT_KINDS),
    amount: fc.integer({ min: 20, max: 150 }),
    expiresIn: fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }),
  }),
});

const stepArb: fc.Arbitrary<Step> = fc.record({
  advanceMinutes: advanceMinutesArb,
  action: actionArb,
});

const asCreditsEvent = (recorded: RecordedEvent) =>
  ({ type: recorded.type, data: recorded.data }) as CreditsEvent;

/** A command as sent the first time; redeliveries send the same request with the same ids. */
interface Sent {
  readonly index: number;
  readonly request: CreditsRequest;
  readonly eventIds: (n: number) => string;
  /** Some delivery of it was accepted (with or without events). */
  accepted: boolean;
}

interface Delivery {
  readonly sent: Sent;
  readonly redelivery: boolean;
  /** Accepted before this step: its redelivery must change nothing and refuse nothing. */
  readonly acceptedBefore: boolean;
}

type Expected =
  { readonly events: CreditsEvent[] } | { readonly code: ErrorCode; readonly message: string };

interface ReservationRow {
  reservation_id: string;
  job_id: string | null;
  amount: string;
  status: string;
  charged: string;
  refunded: string;
  expires_at: Date;
}

interface GrantRow {
  grant_id: string;
  kind: string;
  amount: string;
  expires_at: Date | null;
  expired: boolean;
}

describe('credits ledger on PostgreSQL under random at-least-once histories', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let reads: PooledQueries;
  const stopRunner = new AbortController();
  let running: Promise<void> | undefined;
  const runnerErrors: string[] = [];

  const totals = {
    runs: 0,
    steps: 0,
    commands: 0,
    events: 0,
    redeliveries: 0,
    crashes: 0,
    bursts: 0,
    refusals: 0,
    slowestWaitMs: 0,
  };
  const byType = new Map<string, number>();
  const count = (key: string) => byType.set(key, (byType.get(key) ?? 0) + 1);
  let startedAt = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await schemaDataSource(db.url, 6);
    store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 6 }), {
      pollIntervalMs: 20,
    });
    reads = PooledQueries.of(dataSource);
    await ensureActiveBuild(dataSource, ledgerProjection);
    const runner = new ProjectionRunner(ledgerProjection, dataSource, store, {
      retryDelayMs: () => 100,
      onError: (_name, error) =>
        runnerErrors.push(error instanceof Error ? error.message : String(error)),
    });
    running = runner.run(stopRunner.signal);
  });

  afterAll(async () => {
    stopRunner.abort();
    await running;
    await store?.close();
    await dataSource?.destroy();
    await db?.drop();
    console.log(
      `ledger property (PostgreSQL): numRuns ${NUM_RUNS} (up to ${MAX_STEPS} steps each); executed ${totals.runs} runs, ${totals.steps} steps, ${totals.commands} commands sent, ${totals.events} events, ${totals.redeliveries} redeliveries, ${totals.crashes} crashes, ${totals.bursts} concurrent bursts, ${totals.refusals} refusals (slowest projection wait ${totals.slowestWaitMs} ms) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
      Object.fromEntries([...byType].sort()),
    );
  });

  async function readEvents(orgId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const recorded of store.readStream(`credits-${orgId}`)) events.push(recorded);
    return events;
  }

  /** The read models other than ledger_entries and credit_balances (which verifyLedger covers). */
  async function checkReservationsAndGrants(orgId: string, state: CreditsState): Promise<void> {
    const reservations = await reads.rows<ReservationRow>(
      `SELECT reservation_id, job_id, amount, status, charged, refunded, expires_at
         FROM credit_reservations WHERE org_id = $1 ORDER BY reservation_id`,
      [orgId],
    );
    expect(
      reservations.map((r) => ({
        reservationId: r.reservation_id,
        jobId: r.job_id,
        amount: Number(r.amount),
        status: r.status,
        charged: Number(r.charged),
        refunded: Number(r.refunded),
        expiresAt: r.expires_at.toISOString(),
      })),
    ).toEqual(
      reservationsOf(state)
        .sort((a, b) => (a.reservationId < b.reservationId ? -1 : 1))
        .map((r) => ({
          reservationId: r.reservationId,
          jobId: r.reason.jobId,
          amount: r.amount,
          status: r.status,
          charged: r.charged,
          refunded: r.refunded,
          expiresAt: r.expiresAt,
        })),
    );
    const grants = await reads.rows<GrantRow>(
      `SELECT grant_id, kind, amount, expires_at, expired
         FROM credit_grants WHERE org_id = $1 ORDER BY grant_id`,
      [orgId],
    );
    expect(
      grants.map((g) => ({
        grantId: g.grant_id,
        kind: g.kind,
        amount: Number(g.amount),
        expiresAt: g.expires_at?.toISOString() ?? null,
        expired: g.expired,
      })),
    ).toEqual(
      Object.values(state.grants)
        .sort((a, b) => (a.grantId < b.grantId ? -1 : 1))
        .map((g) => ({
          grantId: g.grantId,
          kind: g.kind,
          amount: g.amount,
          expiresAt: g.expiresAt,
          expired: g.expired,
        })),
    );
  }

  it('conserves credits, never goes negative, resolves each reservation once, keeps the chain, and projects what replays', async () => {
    startedAt = Date.now();
    await fc.assert(
      fc.asyncProperty(
        openingArb,
        fc.array(stepArb, { maxLength: MAX_STEPS - 1, size: 'max' }),
        async (opening, rest) => {
          const steps = [opening, ...rest];
          totals.runs += 1;
          const orgId = `org_${Array.from({ length: 20 }, () => randomInt(36).toString(36)).join('')}`;
          let now = T0;
          const clock: Clock = { now: () => new Date(now) };
          let ledger = new CreditsLedger(store, clock);
          const sent: Sent[] = [];
          /** Which command (by index) each deterministic event id belongs to. */
          const commandOfId = new Map<string, number>();
          let stored: RecordedEvent[] = [];
          let state = initialCreditsState;
          /** The highest position any decision returned: read models are current once past it. */
          let decidedUpTo = -1n;

          const newSent = (request: CreditsRequest): Sent => {
            const index = sent.length;
            const eventIds = (n: number) => {
              const id = deterministicId('prop', orgId, index, n);
              commandOfId.set(id, index);
              return id;
            };
            const entry = { index, request, eventIds, accepted: false };
            sent.push(entry);
            return entry;
          };

          const deliveryOf = (send: Send): Delivery | undefined => {
            if (send.kind !== 'redeliver') {
              totals.commands += 1;
              const entry = newSent(creditsRequestOf(send, state, clock.now()));
              return { sent: entry, redelivery: false, acceptedBefore: false };
            }
            const original = sent[send.pick % Math.max(sent.length, 1)];
            if (!original) return undefined;
            totals.redeliveries += 1;
            return { sent: original, redelivery: true, acceptedBefore: original.accepted };
          };

          for (const { advanceMinutes, action } of steps) {
            totals.steps += 1;
            now += advanceMinutes * MINUTE;

            if (action.kind === 'crash') {
              // The process dies: whatever it cached is gone; the next one folds the stream.
              totals.crashes += 1;
              ledger = new CreditsLedger(store, clock);
            } else {
              const sends = action.kind === 'burst' ? action.sends : [action];
              if (action.kind === 'burst') totals.bursts += 1;
              const deliveries = sends
                .map(deliveryOf)
                .filter((d): d is Delivery => d !== undefined);

              // The oracle: one ledger process decides its queue in arrival order, so
              // the pure decider on the replayed state says what each delivery gets.
              let model = state;
              const expected: Expected[] = deliveries.map(({ sent: { request } }) => {
                const command = {
                  type: request.type,
                  data: { ...request.data, now: clock.now() },
                } as CreditsCommand;
                try {
                  const events = decideCredits(command, model);
                  for (const event of events) model = evolveCredits(model, event);
                  return { events };
                } catch (error) {
                  if (!(error instanceof QuarryError)) throw error;
                  return { code: error.code, message: error.message };
                }
              });

              const outcomes = await Promise.allSettled(
                deliveries.map(({ sent: { index, request, eventIds } }) =>
                  ledger.decide(
                    orgId,
                    request,
                    { actor: ACTOR, requestId: `req_${index}` },
                    eventIds,
                  ),
                ),
              );

              const newEvents: { id: string; type: string; data: unknown }[] = [];
              outcomes.forEach((outcome, i) => {
                const delivery = deliveries[i];
                const want = expected[i];
                const what = `${delivery.redelivery ? 'redelivered' : 'new'} command ${delivery.sent.index} (${delivery.sent.request.type})`;
                if (outcome.status === 'rejected') {
                  const error: unknown = outcome.reason;
                  if (!(error instanceof QuarryError)) throw error;
                  totals.refusals += 1;
                  count(`refused ${delivery.sent.request.type} ${error.code}`);
                  expect(ALLOWED_REFUSALS).toContain(error.code);
                  // An accepted command redelivered is a no-op, never an error.
                  expect({ what, acceptedBefore: delivery.acceptedBefore }).toEqual({
                    what,
                    acceptedBefore: false,
                  });
                  expect({ what, code: error.code, message: error.message }).toEqual({
                    what,
                    ...want,
                  });
                  return;
                }
                const decision: LedgerDecision = outcome.value;
                expect({ what, ...('events' in want ? {} : want) }).toEqual({ what });
                expect(decision.events).toEqual('events' in want ? want.events : []);
                if (delivery.acceptedBefore) expect(decision.events).toEqual([]);
                delivery.sent.accepted = true;
                if (decision.position > decidedUpTo) decidedUpTo = decision.position;
                decision.events.forEach((event, n) => {
                  count(event.type);
                  newEvents.push({
                    id: delivery.sent.eventIds(n),
                    type: event.type,
                    data: event.data,
                  });
                });
              });

              // What the store holds now is exactly what was decided, under the given ids.
              const before = stored.length;
              stored = await readEvents(orgId);
              expect(
                stored.slice(before).map(({ id, type, data }) => ({ id, type, data })),
              ).toEqual(newEvents);
              totals.events += newEvents.length;
              state = model;
            }

            // After every step, on what the store holds:
            if (action.kind === 'crash') stored = await readEvents(orgId);
            const events = stored.map(asCreditsEvent);
            expect(verifyChain(events)).toEqual({ ok: true });
            const resolutions = new Map<string, string[]>();
            for (const event of events) {
              if ((RESOLUTION_EVENT_TYPES as readonly string[]).includes(event.type)) {
                const id = (event.data as { reservationId: string }).reservationId;
                resolutions.set(id, [...(resolutions.get(id) ?? []), event.type]);
              }
            }
            for (const [reservationId, types] of resolutions)
              expect({ reservationId, types }).toEqual({ reservationId, types: [types[0]] });
            const { balance, sources, spent } = tallyFromEvents(events);
            expect(spent).toBe(sources);
            expect(balance.available).toBeGreaterThanOrEqual(0);
            expect(balance.reserved).toBeGreaterThanOrEqual(0);
            // Every event is one command's, under its deterministic id, and no command's twice.
            const commands = stored.map((e) => commandOfId.get(e.id));
            expect(commands.filter((c) => c === undefined)).toEqual([]);
            expect(new Set(commands).size).toBe(commands.length);
            // The replay is the oracle's state, and the ledger's (cached) state too.
            const replayed = foldCredits(events);
            expect(replayed).toStrictEqual(state);
            expect(conservation(replayed)).toEqual({ ok: true });
            expect(await ledger.state(orgId)).toStrictEqual(replayed);

            // The read models, once the projection is past what was decided.
            const last = stored.at(-1);
            if (!last) continue;
            expect(decidedUpTo).toBeGreaterThanOrEqual(last.position);
            const waitStarted = Date.now();
            const caughtUp = await waitForProjection(
              dataSource,
              'ledger',
              decidedUpTo,
              PROJECTION_WAIT_MS,
            );
            totals.slowestWaitMs = Math.max(totals.slowestWaitMs, Date.now() - waitStarted);
            if (!caughtUp)
              throw new Error(
                `ledger projection not at ${decidedUpTo} after ${PROJECTION_WAIT_MS} ms; runner errors: ${runnerErrors.slice(-3).join(' | ')}`,
              );
            const report = await verifyLedger(store, reads, orgId);
            if (!report.ok)
              throw new Error(
                `verifyLedger(${orgId}) found problems:\n${JSON.stringify(
                  {
                    eventProblems: report.eventProblems,
                    readModelProblems: report.readModelProblems,
                  },
                  null,
                  2,
                )}`,
              );
            expect(report.events).toBe(stored.length);
            expect(report.balance.available).toBe(state.available);
            expect(report.balance.reserved).toBe(state.reserved);
            await checkReservationsAndGrants(orgId, state);
          }
        },
      ),
      // On a failure, shrinking replays against the database: bounded so jest reports it.
      { numRuns: NUM_RUNS, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
  }, 240_000);
});
