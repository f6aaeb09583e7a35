/**
 * The credit ledger: reservations per second on one organization at
 * concurrency 32 (every command contends for one stream) and on 32
 * organizations; then the replay rate of one organization holding
 * BENCH_LEDGER_EVENTS ledger events (default 1,000,000) and the time
 * `verify` takes for it (hash chain, balances, conservation, read model).
 *
 *   npm run bench:ledger    BENCH_SECONDS=10 BENCH_CONCURRENCY=32 BENCH_LEDGER_EVENTS=1000000
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { systemClock } from '@quarry/clock';
import { PooledQueries } from '@quarry/database';
import { PostgresEventStore } from '@quarry/eventstore';
import type { NewEvent } from '@quarry/eventstore';
import { creditsDecider, CreditsLedger, creditsStream, initialCreditsState } from '@quarry/ledger';
import type { CreditsCommand, CreditsState } from '@quarry/ledger';
import { ledgerProjection, replayLedger, verifyLedger } from '@quarry/projections';
import type { BenchDatabase } from './support';
import { benchDataSource, envNumber, log, round, withBenchDatabase } from './support';
import { waitForReadBound } from './synthetic-log';
import { timedRebuild } from './timed-rebuild';

const SECONDS = envNumber('BENCH_SECONDS', 10);
const CONCURRENCY = Math.floor(envNumber('BENCH_CONCURRENCY', 32));
const LEDGER_EVENTS = Math.floor(envNumber('BENCH_LEDGER_EVENTS', 1_000_000));
const APPEND_CHUNK = 5000;
const SYSTEM = { actor: 'system:bench' };
const DAY_MS = 24 * 60 * 60 * 1000;

const orgId = (name: string) => `org_${name.padEnd(20, '0').slice(0, 20)}`;

/** `CONCURRENCY` loops reserving 1 credit each, for SECONDS; one org for all, or one per loop. */
async function reservationsPerSecond(
  ledger: CreditsLedger,
  orgOf: (loop: number) => string,
): Promise<number> {
  const orgs = new Set(Array.from({ length: CONCURRENCY }, (_, i) => orgOf(i)));
  for (const org of orgs) {
    await ledger.decide(
      org,
      {
        type: 'GrantCredits',
        data: {
          grantId: 'bench',
          kind: 'bonus',
          amount: 1_000_000_000,
          expiresAt: null,
          note: null,
          paymentRef: null,
        },
      },
      SYSTEM,
    );
  }
  const deadline = performance.now() + SECONDS * 1000;
  let reserved = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, loop) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        await ledger.decide(
          orgOf(loop),
          {
            type: 'ReserveCredits',
            data: {
              reservationId: `res_${loop}_${n}`,
              amount: 1,
              reason: { jobId: `job_${loop}_${n}`, description: 'bench' },
              expiresAt: new Date(Date.now() + DAY_MS),
            },
          },
          SYSTEM,
        );
        reserved += 1;
      }
    }),
  );
  return reserved / ((performance.now() - started) / 1000);
}

/**
 * Appends a valid ledger of `count` events to one org: a grant, then
 * reservations each settled, decided by the real decider (so every event is
 * hash-chained and balanced), in appends of APPEND_CHUNK events.
 */
async function seedLedger(store: PostgresEventStore, org: string, count: number): Promise<void> {
  let state: CreditsState = initialCreditsState;
  let chunk: NewEvent[] = [];
  let revision: bigint | 'no_stream' = 'no_stream';
  let written = 0;
  const t0 = Date.UTC(2026, 0, 1);
  const flush = async () => {
    const result = await store.append(creditsStream(org), chunk, { expectedRevision: revision });
    revision = result.nextRevision;
    written += chunk.length;
    chunk = [];
    if (written % 100_000 < APPEND_CHUNK) log(`seeded ${written} / ${count} events`);
  };
  const decide = async (command: CreditsCommand) => {
    for (const event of creditsDecider.decide(command, state)) {
      state = creditsDecider.evolve(state, event);
      chunk.push({ type: event.type, data: event.data, metadata: SYSTEM });
    }
    if (chunk.length >= APPEND_CHUNK) await flush();
  };
  await decide({
    type: 'GrantCredits',
    data: {
      grantId: 'seed',
      kind: 'purchase',
      amount: 1_000_000_000,
      expiresAt: null,
      note: null,
      paymentRef: 'bench',
      now: new Date(t0),
    },
  });
  for (let job = 0; written + chunk.length < count; job += 1) {
    const now = new Date(t0 + job * 1000);
    const reservationId = `res_${job}`;
    await decide({
      type: 'ReserveCredits',
      data: {
        reservationId,
        amount: 10,
        reason: { jobId: `job_${job}`, description: `Scrape job job_${job}` },
        expiresAt: new Date(now.getTime() + DAY_MS),
        now,
      },
    });
    if (written + chunk.length < count)
      await decide({ type: 'SettleReservation', data: { reservationId, amount: 7, now } });
  }
  if (chunk.length > 0) await flush();
}

async function run(db: BenchDatabase) {
  const pool = new Pool({ connectionString: db.url, max: 2, application_name: 'quarry-bench' });
  const store = new PostgresEventStore(
    new Pool({ connectionString: db.url, max: 16, application_name: 'quarry-bench-events' }),
  );
  const dataSource = benchDataSource(db.url, 4);
  try {
    await dataSource.initialize();
    const ledger = new CreditsLedger(store, systemClock);

    log(`reservations on one organization: ${CONCURRENCY} concurrent for ${SECONDS} s`);
    const oneOrg = await reservationsPerSecond(ledger, () => orgId('one'));
    log(`one organization: ${round(oneOrg)} reservations/s`);
    log(`reservations on ${CONCURRENCY} organizations for ${SECONDS} s`);
    const multiOrg = await reservationsPerSecond(ledger, (loop) => orgId(`multi${loop}`));
    log(`${CONCURRENCY} organizations: ${round(multiOrg)} reservations/s`);

    const big = orgId('big');
    log(`seeding one organization with ${LEDGER_EVENTS} ledger events`);
    const seedStarted = performance.now();
    await seedLedger(store, big, LEDGER_EVENTS);
    log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    // What autovacuum does shortly after a bulk load; reads stay index ranges without it, only slower.
    await pool.query('ANALYZE events');
    await pool.query('CHECKPOINT');
    const replayStarted = performance.now();
    const replayed = await replayLedger(store, big, { asOf: new Date(), limit: 0 });
    const replaySeconds = (performance.now() - replayStarted) / 1000;
    const replayRate = replayed.balance.events / replaySeconds;
    log(
      `replay: ${replayed.balance.events} events in ${replaySeconds.toFixed(2)} s (${round(replayRate)} events/s); balance ${replayed.balance.balance}`,
    );

    await waitForReadBound(pool);
    log('building the ledger read model (blue/green rebuild) for verify');
    const rebuild = await timedRebuild(dataSource, store, ledgerProjection, {
      batchSize: 2000,
      progress: true,
    });
    log(`ledger projection: ${rebuild.applied} events in ${rebuild.seconds.toFixed(1)} s`);

    const verifyStarted = performance.now();
    const verified = await verifyLedger(store, PooledQueries.of(dataSource), big);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    log(`verify: ${verified.ok ? 'ok' : 'DISCREPANCIES'} in ${verifySeconds.toFixed(1)} s`);
    if (!verified.ok) throw new Error(`verify failed: ${JSON.stringify(verified).slice(0, 500)}`);

    return {
      oneOrg,
      multiOrg,
      replayRate,
      replayEvents: replayed.balance.events,
      verifySeconds,
      projectionRate: rebuild.applied / rebuild.seconds,
    };
  } finally {
    await store.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await pool.end();
  }
}

void withBenchDatabase(run).then(
  (r) => {
    console.log(
      JSON.stringify({
        bench: 'ledger',
        unit: 'reservations/s',
        value: round(r.oneOrg, 1),
        multi_org_per_s: round(r.multiOrg, 1),
        replay_events_per_s: round(r.replayRate, 0),
        verify_s: round(r.verifySeconds, 2),
        ledger_events: r.replayEvents,
        projection_rebuild_events_per_s: round(r.projectionRate, 0),
        concurrency: CONCURRENCY,
      }),
    );
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
